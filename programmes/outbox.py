"""The outbox: every email the site sends is first a row, sent by a background task after the
commit, retried, never twice (docs/architecture.md, "Mail")."""

import logging
import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import make_msgid
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import DatabaseError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import Application, ApplicationDraft, OutgoingEmail

logger = logging.getLogger(__name__)

State = OutgoingEmail.State

# The pause before the next attempt after the first failure; it doubles up to MAX_PAUSE.
FIRST_PAUSE = timedelta(minutes=1)
MAX_PAUSE = timedelta(hours=1)
# A message still waiting this long after it was written is a backlog staff should see.
BACKLOG_AFTER = timedelta(hours=1)


@dataclass
class Sent:
    """What one run of `send()` did."""

    sent: int = 0
    deferred: int = 0
    failed: int = 0


def queue(**fields: Any) -> OutgoingEmail:
    """Write one message (the fields of `build()`) to the outbox, in the caller's
    transaction; a background task sends it once that has committed."""
    message = build(**fields)
    message.save()
    send_soon([message.pk])
    return message


def build(
    *,
    kind: str,
    to: str,
    subject: str,
    body: str,
    application: Application | None = None,
    draft: ApplicationDraft | None = None,
) -> OutgoingEmail:
    """A message not yet written, for `queue()` or for many at once (`bulk_create`, then
    `send_soon()` with their ids)."""
    now = timezone.now()
    return OutgoingEmail(
        created_at=now,
        send_after=now,
        kind=kind,
        to=to,
        reply_to=settings.PROGRAMMES_EMAIL,
        subject=one_line(subject, OutgoingEmail._meta.get_field("subject").max_length),
        body=body,
        message_id=make_msgid(domain=urlsplit(settings.SITE_URL).hostname or "localhost"),
        application=application,
        draft=draft,
    )


def one_line(text: str, length: int | None) -> str:
    """A header's text on one line, whatever went into it (a line break would break the
    email), cut to `length`."""
    return " ".join(text.split())[:length]


def send_soon(ids: list[int]) -> None:
    """Send these messages from a background task (programmes/tasks.py), enqueued once the
    current transaction has committed (at once outside one).

    A request only enqueues: whatever a page wrote to the outbox, it does the same work
    before its answer, so the time it takes tells nothing (an application from an address
    that applied before, `services.submit_application`, costs what a first one costs). If
    the enqueue fails, the messages wait for the "send due mail" job (settings.SCHEDULED_JOBS).
    """
    from .tasks import send_emails  # tasks.py imports this module

    transaction.on_commit(lambda: send_emails.enqueue(ids), robust=True)


def lease() -> timedelta:
    """How long a sender holds a message it has claimed (OUTBOX_LEASE_SECONDS): well beyond a
    send's longest wait; a killed sender's message is sent by another once it has passed."""
    return timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)


def due(*, at: datetime | None = None) -> QuerySet:
    at = at or timezone.now()
    return OutgoingEmail.objects.filter(state=State.WAITING, send_after__lte=at).filter(
        Q(claimed_until=None) | Q(claimed_until__lt=at)
    )


def send(*, ids: list[int] | None = None, limit: int = 1000) -> Sent:
    """Send the messages that are due (those of `ids` only, if given), oldest first, over
    one connection. What is not sent stays waiting."""
    queryset = due() if ids is None else due().filter(pk__in=ids)
    result = Sent()
    connection = None
    try:
        for pk in queryset.order_by("send_after", "pk").values_list("pk", flat=True)[:limit]:
            message = _claim(pk)
            if message is None:
                continue  # another sender has it
            try:
                if connection is None:
                    connection = get_connection(fail_silently=False)
                    connection.open()
                _deliver(message, connection)
            except Exception as error:
                _record_failure(message, error, result)
                if connection is not None and _connection_lost(error):
                    _close(connection)
                    connection = None
                if connection is None:
                    break  # the server cannot be reached: the rest keep their turn
                continue
            _record_sent(message)
            result.sent += 1
    finally:
        if connection is not None:
            _close(connection)
    return result


def retry(queryset: QuerySet) -> int:
    """Try these failed or waiting messages again now (staff's "retry now"); a message
    already sent is left as it is. Returns how many."""
    ids = list(queryset.exclude(state=State.SENT).values_list("pk", flat=True))
    OutgoingEmail.objects.filter(pk__in=ids).update(
        state=State.WAITING, send_after=timezone.now(), claimed_until=None
    )
    send_soon(ids)
    return len(ids)


def backlog(*, at: datetime | None = None) -> int:
    """How many messages have been waiting longer than BACKLOG_AFTER, or gave up."""
    at = at or timezone.now()
    return OutgoingEmail.objects.filter(
        Q(state=State.WAITING, created_at__lt=at - BACKLOG_AFTER) | Q(state=State.FAILED)
    ).count()


def health_report() -> str:
    """The line `/health/` adds when mail has waited for over an hour or failed: worth a
    look, not a restart. Best effort: the database check before it is the one the load
    balancer needs."""
    try:
        waiting = backlog()
    except DatabaseError as error:
        logger.warning("Health check: the outbox cannot be read: %s", error.__class__.__name__)
        return ""
    return f"mail: {waiting} waiting for over an hour or failed\n" if waiting else ""


def pause_after(attempts: int) -> timedelta:
    """The wait before the next attempt, after `attempts` failed ones: 1, 2, 4 … minutes,
    at most an hour."""
    return min(FIRST_PAUSE * 2 ** max(attempts - 1, 0), MAX_PAUSE)


# --- One message ----------------------------------------------------------------------------


def _claim(pk: int) -> OutgoingEmail | None:
    now = timezone.now()
    claimed = due(at=now).filter(pk=pk).update(claimed_until=now + lease())
    return OutgoingEmail.objects.filter(pk=pk).first() if claimed else None


def _deliver(message: OutgoingEmail, connection: BaseEmailBackend) -> None:
    email = EmailMessage(
        message.subject,
        message.body,
        settings.DEFAULT_FROM_EMAIL,
        [message.to],
        reply_to=[message.reply_to] if message.reply_to else None,
        headers={"Message-ID": message.message_id},
        connection=connection,
    )
    if not email.send():
        raise smtplib.SMTPException("The mail server accepted no message.")


def _record_sent(message: OutgoingEmail) -> None:
    OutgoingEmail.objects.filter(pk=message.pk).update(
        state=State.SENT,
        sent_at=timezone.now(),
        attempts=message.attempts + 1,
        body="",  # the private link or reference has reached its reader: nothing to keep
        last_error="",
        claimed_until=None,
    )


def _record_failure(message: OutgoingEmail, error: Exception, result: Sent) -> None:
    now = timezone.now()
    attempts = message.attempts + 1
    give_up = isinstance(error, smtplib.SMTPRecipientsRefused) or (
        now - message.created_at > settings.OUTBOX_GIVE_UP_AFTER
    )
    description = f"{type(error).__name__}: {error}"
    OutgoingEmail.objects.filter(pk=message.pk).update(
        state=State.FAILED if give_up else State.WAITING,
        attempts=attempts,
        send_after=now + pause_after(attempts),
        last_error=description[: OutgoingEmail._meta.get_field("last_error").max_length],
        claimed_until=None,
    )
    # No address, no subject: the kind and the row are enough to find it in the admin.
    logger.warning(
        "Could not send email %s (%s, attempt %d): %s",
        message.pk,
        message.kind,
        attempts,
        type(error).__name__,
    )
    if give_up:
        result.failed += 1
    else:
        result.deferred += 1


def _connection_lost(error: Exception) -> bool:
    """Whether the connection is of no further use after `error` (as opposed to a refusal
    of one message, after which the next may go)."""
    return not isinstance(error, smtplib.SMTPRecipientsRefused | smtplib.SMTPDataError)


def _close(connection: BaseEmailBackend) -> None:
    try:
        connection.close()
    except Exception:
        logger.warning("Could not close the connection to the mail server")
