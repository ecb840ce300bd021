from typing import cast

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.utils import get_fields_from_path
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Avg, Count, Exists, FloatField, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import AdminMixinBase, StateFilter, publication_label
from core.admin_translation import (
    SideBySideStackedInline,
    SideBySideTranslationAdmin,
    translated_search_fields,
)

from . import retention, services
from .admin_decisions import DecisionEmailInline, DecisionTemplateInline, send_decision_emails
from .admin_mixins import RecordAdminMixin
from .admin_outbox import OutgoingEmailAdmin  # noqa: F401 (registers the outbox)
from .admin_retention import erase_applicants
from .exports import ApplicationExportMixin
from .forms import (
    FILE_FIELDS,
    IDENTITY_FIELDS,
    SECTIONS,
    AssignReviewersForm,
    ReviewForm,
)
from .models import (
    TRANSITIONS,
    Application,
    Component,
    Criterion,
    DecisionEmail,
    DocumentDownload,
    Edition,
    FeedbackResponse,
    OutgoingEmail,
    Participant,
    Programme,
    Review,
    Score,
    Status,
    StatusChange,
    Testimonial,
)
from .selectors import EditionFigures, figure_annotations

REVIEWERS_GROUP = "Reviewers"


class NotFoundOutsideQuerysetMixin(AdminMixinBase):
    """An object outside the user's queryset answers 404, not the admin's usual redirect to
    the index with "perhaps it was deleted": a reviewer learns nothing from guessing ids."""

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        raise Http404

    def history_view(self, request, object_id, extra_context=None):
        # Django finds the object before it checks the permission: its 403 would confirm to
        # staff who may not see it that the object exists, where a missing one answers 404.
        if not self.has_view_or_change_permission(request):
            raise Http404
        return super().history_view(request, object_id, extra_context)


class OfferedFiltersOnlyMixin(AdminMixinBase):
    """A list of applicants' data filters by what its own filters offer, and by nothing else
    typed into the address: Django lets any lookup on the model's own fields through, so that
    `?full_name__startswith=A` would probe a name letter by letter, and `?email__regex=(`
    fails in the database. Anything else answers 400 (DisallowedModelAdminLookup)."""

    # The parameters Django's own field filters read, after the field's path.
    FIELD_FILTER_SUFFIXES = ("", "__exact", "__isnull", "__isempty", "__gte", "__lt")

    # Django 5.2 always passes the request; django-stubs still allow None.
    def lookup_allowed(self, lookup, value, request):  # type: ignore[override]
        return lookup in self.offered_lookups(request) and super().lookup_allowed(
            lookup, value, request
        )

    def offered_lookups(self, request: HttpRequest) -> set[str]:
        offered: set[str] = set()
        if self.date_hierarchy:
            offered |= {f"{self.date_hierarchy}__{part}" for part in ("year", "month", "day")}
        for item in self.get_list_filter(request):
            if isinstance(item, type) and issubclass(item, admin.SimpleListFilter):
                offered.add(cast(str, item.parameter_name))  # a SimpleListFilter must have one
                continue
            # Our other filters name a field by its path, alone or with a filter class.
            field_path = cast(str, item[0] if isinstance(item, (list, tuple)) else item)
            offered |= {field_path + suffix for suffix in self.FIELD_FILTER_SUFFIXES}
            field = get_fields_from_path(self.model, field_path)[-1]
            if field.is_relation:
                target = cast(models.ForeignObject, field).target_field
                offered.add(f"{field_path}__{target.name}__exact")
        return offered


def document_urls(model_admin, view, name: str) -> list:
    """The address of a document of the object `object_id`: a number. Any other id names no
    document and answers 404, rather than reaching the view (a 500) or being redirected by
    the admin's catch-all to a change page."""

    def no_document(request, object_id, field_name):
        raise Http404

    wrap = model_admin.admin_site.admin_view
    return [
        path("<int:object_id>/file/<str:field_name>/", wrap(view), name=name),
        path("<path:object_id>/file/<str:field_name>/", wrap(no_document)),
    ]


def send_document(application: Application, field_name: str, *, by) -> FileResponse:
    """One of the application's documents, as a download named after its reference. Each
    download is recorded (who, when): these files say who a defender is."""
    if field_name not in FILE_FIELDS:
        raise Http404
    file = getattr(application, field_name)
    if not file:
        raise Http404
    DocumentDownload.objects.create(application=application, document=field_name, downloaded_by=by)
    extension = file.name.rsplit(".", 1)[-1]
    label = "cv" if field_name == "cv" else "reference-letter"
    return FileResponse(
        file.open("rb"),
        as_attachment=True,
        filename=f"{application.reference}-{label}.{extension}",
    )


class EditionInline(admin.TabularInline):
    model = Edition
    fields = ["year", "places", "call_opens", "call_closes", "state"]
    extra = 0
    show_change_link = True


@admin.register(Programme)
class ProgrammeAdmin(SideBySideTranslationAdmin):
    list_display = ["name", "short_name", "slug", "position"]
    list_editable = ["position"]
    search_fields = [*translated_search_fields("name"), "short_name"]
    prepopulated_fields = {"slug": ["short_name"]}
    inlines = [EditionInline]


class ComponentInline(SideBySideStackedInline):
    model = Component
    extra = 0
    fields = [
        ("mode", "council_session"),
        ("starts_on", "ends_on"),
        "name",
        "place",
        "description",
    ]


class ParticipantInline(admin.TabularInline):
    model = Participant
    fields = [
        "display_name",
        "organisation",
        "country",
        "visibility",
        "consent_recorded_on",
        "consent_note",
        "position",
    ]
    extra = 0


class TestimonialInline(admin.StackedInline):
    model = Testimonial
    fields = [
        "quote",
        ("participant", "attribution"),
        ("consent_recorded_on", "position"),
        ("state", "publish_at"),
    ]
    extra = 0

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "participant":
            edition_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Participant.objects.filter(edition_id=edition_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class CriterionInline(SideBySideStackedInline):
    model = Criterion
    fields = ["position", "name", "description"]
    extra = 0
    verbose_name_plural = _("selection criteria (reviewers score each from 0 to 5)")


class FeedbackResponseInline(admin.TabularInline):
    model = FeedbackResponse
    fields = ["satisfaction", "comment", "received_on"]
    extra = 0
    verbose_name_plural = _("participants' feedback (anonymous)")


@admin.register(Edition)
class EditionAdmin(SideBySideTranslationAdmin):
    list_display = [
        "__str__",
        "places",
        "call_opens",
        "call_closes",
        "applicants",
        "selected",
        "satisfaction",
        "publication",
    ]
    list_filter = ["programme", "year", StateFilter]
    list_select_related = ["programme"]
    search_fields = [
        *translated_search_fields("programme__name", "summary"),
        "programme__short_name",
    ]
    autocomplete_fields = ["themes"]
    inlines = [
        ComponentInline,
        CriterionInline,
        ParticipantInline,
        TestimonialInline,
        FeedbackResponseInline,
        DecisionTemplateInline,
    ]
    fieldsets = [
        (None, {"fields": ["programme", "year", "summary", "places", "themes"]}),
        (_("Call for applications"), {"fields": ["call_opens", "call_closes", "decisions_by"]}),
        (_("Review"), {"fields": ["hide_identity_from_reviewers"]}),
        (_("Retention"), {"fields": ["retention_months"]}),
        (_("Live figures"), {"fields": ["live_figures"]}),
        (_("For applicants"), {"fields": ["eligibility", "selection", "costs"]}),
        (_("Publication"), {"fields": ["state", "publish_at"]}),
    ]

    readonly_fields = ["live_figures"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(**figure_annotations("pk"))

    @admin.display(description=_("state"), ordering="state")
    def publication(self, obj):
        return publication_label(obj)

    @admin.display(description=_("applicants"), ordering="applicants")
    def applicants(self, obj):
        return obj.applicants

    @admin.display(description=_("selected"), ordering="selected")
    def selected(self, obj):
        return obj.selected

    @admin.display(description=_("satisfied"))
    def satisfaction(self, obj):
        return self._figures(obj).satisfied_percent_label

    @staticmethod
    def _figures(obj) -> EditionFigures:
        return EditionFigures.from_annotated(obj, edition_id=obj.pk)

    @admin.display(description=_("now"))
    def live_figures(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        figures = self._figures(obj)
        return render_to_string("admin/programmes/edition/live_figures.html", {"figures": figures})


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["display_name", "edition", "country", "visibility", "consent_recorded_on"]
    list_filter = ["edition", "visibility"]
    list_select_related = ["edition__programme"]
    search_fields = ["display_name", "organisation"]


@admin.register(Testimonial)
class TestimonialAdmin(admin.ModelAdmin):
    list_display = ["__str__", "edition", "attributed_to", "publication"]
    list_filter = ["edition", StateFilter]
    list_select_related = ["edition__programme", "participant"]
    search_fields = ["quote", "attribution"]
    autocomplete_fields = ["participant"]

    @admin.display(description=_("attributed to"))
    def attributed_to(self, obj):
        return obj.public_attribution

    @admin.display(description=_("state"), ordering="state")
    def publication(self, obj):
        return publication_label(obj)


# --- Applications ---------------------------------------------------------------------------

# The form's sections, as staff read them: files become download links.
ADMIN_TITLES = [
    _("About the applicant"),
    _("Their work"),
    _("The programme and them"),
    _("Recommendation and documents"),
    _("Consents"),
]
SHOWN_AS = {"themes": "theme_list", "cv": "cv_file", "reference_letter": "reference_letter_file"}
ANSWER_SECTIONS = [
    (None, {"fields": ["reference", "edition", "status", "submitted_at", "anonymised_at"]}),
    *(
        (title, {"fields": [SHOWN_AS.get(name, name) for name in names]})
        for title, (_form_title, names) in zip(ADMIN_TITLES, SECTIONS, strict=True)
    ),
]


def with_review_figures(queryset):
    """Each application's number of submitted reviews and their average score, as
    correlated subqueries: no join multiplies rows, and the database computes them only for
    the rows a page shows (or filters on)."""
    submitted = Review.objects.filter(application=OuterRef("pk")).exclude(submitted_at=None)
    scores = Score.objects.filter(review__application=OuterRef("pk")).exclude(
        review__submitted_at=None
    )
    return queryset.annotate(
        review_count=Coalesce(
            Subquery(
                submitted.order_by().values("application").annotate(n=Count("pk")).values("n"),
                output_field=IntegerField(),
            ),
            0,
        ),
        reviewer_count=Coalesce(
            Subquery(
                Review.objects.filter(application=OuterRef("pk"))
                .order_by()
                .values("application")
                .annotate(n=Count("pk"))
                .values("n"),
                output_field=IntegerField(),
            ),
            0,
        ),
        score_average=Subquery(
            scores.order_by().values("review__application").annotate(a=Avg("value")).values("a"),
            output_field=FloatField(),
        ),
    )


class CountryFilter(admin.SimpleListFilter):
    """Only the countries applicants work in, not the world's 249."""

    title = _("country")
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
        reviewers = get_user_model().objects.filter(groups__name=REVIEWERS_GROUP).distinct()
        return [("none", _("No reviewer yet"))] + [
            (str(user.pk), user.get_full_name() or user.get_username())
            for user in reviewers.order_by("first_name", "last_name", "username")
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
        if self.value() == "none":
            return queryset.filter(score_average=None)
        if (value := self.value()) in self.RANGES:
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
        if (value := self.value()) in states:
            return queryset.filter(Exists(current.filter(message__state=states[value])))
        if self.value() == "none":
            return queryset.filter(status__in=Status.decisions()).exclude(Exists(current))
        return queryset


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    fields = ["changed_at", "from_status", "to_status", "changed_by"]
    readonly_fields = cast(list[str], fields)  # flat: no field groups
    extra = 0
    max_num = 0
    can_delete = False
    verbose_name_plural = _("status history")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class DocumentDownloadInline(RecordAdminMixin, admin.TabularInline):
    model = DocumentDownload
    fields = ["downloaded_at", "document", "downloaded_by"]
    readonly_fields = cast(list[str], fields)  # flat: no field groups
    extra = 0
    max_num = 0
    can_delete = False
    verbose_name_plural = _("document downloads")


class ReviewInline(admin.StackedInline):
    """Each reviewer's work on the application, read-only: scores belong to their reviewer."""

    model = Review
    fields = ["reviewer_name", "assigned_at", "submitted_at", "score_table", "comment"]
    readonly_fields = cast(list[str], fields)  # flat: no field groups
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
    """The status field offers only the moves the workflow allows from where it stands."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "status" in self.fields and self.instance.pk:
            current = Status(self.instance.status)
            allowed = {current, *TRANSITIONS[current]}
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
    list_display = [
        "reference",
        "full_name",
        "edition",
        "country_name",
        "status",
        "average_score",
        "reviews_done",
        "submitted_at",
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
        ("anonymised_at", admin.EmptyFieldListFilter),
    ]
    list_select_related = ["edition__programme"]
    list_per_page = 100
    search_fields = ["reference", "full_name", "email", "organisation"]
    date_hierarchy = "submitted_at"
    # Plain dicts of options, where django-stubs want their TypedDict.
    fieldsets = ANSWER_SECTIONS  # type: ignore[assignment]
    readonly_fields = [
        name
        for _title, section in ANSWER_SECTIONS
        for name in section["fields"]
        if name != "status"
    ]
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
        return with_review_figures(super().get_queryset(request).prefetch_related("themes"))

    @admin.display(description=_("country"), ordering="country")
    def country_name(self, obj):
        # The admin's own display of a CountryField flattens the world's list for every cell.
        return obj.country.name

    @admin.display(description=_("average score"), ordering="score_average")
    def average_score(self, obj):
        return "—" if obj.score_average is None else f"{obj.score_average:.1f}"

    @admin.display(description=_("reviews done"), ordering="review_count")
    def reviews_done(self, obj):
        if not obj.reviewer_count:
            return "—"
        return f"{obj.review_count} / {obj.reviewer_count}"

    @admin.display(description=_("thematic focus"))
    def theme_list(self, obj):
        return ", ".join(theme.name for theme in obj.themes.all()) or "—"

    def _file_link(self, obj, field_name):
        if not getattr(obj, field_name):
            return "—"
        url = reverse("admin:programmes_application_file", args=[obj.pk, field_name])
        return format_html('<a href="{}">{}</a>', url, _("Download"))

    @admin.display(description=_("CV"))
    def cv_file(self, obj):
        return self._file_link(obj, "cv")

    @admin.display(description=_("reference letter"))
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
        reviewers = (
            get_user_model()
            .objects.filter(groups__name=REVIEWERS_GROUP, is_active=True, is_staff=True)
            .distinct()
            .order_by("first_name", "last_name", "username")
        )
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
                "applications": queryset,
                "action_checkbox_name": ACTION_CHECKBOX_NAME,
                "has_reviewers": reviewers.exists(),
            },
        )


# --- Reviews: what a reviewer sees ----------------------------------------------------------


class ReviewStateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("todo", _("To do")), ("done", _("Complete"))]

    def queryset(self, request, queryset):
        if self.value() == "todo":
            return queryset.filter(submitted_at=None)
        if self.value() == "done":
            return queryset.exclude(submitted_at=None)
        return queryset


@admin.register(Review)
class ReviewAdmin(NotFoundOutsideQuerysetMixin, OfferedFiltersOnlyMixin, admin.ModelAdmin):
    """A reviewer's own reviews, and nothing else: each user sees only those assigned to them
    (managers read everyone's on the application's page). When the edition hides identities
    the pages carry no name, email or organisation: the application is its reference."""

    form = ReviewForm
    list_display = ["application", "edition", "assigned_at", "state", "own_average"]
    list_filter = [ReviewStateFilter, ("application__edition", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["application__edition__programme"]
    search_fields = ["application__reference"]
    readonly_fields = ["reference", "edition", "answers"]

    class Media:
        css = {"all": ["css/admin-review.css"]}

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(
            request, {"title": _("Your reviews"), **(extra_context or {})}
        )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(reviewer=request.user)
            .select_related("application__edition__programme")
            .annotate(own_average_value=Avg("scores__value"))
        )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # Managers remove an assignment on the application's page; a reviewer never.
        return False

    def get_form(self, request, obj=None, change=False, **kwargs):
        criteria = list(obj.application.edition.criteria.all()) if obj else []
        # The scores are the form's own fields (one per criterion), not model fields.
        kwargs["fields"] = ["comment"]
        form_class = super().get_form(request, obj, change=change, **kwargs)

        class BoundReviewForm(form_class):  # type: ignore[valid-type,misc]  # a class made at run time
            def __init__(self, *args, **inner):
                super().__init__(*args, criteria=criteria, **inner)

        return BoundReviewForm

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return [(None, {"fields": ["comment"]})]
        criteria = obj.application.edition.criteria.all()
        score_fields = []
        for criterion in criteria:
            score_fields += [
                ReviewForm.score_field(criterion),
                ReviewForm.comment_field(criterion),
            ]
        return [
            (None, {"fields": ["reference", "edition"]}),
            (_("The application"), {"fields": ["answers"]}),
            (
                _("Scores against the published criteria (0 = not at all, 5 = fully)"),
                {"fields": score_fields, "classes": ["review-scores"]},
            ),
            (_("Overall"), {"fields": ["comment", "submit_review"]}),
        ]

    def save_model(self, request, obj, form, change):
        services.save_review(
            review=obj,
            scores=form.scores(),
            comment=form.cleaned_data["comment"],
            submit=form.cleaned_data["submit_review"],
        )

    @admin.display(description=_("application"))
    def reference(self, obj):
        return obj.application.reference

    @admin.display(description=_("edition"))
    def edition(self, obj):
        return obj.application.edition

    @admin.display(description=_("state"), ordering="submitted_at")
    def state(self, obj):
        return _("Complete") if obj.submitted_at else _("To do")

    @admin.display(description=_("your average"), ordering="own_average_value")
    def own_average(self, obj):
        value = obj.own_average_value
        return "—" if value is None else f"{value:.1f}"

    @admin.display(description=_("answers"))
    def answers(self, obj):
        application = obj.application
        hidden = application.edition.hide_identity_from_reviewers
        sections = []
        for title, (_form_title, names) in zip(ADMIN_TITLES, SECTIONS[:-1], strict=False):
            rows = []
            for name in names:
                # A CV or a letter names its author: with identity hidden, no documents.
                if hidden and (name in IDENTITY_FIELDS or name in FILE_FIELDS):
                    continue
                label = cast(models.Field, Application._meta.get_field(name)).verbose_name
                if name in FILE_FIELDS:
                    url = reverse("admin:programmes_review_file", args=[obj.pk, name])
                    value = (
                        format_html('<a href="{}">{}</a>', url, _("Download"))
                        if getattr(application, name)
                        else "—"
                    )
                elif name == "themes":
                    value = ", ".join(t.name for t in application.themes.all()) or "—"
                elif name == "country":
                    value = application.country.name
                else:
                    display = getattr(application, f"get_{name}_display", None)
                    value = display() if display else getattr(application, name) or "—"
                rows.append((label, value))
            sections.append((title, rows))
        return render_to_string(
            "admin/programmes/review/answers.html",
            {"sections": sections, "identity_hidden": hidden},
        )

    def get_urls(self):
        return [
            *document_urls(self, self.download_file, "programmes_review_file"),
            *super().get_urls(),
        ]

    def download_file(self, request, object_id, field_name):
        """A document of an application assigned to this reviewer, and no other; none while
        the edition hides applicants' identity."""
        review = get_object_or_404(self.get_queryset(request), pk=object_id)
        if not self.has_view_permission(request, review):
            raise Http404
        if review.application.edition.hide_identity_from_reviewers:
            raise Http404
        return send_document(review.application, field_name, by=request.user)
