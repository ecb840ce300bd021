"""The review's pages in link previews and search engines (core/sharing.py): the home page
names ISHR, and a highlight is an article with its own picture."""

from typing import Any

from django.conf import settings
from django.template.context import Context
from modeltranslation.utils import get_language as translated_language

from core import sharing
from core.templatetags.translated import lang_of

from .images import FALLBACK_FORMAT, MIME_TYPES
from .models import Highlight


def register() -> None:
    sharing.register("home", describe_home)
    sharing.register("impact:review-list")
    sharing.register("impact:review")
    sharing.register("impact:country-list")
    sharing.register("impact:country")
    sharing.register("impact:highlight", describe_highlight)
    sharing.register("impact:open-data")


def describe_home(context: Context, share: dict[str, Any]) -> None:
    share["data"] = {"@context": sharing.SCHEMA, **sharing.organization()}


def describe_highlight(context: Context, share: dict[str, Any]) -> None:
    highlight = context.get("highlight")
    if not highlight:
        return
    share["type"] = "article"
    share["image"] = highlight_image(highlight) or share["image"]
    share["published"] = sharing.iso(highlight.publish_at)
    share["modified"] = sharing.iso(highlight.updated_at)
    share["data"] = article(highlight, url=share["url"], image=share["image"])


def highlight_image(highlight: Highlight) -> sharing.ShareImage | None:
    """The highlight's widest JPEG rendition (1200 px unless the source is narrower): the
    format every social site takes, unlike AVIF. None without renditions."""
    if not highlight.image:
        return None
    jpegs = [r for r in highlight.image_renditions if r.get("format") == FALLBACK_FORMAT]
    if not jpegs:
        return None
    widest = max(jpegs, key=lambda r: r["width"])
    return sharing.ShareImage(
        url=sharing.absolute(highlight.image.storage.url(widest["name"])),
        width=widest["width"],
        height=widest["height"],
        type=MIME_TYPES[FALLBACK_FORMAT],
        alt=highlight.image_alt,
    )


def article(highlight: Highlight, *, url: str, image: sharing.ShareImage) -> dict[str, Any]:
    ishr = sharing.organization()
    return {
        "@context": sharing.SCHEMA,
        "@type": "Article",
        "headline": highlight.title,
        "description": highlight.summary,
        "image": [image.url],
        "datePublished": sharing.iso(highlight.publish_at),
        "dateModified": sharing.iso(highlight.updated_at),
        "author": {key: ishr[key] for key in ("@type", "@id", "name", "url")},
        "publisher": ishr,
        # The page's language, or English where the highlight is not translated into it.
        "inLanguage": article_language(highlight),
        "articleSection": str(highlight.get_kind_display()),
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
    }


def article_language(highlight: Highlight) -> str:
    if lang_of(highlight, "title"):  # shown in English for want of a translation
        return settings.LANGUAGE_CODE
    return translated_language()
