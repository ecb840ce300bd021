import hashlib
import logging
import math
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.generic import DetailView, ListView
from django_ratelimit.core import get_usage

from core.http import client_ip
from core.page_cache import public_page
from core.storage import STORAGE_ERRORS

from . import drafts, services
from .forms import ANSWER_FIELDS, ApplicationForm
from .models import (
    Application,
    ApplicationDraft,
    Edition,
    KeptUpload,
    OutgoingEmail,
    Participant,
    Programme,
    Testimonial,
)

logger = logging.getLogger(__name__)


def published_editions() -> QuerySet[Edition]:
    return Edition.objects.published().order_by("-year")


@method_decorator(public_page, name="dispatch")
class ProgrammeListView(ListView):
    template_name = "programmes/programme_list.html"
    context_object_name = "programmes"

    def get_queryset(self) -> QuerySet[Programme]:
        return Programme.objects.all().prefetch_related(
            Prefetch("editions", queryset=published_editions(), to_attr="public_editions")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(now=timezone.now(), **kwargs)


@method_decorator(public_page, name="dispatch")
class ProgrammeDetailView(DetailView):
    template_name = "programmes/programme_detail.html"
    context_object_name = "programme"

    def get_object(self, queryset: QuerySet[Programme] | None = None) -> Programme:
        return get_object_or_404(
            Programme.objects.all().prefetch_related(
                Prefetch(
                    "editions",
                    queryset=published_editions().prefetch_related("components"),
                    to_attr="public_editions",
                )
            ),
            slug=self.kwargs["slug"],
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        editions = self.object.public_editions
        context["now"] = now
        context["current_call"] = next(
            (
                e
                for e in reversed(editions)
                if e.call_is_open(at=now) or e.call_is_upcoming(at=now)
            ),
            None,
        )
        return context


@method_decorator(public_page, name="dispatch")
class EditionDetailView(DetailView):
    template_name = "programmes/edition_detail.html"
    context_object_name = "edition"

    def get_object(self, queryset: QuerySet[Edition] | None = None) -> Edition:
        return get_object_or_404(
            published_editions()
            .select_related("programme")
            .prefetch_related(
                "components",
                "themes",
                "criteria",
                Prefetch(
                    "participants",
                    queryset=Participant.objects.public(),
                    to_attr="public_participants",
                ),
                Prefetch(
                    "testimonials",
                    queryset=Testimonial.objects.public().select_related("participant"),
                    to_attr="public_testimonials",
                ),
            ),
            programme__slug=self.kwargs["slug"],
            year=self.kwargs["year"],
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(now=timezone.now(), **kwargs)


# --- Applying -------------------------------------------------------------------------------

# Pages that show an applicant's saved answers, email or reference are `never_cache`, so that
# a shared computer's cache does not keep them. The blank form and a POST's answer need not.

# What the page after a post shows, kept in the session: the edition and the address typed
# (never whether that address had applied before), and for a draft its private link.
SENT_KEY = "programmes:form-sent"
SAVED_KEY = "programmes:draft-saved"


def _edition_or_404(slug: str, year: int) -> Edition:
    return get_object_or_404(
        published_editions().select_related("programme").prefetch_related("themes"),
        programme__slug=slug,
        year=year,
    )


def _next_call(edition: Edition, now: datetime) -> Edition | None:
    """The programme's next published edition whose call is open or still to come."""
    return (
        Edition.objects.published(at=now)
        .filter(programme_id=edition.programme_id, call_closes__gt=now)
        .exclude(pk=edition.pk)
        .order_by("call_opens")
        .first()
    )


def _remember(request: HttpRequest, key: str, value: dict[str, Any]) -> None:
    """Keep a value for the next page, in a session that ends when the browser closes
    (applicants may be on a shared computer).

    The session gets a new key first: a session id planted in the browser beforehand (a
    shared computer, a cookie set from a sibling domain) then never holds what the applicant
    sent, and whoever planted it cannot read the address, reference or draft link."""
    request.session.cycle_key()
    request.session[key] = value
    request.session.set_expiry(0)


def _remembered(request: HttpRequest, key: str, edition: Edition) -> dict[str, Any] | None:
    value = request.session.get(key)
    if isinstance(value, dict) and value.get("edition") == edition.pk:
        return value
    return None


def _closed(
    request: HttpRequest,
    edition: Edition,
    now: datetime,
    *,
    late_form: ApplicationForm | None = None,
) -> HttpResponse:
    """The notice that replaces the form when the call is not open. A form posted too late is
    shown back read-only so that nothing typed is lost; nothing of it is stored."""
    return render(
        request,
        "programmes/apply_closed.html",
        {
            "edition": edition,
            "now": now,
            "next_call": _next_call(edition, now),
            "late_answers": late_form.typed_answers() if late_form is not None else None,
        },
        status=403 if late_form is not None else 200,
    )


# --- Abuse: robots and floods --------------------------------------------------------------

# Posts are counted per client address, submissions apart from drafts (settings.APPLY_RATE,
# settings.DRAFT_RATE). The counters live in the cache, as django-ratelimit keeps them.
APPLY_GROUP = "programmes:apply"
DRAFT_GROUP = "programmes:apply-draft"
DELETE_DRAFT_GROUP = "programmes:delete-draft"
# Over the limit, a form already let through may come this many times more: the second post of
# a double click, then a reload. It is answered as the first was (the service knows the same
# form again by its token), never as "too many".
FORM_REPEATS = 2


def _seen_key(group: str, address: str, form_key: str) -> str:
    digest = hashlib.sha256(f"{group}|{address}|{form_key}".encode()).hexdigest()
    return f"programmes:form-seen:{digest}"


def _wait_before_next_form(request: HttpRequest, *, group: str, rate: str, form_key: str) -> int:
    """0 if this post may go ahead; otherwise the seconds until this connection may post again.

    Every post counts. `form_key` names the form sent (its submission token, or the draft's
    link): a form let through once is let through FORM_REPEATS more times over the limit.
    """
    address = client_ip(request)
    if not address:
        logger.warning("No client address to count posts by; set DJANGO_CLIENT_IP_HEADER.")
        return 0
    usage = get_usage(request, group=group, key="ip", rate=rate, method="POST", increment=True)
    if usage is None:  # RATELIMIT_ENABLE off, or the cache unreachable (RATELIMIT_FAIL_OPEN)
        return 0
    cache = caches[getattr(settings, "RATELIMIT_USE_CACHE", "default")]
    seen = _seen_key(group, address, form_key) if form_key else None
    wait = max(usage["time_left"], 1)
    if not usage["should_limit"]:
        if seen:
            cache.set(seen, FORM_REPEATS, timeout=wait + 5)
        return 0
    if seen:
        try:
            if cache.decr(seen) >= 0:
                return 0
        except ValueError:  # never let through, or its window is over
            pass
    return wait


def _too_many(
    request: HttpRequest,
    edition: Edition,
    seconds: int,
    *,
    kind: str,
    form: ApplicationForm | None = None,
    draft: ApplicationDraft | None = None,
) -> HttpResponse:
    """The answer to a post over the limit (`kind`: "submission", "draft" or "deletion").
    Nothing of it is stored; what was typed is shown back read-only, as for a form that
    arrives after the deadline, so that nothing is lost."""
    logger.warning("Too many posts (%s) from one address for %s; nothing stored.", kind, edition)
    response = render(
        request,
        "programmes/apply_too_many.html",
        {
            "edition": edition,
            "kind": kind,
            "minutes": math.ceil(seconds / 60),
            "typed_answers": form.typed_answers() if form is not None else None,
            "kept_draft": draft is not None,
            "programmes_email": settings.PROGRAMMES_EMAIL,
        },
        status=429,
    )
    response["Retry-After"] = str(seconds)
    return response


@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    edition = _edition_or_404(slug, year)
    now = timezone.now()
    if request.method == "GET":
        if not edition.call_is_open(at=now):
            return _closed(request, edition, now)
        form = ApplicationForm(edition=edition)
        return _render_form(request, edition, form, now)

    for_draft = "save_draft" in request.POST
    draft = drafts.load(edition, request.POST.get("draft"))
    # One query more per post: the documents a failed post of this form kept.
    kept = KeptUpload.objects.for_form(request.POST.get("submission_token"), at=now)
    form = ApplicationForm(
        request.POST, request.FILES, edition=edition, draft=draft, kept=kept, for_draft=for_draft
    )
    if not edition.call_is_open(at=now):
        return _closed(request, edition, now, late_form=form)
    wait = _wait_before_next_form(
        request,
        group=DRAFT_GROUP if for_draft else APPLY_GROUP,
        rate=settings.DRAFT_RATE if for_draft else settings.APPLY_RATE,
        form_key=request.POST.get("submission_token", ""),
    )
    if wait:
        kind = "draft" if for_draft else "submission"
        return _too_many(request, edition, wait, kind=kind, form=form, draft=draft)
    if not form.is_valid():
        if form.caught_by_honeypot:
            # No personal data here: not the address, not the answers.
            logger.warning(
                "The hidden anti-spam field of a %s for %s was filled; nothing stored.",
                "draft" if for_draft else "form",
                edition,
            )
            return _render_form(request, edition, form, now, status=400)
        token = form.cleaned_data.get("submission_token")
        if token and not for_draft and Application.objects.filter(submission_token=token).exists():
            # This form was stored already and took its kept files (the second post of a
            # double click): the same page as the first post's.
            _remember(
                request, SENT_KEY, {"edition": edition.pk, "email": form.data.get("email", "")}
            )
            return redirect("programmes:apply-done", slug=slug, year=year)
        if token:
            try:
                kept_now = services.keep_uploads(
                    submission_token=token, uploads=form.valid_uploads()
                )
            except STORAGE_ERRORS:
                # The storage failed: the page asks for the files again rather than failing.
                logger.exception("Could not keep the documents of a failed form for %s.", edition)
                kept_now = {}
            form.note_kept(kept_now)
        return _render_form(request, edition, form, now)
    email = form.cleaned_data["email"]
    try:
        if for_draft:
            draft = services.save_draft(
                edition=edition,
                data=form.answers(),
                draft=draft,
                submission_token=form.cleaned_data["submission_token"],
                kept=form.kept,
            )
            _remember(
                request,
                SAVED_KEY,
                {"edition": edition.pk, "email": email, "token": drafts.sign(draft)},
            )
            return redirect("programmes:apply-saved", slug=slug, year=year)
        services.submit_application(
            edition=edition,
            data=form.answers(),
            submission_token=form.cleaned_data["submission_token"],
            draft=draft,
            kept=form.kept,
        )
    except services.CallClosed:
        return _closed(request, edition, timezone.now(), late_form=form)
    except (services.AlreadySubmitted, services.EmailAlreadyApplied):
        # The same page as for a new application, whether this form was sent before (a
        # double click) or the address had applied already: the page must not tell a
        # stranger who applied. What differs goes to that address only, by email.
        pass
    _remember(request, SENT_KEY, {"edition": edition.pk, "email": email})
    return redirect("programmes:apply-done", slug=slug, year=year)


def _render_form(
    request: HttpRequest,
    edition: Edition,
    form: ApplicationForm,
    now: datetime,
    *,
    status: int = 200,
) -> HttpResponse:
    draft = form.saved_draft
    delete_url = (
        reverse(
            "programmes:delete-draft",
            kwargs={
                "slug": edition.programme.slug,
                "year": edition.year,
                "token": drafts.sign(draft),
            },
        )
        if draft
        else None
    )
    return render(
        request,
        "programmes/apply.html",
        {
            "edition": edition,
            "form": form,
            "now": now,
            "draft": draft,
            "delete_draft_url": delete_url,
        },
        status=status,
    )


@never_cache
@require_GET
def resume_draft(request: HttpRequest, slug: str, year: int, token: str) -> HttpResponse:
    """The private link from the email: the form again, filled in with the saved answers."""
    edition = _edition_or_404(slug, year)
    now = timezone.now()
    draft = drafts.load(edition, token)
    if not edition.call_is_open(at=now):
        return _closed(request, edition, now)
    if draft is None:
        return _link_invalid(request, edition)
    form = ApplicationForm(edition=edition, draft=draft, initial=draft_initial(draft))
    return _render_form(request, edition, form, now)


@never_cache
@require_POST
def delete_draft(request: HttpRequest, slug: str, year: int, token: str) -> HttpResponse:
    """The applicant deletes their saved draft, its answers and files, at once."""
    edition = _edition_or_404(slug, year)
    wait = _wait_before_next_form(
        request, group=DELETE_DRAFT_GROUP, rate=settings.DRAFT_RATE, form_key=token
    )
    if wait:
        return _too_many(request, edition, wait, kind="deletion")
    draft = drafts.load(edition, token)
    if draft is None:
        return _link_invalid(request, edition)
    services.discard_draft(draft)
    return render(request, "programmes/apply_draft_deleted.html", {"edition": edition})


def _link_invalid(request: HttpRequest, edition: Edition) -> HttpResponse:
    return render(
        request,
        "programmes/apply_link_invalid.html",
        {"edition": edition, "days": settings.APPLICATION_DRAFT_LINK_MAX_AGE // 86400},
        status=404,
    )


def draft_initial(draft: ApplicationDraft) -> dict[str, Any]:
    initial = {name: getattr(draft, name) for name in ANSWER_FIELDS if name != "themes"}
    initial["country"] = draft.country.code if draft.country else ""
    initial["themes"] = draft.theme_ids
    return initial


@never_cache
@require_GET
def apply_done(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    edition = _edition_or_404(slug, year)
    sent = _remembered(request, SENT_KEY, edition)
    if sent is None:
        return redirect(edition.get_apply_url())
    return render(
        request,
        "programmes/apply_done.html",
        {
            "edition": edition,
            "email": sent["email"],
            "programmes_email": settings.PROGRAMMES_EMAIL,
        },
    )


@never_cache
@require_GET
def apply_saved(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    edition = _edition_or_404(slug, year)
    saved = _remembered(request, SAVED_KEY, edition)
    if saved is None:
        return redirect(edition.get_apply_url())
    resume_url = reverse(
        "programmes:resume-draft", kwargs={"slug": slug, "year": year, "token": saved["token"]}
    )
    draft = drafts.load(edition, saved["token"])
    # Until the email with the link has gone, this page is the only copy of it: it says so,
    # and gives the whole link (the mail server may be down for hours).
    emailed = draft is not None and (
        draft.emails.filter(kind=OutgoingEmail.Kind.DRAFT_LINK)
        .order_by("-created_at", "-pk")
        .values_list("state", flat=True)
        .first()
        == OutgoingEmail.State.SENT
    )
    return render(
        request,
        "programmes/apply_saved.html",
        {
            "edition": edition,
            "email": saved["email"],
            "resume_url": resume_url,
            "full_resume_url": settings.SITE_URL + resume_url,
            "emailed": emailed,
        },
    )
