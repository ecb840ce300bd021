import logging
import sys
from collections.abc import Callable, Sequence

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

from .middleware import is_outage, outage_response

logger = logging.getLogger(__name__)


@never_cache
@require_GET
def health(request: HttpRequest, reports: Sequence[Callable[[], str]] = ()) -> HttpResponse:
    """200 when the app and its database answer, 503 otherwise (for the load balancer).

    The body adds the lines of `reports` (given in ishr_site/urls.py: the mail waiting in
    programmes' outbox), each a thing worth a look rather than a restart: the answer stays
    200 with them."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        # One line per probe, not a traceback, and not logged again as an error by Django.
        logger.warning("Health check: the database does not answer: %s", error.__class__.__name__)
        response = HttpResponse("database unavailable\n", status=503, content_type="text/plain")
        response._has_been_logged = True  # type: ignore[attr-defined]
        return response
    return HttpResponse(
        "ok\n" + "".join(report() for report in reports), content_type="text/plain"
    )


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *", "Disallow: /health/"]
    if settings.ADMIN_URL == "admin/":
        # A moved admin (DJANGO_ADMIN_URL) is not announced here.
        lines.append("Disallow: /admin/")
    lines.append(f"Sitemap: {settings.SITE_URL}{reverse('sitemap')}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico on pages that name no icon (the admin's)."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page, rendered without a request context so it needs no database; the 503
    page when the error was the database out of reach in a middleware (saving the session,
    for one), which DatabaseOutageMiddleware does not see."""
    error = sys.exc_info()[1]
    if error is not None and is_outage(error):
        return outage_response(request, error)
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render())
