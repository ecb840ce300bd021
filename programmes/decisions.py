"""Decision emails: the text staff write per edition and decision, and the batch that sends it.

Staff write the subject and message in plain text with three placeholders. They are filled
in with a regular expression from an allow-list, never by the template engine: text typed in
the admin must not reach template tags, filters or the objects behind them.

Each email has a `DecisionEmail` record, unique per application and decision, made in the
same transaction as the batch and before anything is sent. A batch sent twice, or by two
managers at once, therefore mails each applicant once per decision.
"""

import logging
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from django import forms
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from .models import Application, DecisionEmail, DecisionTemplate, Edition, Status

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
    """The subject and plain-text body one applicant receives."""
    values = placeholder_values(application)
    # One line, whatever a name holds: a line break in a header would break the email.
    subject = " ".join(fill_placeholders(template.subject, values).split())
    subject = subject[: DecisionEmail._meta.get_field("subject").max_length]
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

    def clean_subject(self):
        subject = self.cleaned_data["subject"]
        validate_placeholders(subject)
        return subject

    def clean_body(self):
        body = self.cleaned_data["body"]
        validate_placeholders(body)
        return body


# --- Sending --------------------------------------------------------------------------------

# A record neither sent nor failed is being sent by the batch that queued it. Only if that
# batch died before recording anything (a worker killed mid-send) is it tried again, once it
# is this old; a batch never takes that long.
STALE_AFTER = timedelta(hours=1)
# How often a batch reads again after another batch claimed some of its emails first.
CLAIM_ROUNDS = 5


@dataclass(frozen=True)
class DecisionBatch:
    """What a batch did or, from `preview_decision_emails`, would do. Each selected
    application is in exactly one of the tuples of applications."""

    # A first email for the application's current decision.
    queued: tuple[Application, ...] = ()
    # An email that failed before (or whose batch died), tried again.
    retried: tuple[Application, ...] = ()
    # Emailed for their current decision before, or being emailed by another batch now.
    already_sent: tuple[Application, ...] = ()
    # Submitted, shortlisted or withdrawn: no decision to tell.
    not_decided: tuple[Application, ...] = ()
    # Decided, but their edition has no email for that decision yet.
    without_template: tuple[Application, ...] = ()
    # (edition, decision) pairs to write an email for, in the order first met.
    missing_templates: tuple[tuple[Edition, str], ...] = ()

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


@dataclass(frozen=True)
class _Outgoing:
    record_id: int
    decision: str
    reference: str
    to: str
    subject: str
    body: str


class _LostRace(Exception):
    """Another batch queued or claimed some of these emails after they were read."""


def _current_applications(applications, *, lock: bool) -> list[Application]:
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
        )
    }


def _retryable(record: DecisionEmail, *, now: datetime) -> bool:
    return record.sent_at is None and (bool(record.error) or record.queued_at < now - STALE_AFTER)


def _sort(applications, templates, records, *, now: datetime) -> DecisionBatch:
    groups = {name: [] for name in ("queued", "retried", "already_sent", "not_decided")}
    without_template, missing = [], {}
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
        elif _retryable(record, now=now):
            groups["retried"].append(application)
        else:
            groups["already_sent"].append(application)
    return DecisionBatch(
        **{name: tuple(group) for name, group in groups.items()},
        without_template=tuple(without_template),
        missing_templates=tuple(
            (edition, decision) for (_edition_id, decision), edition in missing.items()
        ),
    )


def preview_decision_emails(*, applications: QuerySet | Iterable[Application]) -> DecisionBatch:
    """What `send_decision_emails` would do with these applications now. Writes nothing."""
    rows = _current_applications(applications, lock=False)
    return _sort(rows, _templates(rows), _records(rows), now=timezone.now())


def send_decision_emails(
    *, applications: QuerySet | Iterable[Application], by: AbstractBaseUser | None
) -> DecisionBatch:
    """Email each application's current decision (selected, waitlisted or declined) to its
    applicant, from the edition's template for that decision, once.

    In one transaction: a `DecisionEmail` is made for each application not yet emailed for
    its decision, and records whose sending failed before are claimed for another attempt.
    The emails go after commit, one per applicant over one connection, and each send is
    recorded on its record (`sent_at`, `attempts`, or the `error`). Applications without a
    decision, or whose edition has no template for it, are left out and reported.

    Emails are claimed, never assumed: the unique record per application and decision makes
    a second batch's insert fail rather than duplicate, and a retry is claimed by a
    conditional update; a batch that loses either race reads again and leaves those emails
    to the batch that won. A constant number of queries before the sends, whatever the count.
    """
    now = timezone.now()
    with transaction.atomic():
        rows = _current_applications(applications, lock=True)
        templates = _templates(rows)
        for _round in range(CLAIM_ROUNDS):
            records = _records(rows)
            batch = _sort(rows, templates, records, now=now)
            try:
                outgoing = _claim(batch, templates, records, by=by, now=now)
            except (IntegrityError, _LostRace):
                continue
            break
        else:
            raise RuntimeError("Other batches kept claiming these decision emails first.")
        if outgoing:
            transaction.on_commit(partial(_deliver, outgoing), robust=True)
    return batch


def send_unsent_decision_emails() -> DecisionBatch:
    """Send again the decision emails recorded but never sent: those whose sending failed,
    and those a killed worker left behind (queued more than `STALE_AFTER` ago). Queues no new
    decision. For `manage.py send_unsent_decision_emails`, run by cron or a timer."""
    unsent = Application.objects.filter(
        pk__in=DecisionEmail.objects.filter(sent_at=None)
        .filter(~Q(error="") | Q(queued_at__lt=timezone.now() - STALE_AFTER))
        .values("application")
    )
    return send_decision_emails(applications=unsent, by=None)


def _claim(batch: DecisionBatch, templates, records, *, by, now: datetime) -> list[_Outgoing]:
    """Make the new records and claim the retries, all or nothing (a savepoint); raises
    IntegrityError or _LostRace if another batch got to any of them first."""
    if not batch.to_send:
        return []
    rendered = {
        application.pk: render_decision(
            templates[(application.edition_id, application.status)], application
        )
        for application in batch.to_send
    }
    with transaction.atomic():
        created = DecisionEmail.objects.bulk_create(
            DecisionEmail(
                application=application,
                decision=application.status,
                subject=rendered[application.pk][0],
                queued_by=by,
                queued_at=now,
            )
            for application in batch.queued
        )
        retry_ids = [records[(a.pk, a.status)].pk for a in batch.retried]
        if retry_ids:
            claimed = (
                DecisionEmail.objects.filter(pk__in=retry_ids, sent_at=None)
                .filter(~Q(error="") | Q(queued_at__lt=now - STALE_AFTER))
                .update(error="", queued_by=by, queued_at=now)
            )
            if claimed != len(retry_ids):
                raise _LostRace
    ids = {(record.application_id, record.decision): record.pk for record in created}
    if any(record.pk is None for record in created):  # databases that return no ids
        ids = {key: record.pk for key, record in _records(list(batch.queued)).items()}
    ids.update({key: records[key].pk for key in ((a.pk, a.status) for a in batch.retried)})
    return [
        _Outgoing(
            record_id=ids[(application.pk, application.status)],
            decision=application.status,
            reference=application.reference,
            to=application.email,
            subject=rendered[application.pk][0],
            body=rendered[application.pk][1],
        )
        for application in batch.to_send
    ]


def _describe(error: Exception) -> str:
    limit = DecisionEmail._meta.get_field("error").max_length
    return f"{type(error).__name__}: {error}"[:limit]


def _deliver(outgoing: list[_Outgoing]) -> None:
    """Send each email over one connection and record each send as it happens, so that a
    batch cut short leaves the truth on the records. Failures are logged with the reference
    only: no address, no answer."""
    connection = get_connection()
    try:
        connection.open()
    except Exception as error:
        logger.error("Could not reach the mail server for %d decision emails", len(outgoing))
        DecisionEmail.objects.filter(pk__in=[o.record_id for o in outgoing]).update(
            attempts=F("attempts") + 1, error=_describe(error)
        )
        return
    try:
        for message in outgoing:
            _send_one(message, connection)
    finally:
        try:
            connection.close()
        except Exception:
            logger.warning("Could not close the mail connection after decision emails")


def _send_one(message: _Outgoing, connection) -> None:
    email = EmailMessage(
        message.subject,
        message.body,
        settings.DEFAULT_FROM_EMAIL,
        [message.to],
        reply_to=[settings.PROGRAMMES_EMAIL],
        connection=connection,
    )
    record = DecisionEmail.objects.filter(pk=message.record_id)
    try:
        if not email.send():
            raise RuntimeError("The mail server accepted no message.")
    except Exception as error:
        logger.error(
            "Could not send the %s decision email for %s (%s)",
            message.decision,
            message.reference,
            type(error).__name__,
        )
        record.update(attempts=F("attempts") + 1, error=_describe(error), subject=message.subject)
        return
    record.update(
        attempts=F("attempts") + 1, sent_at=timezone.now(), error="", subject=message.subject
    )
