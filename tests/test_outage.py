"""A database out of reach: a quick 503 page that needs no database, nothing half-stored, no
file left behind, no email sent."""

import logging
import sqlite3
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.core import mail
from django.db import DEFAULT_DB_ALIAS, OperationalError, connection, connections
from django.test import RequestFactory

from ishr_site.middleware import is_outage, outage_response
from programmes import drafts, services
from programmes.models import Application, ApplicationDraft
from tests.programmes.conftest import hrdap, make_edition, make_programme, open_2027
from tests.programmes.test_apply import APPLY, answers, form_token, pdf

# The programme factories, which live in tests/programmes/.
__all__ = ["hrdap", "make_edition", "make_programme", "open_2027"]

pytestmark = pytest.mark.usefixtures("frozen_now")

REFUSED = "connection to server at 127.0.0.1, port 5432 failed: Connection refused"


@pytest.fixture
def database_down():
    """A context manager: inside it, every cursor fails to open, as when the database server
    is down or out of reach. Outside it, the test's own queries work."""

    @contextmanager
    def down():
        def refuse(*args, **kwargs):
            raise OperationalError(REFUSED)

        connections[DEFAULT_DB_ALIAS].cursor = refuse
        try:
            yield
        finally:
            vars(connections[DEFAULT_DB_ALIAS]).pop("cursor", None)

    return down


@contextmanager
def outage_at_insert_into(table: str, seen: list):
    """The database goes away just as a row is inserted into `table`. Appends to `seen` the
    applicants' files on disk at that moment, to show they were written before the row."""

    def fail(execute, sql, params, many, context):
        # Django adds "OR IGNORE" to the insert of many-to-many rows on SQLite.
        if sql.startswith("INSERT") and f'INTO "{table}"' in sql:
            seen.extend(files_kept())
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(fail):
        yield


def files_kept() -> list:
    return sorted(p for p in settings.PRIVATE_MEDIA_ROOT.rglob("*") if p.is_file())


@pytest.fixture
def edition(open_2027, make_theme):
    open_2027.themes.set([make_theme("Racial justice"), make_theme("Democratic backsliding")])
    return open_2027


# --- The 503 page ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/impact/", "/programmes/", "/programmes/hrdap/"])
def test_a_public_page_answers_503_with_a_page_while_the_database_is_down(
    client, db, database_down, path
):
    with database_down():
        response = client.get(path)

    assert response.status_code == 503
    html = response.content.decode()
    assert "<title>Briefly unavailable · ISHR</title>" in html
    assert "The site is briefly unavailable" in html
    assert "Please try again in a few minutes." in html


def test_the_503_page_asks_to_come_back_later_and_is_never_cached(client, db, database_down):
    with database_down():
        response = client.get("/impact/")

    assert response["Retry-After"] == "60"
    assert "no-store" in response["Cache-Control"]


def test_an_outage_is_logged_once_as_a_warning_without_a_traceback(
    client, db, database_down, caplog
):
    with database_down(), caplog.at_level(logging.INFO):
        client.get("/impact/?page=2")

    (record,) = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert record.levelno == logging.WARNING
    assert record.exc_info is None
    assert record.getMessage() == (
        f"Database unavailable, answered 503: GET /impact/ (OperationalError: {REFUSED})"
    )


def test_the_admin_answers_503_to_signed_in_staff_while_the_database_is_down(
    admin_client, database_down
):
    # The session and the user are read lazily, inside the admin's view.
    with database_down():
        response = admin_client.get("/admin/programmes/application/")

    assert response.status_code == 503
    assert "The site is briefly unavailable" in response.content.decode()


def test_the_503_page_renders_without_a_query(db, django_assert_num_queries):
    request = RequestFactory().post("/programmes/hrdap/2027/apply/")

    with django_assert_num_queries(0):
        response = outage_response(request, OperationalError(REFUSED))

    assert response.status_code == 503
    assert "Your form was not stored" in response.content.decode()


def test_health_keeps_its_own_plain_503_while_the_database_is_down(client, db, database_down):
    with database_down():
        response = client.get("/health/")

    assert response.status_code == 503
    assert response.content == b"database unavailable\n"


def test_a_failed_health_probe_is_logged_once_as_a_warning(client, db, database_down, caplog):
    with database_down(), caplog.at_level(logging.INFO):
        client.get("/health/")

    (record,) = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert record.getMessage() == "Health check: the database does not answer: OperationalError"


def test_other_error_answers_are_still_logged_by_django(client, db, caplog):
    with caplog.at_level(logging.INFO):
        client.get("/no-such-page/")

    assert [r.getMessage() for r in caplog.records if r.name == "django.request"] == [
        "Not Found: /no-such-page/"
    ]


# --- Forms sent during an outage ------------------------------------------------------------


def test_an_application_sent_while_the_database_is_down_says_nothing_was_stored(
    client, edition, database_down, django_capture_on_commit_callbacks
):
    data = {**answers(edition), "submission_token": form_token(client)}

    with database_down(), django_capture_on_commit_callbacks(execute=True):
        response = client.post(APPLY, data)

    assert response.status_code == 503
    html = response.content.decode()
    assert "Your form was not stored" in html
    assert "Sending your form again is safe" in html
    assert "Back button: your answers are usually still in the form" in html
    assert not Application.objects.exists()
    assert files_kept() == []
    assert mail.outbox == []


@pytest.mark.parametrize("table", ["programmes_application", "programmes_application_themes"])
def test_an_outage_while_the_application_is_written_leaves_no_row_file_or_email(
    client, edition, table, django_capture_on_commit_callbacks
):
    data = {**answers(edition), "submission_token": form_token(client)}
    seen = []

    with outage_at_insert_into(table, seen), django_capture_on_commit_callbacks(execute=True):
        response = client.post(APPLY, data)

    assert response.status_code == 503
    assert len(seen) == 2  # the CV and the letter were on disk when the database went away
    assert not Application.objects.exists()
    assert files_kept() == []
    assert mail.outbox == []


def test_an_outage_while_a_draft_is_saved_leaves_no_draft_file_or_email(
    client, edition, django_capture_on_commit_callbacks
):
    data = {
        "email": "amina@example.org",
        "cv": pdf(),
        "save_draft": "",
        "submission_token": form_token(client),
    }
    seen = []

    with (
        outage_at_insert_into("programmes_applicationdraft", seen),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(APPLY, data)

    assert response.status_code == 503
    assert "Your form was not stored" in response.content.decode()
    assert len(seen) == 1
    assert not ApplicationDraft.objects.exists()
    assert files_kept() == []
    assert mail.outbox == []


def test_an_outage_while_a_draft_becomes_an_application_keeps_the_draft_and_its_files(
    client, edition, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        draft = services.save_draft(
            edition=edition,
            data={"email": "amina@example.org", "cv": pdf(), "reference_letter": pdf("l.pdf")},
        )
    drafts_files = files_kept()
    mail.outbox.clear()
    data = {
        **answers(edition, cv=pdf("new-cv.pdf"), reference_letter=None),
        "draft": drafts.sign(draft),
        "submission_token": form_token(client),
    }
    seen = []

    with (
        outage_at_insert_into("programmes_application", seen),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(APPLY, data)

    assert response.status_code == 503
    assert len(seen) == 3  # the new CV was written beside the draft's two files
    assert ApplicationDraft.objects.filter(pk=draft.pk).exists()
    assert files_kept() == drafts_files  # the new CV is gone, the draft's files stay
    assert not Application.objects.exists()
    assert mail.outbox == []


# --- Bugs stay 500s -------------------------------------------------------------------------


def test_an_ordinary_bug_still_shows_the_500_page(client, db, monkeypatch):
    def explode():
        raise ValueError("a bug in a view")

    monkeypatch.setattr("impact.views.open_calls", explode)
    client.raise_request_exception = False

    response = client.get("/")

    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def test_a_query_on_a_missing_table_is_a_bug_not_an_outage(client, db, monkeypatch):
    def query_a_missing_table():
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM impact_table_never_migrated")

    monkeypatch.setattr("impact.views.open_calls", query_a_missing_table)
    client.raise_request_exception = False

    response = client.get("/")

    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def test_a_sqlite_database_locked_past_its_timeout_is_an_outage(db, tmp_path):
    path = tmp_path / "locked.sqlite3"
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        with pytest.raises(sqlite3.OperationalError) as raised:
            other.execute("BEGIN IMMEDIATE")
    finally:
        other.close()
        writer.close()
    # As Django's SQLite backend raises it, whichever database this suite runs on.
    error = OperationalError(str(raised.value))
    error.__cause__ = raised.value

    assert "database is locked" in str(error)
    assert is_outage(error)


def test_an_outage_raised_outside_any_view_still_gives_the_503_page(rf, db):
    # Django calls the 500 handler itself for an error raised in a middleware (saving the
    # session after a submission, for one), where DatabaseOutageMiddleware cannot see it.
    from django.db import OperationalError

    from ishr_site.views import server_error

    try:
        raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")
    except OperationalError:
        response = server_error(rf.get("/programmes/"))
    assert response.status_code == 503 and response["Retry-After"] == "60"
