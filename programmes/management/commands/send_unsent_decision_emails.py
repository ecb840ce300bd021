"""`manage.py send_unsent_decision_emails`: run every quarter of an hour (cron or a timer).

A decision batch mails from the request that confirmed it. If the mail server refused a
message, or the worker was killed half-way through a large batch, the records stay unsent;
this sends them, once each, without waiting for a manager to run the batch again.
"""

from django.core.management.base import BaseCommand

from programmes.decisions import send_unsent_decision_emails


class Command(BaseCommand):
    help = "Send the decision emails that were recorded but never sent."

    def handle(self, *args, **options):
        batch = send_unsent_decision_emails()
        count = len(batch.retried)
        self.stdout.write(f"Tried again {count} decision email{'s' if count != 1 else ''}.")
