from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from .models import Page
from .page_cache import public_page


@public_page
def privacy(request: HttpRequest) -> HttpResponse:
    """The privacy notice, as staff last wrote it (`Page`)."""
    page = get_object_or_404(Page, slug=Page.Slug.PRIVACY)
    return render(request, "core/page.html", {"page": page})
