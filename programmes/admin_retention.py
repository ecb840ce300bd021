"""Erasure on request and the record of data removals, in the admin. `admin_applications.py`
adds the action to the application list; importing this module registers the record's
read-only page."""

from typing import cast

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from . import retention
from .admin_mixins import RecordAdminMixin
from .models import DataRemoval

CONFIRMATION_TEMPLATE = "admin/programmes/application/erase_applicant.html"


@admin.action(
    description=gettext_lazy("Erase the selected applicants at their request…"),
    permissions=["delete"],
)
def erase_applicants(modeladmin, request, queryset):
    """First a page listing every application and draft that will go (those made with the
    same address in other editions included), then, once confirmed, the erasure."""
    if not queryset.exists():  # another manager erased them meanwhile
        modeladmin.message_user(
            request, _("These applications no longer exist: nothing was erased."), messages.WARNING
        )
        return None
    if request.POST.get("post") == "yes":
        record = retention.erase_applicants(applications=queryset, by=request.user)
        erased = ngettext(
            "Erased %(count)d application (%(references)s), with its documents and history.",
            "Erased %(count)d applications (%(references)s), with their documents and history.",
            record.applications_erased,
        ) % {"count": record.applications_erased, "references": ", ".join(record.references)}
        drafts = ngettext(
            "%(count)d saved draft deleted.",
            "%(count)d saved drafts deleted.",
            record.drafts_deleted,
        ) % {"count": record.drafts_deleted}
        modeladmin.message_user(request, f"{erased} {drafts}", messages.SUCCESS)
        return None  # back to the list

    plan = retention.plan_erasure(applications=queryset)
    request.current_app = modeladmin.admin_site.name
    return TemplateResponse(
        request,
        CONFIRMATION_TEMPLATE,
        {
            **modeladmin.admin_site.each_context(request),
            "title": _("Erase applicants"),
            "subtitle": None,
            "opts": modeladmin.model._meta,
            "media": modeladmin.media,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
            "plan": plan,
            "selected_ids": sorted(plan.chosen_ids),
            "document_count": len(plan.files),
        },
    )


@admin.register(DataRemoval)
class DataRemovalAdmin(RecordAdminMixin, admin.ModelAdmin):
    """The record of retention runs and erasures, for reading only: nobody adds, changes or
    deletes one here. It holds references and counts, never a name or an address."""

    list_display = [
        "done_at",
        "kind",
        "done_by",
        "drafts_deleted",
        "applications_anonymised",
        "applications_erased",
        "files_deleted",
    ]
    list_filter = ["kind", ("done_by", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["done_by"]
    date_hierarchy = "done_at"
    search_fields = ["references"]
    fields = [
        "kind",
        "done_at",
        "done_by",
        "drafts_deleted",
        "applications_anonymised",
        "applications_erased",
        "files_deleted",
        "reference_list",
    ]
    readonly_fields = cast(list[str], fields)  # flat: no field groups

    @admin.display(description=gettext_lazy("references"))
    def reference_list(self, obj):
        return ", ".join(obj.references) or "—"
