"""Where applicants' documents are kept: a folder that no URL serves."""

import os
import secrets
from pathlib import PurePath

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages


class PrivateFileStorage(FileSystemStorage):
    """File storage under PRIVATE_MEDIA_ROOT, outside MEDIA_ROOT and with no URL.

    Staff download these files through a view that checks their permission. The location is
    read from settings on each use, so tests can point it at a temporary folder.
    """

    def __init__(self, **kwargs):
        kwargs["base_url"] = None
        super().__init__(**kwargs)

    @property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Private files have no URL; staff download them through the admin.")


def private_storage():
    return storages["private"]


def random_upload_name(folder: str, filename: str) -> str:
    """A stored name that tells nothing: a random token and the checked extension."""
    extension = PurePath(filename).suffix.lower()
    return f"{folder}/{secrets.token_hex(16)}{extension}"
