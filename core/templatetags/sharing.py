"""The share tags of a public page's <head> (core/sharing.py says what they are and how an
app adds its pages)."""

import json
from typing import Any

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader_tags import BLOCK_CONTEXT_KEY
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core import sharing

register = template.Library()

# json_script's escapes: the JSON can then never close the <script> element it sits in.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def share_meta(context) -> sharing.Share | None:
    """What to tell link previews and search engines about this page; None when it is not
    a public page (an error page, a form, the admin)."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    if match is None or match.view_name not in sharing.PAGES or _is_error_page(context):
        return None
    # Built again from the view and its arguments: no query string (filters, tracking
    # parameters) and the address as the site writes it ("/impact/2024/", not "/impact/02024/").
    url = sharing.absolute(reverse(match.view_name, args=match.args, kwargs=match.kwargs))
    share: dict[str, Any] = {
        "url": url,
        "type": "website",
        "title": _page_block(context, "title"),
        "description": _page_block(context, "description"),
        "site_name": _("International Service for Human Rights"),
        "locale": sharing.og_locale(get_language() or settings.LANGUAGE_CODE),
        "image": sharing.default_image(),
    }
    describe = sharing.PAGES[match.view_name]
    if describe is not None:
        describe(context, share)
    return sharing.Share(**share)


@register.simple_tag
def json_ld(data) -> SafeString:
    """`data` as a JSON-LD block, escaped as Django's `json_script` escapes: a `</script>`
    or `<!--` in a title cannot end the element or change how the page is parsed."""
    text = json.dumps(data, cls=DjangoJSONEncoder).translate(JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


# --- Helpers ----------------------------------------------------------------------------------


def _is_error_page(context) -> bool:
    """404.html, 500.html and the like (named by their status) name no address of their own,
    even when the view that failed was a shared page's."""
    name = getattr(context.template, "name", None) or ""
    return name.rsplit("/", 1)[-1][:3].isdigit()


def _page_block(context, name: str) -> SafeString:
    """The page's block `name` (the most derived template's, or base.html's own) rendered
    as base.html renders it, on one line: the title and description, so that previews
    repeat them rather than a second copy that could drift.

    The partial is included from base.html, and an include gets a fresh render context; the
    page's blocks are found in the one below it.
    """
    for layer in reversed(context.render_context.dicts):
        blocks = layer.get(BLOCK_CONTEXT_KEY)
        if blocks is not None:
            break
    else:
        return mark_safe("")
    node = blocks.get_block(name)
    if node is None:
        return mark_safe("")
    # BlockNode.render looks for the blocks in the current render context, as `{% block %}`
    # in base.html did; this include's own context is dropped when it ends.
    borrowed = BLOCK_CONTEXT_KEY not in context.render_context
    if borrowed:
        context.render_context[BLOCK_CONTEXT_KEY] = blocks
    try:
        text = node.render(context)
    finally:
        if borrowed:
            del context.render_context[BLOCK_CONTEXT_KEY]
    # Already escaped by the block's own tags: joining its words keeps it so.
    return mark_safe(" ".join(text.split()))
