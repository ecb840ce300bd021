"""The outbox in the admin: every email the site has written, its state, and "try again now".

Programme managers see it. A message's body is never shown (it may hold a private link to a
draft, and is erased once sent); its recipient and subject are shown only to people who may
see applications, since an address and a reference say who applied.
"""

from typing import cast

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import outbox
from .admin_mixins import RecordAdminMixin
from .models import OutgoingEmail


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(RecordAdminMixin, admin.ModelAdmin):
    list_display = [
        "created_at",
        "kind",
        "to",
        "state",
        "attempts",
        "send_after",
        "sent_at",
        "last_error",
    ]
    list_filter = ["state", "kind"]
    date_hierarchy = "created_at"
    actions = ["retry_now"]
    fields = [
        "kind",
        "to",
        "subject",
        "state",
        "created_at",
        "attempts",
        "send_after",
        "sent_at",
        "last_error",
        "message_id",
    ]
    readonly_fields = cast(list[str], fields)  # flat: no field groups
    # Who wrote to whom: shown only to people who may see applications.
    IDENTIFYING = ("to", "subject")

    def get_list_display(self, request):
        return self._without_identifying(request, super().get_list_display(request))

    def get_fields(self, request, obj=None):
        return self._without_identifying(request, super().get_fields(request, obj))

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    def _without_identifying(self, request, names):
        if request.user.has_perm("programmes.view_application"):
            return names
        return [name for name in names if name not in self.IDENTIFYING]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("body")

    def changelist_view(self, request, extra_context=None):
        waiting = outbox.backlog()
        if waiting:
            self.message_user(
                request,
                ngettext(
                    "%(count)d email has been waiting for over an hour, or failed: the mail "
                    "server may be refusing it. Its last error says why.",
                    "%(count)d emails have been waiting for over an hour, or failed: the mail "
                    "server may be refusing them. Their last error says why.",
                    waiting,
                )
                % {"count": waiting},
                messages.WARNING,
            )
        return super().changelist_view(request, extra_context)

    @admin.action(description=_("Try the selected emails again now"), permissions=["view"])
    def retry_now(self, request, queryset):
        count = outbox.retry(queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d email will be tried again once this page has gone.",
                "%(count)d emails will be tried again once this page has gone.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
