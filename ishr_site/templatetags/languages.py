"""The page being shown, in each of the site's languages: for the language switcher and the
hreflang alternates in base.html.

Plain links, built from the URL the request resolved to: a public page must not read the
session or set a cookie (core/page_cache.py), so nothing like Django's `set_language`
POST. Each switcher link keeps the query string (the review's filters); the hreflang
addresses do not, like the canonical address (templates/includes/share_meta.html).
"""

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.encoding import iri_to_uri
from django.utils.translation import get_language, get_language_info, override

register = template.Library()


@dataclass(frozen=True)
class PageInLanguage:
    code: str
    name: str  # in its own language: "English", "Français", "Español"
    path: str  # with the query string: the switcher's link
    url: str  # absolute, on SITE_URL, without the query string (as the canonical address)
    current: bool


@register.simple_tag(takes_context=True)
def page_in_languages(context) -> list[PageInLanguage]:
    """The current page in every language of `settings.LANGUAGES`, or [] when it has none to
    offer: a page without a URL name (an error page for an unknown address, one rendered
    without a request), or one outside the language-prefixed URLs (an admin preview)."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    if match is None or not match.url_name:
        return []
    query = iri_to_uri(request.META.get("QUERY_STRING", ""))
    suffix = f"?{query}" if query else ""
    current = get_language()
    pages = []
    for code, _name in settings.LANGUAGES:
        with override(code):
            try:
                path = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
            except NoReverseMatch:
                return []
        name = get_language_info(code)["name_local"]
        pages.append(
            PageInLanguage(
                code=code,
                name=name[:1].upper() + name[1:],
                path=path + suffix,
                url=settings.SITE_URL + path,
                current=code == current,
            )
        )
    if len({page.path for page in pages}) < len(pages):
        return []  # the same address in every language: not a translated page
    return pages
