"""`manage.py reset_two_factor <username>`: for a staff member who lost their passkeys, their
phone and their recovery codes.

Deletes every second step they had (passkeys, authenticator app, recovery codes). At their
next sign-in with their password they set up a new one, so check first, by another channel
than email, that the request is theirs, and ask them to sign in soon after.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp import devices_for_user


class Command(BaseCommand):
    help = "Remove a staff member's two-step sign-in, so that they set it up again."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        try:
            user = get_user_model().objects.get_by_natural_key(username)
        except get_user_model().DoesNotExist as missing:
            raise CommandError(f"No user named {username!r}.") from missing
        removed = 0
        for device in devices_for_user(user, confirmed=None):
            device.delete()
            removed += 1
        self.stdout.write(
            f"Removed {removed} second step{'s' if removed != 1 else ''} of {username} "
            "(passkeys, authenticator app, recovery codes); they set up a new one at their "
            "next sign-in."
        )
