"""The site around the apps: health check, error pages and settings from the environment."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections
from django.test import Client, RequestFactory

from core.models import Theme
from ishr_site import views
from ishr_site.settings import email_settings

BASE_DIR = Path(__file__).resolve().parent.parent


@pytest.fixture
def broken_database(monkeypatch):
    """Every attempt to open a cursor fails, as when the database server is down."""

    def refuse(*args, **kwargs):
        raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")

    with monkeypatch.context() as patch:
        patch.setattr(views.connection, "cursor", refuse)
        yield
    # Undoing the patch leaves the original method on the instance; drop it.
    vars(connections[DEFAULT_DB_ALIAS]).pop("cursor", None)


# --- /health/ ---------------------------------------------------------------------------------


def test_health_answers_ok_when_the_database_answers(client, db):
    response = client.get("/health/")

    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Content-Type"].startswith("text/plain")


def test_health_is_never_cached(client, db):
    response = client.get("/health/")

    assert "no-cache" in response["Cache-Control"]
    assert "max-age=0" in response["Cache-Control"]


def test_health_answers_503_when_the_database_is_unreachable(client, db, broken_database):
    response = client.get("/health/")

    assert response.status_code == 503
    assert response.content == b"database unavailable\n"


def test_health_answers_over_plain_http_when_https_is_enforced(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/health/").status_code == 200
    assert client.get("/impact/").status_code == 301  # other pages move to HTTPS


def test_health_refuses_writes(client, db):
    assert client.post("/health/").status_code == 405


# --- 500 --------------------------------------------------------------------------------------


def test_the_500_page_says_something_went_wrong_without_a_query(db, django_assert_num_queries):
    request = RequestFactory().get("/impact/2024/")

    with django_assert_num_queries(0):
        response = views.server_error(request)

    assert response.status_code == 500
    html = response.content.decode()
    assert "<title>Something went wrong · ISHR</title>" in html
    assert "Something went wrong on our side" in html
    assert '<a href="/">Go to the home page</a>' in html


def test_the_500_page_renders_while_the_database_is_down(db, broken_database):
    with pytest.raises(OperationalError):
        Theme.objects.exists()  # the database is really out of reach

    response = views.server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def test_an_unhandled_error_shows_the_500_page(client, db, monkeypatch):
    def explode():
        raise RuntimeError("a bug in a view")

    monkeypatch.setattr("impact.views.open_calls", explode)
    client.raise_request_exception = False

    response = client.get("/")

    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


# --- 400 --------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/?q=%00", "/programmes/?%00=1", "/admin/login/?next=/%00"])
def test_a_nul_character_in_a_query_string_is_refused_on_every_page(client, db, path):
    # PostgreSQL refuses NUL in any text: a filter or a search with one would fail as a 500.
    response = client.get(path)
    assert response.status_code == 400
    assert "We could not understand that address" in response.content.decode()


def test_the_bad_request_page_speaks_the_language_of_the_address(client, db):
    response = client.get("/fr/programmes/?%00=1")
    assert response.status_code == 400
    assert "Nous n'avons pas compris cette adresse" in response.content.decode()


# --- Settings ---------------------------------------------------------------------------------


def run_settings(**env) -> subprocess.CompletedProcess:
    """Load the settings in a fresh interpreter with exactly these DJANGO_* variables."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE"))}
    clean.update(DJANGO_SETTINGS_MODULE="ishr_site.settings", **env)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('started')"],
        cwd=BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_settings_refuse_to_start_without_a_secret_key_when_debug_is_off(tmp_path):
    result = run_settings(DJANGO_DEBUG="0", DJANGO_VAR_DIR=str(tmp_path))

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_settings_refuse_an_empty_secret_key_when_debug_is_off(tmp_path):
    result = run_settings(DJANGO_DEBUG="0", DJANGO_SECRET_KEY="", DJANGO_VAR_DIR=str(tmp_path))

    assert "ImproperlyConfigured" in result.stderr


def test_settings_start_in_debug_without_a_secret_key(tmp_path):
    result = run_settings(DJANGO_DEBUG="1", DJANGO_VAR_DIR=str(tmp_path))

    assert result.returncode == 0, result.stderr
    assert result.stdout == "started\n"


def test_settings_start_with_a_secret_key_when_debug_is_off(tmp_path):
    result = run_settings(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="x" * 60,
        DJANGO_ENCRYPTION_KEYS=Fernet.generate_key().decode(),
        DJANGO_VAR_DIR=str(tmp_path),
    )

    assert result.returncode == 0, result.stderr


def test_settings_refuse_to_start_without_encryption_keys_when_debug_is_off(tmp_path):
    result = run_settings(
        DJANGO_DEBUG="0", DJANGO_SECRET_KEY="x" * 60, DJANGO_VAR_DIR=str(tmp_path)
    )

    assert result.returncode != 0
    assert "DJANGO_ENCRYPTION_KEYS must be set when DJANGO_DEBUG is off" in result.stderr


def test_email_defaults_to_the_console():
    assert email_settings("") == {
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"
    }
    assert email_settings("console://")["EMAIL_BACKEND"].endswith("console.EmailBackend")


def test_email_reads_an_smtp_url_with_starttls():
    assert email_settings("smtp://mailer:s3cret@mail.example.org:587/") == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "mail.example.org",
        "EMAIL_PORT": 587,
        "EMAIL_HOST_USER": "mailer",
        "EMAIL_HOST_PASSWORD": "s3cret",
        "EMAIL_USE_SSL": False,
        "EMAIL_USE_TLS": True,
    }


def test_email_reads_an_smtps_url_with_implicit_tls_on_port_465():
    settings = email_settings("smtps://mailer:s3cret@mail.example.org")

    assert (settings["EMAIL_PORT"], settings["EMAIL_USE_SSL"], settings["EMAIL_USE_TLS"]) == (
        465,
        True,
        False,
    )


def test_email_smtp_without_a_port_uses_587():
    assert email_settings("smtp://mail.example.org")["EMAIL_PORT"] == 587


def test_email_smtp_can_turn_starttls_off():
    settings = email_settings("smtp://relay.internal:25/?tls=0")

    assert (settings["EMAIL_PORT"], settings["EMAIL_USE_TLS"], settings["EMAIL_USE_SSL"]) == (
        25,
        False,
        False,
    )


def test_email_decodes_escaped_user_and_password():
    settings = email_settings("smtp://no-reply%40ishr.ch:p%40ss%3Aword%2F1@mail.example.org:587")

    assert settings["EMAIL_HOST_USER"] == "no-reply@ishr.ch"
    assert settings["EMAIL_HOST_PASSWORD"] == "p@ss:word/1"


def test_email_without_credentials_sends_none():
    settings = email_settings("smtp://relay.internal:25")

    assert (settings["EMAIL_HOST_USER"], settings["EMAIL_HOST_PASSWORD"]) == ("", "")


def test_email_refuses_an_unknown_scheme():
    with pytest.raises(ImproperlyConfigured, match="smtp:// or smtps://"):
        email_settings("http://mail.example.org")


def test_a_form_refused_for_its_csrf_token_explains_what_to_do(db):
    response = Client(enforce_csrf_checks=True).post("/programmes/hrdap/2027/apply/", {})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Your form was not sent" in html
    assert "your answers are usually still in the form" in html


def test_static_files_are_hashed_compressed_and_cached_for_ever(client):
    url = staticfiles_storage.url("css/main.css")
    brotli_response = client.get(url, headers={"accept-encoding": "br, gzip"})
    gzip_response = client.get(url, headers={"accept-encoding": "gzip"})

    assert url != "/static/css/main.css"  # a hash in the name
    assert brotli_response["Content-Encoding"] == "br"
    assert gzip_response["Content-Encoding"] == "gzip"
    assert "immutable" in brotli_response["Cache-Control"]
    assert "max-age=315360000" in brotli_response["Cache-Control"]
