"""Applicants' documents in the private bucket (docs/architecture.md, "Files and object
storage"), against a real S3 server (SeaweedFS, tests/object_storage.py): what the bucket
holds is the site's ciphertext, nobody reads it without the site's key, and key rotation,
retention and erasure work on it as on the disk."""

import io
import time
import uuid
from datetime import timedelta

import pytest
from cryptography.fernet import Fernet
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from programmes import retention
from programmes.models import Application, KeptUpload
from programmes.storage import PrivateFileStorage, private_storage
from tests.conftest import jpeg_bytes
from tests.object_storage import PRIVATE_BUCKET, PUBLIC_BUCKET

from .test_apply import pdf, submit

CV = b"%PDF-1.7 Curriculum vitae of Amina Diallo, defender"


@pytest.fixture
def edition(open_2027, make_theme):
    open_2027.themes.set([make_theme("Racial justice")])
    return open_2027


def store(folder: str, content: bytes) -> str:
    return private_storage().save(
        f"applications/{folder}/{uuid.uuid4().hex}.pdf", ContentFile(content)
    )


def test_an_application_cv_is_stored_as_ciphertext_in_the_private_bucket_only(
    client, edition, object_storage, manager, settings
):
    sent = pdf("Amina Diallo CV.pdf", size=3_000)
    body = sent.read()
    sent.seek(0)

    submit(client, edition, cv=sent)

    application = Application.objects.get()
    stored = object_storage.read(PRIVATE_BUCKET, application.cv.name)
    assert stored.startswith(b"gAAAAA")
    assert body not in stored and b"%PDF" not in stored
    assert sorted(object_storage.objects(PRIVATE_BUCKET)) == sorted(
        [application.cv.name, application.reference_letter.name]
    )
    assert object_storage.objects(PUBLIC_BUCKET) == {}
    assert not settings.PRIVATE_MEDIA_ROOT.exists()  # nothing on this server's disk
    # Without the site's key: refused, even knowing the name.
    assert object_storage.anonymous_get(PRIVATE_BUCKET, application.cv.name) == (403, b"")

    client.force_login(manager)
    url = reverse("admin:programmes_application_file", args=[application.pk, "cv"])
    response = client.get(url)
    assert b"".join(response.streaming_content) == body


def test_key_rotation_re_encrypts_a_bucket_document_under_the_new_key(
    object_storage, open_2027, make_application, settings
):
    application = make_application(open_2027, cv=store("cv", CV))
    before = object_storage.read(PRIVATE_BUCKET, application.cv.name)
    old, new = settings.ENCRYPTION_KEYS[0], Fernet.generate_key().decode()
    settings.ENCRYPTION_KEYS = [new, old]

    call_command("rotate_encryption_keys", stdout=io.StringIO())

    after = object_storage.read(PRIVATE_BUCKET, application.cv.name)
    assert after != before
    assert Fernet(new.encode()).decrypt(after) == CV
    settings.ENCRYPTION_KEYS = [new]  # the old key removed
    assert Application.objects.get().cv.open().read() == CV
    assert list(object_storage.objects(PRIVATE_BUCKET)) == [application.cv.name]


def test_key_rotation_encrypts_a_bucket_document_stored_before_encryption(
    object_storage, open_2027, make_application
):
    application = make_application(open_2027, cv="applications/cv/from-before.pdf")
    object_storage.client().put_object(Bucket=PRIVATE_BUCKET, Key=application.cv.name, Body=CV)

    call_command("rotate_encryption_keys", stdout=io.StringIO())

    assert object_storage.read(PRIVATE_BUCKET, application.cv.name).startswith(b"gAAAAA")
    assert Application.objects.get().cv.open().read() == CV


def test_retention_deletes_orphaned_and_abandoned_documents_from_the_bucket(
    object_storage, hrdap, make_edition, make_application, django_capture_on_commit_callbacks
):
    edition = make_edition(hrdap, 2030)  # no call dates yet: nothing of it is due
    orphan = store("cv", b"%PDF-1.7 left behind")
    named = store("letters", b"%PDF-1.7 an application's")
    make_application(edition, reference_letter=named)
    abandoned = KeptUpload.objects.create(
        submission_token=uuid.uuid4(),
        document=KeptUpload.Document.CV,
        file=store("cv", b"%PDF-1.7 kept for a form never sent again"),
        chosen_name="cv.pdf",
        created_at=timezone.now() - timedelta(days=2),
    )

    with django_capture_on_commit_callbacks(execute=True):
        first = retention.apply_retention()
    # The orphan was written less than a day ago (the bucket's LastModified): it may still
    # be an upload in progress.
    assert sorted(object_storage.objects(PRIVATE_BUCKET)) == sorted([orphan, named])
    assert first.files_deleted == 1
    assert not KeptUpload.objects.filter(pk=abandoned.pk).exists()

    with django_capture_on_commit_callbacks(execute=True):
        later = retention.apply_retention(at=timezone.now() + timedelta(days=2))

    assert list(object_storage.objects(PRIVATE_BUCKET)) == [named]
    assert later.files_deleted == 1


def test_erasing_an_applicant_deletes_their_documents_from_the_bucket(
    object_storage, open_2027, make_application, manager, django_capture_on_commit_callbacks
):
    applicant = make_application(
        open_2027, cv=store("cv", CV), reference_letter=store("letters", CV)
    )
    bystander = make_application(open_2027, cv=store("cv", b"%PDF-1.7 someone else"))

    with django_capture_on_commit_callbacks(execute=True):
        retention.erase_applicants(applications=[applicant], by=manager)

    assert list(object_storage.objects(PRIVATE_BUCKET)) == [bystander.cv.name]


def test_a_document_the_bucket_refuses_to_delete_is_logged_for_the_next_run(
    object_storage, settings, caplog
):
    settings.AWS_PRIVATE_STORAGE_BUCKET_NAME = "not-the-site-bucket"  # its key may not
    settings.STORAGES = {**settings.STORAGES}  # the storages made again with that name

    retention._delete_documents(["applications/cv/a.pdf", "applications/cv/b.pdf"])

    assert "Could not delete the document applications/cv/a.pdf" in caplog.text
    assert "Could not delete the document applications/cv/b.pdf" in caplog.text


# --- Copying the files of a site that ran on disk -------------------------------------------


@pytest.fixture
def files_on_disk(settings):
    """What a site that ran on disk holds: an image, its rendition, two documents (stored
    encrypted). Returns {(bucket, name): bytes as stored}."""
    media = FileSystemStorage(location=settings.MEDIA_ROOT)
    documents = PrivateFileStorage(location=settings.PRIVATE_MEDIA_ROOT)
    image = media.save("highlights/a1b2c3.jpg", ContentFile(jpeg_bytes()))
    rendition = media.save(
        "highlights/renditions/a1b2c3-0f0f-400.avif", ContentFile(b"an AVIF rendition")
    )
    cv = documents.save("applications/cv/cv.pdf", ContentFile(CV))
    letter = documents.save("applications/letters/letter.pdf", ContentFile(b"%PDF-1.7 letter"))
    return {
        (PUBLIC_BUCKET, image): (settings.MEDIA_ROOT / image).read_bytes(),
        (PUBLIC_BUCKET, rendition): b"an AVIF rendition",
        (PRIVATE_BUCKET, cv): (settings.PRIVATE_MEDIA_ROOT / cv).read_bytes(),
        (PRIVATE_BUCKET, letter): (settings.PRIVATE_MEDIA_ROOT / letter).read_bytes(),
    }


def copy_uploads(to: str) -> str:
    out = io.StringIO()
    call_command("copy_uploads", "--to", to, "--no-progress", stdout=out)
    return out.getvalue().strip()


def in_buckets(server) -> dict[tuple[str, str], dict]:
    return {
        (bucket, key): entry
        for bucket in (PUBLIC_BUCKET, PRIVATE_BUCKET)
        for key, entry in server.objects(bucket).items()
    }


def test_copy_uploads_to_the_buckets_copies_each_file_as_stored_and_once(
    object_storage, files_on_disk
):
    assert copy_uploads("buckets") == "Copied 4 files, 0 already there."

    copied = in_buckets(object_storage)
    assert sorted(copied) == sorted(files_on_disk)
    for (bucket, key), stored in files_on_disk.items():
        assert object_storage.read(bucket, key) == stored
    # Documents go as the ciphertext they were on disk, never decrypted on the way.
    assert object_storage.read(PRIVATE_BUCKET, "applications/cv/cv.pdf").startswith(b"gAAAAA")
    assert private_storage().open("applications/cv/cv.pdf").read() == CV

    time.sleep(1.1)  # LastModified counts seconds: a second write would show
    assert copy_uploads("buckets") == "Copied 0 files, 4 already there."
    assert in_buckets(object_storage) == copied  # the same ETag and LastModified


def test_copy_uploads_replaces_a_different_file_under_the_same_name(object_storage, files_on_disk):
    copy_uploads("buckets")
    object_storage.client().put_object(
        Bucket=PUBLIC_BUCKET, Key="highlights/a1b2c3.jpg", Body=b"something else"
    )

    assert copy_uploads("buckets") == "Copied 1 file, 3 already there."
    assert (
        object_storage.read(PUBLIC_BUCKET, "highlights/a1b2c3.jpg")
        == (files_on_disk[PUBLIC_BUCKET, "highlights/a1b2c3.jpg"])
    )


def test_copy_uploads_to_the_disk_brings_the_files_back_byte_for_byte(
    object_storage, files_on_disk, settings, tmp_path
):
    copy_uploads("buckets")
    settings.MEDIA_ROOT = tmp_path / "new-media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "new-private"

    assert copy_uploads("disk") == "Copied 4 files, 0 already there."

    roots = {PUBLIC_BUCKET: settings.MEDIA_ROOT, PRIVATE_BUCKET: settings.PRIVATE_MEDIA_ROOT}
    on_disk = {
        (bucket, path.relative_to(root).as_posix()): path.read_bytes()
        for bucket, root in roots.items()
        for path in root.rglob("*")
        if path.is_file()
    }
    assert on_disk == files_on_disk
    assert copy_uploads("disk") == "Copied 0 files, 4 already there."


def test_copy_uploads_needs_the_bucket_settings(settings):
    settings.AWS_ACCESS_KEY_ID, settings.AWS_SECRET_ACCESS_KEY = "key", "secret"
    settings.AWS_STORAGE_BUCKET_NAME = "ishr-media"
    settings.AWS_PRIVATE_STORAGE_BUCKET_NAME = ""
    with pytest.raises(CommandError, match=r"set AWS_PRIVATE_STORAGE_BUCKET_NAME \(README"):
        call_command("copy_uploads", "--to", "buckets", stdout=io.StringIO())
