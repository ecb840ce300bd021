"""The programmes' pages in link previews and search engines (core/sharing.py): an edition
is an event, with its components as sub-events."""

from typing import Any

from django.template.context import Context
from django.utils import timezone
from django.utils.translation import gettext as _

from core import sharing
from core.dates import geneva_deadline_text

from .models import Component, Edition

ATTENDANCE_MODES = {
    frozenset({"online"}): f"{sharing.SCHEMA}/OnlineEventAttendanceMode",
    frozenset({"in-person"}): f"{sharing.SCHEMA}/OfflineEventAttendanceMode",
    frozenset({"online", "in-person"}): f"{sharing.SCHEMA}/MixedEventAttendanceMode",
}
# ISHR's programmes meet in person at the UN in Geneva, during a Human Rights Council session.
GENEVA = {
    "@type": "Place",
    "name": "Palais des Nations",
    "address": {
        "@type": "PostalAddress",
        "streetAddress": "Avenue de la Paix 8-14",
        "postalCode": "1211",
        "addressLocality": "Geneva",
        "addressCountry": "CH",
    },
}


def register() -> None:
    sharing.register("programmes:programme-list")
    sharing.register("programmes:programme")
    sharing.register("programmes:edition", describe_edition)


def describe_edition(context: Context, share: dict[str, Any]) -> None:
    edition = context.get("edition")
    if edition:
        share["data"] = event(edition, url=share["url"], now=context.get("now") or timezone.now())


def event(edition: Edition, *, url: str, now) -> dict[str, Any] | None:
    """The edition as an Event spanning its components (the prefetched `components`);
    None without components, since an event needs dates."""
    components = list(edition.components.all())
    if not components:
        return None
    description = edition.summary or edition.programme.summary
    if edition.call_is_open(at=now):
        deadline = geneva_deadline_text(edition.call_closes)
        description = " ".join(
            [description, _("Applications are open until %(deadline)s.") % {"deadline": deadline}]
        ).strip()
    ishr = sharing.organization()
    return {
        "@context": sharing.SCHEMA,
        "@type": "Event",
        "name": f"{edition.programme.name} {edition.year}",
        "description": description,
        "url": url,
        "image": [sharing.default_image().url],
        "startDate": min(c.starts_on for c in components).isoformat(),
        "endDate": max(c.ends_on for c in components).isoformat(),
        **attendance(components, url=url),
        "organizer": ishr,
        "subEvent": [
            {
                "@type": "Event",
                "name": component.name,
                "startDate": component.starts_on.isoformat(),
                "endDate": component.ends_on.isoformat(),
                **attendance([component], url=url),
                "organizer": {"@id": ishr["@id"]},
            }
            for component in components
        ],
    }


def attendance(components: list[Component], *, url: str) -> dict[str, Any]:
    modes = frozenset(c.mode for c in components)
    locations = []
    if "in-person" in modes:
        locations.append(GENEVA)
    if "online" in modes:
        locations.append({"@type": "VirtualLocation", "url": url})
    return {
        "eventAttendanceMode": ATTENDANCE_MODES[modes],
        "location": locations[0] if len(locations) == 1 else locations,
    }
