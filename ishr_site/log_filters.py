"""Logging filters named in the LOGGING setting (kept free of models and views, as the
logging configuration is read before the apps are)."""

import logging

from django.http import HttpRequest

# Set on a request whose error answer the site has logged itself, its own way.
LOGGED_BY_THE_SITE = "answer_logged_by_the_site"


def mark_logged(request: HttpRequest) -> None:
    """Say that the answer to this request is logged already: Django's `django.request`
    logger then leaves it out (`SkipAnswersLoggedByTheSite`)."""
    setattr(request, LOGGED_BY_THE_SITE, True)


class SkipAnswersLoggedByTheSite(logging.Filter):
    """On `django.request`: drop the line Django writes for every 4xx and 5xx answer (at
    ERROR for a 5xx, which mails ADMINS) when the site logged that answer already, as one
    warning without a traceback (a database outage, a failed health probe)."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)  # Django's documented extra context
        return not getattr(request, LOGGED_BY_THE_SITE, False)
