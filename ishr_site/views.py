import logging
import sys

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

from programmes import outbox

from .log_filters import mark_logged
from .middleware import is_outage, outage_response

logger = logging.getLogger(__name__)


@never_cache
@require_GET
def health(request: HttpRequest) -> HttpResponse:
    """200 when the app and its database answer, 503 otherwise (for the load balancer); the
    body also says how many emails have waited for over an hour (programmes/outbox.py)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        # One line per probe, not a traceback, and not logged again as an error by Django.
        logger.warning("Health check: the database does not answer: %s", error.__class__.__name__)
        response = HttpResponse("database unavailable\n", status=503, content_type="text/plain")
        mark_logged(request)
        return response
    return HttpResponse("ok\n" + mail_backlog_line(), content_type="text/plain")


def mail_backlog_line() -> str:
    """Mail the outbox could not send for an hour is worth a look, not a restart: said in
    the health answer for monitoring, which stays 200. Best effort: the check above is the
    one the load balancer needs."""
    try:
        waiting = outbox.backlog()
    except DatabaseError as error:
        logger.warning("Health check: the outbox cannot be read: %s", error.__class__.__name__)
        return ""
    return f"mail: {waiting} waiting for over an hour or failed\n" if waiting else ""


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
