"""The share tags of a public page's <head> (core/sharing.py says what they are and how an
app adds its pages)."""

import json
from typing import Any

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
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
