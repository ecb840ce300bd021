"""Where applicants' documents are kept: a folder that no URL serves, encrypted."""

import io
import os
import secrets
from pathlib import PurePath

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.core.files.storage import FileSystemStorage, storages

from .encryption import decrypt, encrypt, is_encrypted, rotate


class PrivateFileStorage(FileSystemStorage):
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

    def url(self, name):
        raise ValueError("Private files have no URL; staff download them through the admin.")

    # Encrypted at rest: what lands on disk is Fernet ciphertext (programmes/encryption.py);
    # opening a file gives the plain bytes back. _save() and _open(), the documented hooks of
    # a custom storage, are missing from django-stubs.

    def _save(self, name, content):
        content.seek(0)
        return super()._save(name, ContentFile(encrypt(content.read())))  # type: ignore[misc]

    def _open(self, name, mode="rb"):
        with super()._open(name, "rb") as stored:  # type: ignore[misc]
            data = stored.read()
        # A file stored before encryption was turned on is read as it is, until
        # `manage.py rotate_encryption_keys` encrypts it.
        plain = decrypt(data) if is_encrypted(data) else data
        return File(io.BytesIO(plain), name=name)

    def encrypt_again(self, name) -> None:
        """Re-encrypt one stored file under the first key (key rotation)."""
        path = self.path(name)
        with open(path, "rb") as stored:
            data = stored.read()
        # Written aside, then moved over the old file: a crash leaves one or the other whole.
        with open(f"{path}.rotating", "wb") as rotated:
            rotated.write(rotate(data) if is_encrypted(data) else encrypt(data))
        os.replace(f"{path}.rotating", path)


def private_storage():
    return storages["private"]


def random_upload_name(folder: str, filename: str) -> str:
    """A stored name that tells nothing: a random token and the checked extension."""
    extension = PurePath(filename).suffix.lower()
    return f"{folder}/{secrets.token_hex(16)}{extension}"
