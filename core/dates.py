"""Times as ISHR writes them: in Geneva's time, where the UN's Human Rights Council meets."""

from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

GENEVA = ZoneInfo("Europe/Zurich")


def geneva_deadline_text(value) -> str:
    """The deadline as plain text, for emails: "23:59 Geneva time (CET) on 15 January 2027"."""
    if not value:
        return ""
    local = timezone.localtime(value, GENEVA)
    return _("%(time)s Geneva time (%(zone)s) on %(date)s") % {
        "time": date_format(local, "H:i"),
        "zone": local.tzname(),
        # Translators: a date as written in running text ("15 January 2027"), in the codes of
        # Django's date filter; Spanish, for one, writes "j \d\e F \d\e Y".
        "date": date_format(local, _("j F Y")),
    }


def geneva_deadline(value) -> str:
    """A deadline as ISHR writes it: "23:59 Geneva time (CET) on 15 January 2027".

    Wrapped in <time> with the exact instant, and followed by the room for the reader's own
    local time, which static/js/local-time.js fills in the same style ("(your local time:
    17:59 (EST) on 15 January 2027)") from the pattern it carries. Until then the room
    holds a text of about the same length, invisible, so that what follows does not move
    (a layout shift); without JavaScript it is not shown at all (css/noscript.css).
    """
    if not value:
        return ""
    local = timezone.localtime(value, GENEVA)
    # Translators: the reader's own time after a Geneva deadline, in the same style as
    # "%(time)s Geneva time (%(zone)s) on %(date)s"; the script fills in the three values.
    pattern = _("your local time: %(time)s (%(zone)s) on %(date)s")
    placeholder = pattern % {
        "time": date_format(local, "H:i"),
        "zone": "GMT+01:00",
        "date": date_format(local, _("j F Y")),
    }
    return format_html(
        '<time datetime="{}" data-local-time>{}</time><span class="local-time" data-pending '
        'data-pattern="{}" aria-hidden="true"> ({})</span>',
        local.isoformat(),
        geneva_deadline_text(value),
        pattern,
        placeholder,
    )
