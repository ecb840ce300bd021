"""The admin's pieces both apps use, and the themes' own admin."""

from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from .admin_translation import SideBySideTranslationAdmin, translated_search_fields
from .fields import RichTextField
from .models import Page, PublicationState, Publishable, Theme
from .text_diff import rich_text_as_text, word_difference

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


def change_reason(form: Any, change: bool) -> str:
    """What the history's "change reason" says of a save in the admin (at most the column's
    100 characters), instead of "None"."""
    if not change:
        return str(_("Added in the admin."))
    labels = [str(form.fields[name].label or name) for name in form.changed_data]
    if not labels:
        return str(_("Saved in the admin."))
    reason = _("Changed in the admin: %(fields)s.") % {"fields": ", ".join(labels)}
    return Truncator(reason).chars(100)


class ReadableChanges(HistoricalRecordContextHelper):
    """The history page's "Changes" column, with a rich-text field's change shown as the
    words removed and added (core/text_diff.py) instead of the first 100 characters of its
    HTML, cut anywhere, tags included. Other fields keep django-simple-history's display.
    """

    def stringify_delta_change_values(self, change, old, new):
        if not isinstance(self.model._meta.get_field(change.field), RichTextField):
            return super().stringify_delta_change_values(change, old, new)
        before, after = word_difference(rich_text_as_text(old or ""), rich_text_as_text(new or ""))
        if not (before or after):
            return before, after  # only the formatting changed: the template says so
        # Each on a line of its own (static/css/admin.css): a paragraph's worth of text on
        # either side of an arrow in mid-line is hard to tell apart.
        return tuple(
            format_html('<span class="history-text">{}</span>', x) for x in (before, after)
        )


class HistoryReasonMixin(AdminMixinBase):
    """Gives each version saved through the admin a change reason
    (django-simple-history's documented ``_change_reason``), and the history page its
    template and readable changes of rich text."""

    object_history_list_template = "admin/core/object_history_list.html"

    def save_model(self, request, obj, form, change):
        obj._change_reason = change_reason(form, change)
        super().save_model(request, obj, form, change)

    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableChanges(self.model, historical_record)


def publication_label(obj: Publishable) -> "StrOrPromise":
    if obj.state == PublicationState.DRAFT:
        return _("Draft")
    if obj.publish_at > timezone.now():
        return _("Scheduled for %(when)s") % {
            "when": date_format(timezone.localtime(obj.publish_at), "DATETIME_FORMAT")
        }
    return _("Published")


@admin.register(Theme)
class ThemeAdmin(HistoryReasonMixin, SideBySideTranslationAdmin, SimpleHistoryAdmin):
    list_display = ["name", "slug"]
    search_fields = translated_search_fields("name")
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Page)
class PageAdmin(HistoryReasonMixin, SideBySideTranslationAdmin, SimpleHistoryAdmin):
    list_display = ["title", "slug", "updated_at"]
    readonly_fields = ["slug", "updated_at"]
    fields = ["slug", "title", "summary", "body", "updated_at"]

    def has_add_permission(self, request):
        # One page per address, written by a migration: staff change it, never add one.
        return False

    def has_delete_permission(self, request, obj=None):
        return False
