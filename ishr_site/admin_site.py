"""The admin site: Django's own, with its "View on site" shortcut checking who asks, and
two kinds of input refused for every model admin before it sees them.

Installed as the default site through `SiteAdminConfig` (ishr_site/apps.py), Django's public
way to replace `admin.site`: every `@admin.register` and `admin.site.urls` stay as they are.
A pattern placed before `admin.site.urls` in ishr_site/urls.py would also catch the address,
but only while its shape matched Django's and the admin's own stayed in step with it.
"""

from functools import update_wrapper

from django.contrib import admin
from django.contrib.admin.exceptions import DisallowedModelAdminLookup, NotRegistered
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.core.exceptions import BadRequest, ValidationError
from django.http import Http404, HttpRequest
from django.urls import path

# Lookups no list offers and nobody may type into its address: a regular expression runs in
# the database, where an invalid one fails (a 500) and a valid one probes text letter by letter.
REFUSED_LOOKUPS = frozenset({"regex", "iregex"})


def refuse_unsafe_input(request: HttpRequest, model_admin) -> None:
    """Raise a 400 for a list filtered by a regular expression, or for an action asked on
    rows whose ids are not ids at all (Django's admin filters by them as they come, and a
    ValueError from the database field would be a 500)."""
    for key in request.GET:
        if REFUSED_LOOKUPS.intersection(key.split("__")):
            raise DisallowedModelAdminLookup(f"Filtering by {key} is not allowed")
    if request.method == "POST" and isinstance(model_admin, admin.ModelAdmin):
        pk = model_admin.model._meta.pk
        for value in request.POST.getlist(ACTION_CHECKBOX_NAME):
            try:
                pk.to_python(value)
            except ValidationError:
                raise BadRequest("An action on an id that is not one") from None


class SiteAdmin(admin.AdminSite):
    def admin_view(self, view, cacheable=False):
        """Every admin view, with what the address or form asks checked first: the model
        admins' own views are bound methods of the model admin (ModelAdmin.get_urls)."""

        def checked(request, *args, **kwargs):
            refuse_unsafe_input(request, getattr(view, "__self__", None))
            return view(request, *args, **kwargs)

        return super().admin_view(update_wrapper(checked, view), cacheable)

    def get_urls(self):
        # Django's shortcut is replaced under its own name, which the change forms reverse.
        urls = [url for url in super().get_urls() if getattr(url, "name", None) != "view_on_site"]
        return [
            path(
                "r/<int:content_type_id>/<path:object_id>/",
                self.admin_view(self.view_on_site),
                name="view_on_site",
            ),
            *urls,
        ]

    def view_on_site(self, request: HttpRequest, content_type_id: int, object_id: str):
        """The object's public address, for people who may view the object here. Django's
        shortcut sends any staff member to any object's address: a reviewer would learn a
        draft highlight's title from its slug. Anyone else gets the 404 of a missing object."""
        try:
            model = ContentType.objects.get_for_id(content_type_id).model_class()
            if model is None:  # its app is gone
                raise Http404
            model_admin = self.get_model_admin(model)
        except (ContentType.DoesNotExist, NotRegistered):
            raise Http404 from None
        obj = model_admin.get_object(request, object_id)
        if obj is None or not model_admin.has_view_permission(request, obj):
            raise Http404
        return shortcut(request, content_type_id, object_id)
