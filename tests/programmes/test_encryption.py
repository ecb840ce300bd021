"""Applicants' long answers and documents are encrypted at rest, and keys can be rotated."""

import io

import pytest
from cryptography.fernet import Fernet
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from programmes.encryption import InvalidToken
from programmes.models import Application, ApplicationDraft

ANSWER = "We documented 14 arrests of journalists in the capital."
CV = b"%PDF-1.7 Curriculum vitae of a defender at risk"


def raw(table: str, column: str, pk: int) -> str:
    """The value as the database holds it, past the ORM."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def on_disk(settings, file) -> bytes:
    return (settings.PRIVATE_MEDIA_ROOT / file.name).read_bytes()


@pytest.fixture
def application(open_2027, make_application):
    application = make_application(open_2027, advocacy_experience=ANSWER)
    application.cv.save("cv.pdf", ContentFile(CV))
    return application


def test_a_long_answer_is_unreadable_in_the_database_row(application):
    stored = raw("programmes_application", "advocacy_experience", application.pk)
    assert stored.startswith("fernet:") and "arrests" not in stored
    assert Application.objects.get(pk=application.pk).advocacy_experience == ANSWER


def test_an_answer_that_begins_like_ciphertext_is_encrypted_and_reads_back_as_typed(
    open_2027, make_application
):
    typed = "fernet: the word my organisation uses for its secure channel"
    application = make_application(open_2027, un_engagement=typed)
    stored = raw("programmes_application", "un_engagement", application.pk)
    assert stored != typed and "secure channel" not in stored
    assert Application.objects.get(pk=application.pk).un_engagement == typed


def test_fields_used_to_filter_and_search_stay_plain(application):
    assert raw("programmes_application", "country", application.pk) == "KE"
    assert raw("programmes_application", "email", application.pk) == application.email


def test_a_draft_s_answers_are_encrypted_too(open_2027):
    draft = ApplicationDraft.objects.create(
        edition=open_2027, email="a@example.org", geneva_objectives=ANSWER
    )
    assert "arrests" not in raw("programmes_applicationdraft", "geneva_objectives", draft.pk)


def test_an_empty_answer_stays_empty(open_2027, make_application):
    application = make_application(open_2027, availability_notes="")
    assert raw("programmes_application", "availability_notes", application.pk) == ""


def test_a_document_is_unreadable_on_disk_and_whole_when_staff_download_it(
    admin_client, application, settings
):
    stored = on_disk(settings, application.cv)
    assert b"Curriculum" not in stored and not stored.startswith(b"%PDF")
    url = reverse("admin:programmes_application_file", args=[application.pk, "cv"])
    assert b"".join(admin_client.get(url).streaming_content) == CV


def test_without_the_key_nothing_can_be_read(application, settings):
    settings.ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(InvalidToken):
        Application.objects.get(pk=application.pk)
    with pytest.raises(InvalidToken):
        application.cv.open().read()


def test_rotation_re_encrypts_everything_under_the_new_key(application, settings):
    old = settings.ENCRYPTION_KEYS[0]
    new = Fernet.generate_key().decode()
    settings.ENCRYPTION_KEYS = [new, old]
    out = io.StringIO()

    call_command("rotate_encryption_keys", stdout=out)

    assert "1 applications and drafts, 1 documents" in out.getvalue()
    settings.ENCRYPTION_KEYS = [new]  # the old key removed
    reloaded = Application.objects.get(pk=application.pk)
    assert reloaded.advocacy_experience == ANSWER
    assert reloaded.cv.open().read() == CV


def test_rotation_also_encrypts_a_document_stored_before_encryption(application, settings):
    path = settings.PRIVATE_MEDIA_ROOT / application.cv.name
    path.write_bytes(CV)  # as an older version of the site left it
    assert application.cv.open().read() == CV  # still readable meanwhile

    call_command("rotate_encryption_keys", stdout=io.StringIO())

    assert b"Curriculum" not in path.read_bytes()
    assert Application.objects.get(pk=application.pk).cv.open().read() == CV
