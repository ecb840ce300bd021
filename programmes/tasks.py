"""The programmes' background tasks, run by `manage.py run_tasks` (docs/architecture.md,
"Background work"). Their arguments are ids only, and each may run twice: the outbox claims
each message before sending it, and retention and draft deletion do nothing the second time."""

from dataclasses import asdict

from django_tasks import task

from . import outbox, retention, services
from .models import OutgoingEmail


@task()
def send_emails(message_ids: list[int]) -> int:
    """Send these messages of the outbox, those still due. Returns how many went."""
    return outbox.send(ids=message_ids, limit=len(message_ids)).sent


@task()
def send_decision_batch(batch_id: int) -> int:
    """Send the messages of a batch of decision emails that are still due. Returns how many
    went."""
    ids = list(
        OutgoingEmail.objects.filter(decision_batches=batch_id).values_list("pk", flat=True)
    )
    return outbox.send(ids=ids, limit=len(ids)).sent if ids else 0


@task()
def send_due_mail() -> dict[str, int]:
    """Send every message that is due: those a mail server refused for a while, and those a
    killed worker held, once their lease has run out (`manage.py send_queued_mail`)."""
    return asdict(outbox.send())


@task()
def delete_expired_drafts() -> int:
    """Delete the drafts of calls that have closed, with their files. Returns how many."""
    return services.delete_expired_drafts()


@task()
def apply_retention() -> int:
    """The daily retention run (`manage.py apply_retention`). Returns its record's id."""
    return retention.apply_retention().pk
