"""`manage.py apply_retention`: what the `apply-retention` job of `run_tasks` does daily, by
hand.

Deletes the drafts of closed calls; once an edition's retention period is over
(`Edition.retention_months` after its last day), anonymises its applications not selected
and deletes their documents; clears expired sessions and any document left without an
application or draft. Each run is recorded (`DataRemoval`); running it twice changes nothing.
"""

from django.core.management.base import BaseCommand

from programmes.retention import apply_retention, editions_never_due


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' if number != 1 else ''}"


class Command(BaseCommand):
    help = (
        "Delete expired drafts and anonymise the unsuccessful applications whose retention "
        "period is over, with their documents; record the run."
    )

    def handle(self, *args, **options):
        record = apply_retention()
        self.stdout.write(f"Deleted {_count(record.drafts_deleted, 'expired draft')}.")
        self.stdout.write(f"Anonymised {_count(record.applications_anonymised, 'application')}.")
        self.stdout.write(f"Deleted {_count(record.files_deleted, 'document')}.")
        for edition in editions_never_due():
            self.stderr.write(
                f"{edition} has applications but no call close, decisions date or component "
                "to count its retention period from: set one, or they are kept for ever."
            )
