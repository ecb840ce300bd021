"""Writes that span models or send mail: submitting an application, saving a draft,
moving applications through review."""

import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.fields.files import FieldFile
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import page_cache

from . import drafts, outbox
from .forms import FILE_FIELDS
from .models import (
    TRANSITIONS,
    Application,
    ApplicationDraft,
    Criterion,
    DecisionEmail,
    DocumentDownload,
    Edition,
    KeptUpload,
    OutgoingEmail,
    Review,
    Score,
    Status,
    StatusChange,
)

logger = logging.getLogger(__name__)

REFERENCE_ATTEMPTS = 5


class CallClosed(Exception):
    """The edition's call is not open at this moment; nothing was stored."""


class AlreadySubmitted(Exception):
    """This very form was submitted before (a double click, a reload, a second tab)."""

    def __init__(self, application: Application):
        super().__init__(application.reference)
        self.application = application


class EmailAlreadyApplied(Exception):
    """Another application from this email address exists for the edition (`application`)."""

    def __init__(self, application: Application):
        super().__init__(application.reference)
        self.application = application


def _delete_files(files: Iterable[FieldFile], *, keep: Iterable[FieldFile] = ()) -> None:
    keep_names = {f.name for f in keep if f}
    for file in files:
        # An upload not yet written to storage still has the name the form gave it
        # ("document.pdf"), under which the storage holds nothing: only stored files go.
        name = file.name  # a FieldFile is true when it has a name
        if name and name not in keep_names and file.storage.exists(name):
            file.storage.delete(name)


def _forget_kept(kept: dict[str, KeptUpload]) -> None:
    """Delete the rows of kept files now taken by an application or a draft (their files
    stay: they are the new row's)."""
    if kept:
        KeptUpload.objects.filter(pk__in=[k.pk for k in kept.values()]).delete()


def _answers_without_themes(data: dict) -> tuple[dict, list]:
    data = dict(data)
    themes = list(data.pop("themes", None) or [])
    return data, themes


def submit_application(
    *,
    edition: Edition,
    data: dict,
    submission_token: uuid.UUID,
    draft: ApplicationDraft | None = None,
    kept: dict[str, KeptUpload] | None = None,
    at: datetime | None = None,
) -> Application:
    """Store one application and, once the response has gone, email its reference to the
    applicant.

    `data` holds the form's cleaned answers, files and consents; a file left as None is the
    one `kept` for this form (`keep_uploads`), or else the draft's; the draft is deleted once
    its answers are an application, and the kept rows once their files are. Raises CallClosed,
    AlreadySubmitted (with the earlier application) or EmailAlreadyApplied; in each case
    nothing new is kept, files included.

    A second application from an address is found by trying to store it (the database's
    constraints refuse it), not by looking first: both cases then do the same work before
    the answer, so its timing does not tell whether the address had applied. The address's
    owner, the one person entitled to know, is told by email; the draft it came from is
    deleted as a submitted draft is, so that its link does not tell either.
    """
    if not edition.call_is_open(at=at or timezone.now()):
        raise CallClosed
    fields, themes = _answers_without_themes(data)
    kept = kept or {}
    # Files that were stored before this post: a failure here must leave them to their rows.
    earlier_files = [*(draft.stored_files() if draft else []), *(k.file for k in kept.values())]
    for name in FILE_FIELDS:
        if fields.get(name) is None:
            if name in kept:
                fields[name] = kept[name].file.name
            else:
                fields[name] = getattr(draft, name).name if draft else ""
    application = Application(edition=edition, submission_token=submission_token, **fields)

    try:
        with transaction.atomic():
            _insert_with_unique_reference(application)
            application.themes.set(themes)
            if draft is not None:
                # The draft's files now belong to the application; delete the row only.
                ApplicationDraft.objects.filter(pk=draft.pk).delete()
            _forget_kept(kept)
            leftover = [f for f in earlier_files if f.name not in _names(application)]
            transaction.on_commit(lambda: _delete_files(leftover))
            queue_confirmation(application)
    except EmailAlreadyApplied as error:
        # The kept files stay with their rows: the form may come again with another address.
        _delete_files(application.stored_files(), keep=earlier_files)
        with transaction.atomic():
            if draft is not None:
                discard_draft(draft)
            queue_second_form(standing=error.application, discreet=application.discreet_emails)
        raise
    except BaseException:
        _delete_files(application.stored_files(), keep=earlier_files)
        raise
    return application


def keep_uploads(*, submission_token: uuid.UUID, uploads: dict) -> dict[str, KeptUpload]:
    """Keep the documents that passed their checks in a form that failed on another answer
    (`uploads`: field name to uploaded file), encrypted like any document and for that form
    alone (its submission token), so that sending it again needs no new choice. A document
    kept before for the same form and field is replaced. Returns the kept rows by field.

    `apply_retention` deletes what no application or draft took, after a day."""
    kept, replaced = {}, []
    for name, upload in uploads.items():
        row = KeptUpload.objects.filter(submission_token=submission_token, document=name).first()
        if row is None:
            row = KeptUpload(submission_token=submission_token, document=name)
        elif row.file:
            replaced.append(row.file)  # the stored file, before the new one takes its place
        row.file, row.chosen_name, row.created_at = upload, upload.chosen_name, timezone.now()
        try:
            with transaction.atomic():
                row.save()
        except IntegrityError:
            # The same form failed twice at once (a double click): the other post kept it.
            _delete_files([row.file])
            continue
        kept[name] = row
    if replaced:
        transaction.on_commit(lambda: _delete_files(replaced))
    return kept


def _refuse_if_applied_before(application: Application) -> None:
    """Raise AlreadySubmitted if this very form was stored, EmailAlreadyApplied if another
    application from the address was.

    One query for both: with two, the other post of a double click could commit in between
    and this one would be taken for a second application from the same address.
    """
    earlier = list(
        Application.objects.filter(
            Q(submission_token=application.submission_token)
            | Q(edition=application.edition, email__iexact=application.email)
        )
    )
    for row in earlier:
        if row.submission_token == application.submission_token:
            raise AlreadySubmitted(row)
    if earlier:
        raise EmailAlreadyApplied(earlier[0])


def _names(application: Application) -> set[str]:
    return {f.name for f in application.stored_files()}


def _insert_with_unique_reference(application: Application) -> None:
    """Insert the row, drawing a new reference in the (rare) case one is already taken."""
    for _attempt in range(REFERENCE_ATTEMPTS):
        application.reference = Application.new_reference(application.edition)
        try:
            with transaction.atomic():
                application.save()
            return
        except IntegrityError:
            application.pk = None
            # This very form stored already, or another application from the address (the
            # constraints on the token and on the address refuse it), or else a reference
            # already taken.
            _refuse_if_applied_before(application)
            if not Application.objects.filter(reference=application.reference).exists():
                raise
    raise IntegrityError("Could not draw an unused application reference.")


def save_draft(
    *,
    edition: Edition,
    data: dict,
    draft: ApplicationDraft | None = None,
    submission_token: uuid.UUID | None = None,
    kept: dict[str, KeptUpload] | None = None,
) -> ApplicationDraft:
    """Keep the answers typed so far and email a private link back to them (through the
    outbox: the message is written with the draft).

    Without `draft`, the draft made earlier by the same form (`submission_token`) is saved
    again, if there is one: a form posted twice (a double click, a reload) keeps one draft,
    and its link is not emailed again unless the address changed. Consents are not kept:
    they are given when the application is submitted. A file left as None is the one
    `kept` for this form, if any, or else the one saved before.
    """
    if not edition.call_is_open():
        raise CallClosed
    fields, themes = _answers_without_themes(data)
    repeated = None
    if draft is None and submission_token is not None:
        draft = repeated = ApplicationDraft.objects.filter(
            edition=edition, submission_token=submission_token
        ).first()
    if draft is None:
        draft = ApplicationDraft(edition=edition, submission_token=submission_token)
    emailed_before = repeated.email if repeated else None
    uploaded, replaced = [], []
    for name, value in fields.items():
        if name.startswith("consent_"):
            continue
        if name in FILE_FIELDS:
            if value is None:
                continue  # no new file: keep the one saved before, if any
            uploaded.append(name)
            if getattr(draft, name):
                replaced.append(getattr(draft, name))
        setattr(draft, name, "" if value is None else value)
    kept = kept or {}
    unused = []  # kept files replaced by a file chosen in this post
    for name, row in kept.items():
        if fields.get(name) is None:
            if getattr(draft, name):
                replaced.append(getattr(draft, name))
            setattr(draft, name, row.file.name)
        else:
            unused.append(row.file)
    draft.theme_ids = [theme.pk for theme in themes]
    # A form posted again with the same address has had its link already.
    send_link = draft.email != emailed_before
    try:
        with transaction.atomic():
            draft.save()
            _forget_kept(kept)
            transaction.on_commit(lambda: _delete_files([*replaced, *unused]))
            if send_link:
                queue_draft_link(draft)
    except BaseException:
        # Only the files uploaded now: those saved before still belong to the stored draft.
        _delete_files([getattr(draft, name) for name in uploaded])
        raise
    return draft


def discard_draft(draft: ApplicationDraft) -> None:
    files = draft.stored_files()
    with transaction.atomic():
        draft.delete()
        transaction.on_commit(lambda: _delete_files(files))


def delete_expired_drafts(*, at: datetime | None = None) -> int:
    """Delete every draft whose call has closed, with its files. Returns how many."""
    at = at or timezone.now()
    expired = list(ApplicationDraft.objects.filter(edition__call_closes__lte=at))
    for draft in expired:
        discard_draft(draft)
    return len(expired)


# --- Mail -----------------------------------------------------------------------------------
# Written in the active language, the applicant's, into the outbox (programmes/outbox.py),
# which sends them after the commit and the response. Where the applicant asked for discreet
# emails, the subject and first line do not say what they applied to: someone who watches
# their inbox sees "Your ISHR reference".


def _queue(*, template: str, context: dict[str, Any], **fields: Any) -> None:
    outbox.queue(body=render_to_string(template, context), **fields)


def _subject(reference: str, *, discreet: bool, otherwise: str) -> str:
    """A discreet subject says only that this is about an ISHR reference."""
    return (
        _("Your ISHR reference: %(reference)s") % {"reference": reference}
        if discreet
        else otherwise
    )


def queue_confirmation(application: Application) -> None:
    """The reference, and what happens next."""
    edition, reference = application.edition, application.reference
    discreet = application.discreet_emails
    _queue(
        kind=OutgoingEmail.Kind.CONFIRMATION,
        to=application.email,
        subject=_subject(
            reference,
            discreet=discreet,
            otherwise=_("Your application to %(edition)s: %(reference)s")
            % {"edition": edition, "reference": reference},
        ),
        template="programmes/email/application_received.txt",
        context={"edition": edition, "reference": reference, "discreet": discreet},
        application=application,
    )


def queue_second_form(*, standing: Application, discreet: bool) -> None:
    """Tell the owner of an address that applied (`standing`) that a second form came and
    was not kept, and which application stands."""
    edition, reference = standing.edition, standing.reference
    discreet = discreet or standing.discreet_emails
    _queue(
        kind=OutgoingEmail.Kind.SECOND_FORM,
        to=standing.email,
        subject=_subject(
            reference,
            discreet=discreet,
            otherwise=_("Your application to %(edition)s") % {"edition": edition},
        ),
        template="programmes/email/already_applied.txt",
        context={"edition": edition, "reference": reference, "discreet": discreet},
        application=standing,
    )


def draft_link(draft: ApplicationDraft) -> str:
    edition = draft.edition
    path = reverse(
        "programmes:resume-draft",
        kwargs={"slug": edition.programme.slug, "year": edition.year, "token": drafts.sign(draft)},
    )
    return settings.SITE_URL + path


def queue_draft_link(draft: ApplicationDraft) -> None:
    """The private link back to a draft; it opens the form in the active language. If the
    address has applied to the edition already, the message names that application: the
    page after saving says the same in both cases."""
    standing = (
        Application.objects.filter(edition=draft.edition, email__iexact=draft.email)
        .values_list("reference", flat=True)
        .first()
    )
    _queue(
        kind=OutgoingEmail.Kind.DRAFT_LINK,
        to=draft.email,
        subject=(
            _("Your saved form")
            if draft.discreet_emails
            else _("Your saved application to %(edition)s") % {"edition": draft.edition}
        ),
        template="programmes/email/draft_link.txt",
        context={
            "edition": draft.edition,
            "link": draft_link(draft),
            "link_days": settings.APPLICATION_DRAFT_LINK_MAX_AGE // 86400,
            "standing_reference": standing,
            "discreet": draft.discreet_emails,
        },
        draft=draft,
    )


def record_download(*, application: Application, document: str, by: User) -> DocumentDownload:
    """Record that `by` downloaded one of the application's documents (`document`, a name
    in FILE_FIELDS), and when: these files say who a defender is."""
    return DocumentDownload.objects.create(
        application=application, document=document, downloaded_by=by
    )


# --- Review ---------------------------------------------------------------------------------


@dataclass
class StatusResult:
    changed: list[Application] = field(default_factory=list)
    # (application, why it could not move), in the order asked.
    refused: list[tuple[Application, str]] = field(default_factory=list)


def why_not(application: Application, to: str, emailed: set[tuple[int, str]]) -> str:
    """Why `application` may not move to `to`, or "" if it may."""
    current = Status(application.status)
    if to == current:
        return _("it is already %(status)s") % {"status": current.label.lower()}
    if to not in TRANSITIONS[current]:
        return _("a %(current)s application cannot become %(to)s") % {
            "current": current.label.lower(),
            "to": Status(to).label.lower(),
        }
    if current in Status.decisions() and (application.pk, current) in emailed:
        # Sent, or failed and due to be retried: either way the applicant hears this one.
        return _("the email telling the applicant they are %(status)s is already on record") % {
            "status": current.label.lower()
        }
    return ""


def change_statuses(
    *, applications: Iterable[Application], to: str, by: User | None
) -> StatusResult:
    """Move applications to status `to` where the workflow allows it, and record each change
    (who, when). Rows are locked while they change, so two managers deciding at once cannot
    both move the same application. A constant number of queries, whatever the count."""
    ids = [a.pk for a in applications]
    result = StatusResult()
    now = timezone.now()
    with transaction.atomic():
        locked = list(
            Application.objects.select_for_update()
            .filter(pk__in=ids)
            .select_related("edition__programme")
            .order_by("pk")
        )
        emailed = set(
            DecisionEmail.objects.filter(application__in=ids).values_list(
                "application_id", "decision"
            )
        )
        changes = []
        order = {pk: position for position, pk in enumerate(ids)}
        for application in sorted(locked, key=lambda a: order[a.pk]):
            why = why_not(application, to, emailed)
            if why:
                result.refused.append((application, why))
                continue
            changes.append(
                StatusChange(
                    application=application,
                    from_status=application.status,
                    to_status=to,
                    changed_by=by,
                    changed_at=now,
                )
            )
            application.status = to
            result.changed.append(application)
        if result.changed:
            # The review's live figures count selections; `update()` sends no signal.
            with page_cache.bulk_write(Application):
                Application.objects.filter(pk__in=[a.pk for a in result.changed]).update(
                    status=to, updated_at=now
                )
            StatusChange.objects.bulk_create(changes)
    return result


class StatusRefused(Exception):
    pass


def change_status(*, application: Application, to: str, by: User | None) -> None:
    """Move one application, or raise StatusRefused saying why not."""
    result = change_statuses(applications=[application], to=to, by=by)
    if result.refused:
        raise StatusRefused(result.refused[0][1])
    application.status = to


def assign_reviewers(
    *, applications: Iterable[Application], reviewers: Iterable[User], by: User | None
) -> int:
    """Assign each reviewer to each application; an existing assignment is left as it is.
    Returns how many assignments are new."""
    application_ids = [a.pk for a in applications]
    reviewer_ids = [r.pk for r in reviewers]
    with transaction.atomic():
        existing = set(
            Review.objects.filter(
                application__in=application_ids, reviewer__in=reviewer_ids
            ).values_list("application_id", "reviewer_id")
        )
        new = [
            Review(application_id=a, reviewer_id=r, assigned_by=by)
            for a in application_ids
            for r in reviewer_ids
            if (a, r) not in existing
        ]
        # A manager assigning the same people at the same moment loses nothing and makes
        # no duplicate: the unique constraint holds, and the conflict is ignored.
        Review.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def save_review(
    *,
    review: Review,
    scores: dict[Criterion, tuple[int | None, str]],
    comment: str,
    submit: bool,
) -> Review:
    """Store a reviewer's scores (criterion → (score or None, comment)) and overall comment.

    A review counts in the application's average once submitted, which needs every criterion
    scored. Submitting again later (to correct a score) keeps the first submission time."""
    if submit and any(value is None for value, _comment in scores.values()):
        raise ValueError("A review is submitted with a score for every criterion.")
    with transaction.atomic():
        review.comment = comment
        if submit and review.submitted_at is None:
            review.submitted_at = timezone.now()
        elif not submit:
            review.submitted_at = None
        review.save(update_fields=["comment", "submitted_at"])
        kept = {c.pk for c, (value, _comment) in scores.items() if value is not None}
        review.scores.exclude(criterion__in=kept).delete()
        for criterion, (value, text) in scores.items():
            if value is not None:
                Score.objects.update_or_create(
                    review=review, criterion=criterion, defaults={"value": value, "comment": text}
                )
    return review
