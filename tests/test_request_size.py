"""A request larger than any form takes: a 413 page before its body is read, in the page's
language, with the headers of every page, under each server the project runs on."""

import http.client
import io
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from wsgiref.handlers import SimpleHandler
from wsgiref.util import setup_testing_defaults
from wsgiref.validate import validator

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.wsgi import get_wsgi_application

BASE_DIR = Path(__file__).resolve().parent.parent
APPLY = "/programmes/hrdap/2027/apply/"
TOO_LARGE = "This form was too large to send"
TOO_LARGE_FR = "Ce formulaire était trop volumineux pour être envoyé"
# RFC 9110, 7.6.1, and PEP 3333: only the server may set these.
HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailers",
    "transfer-encoding",
    "upgrade",
}


def assert_security_headers(headers) -> None:
    """The headers every page of the site carries (tests/test_security_headers.py)."""
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in headers["Permissions-Policy"]
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")


# --- Through Django's test client -----------------------------------------------------------


def test_a_request_larger_than_any_form_is_refused_before_it_is_read(client, db, settings):
    settings.REQUEST_MAX_BYTES = 1000
    body = "x" * 5000
    response = client.post(APPLY, data=body, content_type="text/plain")
    assert response.status_code == 413
    html = response.content.decode()
    assert TOO_LARGE in html and "Nothing was stored." in html
    assert "4.9\xa0KB" in html and "1000\xa0bytes" in html


def test_the_too_large_page_speaks_the_language_of_the_address(client, db, settings):
    settings.REQUEST_MAX_BYTES = 1000
    client.get("/fr/programmes/")  # leaves French active in the thread, as a worker would

    english = client.post(APPLY, data="x" * 5000, content_type="a/b").content.decode()
    french = client.post(f"/fr{APPLY}", data="x" * 5000, content_type="a/b").content.decode()

    assert 'lang="en"' in english and TOO_LARGE in english
    assert 'lang="fr"' in french and TOO_LARGE_FR in french


def test_a_request_within_the_limit_goes_through(client, db, settings):
    settings.REQUEST_MAX_BYTES = 1000
    assert client.post(APPLY, {"a": "b"}).status_code != 413


def test_the_too_large_page_carries_the_security_headers_of_every_page(client, db, settings):
    settings.REQUEST_MAX_BYTES = 1000
    response = client.post(APPLY, data="x" * 5000, content_type="text/plain", secure=True)
    assert response.status_code == 413 and TOO_LARGE in response.content.decode()
    assert_security_headers(response.headers)


# --- Through wsgiref, the server under `make run` -------------------------------------------


def wsgiref_post(path: str, body: bytes) -> tuple[bytes, str]:
    """POST `body` to `path` through wsgiref's handler, which refuses what PEP 3333 forbids
    (as Django's development server does), with the application wrapped in wsgiref's
    validator. Returns what the server wrote to the client, and its error log."""
    environ: dict = {}
    setup_testing_defaults(environ)
    environ.update(
        REQUEST_METHOD="POST",
        PATH_INFO=path,
        QUERY_STRING="",
        CONTENT_TYPE="application/octet-stream",
        CONTENT_LENGTH=str(len(body)),
        HTTP_X_FORWARDED_PROTO="https",
    )
    output, errors = io.BytesIO(), io.StringIO()
    handler = SimpleHandler(io.BytesIO(body), output, errors, environ)
    handler.run(validator(get_wsgi_application()))
    return output.getvalue(), errors.getvalue()


def parse_http(raw: bytes) -> tuple[int, http.client.HTTPMessage, str]:
    head, _, body = raw.partition(b"\r\n\r\n")
    status_line, _, header_lines = head.partition(b"\r\n")
    headers = http.client.parse_headers(io.BytesIO(header_lines + b"\r\n\r\n"))
    return int(status_line.split()[1]), headers, body.decode()


def test_the_too_large_page_passes_wsgiref_and_its_validator(db, settings):
    # `db`: Django's WSGI handler checks the database connection at each request's start.
    settings.REQUEST_MAX_BYTES = 1000

    raw, errors = wsgiref_post(f"/fr{APPLY}", b"x" * 5000)

    assert errors == ""  # wsgiref writes a traceback here, and sends a 500, when it refuses
    status, headers, html = parse_http(raw)
    assert status == 413
    assert TOO_LARGE_FR in html
    assert not HOP_BY_HOP & {name.lower() for name in headers}
    assert_security_headers(headers)


# --- Through gunicorn, the server in production ---------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def answers_health_check(port: int) -> bool:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", "/health/")
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


@pytest.fixture
def gunicorn(tmp_path):
    """gunicorn serving the site on a free port, with debug off and a 64 KB request limit;
    yields the port. The database is an empty SQLite file: no page asked for here needs one.
    """
    if not Path(settings.STATIC_ROOT, "staticfiles.json").is_file():  # not run by `make pytest`
        call_command("collectstatic", interactive=False, verbosity=0)
    port = free_port()
    site_variables = ("DJANGO_", "DATABASE_", "REDIS_", "EMAIL_", "CACHE_", "REQUEST_", "APPLY_")
    env = {key: value for key, value in os.environ.items() if not key.startswith(site_variables)}
    env.update(
        DJANGO_SETTINGS_MODULE="ishr_site.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=settings.SECRET_KEY,
        DJANGO_ENCRYPTION_KEYS=",".join(settings.ENCRYPTION_KEYS),
        DJANGO_VAR_DIR=str(settings.VAR_DIR),  # the collected static files
        DJANGO_MEDIA_ROOT=str(tmp_path / "media"),
        DJANGO_PRIVATE_MEDIA_ROOT=str(tmp_path / "private"),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        EMAIL_URL="console:",
        REQUEST_MAX_BYTES=str(64 * 1024),
        PYTHONUNBUFFERED="1",
    )
    log = tmp_path / "gunicorn.log"
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "ishr_site.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "1",
        "--error-logfile",
        str(log),
        "--capture-output",
    ]
    process = subprocess.Popen(
        command,
        cwd=BASE_DIR,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 30
        while not answers_health_check(port):
            assert process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "gunicorn did not start:\n" + log.read_text()
            time.sleep(0.1)
        yield port
        assert "Traceback" not in log.read_text(), log.read_text()
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def test_gunicorn_answers_an_oversized_upload_with_the_413_page(gunicorn):
    # A real body, eight times the limit, sent as a browser sends a file: gunicorn may close
    # the connection before reading it all, but the 413 page has been sent by then.
    size = 8 * 64 * 1024
    connection = http.client.HTTPConnection("127.0.0.1", gunicorn, timeout=10)
    try:
        connection.putrequest("POST", f"/fr{APPLY}")
        connection.putheader("Content-Type", "multipart/form-data; boundary=x")
        connection.putheader("Content-Length", str(size))
        connection.putheader("X-Forwarded-Proto", "https")  # as the proxy in front says
        connection.endheaders()
        try:
            for _ in range(size // 8192):
                connection.send(b"%PDF-1.7" * 1024)
        except (BrokenPipeError, ConnectionResetError):
            pass
        response = connection.getresponse()
        html = response.read().decode()
    finally:
        connection.close()

    assert response.status == 413
    assert TOO_LARGE_FR in html
    assert "64,0\xa0Kio" in html  # the limit, in French
    assert_security_headers(response.headers)
