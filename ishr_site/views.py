import logging

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseServerError,
)
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


@never_cache
@require_GET
def health(request: HttpRequest) -> HttpResponse:
    """200 when the app and its database answer, 503 otherwise (for the load balancer)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.warning("Health check: the database does not answer", exc_info=True)
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *", "Disallow: /health/"]
    if settings.ADMIN_URL == "admin/":
        # A moved admin (DJANGO_ADMIN_URL) is not announced here.
        lines.append("Disallow: /admin/")
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico on pages that name no icon (the admin's)."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page, rendered without a request context so it needs no database."""
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render())
