"""Applications in the admin: the list and its filters, the answers as staff read them,
the workflow's actions (statuses, reviewers, decision emails, erasure) and the documents."""

from typing import cast

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.utils import flatten_fieldsets
from django.db.models import Exists, Field, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import retention, selectors, services
from .admin_decisions import DecisionEmailInline, send_decision_emails
from .admin_documents import DocumentDownloadInline, document_urls, send_document
from .admin_mixins import NotFoundOutsideQuerysetMixin, OfferedFiltersOnlyMixin
from .admin_retention import erase_applicants
from .exports import ApplicationExportMixin
from .forms import SECTIONS, AssignReviewersForm
from .models import (
    TRANSITIONS,
    Application,
    DecisionEmail,
    OutgoingEmail,
    Review,
    Status,
    StatusChange,
)

# The form's fields as the application's page shows them: files become download links.
SHOWN_AS = {"themes": "theme_list", "cv": "cv_file", "reference_letter": "reference_letter_file"}


def staff_label(name: str):
    """The question `name` as staff read it: the model field's verbose name."""
    # Each question is a field of the application itself, never a reverse relation.
    return cast(Field, Application._meta.get_field(name)).verbose_name


class CountryFilter(admin.SimpleListFilter):
    """Only the countries applicants work in, not the world's 249."""

    title = staff_label("country")
    parameter_name = "country"

    def lookups(self, request, model_admin):
        codes = (
            model_admin.get_queryset(request)
            .order_by()
            .values_list("country", flat=True)
            .distinct()
        )
        field = Application._meta.get_field("country")
        names = dict(field.choices or ())
        return sorted(((code, names.get(code, code)) for code in codes), key=lambda c: c[1])

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(country=self.value())
        return queryset


class ReviewerFilter(admin.SimpleListFilter):
    title = _("reviewer")
    parameter_name = "reviewer"

    def lookups(self, request, model_admin):
        return [("none", _("No reviewer yet"))] + [
            (str(user.pk), user.get_full_name() or user.get_username())
            for user in selectors.reviewers()
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "none":
            return queryset.filter(reviews=None)
        if value:
            try:
                return queryset.filter(reviews__reviewer=int(value))
            except ValueError:
                return queryset.none()
        return queryset


class ScoreFilter(admin.SimpleListFilter):
    title = _("average score")
    parameter_name = "score"
    RANGES = {
        "4-5": (4, None),
        "3-4": (3, 4),
        "2-3": (2, 3),
        "0-2": (None, 2),
    }

    def lookups(self, request, model_admin):
        return [
            ("4-5", _("4 to 5")),
            ("3-4", _("3 to under 4")),
            ("2-3", _("2 to under 3")),
            ("0-2", _("under 2")),
            ("none", _("not scored yet")),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "none":
            return queryset.filter(score_average=None)
        if value in self.RANGES:
            low, high = self.RANGES[value]
            if low is not None:
                queryset = queryset.filter(score_average__gte=low)
            if high is not None:
                queryset = queryset.filter(score_average__lt=high)
        return queryset


class DecisionEmailFilter(admin.SimpleListFilter):
    """Whether the applicant has been told their current decision."""

    title = _("decision email")
    parameter_name = "decision_email"

    def lookups(self, request, model_admin):
        return [
            ("sent", _("Sent")),
            ("waiting", _("Being sent")),
            ("failed", _("Failed: send the decision emails again to retry")),
            ("none", _("Decided, not sent yet")),
        ]

    def queryset(self, request, queryset):
        current = DecisionEmail.objects.filter(
            application=OuterRef("pk"), decision=OuterRef("status")
        )
        states = {
            "sent": OutgoingEmail.State.SENT,
            "waiting": OutgoingEmail.State.WAITING,
            "failed": OutgoingEmail.State.FAILED,
        }
        value = self.value()
        if value in states:
            return queryset.filter(Exists(current.filter(message__state=states[value])))
        if value == "none":
            return queryset.filter(status__in=Status.decisions()).exclude(Exists(current))
        return queryset


class AnonymisedFilter(admin.SimpleListFilter):
    """Whether the retention period has blanked the application (`anonymised_at` set): said
    in words, where Django's filter for an empty field offers "Empty" and "Not empty"."""

    title = _("anonymisation")
    parameter_name = "anonymised"

    def lookups(self, request, model_admin):
        return [("yes", _("Anonymised")), ("no", _("Not anonymised"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.exclude(anonymised_at=None)
        if self.value() == "no":
            return queryset.filter(anonymised_at=None)
        return queryset


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    fields = readonly_fields = ("changed_at", "from_status", "to_status", "changed_by")
    extra = 0
    max_num = 0
    can_delete = False
    verbose_name_plural = _("status history")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ReviewInline(admin.StackedInline):
    """Each reviewer's work on the application, read-only: scores belong to their reviewer."""

    model = Review
    fields = readonly_fields = (
        "reviewer_name",
        "assigned_at",
        "submitted_at",
        "score_table",
        "comment",
    )
    extra = 0
    max_num = 0
    verbose_name_plural = _("reviews")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("reviewer", "application")
            .prefetch_related("scores__criterion")
        )

    @admin.display(description=_("reviewer"))
    def reviewer_name(self, obj):
        return obj.reviewer.get_full_name() or obj.reviewer.get_username()

    @admin.display(description=_("scores"))
    def score_table(self, obj):
        return render_to_string("admin/programmes/review/score_table.html", {"review": obj})


class ApplicationStatusForm(forms.ModelForm):
    """The status field offers only the moves the workflow allows from where it stands: those
    `services.why_not` would refuse (a decision whose email is on record) are not offered."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "status" in self.fields and self.instance.pk:
            current = Status(self.instance.status)
            emailed = set(self.instance.decision_emails.values_list("application_id", "decision"))
            allowed = {current} | {
                to
                for to in TRANSITIONS[current]
                if not services.why_not(self.instance, to, emailed)
            }
            status = cast(forms.ChoiceField, self.fields["status"])
            status.choices = [c for c in Status.choices if c[0] in allowed]

    def clean_status(self):
        status = self.cleaned_data["status"]
        if self.instance.pk and status != self.initial.get("status"):
            emailed = set(self.instance.decision_emails.values_list("application_id", "decision"))
            current = Application.objects.only("status").get(pk=self.instance.pk)
            if why := services.why_not(current, status, emailed):
                raise forms.ValidationError(why[:1].upper() + why[1:] + ".")
        return status


@admin.register(Application)
class ApplicationAdmin(
    NotFoundOutsideQuerysetMixin,
    OfferedFiltersOnlyMixin,
    ApplicationExportMixin,
    admin.ModelAdmin,
):
    """Applications arrive through the public form; staff read them, assign reviewers, move
    them through the workflow and decide. Every status change is recorded."""

    form = ApplicationStatusForm
    # What fits beside the admin's navigation and the filters at 1280 px. The reference
    # names the edition (HRDAP27-…), and the list is newest first, with the dates above it
    # to narrow it to a day: neither needs a column of its own.
    list_display = [
        "reference",
        "full_name",
        "country_name",
        "status",
        "average_score",
        "reviews_done",
    ]
    list_filter = [
        "edition",
        "status",
        CountryFilter,
        "themes",
        "scholarship",
        "english_level",
        ReviewerFilter,
        ScoreFilter,
        DecisionEmailFilter,
        AnonymisedFilter,
    ]
    list_select_related = ["edition__programme"]
    list_per_page = 100
    search_fields = ["reference", "full_name", "email", "organisation"]
    date_hierarchy = "submitted_at"
    # The record's own fields, then the form's sections as staff read them
    # (`Section.admin_title`).
    fieldsets = [
        (title, {"fields": [SHOWN_AS.get(name, name) for name in names]})
        for title, names in [
            (None, ["reference", "edition", "status", "submitted_at", "anonymised_at"]),
            *((section.admin_title, section.fields) for section in SECTIONS),
        ]
    ]
    readonly_fields = [name for name in flatten_fieldsets(fieldsets) if name != "status"]
    inlines = [ReviewInline, StatusChangeInline, DecisionEmailInline, DocumentDownloadInline]
    actions = [
        "assign_reviewers",
        "mark_shortlisted",
        "mark_selected",
        "mark_waitlisted",
        "mark_declined",
        send_decision_emails,
        erase_applicants,
    ]

    def has_add_permission(self, request):
        return False

    def get_queryset(self, request):
        queryset = super().get_queryset(request).prefetch_related("themes")
        return selectors.with_review_figures(queryset)

    @admin.display(description=staff_label("country"), ordering="country")
    def country_name(self, obj):
        # The admin's own display of a CountryField flattens the world's list for every cell.
        return obj.country.name

    @admin.display(description=_("score"), ordering="score_average")
    def average_score(self, obj):
        return "—" if obj.score_average is None else f"{obj.score_average:.1f}"

    # Complete reviews of those assigned: "2 / 3".
    @admin.display(description=_("reviews"), ordering="review_count")
    def reviews_done(self, obj):
        if not obj.reviewer_count:
            return "—"
        return f"{obj.review_count} / {obj.reviewer_count}"

    @admin.display(description=staff_label("themes"))
    def theme_list(self, obj):
        return ", ".join(theme.name for theme in obj.themes.all()) or "—"

    def _file_link(self, obj, field_name):
        if not getattr(obj, field_name):
            return "—"
        url = reverse("admin:programmes_application_file", args=[obj.pk, field_name])
        return format_html('<a href="{}">{}</a>', url, _("Download"))

    @admin.display(description=staff_label("cv"))
    def cv_file(self, obj):
        return self._file_link(obj, "cv")

    @admin.display(description=staff_label("reference_letter"))
    def reference_letter_file(self, obj):
        return self._file_link(obj, "reference_letter")

    def get_urls(self):
        return [
            *document_urls(self, self.download_file, "programmes_application_file"),
            *super().get_urls(),
        ]

    def download_file(self, request, object_id, field_name):
        """Hand a document to staff who may view the application, as a download. Anyone else
        gets the 404 of a missing one: a 403 would confirm that the application exists."""
        application = get_object_or_404(Application, pk=object_id)
        if not self.has_view_permission(request, application):
            raise Http404
        return send_document(application, field_name, by=request.user)

    def save_model(self, request, obj, form, change):
        # Status is the only field staff edit here, and it moves through the service so that
        # the workflow's rules hold and the change is recorded.
        if "status" in form.changed_data:
            try:
                services.change_status(application=obj, to=obj.status, by=request.user)
            except services.StatusRefused as refused:
                self.message_user(request, str(refused), messages.ERROR)

    def get_actions(self, request):
        # "Erase the applicants…" replaces the stock bulk delete: it also removes their
        # drafts, sessions and searches, and records the erasure.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def delete_model(self, request, obj):
        retention.erase_applicants(applications=[obj], by=request.user)

    def delete_queryset(self, request, queryset):
        retention.erase_applicants(applications=queryset, by=request.user)

    # --- Actions ----------------------------------------------------------------------------

    def _move(self, request, queryset, to):
        result = services.change_statuses(applications=queryset, to=to, by=request.user)
        label = Status(to).label.lower()
        if result.changed:
            self.message_user(
                request,
                ngettext(
                    "%(count)d application is now %(status)s.",
                    "%(count)d applications are now %(status)s.",
                    len(result.changed),
                )
                % {"count": len(result.changed), "status": label},
                messages.SUCCESS,
            )
        if result.refused:
            details = "; ".join(
                f"{application.reference}: {why}" for application, why in result.refused[:20]
            )
            more = len(result.refused) - 20
            self.message_user(
                request,
                ngettext(
                    "%(count)d application was left as it was (%(details)s).",
                    "%(count)d applications were left as they were (%(details)s).",
                    len(result.refused),
                )
                % {
                    "count": len(result.refused),
                    "details": details + (f"; and {more} more" if more > 0 else ""),
                },
                messages.WARNING,
            )

    @admin.action(description=_("Shortlist the selected applications"), permissions=["change"])
    def mark_shortlisted(self, request, queryset):
        self._move(request, queryset, Status.SHORTLISTED)

    @admin.action(description=_("Select the selected applications"), permissions=["change"])
    def mark_selected(self, request, queryset):
        self._move(request, queryset, Status.SELECTED)

    @admin.action(description=_("Waitlist the selected applications"), permissions=["change"])
    def mark_waitlisted(self, request, queryset):
        self._move(request, queryset, Status.WAITLISTED)

    @admin.action(description=_("Decline the selected applications"), permissions=["change"])
    def mark_declined(self, request, queryset):
        self._move(request, queryset, Status.DECLINED)

    @admin.action(
        description=_("Assign reviewers to the selected applications…"), permissions=["change"]
    )
    def assign_reviewers(self, request, queryset):
        reviewers = selectors.reviewers(assignable=True)
        form = AssignReviewersForm(
            request.POST if "apply" in request.POST else None, reviewers=reviewers
        )
        if form.is_valid():
            created = services.assign_reviewers(
                applications=queryset, reviewers=form.cleaned_data["reviewers"], by=request.user
            )
            self.message_user(
                request,
                ngettext(
                    "%(count)d new assignment made.", "%(count)d new assignments made.", created
                )
                % {"count": created},
                messages.SUCCESS,
            )
            return None
        return TemplateResponse(
            request,
            "admin/programmes/application/assign_reviewers.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Assign reviewers"),
                "opts": self.model._meta,
                "form": form,
                # The changelist's queryset: its editions come with it (list_select_related).
                "applications": list(queryset.order_by("reference")),
                "action_checkbox_name": ACTION_CHECKBOX_NAME,
                "has_reviewers": reviewers.exists(),
            },
        )
