"""What link previews and search engines read in a public page's <head>: the canonical
address, Open Graph and Twitter card tags, and JSON-LD (`templates/includes/share_meta.html`,
drawn by core/templatetags/sharing.py).

Everything comes from what the view already loaded, so the tags cost no query, and from the
page's own `title` and `description` blocks, so that a preview says what the page says.
Addresses are built on `settings.SITE_URL`, not on the request's host: a page reached
through another host name (a proxy's, an old domain) still names the real one.

Each app names its pages worth sharing with `register()` in its `ready()`, with what it adds
for a page of its own (an article's picture and dates, an event's JSON-LD).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.template.context import Context
from django.templatetags.static import static
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import to_locale

# Open Graph writes a locale as language_TERRITORY: the usual one for each of the site's
# languages (another language falls back to Django's own name for it).
OG_LOCALES = {"en": "en_GB", "fr": "fr_FR", "es": "es_ES"}
# The picture of pages without their own (`manage.py draw_share_image` draws it).
SHARE_IMAGE = "img/share.png"
SHARE_IMAGE_SIZE = (1200, 630)
SCHEMA = "https://schema.org"


@dataclass(frozen=True)
class ShareImage:
    url: str
    width: int
    height: int
    type: str
    alt: str


@dataclass(frozen=True)
class Share:
    url: str  # the canonical address, also og:url
    type: str  # og:type
    title: SafeString  # the page's title block, escaped
    description: SafeString  # its description block, escaped
    site_name: str
    locale: str
    image: ShareImage
    published: str = ""  # article:published_time, for articles
    modified: str = ""
    data: dict[str, Any] | None = None  # the JSON-LD


# What a page adds to its share: given the template context and the fields of `Share` so
# far (url, type, image…), it changes those it knows better.
Describe = Callable[[Context, dict[str, Any]], None]

# The pages worth sharing, by URL name: the HTML pages served by `@public_page` views. The
# application form and the pages after it are left out (they may name a draft's private
# link), and so are the admin's previews, whose address is not the page's.
PAGES: dict[str, Describe | None] = {}


def register(view_name: str, describe: Describe | None = None) -> None:
    PAGES[view_name] = describe


def absolute(path: str) -> str:
    """An address on the public site; one already absolute (a CDN's) is kept."""
    if "://" in path:
        return path
    return settings.SITE_URL + path


def og_locale(language: str) -> str:
    return OG_LOCALES.get(language) or to_locale(language)


def default_image() -> ShareImage:
    width, height = SHARE_IMAGE_SIZE
    return ShareImage(
        url=absolute(static(SHARE_IMAGE)),
        width=width,
        height=height,
        type="image/png",
        alt=_(
            "The letters ISHR and the words International Service for Human Rights, "
            "in white on navy blue."
        ),
    )


def organization() -> dict[str, Any]:
    """ISHR, as JSON-LD's publisher, author and organiser name it."""
    image = default_image()
    return {
        "@type": "Organization",
        "@id": f"{settings.SITE_URL}/#organization",
        "name": _("International Service for Human Rights"),
        "alternateName": "ISHR",
        "url": f"{settings.SITE_URL}/",
        "logo": {
            "@type": "ImageObject",
            "url": image.url,
            "width": image.width,
            "height": image.height,
        },
    }


def iso(moment) -> str:
    """Geneva time, to the second."""
    return timezone.localtime(moment).replace(microsecond=0).isoformat() if moment else ""
