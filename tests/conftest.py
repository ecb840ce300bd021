"""Fixtures shared by the whole suite: small factories, no shared mutable state."""

import email
import io
import socket
from datetime import UTC, datetime, timedelta

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from django.utils import timezone as django_timezone
from PIL import Image

from core import page_cache
from core.models import PublicationState, Theme
from impact.models import AnnualReview, Highlight
from impact.services import make_renditions
from tests import object_storage as seaweedfs_servers
from tests.object_storage import object_storage, seaweedfs  # noqa: F401 - fixtures

# The test client's address: absolute links (canonical, feed, sitemap, PDF) name it, and the
# page cache stores only pages asked for at the site's own host.
SITE_URL = "http://testserver"


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """The two hosts' test runs first, and the tests that read the demo content loaded once
    (`shared_demo`, tests/browser/) run last: it stays in the database from the first of
    them to the end of the session, where no other test would expect it. Runs after
    pytest-django has put the tests that roll back before the ones that flush; the order
    within each group is kept."""
    items.sort(
        key=lambda item: (
            "shared_demo" in getattr(item, "fixturenames", ()),
            # The longest test of all, a minute or more (two gunicorn hosts on their own
            # database): first, so that under xdist the other process runs beside it rather
            # than waiting for it at the end.
            item.nodeid.split("::")[0] != "tests/test_two_hosts.py",
        )
    )


def pytest_collection_finish(session):
    """SeaweedFS starts now, in the background, if a test will need it
    (tests/object_storage.py)."""
    if not session.config.option.collectonly:
        seaweedfs_servers.start_early(session.items)


def pytest_sessionfinish(session):
    seaweedfs_servers.stop_early()


@pytest.fixture(autouse=True)
def _isolated_files_and_plain_http(request, settings, tmp_path):
    """Uploads go to a fresh folder; the test client speaks plain HTTP (no HTTPS redirect)
    to the site's own address (`SITE_URL`, where the page cache stores pages).

    Staff reach the admin with their password alone, as with debug on: the two-step sign-in
    that production requires has its own tests (tests/test_two_factor.py), which turn it on.

    The page cache is on in the browser tests and in tests marked `page_cache`
    (tests/test_page_cache.py); elsewhere every request renders its page, so that the query
    counts pinned in tests are the views' own.
    """
    settings.SITE_URL = SITE_URL
    # A password hashed the production way takes a quarter of a second; tests log in often.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.SECURE_SSL_REDIRECT = False
    settings.STAFF_TWO_FACTOR_REQUIRED = False
    if not any(request.node.get_closest_marker(name) for name in ("browser", "page_cache")):
        settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def _tasks_run_at_once(request, settings):
    """A task enqueued runs at once, in the test's process (django-tasks' ImmediateBackend):
    an email queued after a commit has reached the mail server when the test looks. The tests
    of the queue itself (marked `task_queue`: tests/test_tasks.py) keep the database queue
    that production uses, and its worker."""
    if not request.node.get_closest_marker("task_queue"):
        settings.TASKS = {
            "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
        }


# A Friday in late November: the HRDAP call for the next June is open, Geneva is on CET.
FROZEN_NOW = datetime(2026, 11, 27, 11, 0, tzinfo=UTC)


@pytest.fixture
def frozen_now(monkeypatch):
    """Pin "now" for tests whose expectations name calendar dates (deadlines, CET or CEST),
    so they mean the same next year. Not for browser tests: cookies live in real time."""
    monkeypatch.setattr(django_timezone, "now", lambda: FROZEN_NOW)
    return FROZEN_NOW


def jpeg_bytes(width=64, height=36, colour=(18, 49, 92)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, "JPEG")
    return buffer.getvalue()


def jpeg_upload(name="photo.jpg", **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, jpeg_bytes(**kwargs), content_type="image/jpeg")


@pytest.fixture
def make_review(db):
    def make(year=2024, *, state=PublicationState.PUBLISHED, publish_at=None, **fields):
        fields.setdefault("title", f"Looking back at {year}")
        return AnnualReview.objects.create(
            year=year,
            state=state,
            publish_at=publish_at or timezone.now() - timedelta(days=1),
            **fields,
        )

    return make


@pytest.fixture
def make_highlight(db):
    counter = iter(range(1, 100_000))

    def make(review, *, state=PublicationState.PUBLISHED, publish_at=None, themes=(), **fields):
        n = next(counter)
        fields.setdefault("title", f"Highlight number {n}")
        fields.setdefault("slug", f"highlight-{n}")
        fields.setdefault("kind", Highlight.Kind.RESOLUTION)
        fields.setdefault("summary", f"What happened in highlight {n}.")
        fields.setdefault("position", n * 10)
        highlight = Highlight.objects.create(
            review=review,
            state=state,
            publish_at=publish_at or timezone.now() - timedelta(days=1),
            **fields,
        )
        highlight.themes.set(themes)
        if highlight.image:  # as the admin and load_demo do once the save commits
            make_renditions(highlight)
        return highlight

    return make


@pytest.fixture
def make_theme(db):
    def make(name="Reprisals", slug=None):
        return Theme.objects.create(name=name, slug=slug or name.lower().replace(" ", "-"))

    return make


@pytest.fixture(autouse=True)
def _english_to_start():
    """Each test starts and ends in English: Django's locale middleware leaves a request's
    language (/fr/, /es/) active in the thread, where it would change the addresses that
    `get_absolute_url()` gives the next lines of a test."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: the application form's rate-limit counters live
    there, and the suite sends many forms from the same address."""
    for cache in caches.all():
        cache.clear()
    page_cache.local_pages.pages.clear()


# --- A real mail server -----------------------------------------------------------------------


class MailServer:
    """An SMTP server on 127.0.0.1 (aiosmtpd, in a thread) that keeps what it receives in
    `received`, as parsed messages. `stop()` takes it down; `start()` brings it back on the
    same port, as a mail server that was down for a while."""

    def __init__(self):
        self.received: list[email.message.Message] = []
        self.port = free_port()
        self.controller = None

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's handler hook
        self.received.append(email.message_from_bytes(envelope.content))
        return "250 Message accepted"

    def start(self):
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    """The site sends its mail over SMTP to a real server of the test's own."""
    server = MailServer()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 2
    yield server
    server.stop()
