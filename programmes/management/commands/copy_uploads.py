"""`manage.py copy_uploads --to buckets` (or `--to disk`): copy every uploaded file between
the local disk and the buckets, both ways: the public media (highlight images and their
renditions, MEDIA_ROOT and AWS_STORAGE_BUCKET_NAME) and the applicants' documents
(PRIVATE_MEDIA_ROOT and AWS_PRIVATE_STORAGE_BUCKET_NAME).

Documents are copied as stored: ciphertext, never decrypted. A file already at the target
with the same bytes is left alone, so running it again copies nothing; one with other bytes
under the same name is replaced. Nothing is deleted at the source. See docs/architecture.md,
"Files and object storage", for the order of a move.
"""

import hashlib
import sys
from collections.abc import Iterator
from dataclasses import dataclass

from botocore.exceptions import ClientError
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from core.buckets import BucketStorage, PublicMediaStorage
from programmes.buckets import PrivateS3Storage
from programmes.storage import PrivateFileStorage

BUCKET_SETTINGS = (
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_STORAGE_BUCKET_NAME",
    "AWS_PRIVATE_STORAGE_BUCKET_NAME",
)


@dataclass(frozen=True)
class Side:
    """One kind of file (public media or documents) on the disk and in its bucket."""

    disk: Storage
    bucket: BucketStorage
    encrypted: bool  # read and written as stored, never through the decrypting open()


def walk(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file's name in the storage, folders first searched as the storage lists them."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # no such folder on disk yet: nothing uploaded
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(folders):
        yield from walk(storage, f"{folder}/{sub}" if folder else sub)


def read(storage: Storage, name: str, *, encrypted: bool) -> bytes:
    if encrypted:
        return storage.stored_bytes(name)  # type: ignore[attr-defined]
    with storage.open(name, "rb") as stored:
        return stored.read()


def already_there(storage: Storage, name: str, data: bytes, *, encrypted: bool) -> bool:
    """Whether the storage holds exactly these bytes under this name: the size first, then
    in a bucket the ETag (the MD5 of an object uploaded in one part), else the bytes."""
    if isinstance(storage, BucketStorage):
        stored = storage.bucket.Object(name)
        try:
            stored.load()  # one HEAD request
        except ClientError as error:
            if error.response["ResponseMetadata"]["HTTPStatusCode"] == 404:
                return False
            raise
        if stored.content_length != len(data):
            return False
        etag = stored.e_tag.strip('"')
        if "-" not in etag:  # not a multipart upload's: the MD5 of the bytes
            return etag == hashlib.md5(data, usedforsecurity=False).hexdigest()
    elif not storage.exists(name) or storage.size(name) != len(data):
        return False
    return read(storage, name, encrypted=encrypted) == data


def write(storage: Storage, name: str, data: bytes, *, encrypted: bool) -> None:
    """Store `data` under `name` exactly, replacing what another copy left there."""
    if encrypted:
        storage.replace_stored(name, data)  # type: ignore[attr-defined]
        return
    storage.delete(name)  # a file with other bytes (or none): `save` must not rename
    saved = storage.save(name, ContentFile(data))
    if saved != name:
        raise CommandError(f"{name} was written meanwhile by something else; run again.")


class Command(BaseCommand):
    help = (
        "Copy every uploaded file (public media and applicants' encrypted documents) between "
        "the local disk and the buckets; files already there with the same bytes are skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--to",
            choices=["buckets", "disk"],
            required=True,
            help="where to copy: the buckets of the AWS_* settings, or MEDIA_ROOT and "
            "PRIVATE_MEDIA_ROOT",
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="no progress bar on standard error"
        )

    def handle(self, *args, to, no_progress, **options):
        missing = [name for name in BUCKET_SETTINGS if not getattr(settings, name, "")]
        if missing:
            raise CommandError(
                "The buckets are not configured: set " + ", ".join(missing) + " (README.md, "
                "Configuration), whichever storage the site uses now."
            )
        sides = [
            Side(FileSystemStorage(location=settings.MEDIA_ROOT), PublicMediaStorage(), False),
            Side(
                PrivateFileStorage(location=settings.PRIVATE_MEDIA_ROOT), PrivateS3Storage(), True
            ),
        ]
        work = []
        for side in sides:
            source, target = (
                (side.disk, side.bucket) if to == "buckets" else (side.bucket, side.disk)
            )
            work += [(source, target, name, side.encrypted) for name in walk(source)]

        copied = skipped = 0
        progress = tqdm(
            work,
            desc=f"Copying to the {to}",
            unit="file",
            file=sys.stderr,
            disable=no_progress or not sys.stderr.isatty(),
        )
        for source, target, name, encrypted in progress:
            data = read(source, name, encrypted=encrypted)
            if already_there(target, name, data, encrypted=encrypted):
                skipped += 1
                continue
            write(target, name, data, encrypted=encrypted)
            copied += 1
        self.stdout.write(
            f"Copied {copied} file{'' if copied == 1 else 's'}, {skipped} already there."
        )
