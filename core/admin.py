"""The admin's pieces both apps use, and the themes' own admin."""

from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .admin_translation import SideBySideTranslationAdmin, translated_search_fields
from .models import Page, PublicationState, Publishable, Theme

if TYPE_CHECKING:
    # mypy reads a ModelAdmin mixin as the ModelAdmin it is mixed into; at run time the mixin
    # is a plain class.
    from django_stubs_ext import StrOrPromise

    AdminMixinBase = admin.ModelAdmin[Any]
else:
    AdminMixinBase = object


class StateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("draft", _("Draft")),
            ("scheduled", _("Scheduled")),
            ("published", _("Published")),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "draft":
            return queryset.filter(state=PublicationState.DRAFT)
        if self.value() == "scheduled":
            return queryset.filter(state=PublicationState.PUBLISHED, publish_at__gt=now)
        if self.value() == "published":
            return queryset.filter(state=PublicationState.PUBLISHED, publish_at__lte=now)
        return queryset


def publication_label(obj: Publishable) -> "StrOrPromise":
    if obj.state == PublicationState.DRAFT:
        return _("Draft")
    if obj.publish_at > timezone.now():
        return _("Scheduled for %(when)s") % {
            "when": date_format(timezone.localtime(obj.publish_at), "DATETIME_FORMAT")
        }
    return _("Published")


@admin.register(Theme)
class ThemeAdmin(SideBySideTranslationAdmin, SimpleHistoryAdmin):
    list_display = ["name", "slug"]
    search_fields = translated_search_fields("name")
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Page)
class PageAdmin(SideBySideTranslationAdmin, SimpleHistoryAdmin):
    list_display = ["title", "slug", "updated_at"]
    readonly_fields = ["slug", "updated_at"]
    fields = ["slug", "title", "summary", "body", "updated_at"]

    def has_add_permission(self, request):
        # One page per address, written by a migration: staff change it, never add one.
        return False

    def has_delete_permission(self, request, obj=None):
        return False
