"""`manage.py rotate_encryption_keys`: encrypt everything again under the first key.

To rotate: put a new key first in DJANGO_ENCRYPTION_KEYS (keep the old ones after it),
restart, run this, then remove the old keys and restart again. It also encrypts what was
stored before encryption was turned on. Safe to run twice, and while the site runs.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from programmes.encryption import EncryptedTextField
from programmes.forms import FILE_FIELDS
from programmes.models import Application, ApplicationDraft
from programmes.storage import private_storage

# Whatever the models declare encrypted, so that a field encrypted later is rotated too.
ENCRYPTED_FIELDS = [
    field.name for field in Application._meta.get_fields() if isinstance(field, EncryptedTextField)
]


class Command(BaseCommand):
    help = "Re-encrypt applicants' answers and documents under the first encryption key."

    def handle(self, *args, **options):
        rows = files = 0
        storage = private_storage()
        for model in (Application, ApplicationDraft):
            with transaction.atomic():
                # Read with any key, written with the first.
                found = list(model.objects.select_for_update().only("pk", *ENCRYPTED_FIELDS))
                # The rows are the model's own; mypy mixes the two models of the loop.
                model.objects.bulk_update(found, ENCRYPTED_FIELDS, batch_size=500)  # type: ignore[arg-type]
            rows += len(found)
            for names in model.objects.values_list(*FILE_FIELDS):
                for name in names:
                    if name and storage.exists(name):
                        storage.encrypt_again(name)
                        files += 1
        self.stdout.write(f"Encrypted again: {rows} applications and drafts, {files} documents.")
