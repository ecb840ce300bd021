"""Writes that span models or send mail: submitting an application, saving a draft."""

import logging
import uuid
from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .forms import FILE_FIELDS, sign_draft
from .models import Application, ApplicationDraft, Edition

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
    """Another application from this email address exists for the edition."""


def _delete_files(files, *, keep=()):
    keep_names = {f.name for f in keep if f}
    for file in files:
        # An upload not yet written to storage (`_committed` False) has nothing to delete.
        if file and file._committed and file.name not in keep_names:
            file.storage.delete(file.name)


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
    at: datetime | None = None,
) -> Application:
    """Store one application and, after commit, email its reference to the applicant.

    `data` holds the form's cleaned answers, files and consents; a file left as None is taken
    from the draft, which is deleted once its answers are an application. Raises CallClosed,
    AlreadySubmitted (with the earlier application) or EmailAlreadyApplied; in each case
    nothing new is kept, files included.
    """
    if not edition.call_is_open(at=at or timezone.now()):
        raise CallClosed
    fields, themes = _answers_without_themes(data)
    draft_files = draft.stored_files() if draft else []
    for name in FILE_FIELDS:
        if fields.get(name) is None:
            fields[name] = getattr(draft, name).name if draft else ""
    application = Application(edition=edition, submission_token=submission_token, **fields)

    try:
        _refuse_if_applied_before(application)
        with transaction.atomic():
            _insert_with_unique_reference(application)
            application.themes.set(themes)
            if draft is not None:
                # The draft's files now belong to the application; delete the row only.
                ApplicationDraft.objects.filter(pk=draft.pk).delete()
                leftover = [f for f in draft_files if f.name not in _names(application)]
                transaction.on_commit(lambda: _delete_files(leftover))
            transaction.on_commit(lambda: send_confirmation(application))
    except EmailAlreadyApplied:
        _delete_files(application.stored_files(), keep=draft_files)
        send_already_applied(edition=edition, email=application.email)
        raise
    except BaseException:
        _delete_files(application.stored_files(), keep=draft_files)
        raise
    return application


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
        raise EmailAlreadyApplied


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
            # A post that won the race against this one, or else a reference already taken.
            _refuse_if_applied_before(application)
            if not Application.objects.filter(reference=application.reference).exists():
                raise
    raise IntegrityError("Could not draw an unused application reference.")


def save_draft(
    *, edition: Edition, data: dict, draft: ApplicationDraft | None = None
) -> ApplicationDraft:
    """Keep the answers typed so far and, after commit, email a private link back to them.

    Consents are not kept: they are given when the application is submitted.
    """
    if not edition.call_is_open():
        raise CallClosed
    fields, themes = _answers_without_themes(data)
    if draft is None:
        draft = ApplicationDraft(edition=edition)
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
    draft.theme_ids = [theme.pk for theme in themes]
    try:
        with transaction.atomic():
            draft.save()
            transaction.on_commit(lambda: _delete_files(replaced))
            transaction.on_commit(lambda: send_draft_link(draft))
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


def _send(*, to: str, subject: str, template: str, context: dict) -> None:
    """Send one message; a mail server failure is logged, never shown to the applicant,
    whose application is already stored by then."""
    body = render_to_string(template, context)
    message = EmailMessage(
        subject, body, settings.DEFAULT_FROM_EMAIL, [to], reply_to=[settings.PROGRAMMES_EMAIL]
    )
    try:
        message.send()
    except Exception:
        logger.exception("Could not send %s", template)


def send_confirmation(application: Application) -> None:
    edition = application.edition
    _send(
        to=application.email,
        subject=_("Your application to %(edition)s: %(reference)s")
        % {"edition": edition, "reference": application.reference},
        template="programmes/email/application_received.txt",
        context={"edition": edition, "reference": application.reference},
    )


def send_already_applied(*, edition: Edition, email: str) -> None:
    """Tell the address's owner that a second application was not made (and which stands)."""
    earlier = Application.objects.filter(edition=edition, email__iexact=email).first()
    if earlier is None:
        return
    _send(
        to=email,
        subject=_("Your application to %(edition)s") % {"edition": edition},
        template="programmes/email/already_applied.txt",
        context={"edition": edition, "reference": earlier.reference},
    )


def draft_link(draft: ApplicationDraft) -> str:
    edition = draft.edition
    path = reverse(
        "programmes:resume-draft",
        kwargs={"slug": edition.programme.slug, "year": edition.year, "token": sign_draft(draft)},
    )
    return settings.SITE_URL + path


def send_draft_link(draft: ApplicationDraft) -> None:
    _send(
        to=draft.email,
        subject=_("Your saved application to %(edition)s") % {"edition": draft.edition},
        template="programmes/email/draft_link.txt",
        context={
            "edition": draft.edition,
            "link": draft_link(draft),
            "link_days": settings.APPLICATION_DRAFT_LINK_MAX_AGE // 86400,
        },
    )


def delete_application(application: Application) -> None:
    """Delete an application and, once that is committed, its files."""
    files = application.stored_files()
    with transaction.atomic():
        application.delete()
        transaction.on_commit(lambda: _delete_files(files))
