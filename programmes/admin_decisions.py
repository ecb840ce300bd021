"""Decision emails in the admin: the action on applications, the templates on an edition's
page, the record of what was sent on an application's page, and each batch's progress page
(registered here). `admin_editions.py` and `admin_applications.py` wire in the rest."""

from collections.abc import Iterable
from typing import TYPE_CHECKING, cast

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from . import decisions, outbox
from .admin_mixins import NotFoundOutsideQuerysetMixin, RecordAdminMixin
from .models import (
    Application,
    DecisionEmail,
    DecisionEmailBatch,
    DecisionTemplate,
    Edition,
    OutgoingEmail,
    Status,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

CONFIRMATION_TEMPLATE = "admin/programmes/application/send_decisions.html"


class DecisionTemplateInline(admin.StackedInline):
    """The email for each decision, on the edition's page."""

    model = DecisionTemplate
    form = decisions.DecisionTemplateForm
    fields = ["decision", "subject", "body"]
    max_num = len(Status.decisions())
    verbose_name_plural = gettext_lazy("decision emails (one per decision)")

    def get_extra(self, request, obj=None, **kwargs):
        # A blank form for each decision still without an email; left blank, it is ignored.
        written = obj.decision_templates.count() if obj else 0
        return len(Status.decisions()) - written


class DecisionEmailInline(RecordAdminMixin, admin.TabularInline):
    """What was sent to this applicant, and when; a record, not something to edit."""

    model = DecisionEmail
    fields = [
        "decision",
        "subject",
        "sent_by",
        "queued_at",
        "state",
        "sent_at",
        "last_error",
    ]
    readonly_fields = cast(list[str], fields)  # flat: no field groups
    extra = 0
    max_num = 0
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("queued_by", "message")

    @admin.display(description=gettext_lazy("state"))
    def state(self, record):
        return record.message.get_state_display() if record.message else "—"

    @admin.display(description=gettext_lazy("sent at"))
    def sent_at(self, record):
        return record.message.sent_at if record.message and record.message.sent_at else "—"

    @admin.display(description=gettext_lazy("last error"))
    def last_error(self, record):
        return (record.message.last_error if record.message else "") or "—"

    @admin.display(description=gettext_lazy("sent by"))
    def sent_by(self, record):
        user = record.queued_by
        return (user.get_full_name() or user.get_username()) if user else "—"


def edition_email_url(edition: Edition) -> str:
    """The edition's admin page, at its decision emails."""
    url = reverse("admin:programmes_edition_change", args=[edition.pk])
    return f"{url}#decision_templates-group"


# The second confirmation asked for while a call is open: a decision sent then may reach an
# applicant before others have even applied.
CALL_OPEN_CONFIRMED = "call_open_confirmed"


@admin.action(
    description=gettext_lazy("Send decision emails to the selected applicants"),
    permissions=["change"],
)
def send_decision_emails(modeladmin, request, queryset):
    """First a page saying who will be emailed what, then, once confirmed, the batch."""
    preview = decisions.preview_decision_emails(applications=queryset)
    open_calls = editions_with_open_call(preview.to_send)
    confirmed = bool(request.POST.get("post"))
    call_open_refused = (
        confirmed and bool(open_calls) and not request.POST.get(CALL_OPEN_CONFIRMED)
    )
    if confirmed and not call_open_refused:
        batch = decisions.send_decision_emails(applications=queryset, by=request.user)
        report(modeladmin, request, batch)
        if batch.sending is None:
            return None  # nothing sent: back to the list
        return HttpResponseRedirect(batch_progress_url(batch.sending))

    request.current_app = modeladmin.admin_site.name
    return TemplateResponse(
        request,
        CONFIRMATION_TEMPLATE,
        {
            **modeladmin.admin_site.each_context(request),
            "title": _("Send decision emails"),
            "subtitle": None,
            "opts": modeladmin.model._meta,
            "media": modeladmin.media,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
            **confirmation_context(preview),
            "samples": decisions.sample_decision_emails(preview.to_send),
            "open_calls": open_calls,
            "call_open_field": CALL_OPEN_CONFIRMED,
            "call_open_refused": call_open_refused,
        },
    )


def editions_with_open_call(applications: Iterable[Application]) -> list[Edition]:
    """The editions of `applications` whose call for applications is open now, by name."""
    now = timezone.now()
    editions = {a.edition_id: a.edition for a in applications if a.edition.call_is_open(at=now)}
    return sorted(editions.values(), key=str)


def confirmation_context(preview: decisions.DecisionBatch) -> dict:
    to_send = preview.by_decision(preview.to_send)
    retried = preview.by_decision(preview.retried)
    already = preview.by_decision(preview.already_sent)
    without = preview.by_decision(preview.without_template)
    not_decided: dict[StrOrPromise, list[Application]] = {}
    for application in preview.not_decided:
        not_decided.setdefault(Status(application.status).label, []).append(application)
    selected = sorted(
        (
            *preview.to_send,
            *preview.already_sent,
            *preview.not_decided,
            *preview.without_template,
        ),
        key=lambda application: application.pk,
    )
    return {
        "decision_rows": [
            {
                "label": decision.label,
                "to_send": to_send.get(decision, 0),
                "retried": retried.get(decision, 0),
                "already_sent": already.get(decision, 0),
                "without_template": without.get(decision, 0),
            }
            for decision in Status.decisions()
        ],
        "to_send_count": len(preview.to_send),
        "already_sent_count": len(preview.already_sent),
        "not_decided": sorted(not_decided.items()),
        "not_decided_count": len(preview.not_decided),
        "missing_templates": [
            {
                "edition": edition,
                "decision": Status(decision).label,
                "url": edition_email_url(edition),
                "count": count,
            }
            for edition, decision, count in preview.missing_template_counts()
        ],
        "selected_ids": [application.pk for application in selected],
    }


def _by_decision_text(counts: dict[str, int]) -> str:
    return ", ".join(
        f"{count} {Status(decision).label.lower()}" for decision, count in counts.items()
    )


def report(modeladmin, request, batch: decisions.DecisionBatch) -> None:
    """Tell the manager what the batch did, one message per kind of outcome."""
    # A background task sends the emails after the commit; the batch's page, where this
    # message shows, follows them, as do the application pages.
    if batch.to_send:
        modeladmin.message_user(
            request,
            ngettext(
                "%(count)d decision email is being sent (%(decisions)s). The application's "
                "page shows when it has gone.",
                "%(count)d decision emails are being sent (%(decisions)s). Each application's "
                "page shows when its email has gone.",
                len(batch.to_send),
            )
            % {
                "count": len(batch.to_send),
                "decisions": _by_decision_text(batch.by_decision(batch.to_send)),
            },
            messages.SUCCESS,
        )
    if batch.retried:
        modeladmin.message_user(
            request,
            ngettext(
                "%(count)d of these emails had failed before and is being sent again.",
                "%(count)d of these emails had failed before and are being sent again.",
                len(batch.retried),
            )
            % {"count": len(batch.retried)},
            messages.INFO,
        )
    if batch.already_sent:
        count = len(batch.already_sent)
        modeladmin.message_user(
            request,
            ngettext(
                "%(count)d applicant had already been emailed their decision and was left alone.",
                "%(count)d applicants had already been emailed their decision and were left "
                "alone.",
                count,
            )
            % {"count": count},
            messages.INFO,
        )
    if batch.not_decided:
        count = len(batch.not_decided)
        modeladmin.message_user(
            request,
            ngettext(
                "%(count)d applicant was left out: no decision yet, or withdrawn.",
                "%(count)d applicants were left out: no decision yet, or withdrawn.",
                count,
            )
            % {"count": count},
            messages.WARNING,
        )
    for edition, decision, count in batch.missing_template_counts():
        modeladmin.message_user(
            request,
            format_html(
                '{} <a href="{}">{}</a>',
                ngettext(
                    "%(edition)s has no email for “%(decision)s” yet: %(count)d applicant was "
                    "left out.",
                    "%(edition)s has no email for “%(decision)s” yet: %(count)d applicants "
                    "were left out.",
                    count,
                )
                % {"edition": edition, "decision": Status(decision).label, "count": count},
                edition_email_url(edition),
                _("Write it on the edition’s page."),
            ),
            messages.WARNING,
        )


# --- A batch's progress -------------------------------------------------------------------------

# While emails wait, the progress page asks the browser to load it again this often (an HTTP
# Refresh header: no script), unless the reader turned that off.
REFRESH_SECONDS = 5
NO_REFRESH = "refresh"


def batch_progress_url(batch: DecisionEmailBatch) -> str:
    return reverse("admin:programmes_decisionemailbatch_change", args=[batch.pk])


@admin.register(DecisionEmailBatch)
class DecisionEmailBatchAdmin(NotFoundOutsideQuerysetMixin, RecordAdminMixin, admin.ModelAdmin):
    """Every batch of decision emails, and for each a page that follows its sending: how many
    have gone, wait or failed (with their applications' references), and "try again"."""

    list_display = ["created_at", "sent_by_name", "progress", "waiting", "failed"]
    list_display_links = ["created_at"]
    date_hierarchy = "created_at"

    def get_queryset(self, request):
        return decisions.with_counts(super().get_queryset(request).select_related("sent_by"))

    @admin.display(description=gettext_lazy("sent by"))
    def sent_by_name(self, batch):
        user = batch.sent_by
        return (user.get_full_name() or user.get_username()) if user else "—"

    @admin.display(description=gettext_lazy("progress"))
    def progress(self, batch):
        return _("%(sent)d of %(total)d sent") % {"sent": batch.sent_count, "total": batch.total}

    @admin.display(description=gettext_lazy("waiting"))
    def waiting(self, batch):
        return batch.waiting_count

    @admin.display(description=gettext_lazy("failed"))
    def failed(self, batch):
        return batch.failed_count

    def get_urls(self):
        return [
            path(
                "<path:object_id>/retry/",
                self.admin_site.admin_view(self.retry_view),
                name="programmes_decisionemailbatch_retry",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The batch's progress page, in place of a form: a batch is a record."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        batch = get_object_or_404(self.get_queryset(request), pk=object_id)
        progress = decisions.batch_progress(batch)
        refreshing = not progress.done and request.GET.get(NO_REFRESH) != "off"
        request.current_app = self.admin_site.name
        response = TemplateResponse(
            request,
            "admin/programmes/decisionemailbatch/progress.html",
            {
                **self.admin_site.each_context(request),
                "title": str(batch),
                "subtitle": None,
                "opts": self.model._meta,
                "batch": batch,
                "progress": progress,
                "refreshing": refreshing,
                "refresh_seconds": REFRESH_SECONDS,
                "no_refresh": NO_REFRESH,
                "show_references": request.user.has_perm("programmes.view_application"),
                "may_retry": may_retry(request.user),
                "retry_url": reverse("admin:programmes_decisionemailbatch_retry", args=[batch.pk]),
            },
        )
        if refreshing:
            response["Refresh"] = str(REFRESH_SECONDS)
        return response

    def retry_view(self, request, object_id):
        """Try the batch's failed emails again now (the outbox's "retry now"); POST only."""
        if request.method != "POST":
            return HttpResponseRedirect(
                reverse("admin:programmes_decisionemailbatch_change", args=[object_id])
            )
        if not (self.has_view_permission(request) and may_retry(request.user)):
            raise PermissionDenied
        batch = get_object_or_404(self.get_queryset(request), pk=object_id)
        count = outbox.retry(batch.messages.filter(state=OutgoingEmail.State.FAILED))
        self.message_user(
            request,
            ngettext(
                "%(count)d failed email is being sent again.",
                "%(count)d failed emails are being sent again.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(batch_progress_url(batch))


def may_retry(user) -> bool:
    """Who may send decision emails may send a failed one again."""
    return user.has_perm("programmes.change_application")
