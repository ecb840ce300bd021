"""Work that waits until the answer has gone to the browser.

Mail to applicants is sent this way. Sent inside the request, it would make every applicant
wait on the mail server, and the time a page takes would tell apart what the page must not:
whether an address had already applied (`services.submit_application`). Work handed to
`after_response()` during a request runs once the server has sent the response and closed it
(Django's `request_finished` signal); outside a request (a management command, the shell, a
test calling a service) it runs at once.

A failure is logged and never reaches the applicant, whose answer has been sent by then.
"""

import logging
from collections.abc import Callable
from contextvars import ContextVar

from django.core.signals import request_finished, request_started

logger = logging.getLogger(__name__)

# The work waiting for the current request's end; None outside a request.
_waiting: ContextVar[list[Callable[[], object]] | None] = ContextVar("waiting", default=None)


def after_response(work: Callable[[], object]) -> None:
    """Run `work` once the current response has been sent, or now outside a request."""
    waiting = _waiting.get()
    if waiting is None:
        _run(work)
    else:
        waiting.append(work)


def _run(work: Callable[[], object]) -> None:
    try:
        work()
    except Exception:
        logger.exception("Deferred work failed: %s", getattr(work, "__name__", work))


def _start(**kwargs) -> None:
    _waiting.set([])


def _finish(**kwargs) -> None:
    waiting = _waiting.get()
    _waiting.set(None)
    for work in waiting or ():
        _run(work)


request_started.connect(_start, dispatch_uid="programmes.deferred.start")
request_finished.connect(_finish, dispatch_uid="programmes.deferred.finish")
