"""The admin site: Django's own, with its "View on site" shortcut checking who asks.

Installed as the default site through `SiteAdminConfig` (ishr_site/apps.py), Django's public
way to replace `admin.site`: every `@admin.register` and `admin.site.urls` stay as they are.
A pattern placed before `admin.site.urls` in ishr_site/urls.py would also catch the address,
but only while its shape matched Django's and the admin's own stayed in step with it.
"""

from django.contrib import admin
from django.contrib.admin.exceptions import NotRegistered
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.http import Http404, HttpRequest
from django.urls import path


class SiteAdmin(admin.AdminSite):
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
            model_admin = self.get_model_admin(model)
        except (ContentType.DoesNotExist, NotRegistered):
            raise Http404 from None
        obj = model_admin.get_object(request, object_id)
        if obj is None or not model_admin.has_view_permission(request, obj):
            raise Http404
        return shortcut(request, content_type_id, object_id)
