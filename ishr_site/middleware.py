"""Answers given before a view can: a 503 page while the database cannot be reached (it
needs none), a 413 page for a request larger than any form takes, a 400 for a query string
no page could read."""

import logging
import sqlite3

from django.conf import settings
from django.core.exceptions import BadRequest
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)

# Seconds a browser or crawler is asked to wait before trying again.
RETRY_AFTER = 60

# SQLite reports a wrong query (a missing table or column, a syntax error) as an
# OperationalError too. Only these primary result codes mean "cannot answer now": busy or
# locked by another writer past the timeout, out of memory, an I/O error, a full disk, a file
# that cannot be opened.
SQLITE_UNAVAILABLE = {5, 6, 7, 10, 13, 14}
# PostgreSQL's class 54, "program limit exceeded" (too many columns, a statement too
# complex), arrives as an OperationalError but is a bug in the query.
POSTGRES_PROGRAM_LIMIT = "54"


def is_outage(error: BaseException) -> bool:
    """Whether `error` says the database cannot be reached or cannot answer now (503), as
    opposed to a bug in a query (500).

    OperationalError and InterfaceError cover a refused or lost connection, a pool that hands
    out none in time, a server shutting down or out of connections, a statement timeout. The
    driver's own error (Django's `__cause__`) tells apart the few programming errors that share
    these classes; PostgreSQL reports a missing table as a ProgrammingError, never caught here.
    """
    if not isinstance(error, (OperationalError, InterfaceError)):
        return False
    cause = error.__cause__
    if isinstance(cause, sqlite3.Error):
        return (getattr(cause, "sqlite_errorcode", 0) & 0xFF) in SQLITE_UNAVAILABLE
    return not (getattr(cause, "sqlstate", None) or "").startswith(POSTGRES_PROGRAM_LIMIT)


def outage_response(request: HttpRequest, error: BaseException) -> HttpResponse:
    """The 503 page, logged as one warning line; it renders without a request context (no
    context processor, so no session or user) and so needs no database."""
    summary = (str(error).strip().splitlines() or [""])[0][:200]
    logger.warning(
        "Database unavailable, answered 503: %s %s (%s: %s)",
        request.method,
        request.path,
        type(error).__name__,
        summary,
    )
    html = render_to_string("503.html", {"sent_a_form": request.method == "POST"})
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    add_never_cache_headers(response)
    # Logged above, once and without a traceback: otherwise Django logs every 5xx again at
    # ERROR level, which mails ADMINS for each request during an outage.
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response


class DatabaseOutageMiddleware:
    """Answer 503 instead of 500 when a view, or a template it returns, finds the database
    out of reach.

    The session and the user are loaded lazily, when the view (the admin, a form) first reads
    them, so their queries fail inside the view and are caught here too. An error raised by a
    middleware itself (the session saved in SessionMiddleware's process_response) never reaches
    any other middleware: Django turns it into a 500 at once, through `handler500`.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        if is_outage(exception):
            return outage_response(request, exception)
        return None


class NulCharacterMiddleware:
    """Answers 400 to a query string that holds a NUL character (`%00`). No page takes one,
    and PostgreSQL refuses NUL in any text it is given: a filter or a search with one would
    fail as a 500 wherever it reached a query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        for key, values in request.GET.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                raise BadRequest("A NUL character in the query string")
        return self.get_response(request)


class RequestSizeLimitMiddleware:
    """Refuses a request whose declared body is larger than any form of the site takes
    (settings.REQUEST_MAX_BYTES), with a 413 page, before anything reads the body. The
    forms check each file against its own limit; this bounds a whole request, so nobody can
    make a worker read gigabytes. The proxy should enforce the same limit
    (nginx: client_max_body_size).

    It comes below the middleware that set the security headers and the language, and above
    any that reads the body (settings.MIDDLEWARE). The answer sets no `Connection: close`:
    PEP 3333 leaves hop-by-hop headers to the server (Django's development server refuses
    them with a 500), and discarding or cutting off the unread body is the server's or the
    proxy's job."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > settings.REQUEST_MAX_BYTES:
            logger.warning(
                "Request body too large, answered 413: %s %s (%d bytes)",
                request.method,
                request.path,
                declared,
            )
            html = render_to_string(
                "413.html",
                {
                    "size": filesizeformat(declared),
                    "limit": filesizeformat(settings.REQUEST_MAX_BYTES),
                    "file_limit": filesizeformat(settings.APPLICATION_UPLOAD_MAX_BYTES),
                },
            )
            return HttpResponse(html, status=413)
        return self.get_response(request)
