from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render

from . import previews
from .models import Page
from .page_cache import public_page


@public_page
def privacy(request: HttpRequest) -> HttpResponse:
    """The privacy notice, as staff last wrote it (`Page`)."""
    page = get_object_or_404(Page, slug=Page.Slug.PRIVACY)
    return render(request, "core/page.html", {"page": page})


def preview(request: HttpRequest, token: str) -> HttpResponse:
    """A draft as the public will see it, for anyone who has the link (core/previews.py).

    Never stored by the page cache (not a `@public_page`), nor by browsers or proxies, nor
    indexed; the token in the address is not sent on to the pages it links to. A link that
    does not work, whatever the reason, answers the same 404; one whose row has been
    published since leads to the public page.
    """
    opened = previews.open_link(token)
    if opened is None:
        response = render(request, "core/preview_unavailable.html", status=404)
    elif previews.is_public(opened.obj):
        url = opened.obj.get_absolute_url()  # type: ignore[attr-defined]  # every registered model has one
        response = HttpResponseRedirect(url)
    else:
        response = opened.previewable.render(
            request, opened.obj, {"preview": True, "preview_until": opened.link.last_day}
        )
    return private(response)


def private(response: HttpResponse) -> HttpResponse:
    """Kept by nobody, indexed by no search engine, and the address not sent as a referrer:
    the token in it opens a draft."""
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    # Set before SecurityMiddleware, which keeps a policy a view set.
    response["Referrer-Policy"] = "no-referrer"
    return response
