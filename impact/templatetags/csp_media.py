"""Form media rendered with the request's Content-Security-Policy nonce."""

from django import template
from js_asset.media import Media

register = template.Library()


@register.filter
def with_csp_nonce(media, request):
    """The media, its <script> tags (the rich text editor's import map among them) carrying
    this response's CSP nonce. Asking for the nonce is what puts it in the header."""
    nonce = getattr(request, "csp_nonce", None)
    # django-csp's lazy nonce is falsy until read: read it (str) rather than test it.
    if media is None or nonce is None:
        return media
    return Media.from_media(media, nonce=str(nonce))
