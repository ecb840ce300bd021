"""Applicants' documents in the private bucket (docs/architecture.md, "Files and object
storage"), against a real S3 server (SeaweedFS, tests/object_storage.py): what the bucket
holds is the site's ciphertext, nobody reads it without the site's key, and key rotation,
retention and erasure work on it as on the disk."""

import io
import uuid
from datetime import timedelta

import pytest
from cryptography.fernet import Fernet
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from programmes import retention
from programmes.models import Application, KeptUpload
from programmes.storage import private_storage
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
