"""`manage.py send_queued_mail`: what the `send-due-mail` job of `run_tasks` does every
minute, by hand.

Sends the emails that are due from the outbox: those whose task failed or whose worker was
killed, and those the mail server refused, each after its pause (programmes/outbox.py). Two
runs at once never send the same message.
"""

from django.core.management.base import BaseCommand

from programmes import outbox


class Command(BaseCommand):
    help = "Send the emails waiting in the outbox that are due, and try failed ones again later."

    def handle(self, *args, **options):
        result = outbox.send()
        self.stdout.write(
            f"Sent {result.sent}; to be tried again later: {result.deferred}; "
            f"given up: {result.failed}; waiting for over an hour or failed: {outbox.backlog()}."
        )
