"""Where applicants' documents are kept: a folder or a bucket that no URL serves, encrypted
by the site before they leave it."""

import io
import os
import secrets
from pathlib import PurePath

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty

from .encryption import decrypt, encrypt, is_encrypted, rotate

NO_URL = "Private files have no URL; staff download them through the admin."


class EncryptedStorageMixin:
    """Encrypted at rest: what the storage holds is Fernet ciphertext
    (programmes/encryption.py); opening a file gives the plain bytes back. Mixed into a
    storage backend, before it: `_save()` and `_open()` are the documented hooks of a custom
    storage (missing from django-stubs, hence the ignores)."""

    def _save(self, name, content):
        content.seek(0)
        return super()._save(name, ContentFile(encrypt(content.read())))  # type: ignore[misc]

    def _open(self, name, mode="rb"):
        data = self.stored_bytes(name)
        # A file stored before encryption was turned on is read as it is, until
        # `manage.py rotate_encryption_keys` encrypts it.
        plain = decrypt(data) if is_encrypted(data) else data
        return File(io.BytesIO(plain), name=name)

    def stored_bytes(self, name) -> bytes:
        """The file as stored: ciphertext (plain bytes for a file from before encryption)."""
        with super()._open(name, "rb") as stored:  # type: ignore[misc]
            return stored.read()

    def replace_stored(self, name, data: bytes) -> None:
        """Store `data` as it is (already encrypted) under `name`, in place of what that name
        held, if anything. One PUT in a bucket: the object is replaced whole or not at all."""
        super()._save(name, ContentFile(data))  # type: ignore[misc]

    def encrypt_again(self, name) -> None:
        """Re-encrypt one stored file under the first key (key rotation), under its name."""
        data = self.stored_bytes(name)
        self.replace_stored(name, rotate(data) if is_encrypted(data) else encrypt(data))

    def url(self, name):
        raise ValueError(NO_URL)


class PrivateFileStorage(EncryptedStorageMixin, FileSystemStorage):
    """File storage under PRIVATE_MEDIA_ROOT, outside MEDIA_ROOT and with no URL.

    Staff download these files through a view that checks their permission. The location is
    read from settings on each use, so tests can point it at a temporary folder.
    """

    def __init__(self, location=None, **kwargs):
        kwargs["base_url"] = None
        self.given_location = location
        super().__init__(location=location, **kwargs)

    @property
    def base_location(self):
        if self.given_location is not None:
            return self.given_location
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def replace_stored(self, name, data: bytes) -> None:
        # Written aside, then moved over the old file: a crash leaves one or the other whole
        # (an aside file left behind is deleted as an orphan by the daily retention run).
        path = self.path(name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        aside = f"{path}.{secrets.token_hex(4)}.partial"
        with open(aside, "wb") as written:
            written.write(data)
        os.replace(aside, path)


class PrivateStorage(LazyObject):
    """`storages["private"]`, looked up at first use and again after STORAGES changes.

    A FileField calls its `storage` callable once, when the model class is made, and keeps
    what it returns; this stands in its place, as Django's own `default_storage` does for
    fields without one, so that the fields follow the storage the settings name (tests switch
    between the disk and the buckets with override_settings)."""

    def _setup(self):
        self._wrapped = storages["private"]


private_files = PrivateStorage()


@receiver(setting_changed, dispatch_uid="programmes_private_storage_changed")
def private_storage_changed(*, setting, **kwargs):
    if setting == "STORAGES":
        forget_private_storage()


def forget_private_storage() -> None:
    """Make `private_files` look `storages["private"]` up again at its next use.

    Written against Django 5.2: LazyObject's `_wrapped` and `empty` are not documented, but
    are what Django's test signals do to `default_storage` on the same change
    (django/test/signals.py, `storages_changed`); tests/test_object_storage.py pins it."""
    private_files._wrapped = empty  # type: ignore[assignment] # Django's own sentinel


def private_storage():
    return private_files


def random_upload_name(folder: str, filename: str) -> str:
    """A stored name that tells nothing: a random token and the checked extension."""
    extension = PurePath(filename).suffix.lower()
    return f"{folder}/{secrets.token_hex(16)}{extension}"
