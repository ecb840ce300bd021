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

    Wrapped in <time> with the exact instant, so that a small script can add the reader's own
    local time when it runs.
    """
    if not value:
        return ""
    local = timezone.localtime(value, GENEVA)
    text = geneva_deadline_text(value)
    return format_html('<time datetime="{}" data-local-time>{}</time>', local.isoformat(), text)
