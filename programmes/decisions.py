"""Decision emails: the text staff write per edition and decision, and the batch that sends it.

Staff write the subject and message in plain text with three placeholders. They are filled
in with a regular expression from an allow-list, never by the template engine: text typed in
the admin must not reach template tags, filters or the objects behind them.

Each email has a `DecisionEmail` record, unique per application and decision, made in the
same transaction as the batch with its message in the outbox (programmes/outbox.py), which
sends it after the commit and tries again while the mail server fails. A batch sent twice, or
by two managers at once, therefore mails each applicant once per decision.
"""

import logging
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from . import outbox
from .models import (
    Application,
    DecisionEmail,
    DecisionEmailBatch,
    DecisionTemplate,
    Edition,
    OutgoingEmail,
    Status,
)
from .tasks import send_decision_batch

logger = logging.getLogger(__name__)

# --- Placeholders ---------------------------------------------------------------------------

PLACEHOLDERS = ("name", "reference", "edition")
PLACEHOLDER = re.compile(r"\{\{\s*(?P<name>[^{}]*?)\s*\}\}")
PLACEHOLDER_HELP = _(
    "Plain text. These placeholders are filled in for each applicant: {{ name }} (their full "
    "name), {{ reference }} (their application reference) and {{ edition }} (e.g. HRDAP "
    "2027). Nothing else from the application is ever added."
)
USE_KNOWN = _("Use {{ name }}, {{ reference }} or {{ edition }}.")


def placeholder_errors(text: str) -> list[str]:
    """What is wrong with the placeholders in `text`, as sentences for staff ([] if nothing)."""
    unknown = []
    for match in PLACEHOLDER.finditer(text):
        written = f"{{{{ {match['name']} }}}}"
        if match["name"] not in PLACEHOLDERS and written not in unknown:
            unknown.append(written)
    errors = []
    if unknown:
        errors.append(
            ngettext(
                "Unknown placeholder %(placeholders)s.",
                "Unknown placeholders %(placeholders)s.",
                len(unknown),
            )
            % {"placeholders": ", ".join(unknown)}
            + f" {USE_KNOWN}"
        )
    rest = PLACEHOLDER.sub("", text)
    if "{{" in rest or "}}" in rest:
        not_closed = gettext("A placeholder is not closed: write it as {{ name }}.")
        errors.append(f"{not_closed} {USE_KNOWN}")
    if "{%" in rest:
        errors.append(gettext("Tags such as {% if %} are not available: this is plain text."))
    return errors


def validate_placeholders(text: str) -> None:
    errors = placeholder_errors(text)
    if errors:
        raise ValidationError(errors, code="placeholder")


def fill_placeholders(text: str, values: dict[str, str]) -> str:
    """`text` with each known placeholder replaced, in one pass: a value that itself looks
    like a placeholder (an applicant named "{{ reference }}") stays as it is."""
    return PLACEHOLDER.sub(lambda match: values.get(match["name"], match[0]), text)


def placeholder_values(application: Application) -> dict[str, str]:
    return {
        "name": application.full_name,
        "reference": application.reference,
        "edition": str(application.edition),
    }


def render_decision(template: DecisionTemplate, application: Application) -> tuple[str, str]:
    """The subject and plain-text body one applicant receives. An applicant who asked for
    discreet emails gets a subject that does not say what they applied to."""
    values = placeholder_values(application)
    if application.discreet_emails:
        subject = gettext("News about your ISHR reference %(reference)s") % values
    else:
        subject = fill_placeholders(template.subject, values)
    subject = outbox.one_line(subject, DecisionEmail._meta.get_field("subject").max_length)
    return subject, fill_placeholders(template.body, values)


class DecisionTemplateForm(forms.ModelForm):
    """A decision email as staff write it; a mistyped placeholder is an error here rather
    than a broken email in an applicant's inbox."""

    class Meta:
        model = DecisionTemplate
        fields = ["decision", "subject", "body"]
        help_texts = {
            "subject": _("One line; the same placeholders as in the message may be used."),
            "body": PLACEHOLDER_HELP,
        }

    def clean_subject(self) -> str:
        subject = self.cleaned_data["subject"]
        validate_placeholders(subject)
        return subject

    def clean_body(self) -> str:
        body = self.cleaned_data["body"]
        validate_placeholders(body)
        return body


# --- Sending --------------------------------------------------------------------------------

# How often a batch reads again after another batch claimed some of its emails first.
CLAIM_ROUNDS = 5


@dataclass(frozen=True)
class DecisionBatch:
    """What a batch did or, from `preview_decision_emails`, would do. Each selected
    application is in exactly one of the tuples of applications."""

    # A first email for the application's current decision.
    queued: tuple[Application, ...] = ()
    # An email the outbox gave up on (the mail server refused it for days), tried again.
    retried: tuple[Application, ...] = ()
    # Emailed for their current decision before, or being emailed now.
    already_sent: tuple[Application, ...] = ()
    # Submitted, shortlisted or withdrawn: no decision to tell.
    not_decided: tuple[Application, ...] = ()
    # Decided, but their edition has no email for that decision yet.
    without_template: tuple[Application, ...] = ()
    # (edition, decision) pairs to write an email for, in the order first met.
    missing_templates: tuple[tuple[Edition, str], ...] = ()
    # The record of what this batch queued, for its progress page; None if it queued nothing
    # (and always from `preview_decision_emails`).
    sending: DecisionEmailBatch | None = None

    @property
    def to_send(self) -> tuple[Application, ...]:
        return self.queued + self.retried

    @property
    def counts(self) -> dict[str, int]:
        """How many applications each outcome holds, e.g. for a log line or a summary."""
        names = ["queued", "retried", "already_sent", "not_decided", "without_template"]
        return {name: len(getattr(self, name)) for name in names}

    def missing_template_counts(self) -> list[tuple[Edition, str, int]]:
        """(edition, decision, how many applicants it leaves out) for each missing template."""
        counts = Counter((a.edition_id, a.status) for a in self.without_template)
        return [
            (edition, decision, counts[(edition.pk, decision)])
            for edition, decision in self.missing_templates
        ]

    @staticmethod
    def by_decision(applications: Iterable[Application]) -> dict[str, int]:
        """How many of `applications` have each decision, in `Status.decisions()` order,
        leaving out decisions with none."""
        counts = Counter(application.status for application in applications)
        return {status: counts[status] for status in Status.decisions() if counts[status]}


class _LostRace(Exception):
    """Another batch queued or claimed some of these emails after they were read."""


def _current_applications(
    applications: QuerySet[Application] | Iterable[Application], *, lock: bool
) -> list[Application]:
    ids: QuerySet[Application, Any] | list[int]
    if isinstance(applications, QuerySet):
        ids = applications.values("pk")
    else:
        ids = [application.pk for application in applications]
    # Read again whatever was passed: the status counts, not what an instance remembers.
    # An anonymised application has no address to write to any more.
    queryset = Application.objects.filter(pk__in=ids, anonymised_at=None).select_related(
        "edition__programme"
    )
    if lock:
        # Locked in a fixed order, as `services.change_statuses` does: a decision cannot
        # change while its email is queued, and two batches over the same applications
        # take turns instead of deadlocking.
        queryset = queryset.select_for_update(of=("self",))
    return list(queryset.order_by("pk"))


def _templates(applications: list[Application]) -> dict[tuple[int, str], DecisionTemplate]:
    editions = {application.edition_id for application in applications}
    return {
        (template.edition_id, template.decision): template
        for template in DecisionTemplate.objects.filter(edition__in=editions)
    }


def _records(applications: list[Application]) -> dict[tuple[int, str], DecisionEmail]:
    """The decision email records of these applications, by (application id, decision)."""
    return {
        (record.application_id, record.decision): record
        for record in DecisionEmail.objects.filter(
            application__in=[application.pk for application in applications]
        ).select_related("message")
    }


def _retryable(record: DecisionEmail) -> bool:
    return record.message is not None and record.message.state == OutgoingEmail.State.FAILED


def _sort(
    applications: list[Application],
    templates: dict[tuple[int, str], DecisionTemplate],
    records: dict[tuple[int, str], DecisionEmail],
) -> DecisionBatch:
    groups: dict[str, list[Application]] = {
        name: [] for name in ("queued", "retried", "already_sent", "not_decided")
    }
    without_template: list[Application] = []
    missing: dict[tuple[int, str], Edition] = {}
    for application in applications:
        decision = application.status
        if decision not in Status.decisions():
            groups["not_decided"].append(application)
            continue
        if (application.edition_id, decision) not in templates:
            without_template.append(application)
            missing.setdefault((application.edition_id, decision), application.edition)
            continue
        record = records.get((application.pk, decision))
        if record is None:
            groups["queued"].append(application)
        elif _retryable(record):
            groups["retried"].append(application)
        else:
            groups["already_sent"].append(application)
    return DecisionBatch(
        queued=tuple(groups["queued"]),
        retried=tuple(groups["retried"]),
        already_sent=tuple(groups["already_sent"]),
        not_decided=tuple(groups["not_decided"]),
        without_template=tuple(without_template),
        missing_templates=tuple(
            (edition, decision) for (_edition_id, decision), edition in missing.items()
        ),
    )


def preview_decision_emails(*, applications: QuerySet | Iterable[Application]) -> DecisionBatch:
    """What `send_decision_emails` would do with these applications now. Writes nothing."""
    rows = _current_applications(applications, lock=False)
    return _sort(rows, _templates(rows), _records(rows))


@dataclass(frozen=True)
class DecisionSample:
    """One email of a batch as its first recipient would get it, and who else gets it."""

    edition: Edition
    decision: str
    subject: str
    body: str
    recipients: tuple[Application, ...]

    @property
    def first(self) -> Application:
        return self.recipients[0]

    @property
    def label(self) -> str:
        return str(Status(self.decision).label)


def sample_decision_emails(applications: Iterable[Application]) -> list[DecisionSample]:
    """For each (edition, decision) among `applications` (a batch's `to_send`, each with its
    edition loaded), the subject and body its first applicant would receive, rendered as the
    batch renders them, with all its recipients. Decisions in `Status.decisions()` order.
    Writes nothing; one query, whatever the count."""
    rows = list(applications)
    templates = _templates(rows)
    groups: dict[tuple[int, str], list[Application]] = {}
    for application in rows:
        groups.setdefault((application.edition_id, application.status), []).append(application)
    order = list(Status.decisions())
    samples = []
    for key, recipients in groups.items():
        subject, body = render_decision(templates[key], recipients[0])
        samples.append(
            DecisionSample(
                edition=recipients[0].edition,
                decision=key[1],
                subject=subject,
                body=body,
                recipients=tuple(recipients),
            )
        )
    return sorted(samples, key=lambda s: (order.index(s.decision), str(s.edition)))


def send_decision_emails(
    *, applications: QuerySet | Iterable[Application], by: User | None
) -> DecisionBatch:
    """Email each application's current decision (selected, waitlisted or declined) to its
    applicant, from the edition's template for that decision, once.

    In one transaction: a `DecisionEmail` and its message in the outbox are made for each
    application not yet emailed for its decision, and messages the outbox gave up on are
    written again for another attempt; a `DecisionEmailBatch` records them all (`sending`).
    One background task sends them after the commit (programmes/tasks.py). Applications
    without a decision, or whose edition has no template for it, are left out and reported.

    Emails are claimed, never assumed: the unique record per application and decision makes
    a second batch's insert fail rather than duplicate, and a retry is claimed by a
    conditional update; a batch that loses either race reads again and leaves those emails
    to the batch that won. A constant number of queries, whatever the count.
    """
    with transaction.atomic():
        rows = _current_applications(applications, lock=True)
        templates = _templates(rows)
        for _round in range(CLAIM_ROUNDS):
            records = _records(rows)
            batch = _sort(rows, templates, records)
            try:
                message_ids = _claim(batch, templates, records, by=by)
            except (IntegrityError, _LostRace):
                continue
            break
        else:
            raise RuntimeError("Other batches kept claiming these decision emails first.")
        if message_ids:
            record = DecisionEmailBatch.objects.create(sent_by=by, created_at=timezone.now())
            record.messages.add(*message_ids)
            batch = replace(batch, sending=record)
            # If the enqueue fails, the "send due mail" job sends them (settings.SCHEDULED_JOBS).
            transaction.on_commit(lambda: send_decision_batch.enqueue(record.pk), robust=True)
    return batch


@dataclass(frozen=True)
class BatchProgress:
    """How far a batch of decision emails has got, from its messages' states now."""

    sent: int
    waiting: int
    failed: tuple[OutgoingEmail, ...]  # each with its application, for its reference

    @property
    def total(self) -> int:
        return self.sent + self.waiting + len(self.failed)

    @property
    def done(self) -> bool:
        return self.waiting == 0


def with_counts(batches: QuerySet[DecisionEmailBatch]) -> QuerySet[DecisionEmailBatch]:
    """The batches, each with the number of its messages in each state (`sent_count`,
    `waiting_count`, `failed_count`) and in all (`total`), counted in the query."""
    State = OutgoingEmail.State
    return batches.annotate(
        total=Count("messages"),
        sent_count=Count("messages", filter=Q(messages__state=State.SENT)),
        waiting_count=Count("messages", filter=Q(messages__state=State.WAITING)),
        failed_count=Count("messages", filter=Q(messages__state=State.FAILED)),
    )


def batch_progress(batch: DecisionEmailBatch) -> BatchProgress:
    """The progress of a batch read through `with_counts`: its counts, and its failed
    messages in one query whatever its size."""
    failed = tuple(
        batch.messages.filter(state=OutgoingEmail.State.FAILED)
        .select_related("application")
        .defer("body")
        .order_by("application__reference", "pk")
    )
    return BatchProgress(
        sent=batch.sent_count,  # type: ignore[attr-defined]
        waiting=batch.waiting_count,  # type: ignore[attr-defined]
        failed=failed,
    )


def _claim(
    batch: DecisionBatch,
    templates: dict[tuple[int, str], DecisionTemplate],
    records: dict[tuple[int, str], DecisionEmail],
    *,
    by: User | None,
) -> list[int]:
    """Make the new records and their messages, and write again the messages to retry, all
    or nothing (a savepoint); raises IntegrityError or _LostRace if another batch got to any
    of them first. Returns the ids of the messages to send."""
    if not batch.to_send:
        return []
    now = timezone.now()
    rendered = {
        application.pk: render_decision(
            templates[(application.edition_id, application.status)], application
        )
        for application in batch.to_send
    }
    with transaction.atomic():
        messages = OutgoingEmail.objects.bulk_create(
            outbox.build(
                kind=OutgoingEmail.Kind.DECISION,
                to=application.email,
                subject=rendered[application.pk][0],
                body=rendered[application.pk][1],
                application=application,
            )
            for application in batch.queued
        )
        if any(message.pk is None for message in messages):  # databases that return no ids
            ids = dict(
                OutgoingEmail.objects.filter(
                    message_id__in=[message.message_id for message in messages]
                ).values_list("message_id", "pk")
            )
            for message in messages:
                message.pk = ids[message.message_id]
        DecisionEmail.objects.bulk_create(
            DecisionEmail(
                application=application,
                decision=application.status,
                subject=rendered[application.pk][0],
                queued_by=by,
                queued_at=now,
                message=message,
            )
            for application, message in zip(batch.queued, messages, strict=True)
        )
        retried = [records[(a.pk, a.status)] for a in batch.retried]
        if retried:
            claimed = OutgoingEmail.objects.filter(
                pk__in=[record.message_id for record in retried],
                state=OutgoingEmail.State.FAILED,
            ).update(state=OutgoingEmail.State.WAITING, send_after=now, claimed_until=None)
            if claimed != len(retried):
                raise _LostRace
            again = []
            for application, record in zip(batch.retried, retried, strict=True):
                failed = record.message
                assert failed is not None  # retried: its message failed (_retryable)
                failed.subject, failed.body = rendered[application.pk]
                again.append(failed)
            # The body is encrypted on its way, as by a save.
            OutgoingEmail.objects.bulk_update(again, ["subject", "body"])
            DecisionEmail.objects.filter(pk__in=[record.pk for record in retried]).update(
                queued_by=by, queued_at=now
            )
    return [message.pk for message in messages] + [
        record.message_id for record in retried if record.message_id is not None
    ]
