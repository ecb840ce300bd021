from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from impact.admin import StateFilter, publication_label

from .models import Component, Edition, Programme


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


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "places", "call_opens", "call_closes", "publication"]
    list_filter = ["programme", "year", StateFilter]
    list_select_related = ["programme"]
    search_fields = ["programme__name", "programme__short_name", "summary"]
    autocomplete_fields = ["themes"]
    inlines = [ComponentInline]
    fieldsets = [
        (None, {"fields": ["programme", "year", "summary", "places", "themes"]}),
        (_("Call for applications"), {"fields": ["call_opens", "call_closes"]}),
        (_("For applicants"), {"fields": ["eligibility", "selection", "costs"]}),
        (_("Publication"), {"fields": ["state", "publish_at"]}),
    ]

    @admin.display(description=_("state"), ordering="state")
    def publication(self, obj):
        return publication_label(obj)
