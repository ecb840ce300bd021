from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from impact.admin import StateFilter, publication_label

from . import services
from .exports import ApplicationExportMixin
from .forms import FILE_FIELDS, SECTIONS
from .models import Application, Component, Edition, Participant, Programme, Testimonial


class EditionInline(admin.TabularInline):
    model = Edition
    fields = ["year", "places", "call_opens", "call_closes", "state"]
    extra = 0
    show_change_link = True


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["short_name"]}
    inlines = [EditionInline]


class ComponentInline(admin.StackedInline):
    model = Component
    extra = 0
    fields = [
        ("mode", "name"),
        ("starts_on", "ends_on"),
        ("place", "council_session"),
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


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "places",
        "call_opens",
        "call_closes",
        "application_count",
        "publication",
    ]
    list_filter = ["programme", "year", StateFilter]
    list_select_related = ["programme"]
    search_fields = ["programme__name", "programme__short_name", "summary"]
    autocomplete_fields = ["themes"]
    inlines = [ComponentInline, ParticipantInline, TestimonialInline]
    fieldsets = [
        (None, {"fields": ["programme", "year", "summary", "places", "themes"]}),
        (_("Call for applications"), {"fields": ["call_opens", "call_closes", "decisions_by"]}),
        (_("For applicants"), {"fields": ["eligibility", "selection", "costs"]}),
        (_("Publication"), {"fields": ["state", "publish_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(application_total=Count("applications"))

    @admin.display(description=_("state"), ordering="state")
    def publication(self, obj):
        return publication_label(obj)

    @admin.display(description=_("applications"), ordering="application_total")
    def application_count(self, obj):
        return obj.application_total


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
    (None, {"fields": ["reference", "edition", "status", "submitted_at"]}),
    *(
        (title, {"fields": [SHOWN_AS.get(name, name) for name in names]})
        for title, (_form_title, names) in zip(ADMIN_TITLES, SECTIONS, strict=True)
    ),
]


@admin.register(Application)
class ApplicationAdmin(ApplicationExportMixin, admin.ModelAdmin):
    """Applications arrive through the public form; staff read them and change the status."""

    list_display = ["reference", "full_name", "edition", "country", "status", "submitted_at"]
    list_filter = ["edition", "status", "country", "scholarship", "english_level"]
    list_select_related = ["edition__programme"]
    search_fields = ["reference", "full_name", "email", "organisation"]
    date_hierarchy = "submitted_at"
    fieldsets = ANSWER_SECTIONS
    readonly_fields = [
        name
        for _title, section in ANSWER_SECTIONS
        for name in section["fields"]
        if name != "status"
    ]

    def has_add_permission(self, request):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("themes")

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
            path(
                "<path:object_id>/file/<str:field_name>/",
                self.admin_site.admin_view(self.download_file),
                name="programmes_application_file",
            ),
            *super().get_urls(),
        ]

    def download_file(self, request, object_id, field_name):
        """Hand a document to staff who may view the application, as a download."""
        if field_name not in FILE_FIELDS:
            raise Http404
        application = get_object_or_404(Application, pk=object_id)
        if not self.has_view_permission(request, application):
            raise PermissionDenied
        file = getattr(application, field_name)
        if not file:
            raise Http404
        extension = file.name.rsplit(".", 1)[-1]
        label = "cv" if field_name == "cv" else "reference-letter"
        return FileResponse(
            file.open("rb"),
            as_attachment=True,
            filename=f"{application.reference}-{label}.{extension}",
        )

    def delete_model(self, request, obj):
        services.delete_application(obj)

    def delete_queryset(self, request, queryset):
        for application in queryset:
            services.delete_application(application)
