"""Programmes and their editions in the admin: components, criteria, participants,
testimonials, feedback and decision emails on the edition's page, with its live figures."""

from django.contrib import admin
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from core.admin import StateFilter, publication_label
from core.admin_translation import (
    SideBySideStackedInline,
    SideBySideTranslationAdmin,
    translated_search_fields,
)

from .admin_decisions import DecisionTemplateInline
from .models import (
    Component,
    Criterion,
    Edition,
    FeedbackResponse,
    Participant,
    Programme,
    Testimonial,
)
from .selectors import EditionFigures, figure_annotations


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
