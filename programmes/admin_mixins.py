"""Small pieces the programmes' admin classes share."""


class RecordAdminMixin:
    """A record staff read and never write: no add, change or delete page, whatever the
    permissions say (exports, removals, emails are evidence of what happened)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
