"""`manage.py delete_expired_drafts`: run daily (cron or a systemd timer).

A saved draft is not an application: once its call has closed it can never be submitted, so
it is deleted with its files rather than kept.
"""

from django.core.management.base import BaseCommand

from programmes.services import delete_expired_drafts


class Command(BaseCommand):
    help = "Delete application drafts whose call has closed, with their files."

    def handle(self, *args, **options):
        count = delete_expired_drafts()
        self.stdout.write(f"Deleted {count} expired draft{'s' if count != 1 else ''}.")
