"""`manage.py reset_two_factor <username>`: for a staff member who lost their phone.

Deletes their authenticator devices. At their next sign-in with their password they set up
a new app, so check first, by another channel than email, that the request is theirs.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = "Remove a staff member's two-step sign-in, so that they set it up again."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        try:
            user = get_user_model().objects.get_by_natural_key(username)
        except get_user_model().DoesNotExist as missing:
            raise CommandError(f"No user named {username!r}.") from missing
        count, _details = TOTPDevice.objects.filter(user=user).delete()
        self.stdout.write(
            f"Removed {count} authenticator device{'s' if count != 1 else ''} of {username}; "
            "they set up a new one at their next sign-in."
        )
