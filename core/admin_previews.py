"""Preview links in the admin (core/previews.py): made, listed and revoked on the change page
of anything an app registered for previews (impact's reviews and highlights)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from . import previews
from .models import PreviewLink

if TYPE_CHECKING:
    from django.contrib import admin

    AdminMixinBase = admin.ModelAdmin[Any]
else:
    AdminMixinBase = object


# The form's fields are named apart from the change form's (`preview-last_day`).
FORM_PREFIX = "preview"


class PreviewLinkForm(forms.Form):
    last_day = forms.DateField(
        label=_("Valid until"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Enter the last day the link should work."),
            "invalid": _("Enter the last day the link should work as a date, like 2027-01-15."),
        },
    )
    note = forms.CharField(
        label=_("For (optional)"),
        max_length=100,
        required=False,
        help_text=_("Who the link is for, e.g. “the board”: to know which one to revoke."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = previews.today_in_geneva()
        self.latest = previews.latest_last_day()
        self.fields["last_day"].initial = previews.default_last_day()
        self.fields["last_day"].help_text = _(
            "The link works until the end of this day, Geneva time; %(days)d days at most."
        ) % {"days": previews.MAX_DAYS}
        self.fields["last_day"].widget.attrs.update(
            min=self.today.isoformat(), max=self.latest.isoformat()
        )

    def clean_last_day(self) -> date:
        day: date = self.cleaned_data["last_day"]
        if not self.today <= day <= self.latest:
            raise forms.ValidationError(
                _("Choose a day from today to %(latest)s: a link works %(days)d days at most.")
                % {"latest": date_format(self.latest, "j F Y"), "days": previews.MAX_DAYS}
            )
        return day


@dataclass(frozen=True)
class LinkRow:
    """A preview link as the change page lists it."""

    link: PreviewLink
    made_by: str
    state: str
    usable: bool
    revoke_url: str


def person(user: Any) -> str:
    if user is None:
        return "—"
    return user.get_full_name() or user.get_username()


def moment(value: datetime) -> str:
    return date_format(timezone.localtime(value), "DATETIME_FORMAT")


def link_state(link: PreviewLink, now: datetime) -> str:
    if link.revoked_at is not None:
        return gettext("Revoked by %(who)s on %(when)s") % {
            "who": person(link.revoked_by),
            "when": moment(link.revoked_at),
        }
    if link.expires_at <= now:
        return gettext("Expired")
    return gettext("Active")


class PreviewLinksAdminMixin(AdminMixinBase):
    """Adds the "Preview links" section to the change page (`preview_links` in its context,
    drawn by templates/admin/core/preview_links.html) and the views that make and revoke
    links. Making or revoking one needs the permission to change the object."""

    def preview_link_url_name(self, action: str) -> str:
        return f"{self.model._meta.app_label}_{self.model._meta.model_name}_{action}_preview_link"

    def get_urls(self) -> list[Any]:
        return [
            path(
                "<int:object_id>/preview-links/",
                self.admin_site.admin_view(self.create_preview_link),
                name=self.preview_link_url_name("create"),
            ),
            path(
                "<int:object_id>/preview-links/<int:link_id>/revoke/",
                self.admin_site.admin_view(require_POST(self.revoke_preview_link)),
                name=self.preview_link_url_name("revoke"),
            ),
            *super().get_urls(),
        ]

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        extra_context = extra_context or {}
        obj = self.get_object(request, object_id)
        if obj is not None:
            extra_context["preview_links"] = self.preview_links_context(request, obj)
        return super().change_view(request, object_id, form_url, extra_context)

    def preview_links_context(
        self, request: HttpRequest, obj: models.Model, form: PreviewLinkForm | None = None
    ) -> dict[str, Any]:
        now = timezone.now()
        may_change = self.has_change_permission(request, obj)
        links = PreviewLink.objects.for_object(obj).select_related("created_by", "revoked_by")
        rows = [
            LinkRow(
                link=link,
                made_by=person(link.created_by),
                state=link_state(link, now),
                usable=link.is_usable(at=now),
                revoke_url=reverse(
                    f"admin:{self.preview_link_url_name('revoke')}", args=[obj.pk, link.pk]
                ),
            )
            for link in links
        ]
        public = previews.is_public(obj)
        if may_change and not public:
            form = form or PreviewLinkForm(prefix=FORM_PREFIX)
        return {
            "rows": rows,
            "public": public,
            "public_url": obj.get_absolute_url() if public else "",  # type: ignore[attr-defined]
            "may_change": may_change,
            "form": form if may_change and not public else None,
            "create_url": reverse(f"admin:{self.preview_link_url_name('create')}", args=[obj.pk]),
        }

    def _object_for_preview_links(self, request: HttpRequest, object_id: int) -> models.Model:
        obj = get_object_or_404(self.get_queryset(request), pk=object_id)
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        return obj

    def _change_page(self, obj: models.Model) -> str:
        opts = self.model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        return url + "#preview-links"

    def create_preview_link(self, request: HttpRequest, object_id: int) -> HttpResponse:
        """A form to make a link (shown again with its errors); once made, a page that
        shows the whole link, the only time it is shown."""
        obj = self._object_for_preview_links(request, object_id)
        if previews.is_public(obj):
            self.message_user(
                request,
                gettext("This is public already: share its address, no preview link needed."),
                messages.WARNING,
            )
            return HttpResponseRedirect(self._change_page(obj))
        data = request.POST if request.method == "POST" else None
        form = PreviewLinkForm(data, prefix=FORM_PREFIX)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": obj,
            "change_url": self._change_page(obj),
        }
        if not form.is_valid():
            context |= {
                "title": gettext("Create a preview link"),
                "preview_links": self.preview_links_context(request, obj, form),
            }
            response = TemplateResponse(request, "admin/core/preview_link_form.html", context)
            response.status_code = 400 if form.is_bound else 200
            return response
        new = previews.create_link(
            obj=obj,
            by=request.user,  # type: ignore[arg-type]  # admin views have a signed-in user
            last_day=form.cleaned_data["last_day"],
            note=form.cleaned_data["note"],
        )
        context |= {
            "title": gettext("Preview link created"),
            "link": new.link,
            "url": settings.SITE_URL + reverse("preview", args=[new.token]),
        }
        # The page holds the link's only copy: like every admin page (`admin_view`), it is
        # sent with `Cache-Control: no-store`, so no cache keeps it.
        return TemplateResponse(request, "admin/core/preview_link_created.html", context)

    def revoke_preview_link(
        self, request: HttpRequest, object_id: int, link_id: int
    ) -> HttpResponse:
        obj = self._object_for_preview_links(request, object_id)
        link = get_object_or_404(PreviewLink.objects.for_object(obj), pk=link_id)
        if previews.revoke_link(
            link=link,
            by=request.user,  # type: ignore[arg-type]  # admin views have a signed-in user
        ):
            self.message_user(
                request,
                gettext("The preview link was revoked: it no longer opens the page."),
                messages.SUCCESS,
            )
        return HttpResponseRedirect(self._change_page(obj))
