"""What link previews and search engines read in a public page's <head>: the canonical
address, Open Graph and Twitter card tags, and JSON-LD (`templates/includes/share_meta.html`).

Everything comes from what the view already loaded, so the tags cost no query, and from the
page's own `title` and `description` blocks, so that a preview says what the page says.
Addresses are built on `settings.SITE_URL`, not on the request's host: a page reached
through another host name (a proxy's, an old domain) still names the real one.
"""

import json
from dataclasses import dataclass

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, to_locale
from django.utils.translation import gettext as _
from modeltranslation.utils import get_language as translated_language

from impact.images import FALLBACK_FORMAT, MIME_TYPES
from impact.templatetags.translated import lang_of
from programmes.templatetags.programmes import geneva_deadline_text

register = template.Library()

# The pages worth sharing, by URL name: the HTML pages served by `@public_page` views. The
# application form and the pages after it are left out (they may name a draft's private
# link), and so are the admin's previews, whose address is not the page's.
SHARED_PAGES = frozenset(
    {
        "home",
        "impact:review-list",
        "impact:review",
        "impact:highlight",
        "programmes:programme-list",
        "programmes:programme",
        "programmes:edition",
    }
)
# Open Graph writes a locale as language_TERRITORY: the usual one for each of the site's
# languages (another language falls back to Django's own name for it).
OG_LOCALES = {"en": "en_GB", "fr": "fr_FR", "es": "es_ES"}
# The picture of pages without their own (`manage.py draw_share_image` draws it).
SHARE_IMAGE = "img/share.png"
SHARE_IMAGE_SIZE = (1200, 630)
SCHEMA = "https://schema.org"
ATTENDANCE_MODES = {
    frozenset({"online"}): f"{SCHEMA}/OnlineEventAttendanceMode",
    frozenset({"in-person"}): f"{SCHEMA}/OfflineEventAttendanceMode",
    frozenset({"online", "in-person"}): f"{SCHEMA}/MixedEventAttendanceMode",
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
# json_script's escapes: the JSON can then never close the <script> element it sits in.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


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
    data: dict | None = None  # the JSON-LD


def absolute(path: str) -> str:
    """An address on the public site; one already absolute (a CDN's) is kept."""
    if "://" in path:
        return path
    return settings.SITE_URL + path


@register.simple_tag(takes_context=True)
def share_meta(context) -> Share | None:
    """What to tell link previews and search engines about this page; None when it is not
    a public page (an error page, a form, the admin)."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    if match is None or match.view_name not in SHARED_PAGES or _is_error_page(context):
        return None
    # Built again from the view and its arguments: no query string (filters, tracking
    # parameters) and the address as the site writes it ("/impact/2024/", not "/impact/02024/").
    url = absolute(reverse(match.view_name, args=match.args, kwargs=match.kwargs))
    share = {
        "url": url,
        "type": "website",
        "title": _page_block(context, "title"),
        "description": _page_block(context, "description"),
        "site_name": _("International Service for Human Rights"),
        "locale": og_locale(get_language() or settings.LANGUAGE_CODE),
        "image": default_image(),
    }
    if match.view_name == "home":
        share["data"] = {"@context": SCHEMA, **organization()}
    elif match.view_name == "impact:highlight" and context.get("highlight"):
        highlight = context["highlight"]
        share["type"] = "article"
        share["image"] = highlight_image(highlight) or share["image"]
        share["published"] = _iso(highlight.publish_at)
        share["modified"] = _iso(highlight.updated_at)
        share["data"] = article(highlight, url=url, image=share["image"])
    elif match.view_name == "programmes:edition" and context.get("edition"):
        share["data"] = event(
            context["edition"], url=url, now=context.get("now") or timezone.now()
        )
    return Share(**share)


@register.simple_tag
def json_ld(data) -> SafeString:
    """`data` as a JSON-LD block, escaped as Django's `json_script` escapes: a `</script>`
    or `<!--` in a title cannot end the element or change how the page is parsed."""
    text = json.dumps(data, cls=DjangoJSONEncoder).translate(JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


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


def highlight_image(highlight) -> ShareImage | None:
    """The highlight's widest JPEG rendition (1200 px unless the source is narrower): the
    format every social site takes, unlike AVIF. None without renditions."""
    if not highlight.image:
        return None
    jpegs = [r for r in highlight.image_renditions if r.get("format") == FALLBACK_FORMAT]
    if not jpegs:
        return None
    widest = max(jpegs, key=lambda r: r["width"])
    return ShareImage(
        url=absolute(highlight.image.storage.url(widest["name"])),
        width=widest["width"],
        height=widest["height"],
        type=MIME_TYPES[FALLBACK_FORMAT],
        alt=highlight.image_alt,
    )


# --- JSON-LD ----------------------------------------------------------------------------------


def organization() -> dict:
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


def article(highlight, *, url: str, image: ShareImage) -> dict:
    ishr = organization()
    return {
        "@context": SCHEMA,
        "@type": "Article",
        "headline": highlight.title,
        "description": highlight.summary,
        "image": [image.url],
        "datePublished": _iso(highlight.publish_at),
        "dateModified": _iso(highlight.updated_at),
        "author": {key: ishr[key] for key in ("@type", "@id", "name", "url")},
        "publisher": ishr,
        # The page's language, or English where the highlight is not translated into it.
        "inLanguage": article_language(highlight),
        "articleSection": str(highlight.get_kind_display()),
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
    }


def article_language(highlight) -> str:
    if lang_of(highlight, "title"):  # shown in English for want of a translation
        return settings.LANGUAGE_CODE
    return translated_language()


def event(edition, *, url: str, now) -> dict | None:
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
    ishr = organization()
    return {
        "@context": SCHEMA,
        "@type": "Event",
        "name": f"{edition.programme.name} {edition.year}",
        "description": description,
        "url": url,
        "image": [default_image().url],
        "startDate": min(c.starts_on for c in components).isoformat(),
        "endDate": max(c.ends_on for c in components).isoformat(),
        **_attendance(components, url=url),
        "organizer": ishr,
        "subEvent": [
            {
                "@type": "Event",
                "name": component.name,
                "startDate": component.starts_on.isoformat(),
                "endDate": component.ends_on.isoformat(),
                **_attendance([component], url=url),
                "organizer": {"@id": ishr["@id"]},
            }
            for component in components
        ],
    }


def _attendance(components, *, url: str) -> dict:
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


# --- Helpers ----------------------------------------------------------------------------------


def _iso(moment) -> str:
    """Geneva time, to the second."""
    return timezone.localtime(moment).replace(microsecond=0).isoformat() if moment else ""


def _is_error_page(context) -> bool:
    """404.html, 500.html and the like (named by their status) name no address of their own,
    even when the view that failed was a shared page's."""
    name = getattr(context.template, "name", None) or ""
    return name.rsplit("/", 1)[-1][:3].isdigit()


def _page_block(context, name: str) -> SafeString:
    """The page's block `name`, as base.html rendered it (`{% capture page_<name> %}`
    around the block), on one line: the title and description, so that previews repeat
    them rather than a second copy that could drift."""
    text = context.get(f"page_{name}") or ""
    # Already escaped by the block's own tags: joining its words keeps it so.
    return mark_safe(" ".join(str(text).split()))


class CaptureNode(template.Node):
    def __init__(self, nodelist, name: str):
        self.nodelist = nodelist  # searched for `{% block %}`s by `{% extends %}` as usual
        self.name = name

    def render(self, context) -> str:
        context[self.name] = self.nodelist.render(context)  # escaped by its own tags
        return ""


@register.tag
def capture(parser, token):
    """`{% capture name %}…{% endcapture %}`: render what is inside once, into the
    variable `name`, and write nothing. base.html wraps its title and description blocks
    in it, so that `share_meta` reads the page's own words without rendering them again."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("Use {% capture name %}…{% endcapture %}.")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[1])
