"""Small pieces the programmes' admin classes share."""

from typing import cast

from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest

from core.admin import AdminMixinBase


class RecordAdminMixin:
    """A record staff read and never write: no add, change or delete page, whatever the
    permissions say (exports, removals, emails are evidence of what happened)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class NotFoundOutsideQuerysetMixin(AdminMixinBase):
    """An object outside the user's queryset answers 404, not the admin's usual redirect to
    the index with "perhaps it was deleted": a reviewer learns nothing from guessing ids."""

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404
        return obj

    # Django finds the object before it checks the permission (with the object, or None when
    # there is none). Checked first here, as Django would for a missing one: whoever may not
    # see the model gets 403 for every id, existing or not.

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "POST":
            # "Save as new" is an add, which Django checks itself.
            allowed = "_saveasnew" in request.POST or self.has_change_permission(request)
        else:
            allowed = self.has_view_or_change_permission(request)
        if not allowed:
            raise PermissionDenied
        return super().change_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        if not self.has_delete_permission(request):
            raise PermissionDenied
        return super().delete_view(request, object_id, extra_context)

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
