"""Keeping applicants' data no longer than it is needed: `apply_retention` (daily) and
`erase_applicants` (on request), each recorded (docs/architecture.md, "Retention")."""

import calendar
import contextlib
import json
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial
from importlib import import_module
from typing import Any
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.admin.views.main import SEARCH_VAR
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.backends.base import SessionBase
from django.core.exceptions import ImproperlyConfigured
from django.db import models, transaction
from django.db.models import Exists, Max, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Cast, Concat, Lower, TruncDay
from django.utils import timezone
from django.utils.text import smart_split, unescape_string_literal

from core.storage import STORAGE_ERRORS

from . import services
from .models import (
    Application,
    ApplicationAnswers,
    ApplicationDraft,
    ApplicationExport,
    DataRemoval,
    DecisionEmail,
    Edition,
    KeptUpload,
    OutgoingEmail,
    Review,
    Score,
    Status,
)
from .storage import private_storage

logger = logging.getLogger(__name__)

# What an anonymised application keeps of the applicant's answers: enough to count
# applicants by country, English, availability and scholarship. Everything else they wrote,
# and their documents, is blanked. Besides these, the row keeps its edition, reference,
# status, themes, consents and the day (not the time) it was submitted.
KEPT_FOR_STATISTICS = frozenset(
    {"country", "english_level", "available_online", "available_geneva", "scholarship"}
)

# The folders of `cv_upload_to` and `letter_upload_to`, shared by applications and drafts.
DOCUMENT_FOLDERS = ("applications/cv", "applications/letters")
# A document is written before its row commits; one with no row for this long is an orphan.
ORPHAN_AFTER = timedelta(days=1)
# Applications are anonymised in slices, so that no query carries more parameters than a
# database takes (SQLite's limit can be 999).
CHUNK = 500
# What a search term in a recorded export becomes when it matched an applicant removed.
REDACTED = "[removed]"


# --- When -----------------------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day if it has no such day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def edition_last_day(*, edition: Edition) -> date | None:
    """The last day an unsuccessful application may still matter: the end of the edition's
    last component (a waitlisted applicant may be called up until then), or, without
    components, the latest of the call's close and the decisions date. None if the edition
    has none of these.

    Reads `edition.last_component_day` when the queryset annotated it (`_with_last_day`)."""
    if hasattr(edition, "last_component_day"):
        last_component_day = edition.last_component_day
    else:
        last_component_day = edition.components.aggregate(day=Max("ends_on"))["day"]
    days = [last_component_day, edition.decisions_by]
    if edition.call_closes:
        days.append(timezone.localdate(edition.call_closes))
    days = [day for day in days if day]
    return max(days) if days else None


def anonymisation_day(*, edition: Edition) -> date | None:
    """The first day (Geneva time) on which the edition's applications not selected are
    anonymised: the day after its last day plus `retention_months`. None if it has no end."""
    last_day = edition_last_day(edition=edition)
    if last_day is None:
        return None
    return add_months(last_day, edition.retention_months) + timedelta(days=1)


def _not_anonymised_unsuccessful() -> QuerySet:
    return Application.objects.filter(anonymised_at=None).exclude(status=Status.SELECTED)


def _editions_with_applications_to_anonymise() -> list[Edition]:
    waiting = _not_anonymised_unsuccessful().filter(edition=OuterRef("pk"))
    return list(
        Edition.objects.filter(Exists(waiting))
        .annotate(last_component_day=Max("components__ends_on"))
        .select_related("programme")
    )


def editions_never_due() -> list[Edition]:
    """Editions holding applications to anonymise one day but no date to count from (no
    call close, decisions date or component): retention cannot apply to them until one is
    set. The daily command names them."""
    return [
        edition
        for edition in _editions_with_applications_to_anonymise()
        if anonymisation_day(edition=edition) is None
    ]


# --- Anonymisation --------------------------------------------------------------------------


def _blanked_answers() -> dict[str, object]:
    """Each answer field not kept for statistics, with the value that replaces it."""
    blanked: dict[str, object] = {}
    for field in ApplicationAnswers._meta.fields:
        if field.name in KEPT_FOR_STATISTICS:
            continue
        if field.name == "email":
            # Unique per edition, so a placeholder unique to the row; `.invalid` is a domain
            # that can never receive mail.
            blanked["email"] = Concat(
                Value("erased-"),
                Cast("pk", output_field=models.CharField()),
                Value("@invalid"),
                output_field=models.CharField(),
            )
        elif isinstance(field, models.CharField | models.TextField | models.FileField):
            blanked[field.name] = ""
        elif isinstance(field, models.BooleanField):
            # Asking for discreet emails says something of the person's situation.
            blanked[field.name] = field.default
        elif field.null:
            blanked[field.name] = None
        else:
            raise ImproperlyConfigured(
                f"Say in programmes/retention.py how to anonymise {field.name}: keep it for "
                "statistics (KEPT_FOR_STATISTICS) or give it an empty value."
            )
    return blanked


def _chunks(items: list, size: int = CHUNK) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _anonymise_due(*, at: datetime) -> tuple[list[str], list[str]]:
    """Anonymise the applications not selected of every edition whose retention period is
    over. Returns their references and the names of their documents, to delete after commit.

    A constant number of queries per `CHUNK` applications: bulk updates, no row saved."""
    today = timezone.localdate(at)
    due_editions = [
        edition.pk
        for edition in _editions_with_applications_to_anonymise()
        if (day := anonymisation_day(edition=edition)) and day <= today
    ]
    if not due_editions:
        return [], []
    rows = list(
        _not_anonymised_unsuccessful()
        .filter(edition__in=due_editions)
        .select_for_update()
        .order_by("pk")
        .values_list(
            "pk", "reference", "full_name", "email", "organisation", "cv", "reference_letter"
        )
    )
    blanked = _blanked_answers()
    for chunk in _chunks([row[0] for row in rows]):
        Application.objects.filter(pk__in=chunk).update(
            **blanked,
            # The day is enough for statistics; the second could single someone out. The
            # Geneva day is truncated in Geneva time and stored as that day at 00:00 UTC (on
            # SQLite and PostgreSQL alike), so it reads as the same day in both.
            submitted_at=TruncDay("submitted_at"),
            anonymised_at=at,
            updated_at=at,
        )
        # Reviewers' words can name or describe the applicant; their scores cannot.
        Review.objects.filter(application__in=chunk).update(comment="")
        Score.objects.filter(review__application__in=chunk).update(comment="")
        # Every email about them goes from the outbox (its address, subject and errors
        # name them; one not sent yet would go to the placeholder address). The decision
        # records keep the decision and when it was queued; their subject may hold the name.
        OutgoingEmail.objects.filter(application__in=chunk).delete()
        DecisionEmail.objects.filter(application__in=chunk).update(subject="")
        # Status changes (from, to, who, when) and document downloads (which, who, when)
        # hold nothing about the applicant: they stay, as the record of what staff did.
    _redact_searches(
        [(name, email, organisation) for _pk, _ref, name, email, organisation, *_f in rows]
    )
    files = [name for *_answers, cv, letter in rows for name in (cv, letter) if name]
    return [row[1] for row in rows], files


def apply_retention(*, at: datetime | None = None) -> DataRemoval:
    """The daily run: delete the drafts of closed calls, anonymise the applications whose
    retention period is over, clear expired sessions (they may hold an applicant's address)
    and, after commit, delete the documents of those applications, those kept for a failed
    form that nobody sent again within a day, and any document left without an application
    or draft for a day. Recorded as a `DataRemoval`; running it
    twice changes nothing the second time."""
    at = at or timezone.now()
    with transaction.atomic():
        # Looked for first, so that the documents removed below are not counted twice.
        orphans = _orphaned_documents(before=at - ORPHAN_AFTER)
        orphans += [
            name for name in _abandoned_uploads(before=at - ORPHAN_AFTER) if name not in orphans
        ]
        drafts = services.delete_expired_drafts(at=at)
        references, files = _anonymise_due(at=at)
        _clear_expired_sessions()
        record = DataRemoval.objects.create(
            kind=DataRemoval.Kind.RETENTION_RUN,
            done_at=at,
            drafts_deleted=drafts,
            applications_anonymised=len(references),
            files_deleted=len(files) + len(orphans),
            references=references,
        )
        transaction.on_commit(partial(_delete_documents, [*files, *orphans]), robust=True)
    return record


# --- Erasure on request ---------------------------------------------------------------------


@dataclass(frozen=True)
class ErasurePlan:
    """What erasing the chosen applicants deletes: their applications and every other one
    made with the same address (any edition, any case), and their drafts."""

    applications: tuple[Application, ...]
    drafts: tuple[ApplicationDraft, ...]
    chosen_ids: frozenset[int]

    @property
    def files(self) -> list[str]:
        return [f.name for row in (*self.applications, *self.drafts) for f in row.stored_files()]


def _ids(
    applications: QuerySet[Application] | Iterable[Application],
) -> QuerySet[Application, Any] | list[int]:
    if isinstance(applications, QuerySet):
        return applications.order_by().values("pk")
    return [application.pk for application in applications]


def plan_erasure(*, applications: QuerySet | Iterable[Application]) -> ErasurePlan:
    """What `erase_applicants` would delete for these applications now. Writes nothing."""
    chosen = list(Application.objects.filter(pk__in=_ids(applications)).only("pk", "email"))
    addresses = {application.email.lower() for application in chosen}
    same_person = Application.objects.alias(address=Lower("email")).filter(
        Q(pk__in=[a.pk for a in chosen]) | Q(address__in=addresses)
    )
    drafts = ApplicationDraft.objects.alias(address=Lower("email")).filter(address__in=addresses)
    return ErasurePlan(
        applications=tuple(
            same_person.select_related("edition__programme").order_by("edition__year", "pk")
        ),
        drafts=tuple(drafts.order_by("pk")),
        chosen_ids=frozenset(a.pk for a in chosen),
    )


def erase_applicants(
    *, applications: QuerySet | Iterable[Application], by: User | None
) -> DataRemoval:
    """Erase the applicants of these applications, on their request, leaving nothing of them:
    every application made with their address (with its reviews and scores, status history,
    decision emails, download records and admin log), their drafts, their unexpired
    sessions, their name or address typed as a search in the record of exports, and, after
    commit, their documents. Recorded as a `DataRemoval` with who, when and the references."""
    with transaction.atomic():
        plan = plan_erasure(applications=applications)
        application_ids = [a.pk for a in plan.applications]
        files = plan.files
        _redact_searches(
            [
                (row.full_name, row.email, row.organisation)
                for row in (*plan.applications, *plan.drafts)
            ]
        )
        _forget_admin_log(
            {
                Application: application_ids,
                Review: list(
                    Review.objects.filter(application__in=application_ids).values_list(
                        "pk", flat=True
                    )
                ),
                ApplicationDraft: [draft.pk for draft in plan.drafts],
            }
        )
        addresses = {row.email.lower() for row in (*plan.applications, *plan.drafts)}
        _end_sessions(addresses=addresses)
        # Their emails go with their applications and drafts; any other to them too.
        OutgoingEmail.objects.filter(to__in=addresses).delete()
        Application.objects.filter(pk__in=application_ids).delete()
        ApplicationDraft.objects.filter(pk__in=[draft.pk for draft in plan.drafts]).delete()
        record = DataRemoval.objects.create(
            kind=DataRemoval.Kind.ERASURE,
            done_by=by,
            applications_erased=len(plan.applications),
            drafts_deleted=len(plan.drafts),
            files_deleted=len(files),
            references=[a.reference for a in plan.applications],
        )
        transaction.on_commit(partial(_delete_documents, files), robust=True)
    return record


# --- Traces elsewhere -----------------------------------------------------------------------


def _mentions(search: str, needles: list[str]) -> bool:
    """Whether an admin search, split into terms as the admin splits it, could have been
    looking for one of these (lowercased) names, addresses or organisations."""
    text = search.lower().strip()
    if not text:
        return False
    terms = []
    for term in smart_split(text):
        if term[:1] in "\"'" and term[-1:] == term[:1]:
            term = unescape_string_literal(term)
        terms.append(term)
    return any(text in needle or needle in text for needle in needles) or any(
        term in needle for term in terms if term for needle in needles
    )


def _redact_searches(identities: list[tuple[str, str, str]]) -> int:
    """Replace with `REDACTED`, in the record of exports, any search typed in the application
    list that may have looked for one of these (name, address, organisation): a search for
    "Jane Doe" names her. Cautious on purpose: a term found in any of them counts. The other
    filters are choices (an edition, a status, a country code), not typed text.
    Returns how many records changed."""
    needles = [value.lower() for identity in identities for value in identity if value]
    if not needles:
        return 0
    changed = []
    for export in ApplicationExport.objects.filter(filters__contains=f"{SEARCH_VAR}="):
        pairs = parse_qsl(export.filters, keep_blank_values=True)
        redacted = [
            (key, REDACTED if key == SEARCH_VAR and _mentions(value, needles) else value)
            for key, value in pairs
        ]
        if redacted != pairs:
            export.filters = urlencode(redacted)
            changed.append(export)
    ApplicationExport.objects.bulk_update(changed, ["filters"])
    return len(changed)


def _forget_admin_log(objects: dict[type[models.Model], list[int]]) -> None:
    """Delete the admin's log entries (its "history" and "recent actions") of these objects.
    They hold the reference and which fields changed, not the answers; but the person asked
    that nothing of them be kept, and the history of a deleted object serves no one."""
    condition = Q(pk__in=[])
    for model, ids in objects.items():
        if ids:
            content_type = ContentType.objects.get_for_model(model)
            condition |= Q(content_type=content_type, object_id__in=[str(pk) for pk in ids])
    LogEntry.objects.filter(condition).delete()


def _session_store() -> type[SessionBase]:
    return import_module(settings.SESSION_ENGINE).SessionStore


def _clear_expired_sessions() -> None:
    """What `manage.py clearsessions` does: an expired session may still hold the address
    an applicant typed (the pages after a form is sent or saved read it from there)."""
    with contextlib.suppress(NotImplementedError):  # signed-cookie sessions: nothing stored
        _session_store().clear_expired()


def _end_sessions(*, addresses: set[str]) -> int:
    """End the unexpired sessions that remember one of these addresses (the apply views
    keep the address typed for the page after a post).
    Only sessions kept in the database can be searched; others expire on their own."""
    store = _session_store()
    if not hasattr(store, "get_model_class"):
        return 0
    Session = store.get_model_class()
    ended = []
    for key, data in Session.objects.filter(expire_date__gt=timezone.now()).values_list(
        "session_key", "session_data"
    ):
        values = store().decode(data)
        text = json.dumps(values, default=str).lower()
        if any(address in text for address in addresses):
            ended.append(key)
    Session.objects.filter(session_key__in=ended).delete()
    return len(ended)


# --- Documents ------------------------------------------------------------------------------


def _orphaned_documents(*, before: datetime) -> list[str]:
    """Documents in the private folder that no application or draft names and that were
    written before `before`: left by a failed deletion or a write cut short."""
    storage = private_storage()
    # One statement, so one snapshot: a draft submitted meanwhile hands its documents to
    # its application, and two queries could see them in neither.
    rows = (
        ApplicationDraft.objects.order_by()
        .values_list("cv", "reference_letter")
        .union(Application.objects.order_by().values_list("cv", "reference_letter"), all=True)
    )
    named = {name for pair in rows for name in pair}
    orphans = []
    for folder in DOCUMENT_FOLDERS:
        try:
            _dirs, names = storage.listdir(folder)
        except FileNotFoundError:
            continue
        for name in names:
            path = f"{folder}/{name}"
            if path not in named and storage.get_modified_time(path) < before:
                orphans.append(path)
    return orphans


def _abandoned_uploads(*, before: datetime) -> list[str]:
    """Delete the documents kept for failed forms (`KeptUpload`) before `before`, which no
    form will use any more (`KEPT_UPLOAD_LIFETIME`); return their files' names."""
    rows = KeptUpload.objects.filter(created_at__lt=before)
    names = [name for name in rows.values_list("file", flat=True) if name]
    rows.delete()
    return names


def _delete_documents(names: list[str]) -> None:
    """Delete these documents from the private folder; a failure is logged and the next
    daily run deletes the file as an orphan."""
    storage = private_storage()
    for name in names:
        try:
            storage.delete(name)
        except STORAGE_ERRORS:
            logger.exception("Could not delete the document %s", name)
