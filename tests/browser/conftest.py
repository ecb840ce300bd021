"""Real-browser tests: Debian's Chromium driven by Playwright against Django's live server.

The suite never downloads a browser. Without Chromium these tests are skipped with a reason,
unless REQUIRE_BROWSER is set (as in CI), where a missing browser is an error.
"""

import functools
import io
import os
import shutil
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings as django_settings
from django.core.management import call_command, get_commands
from django.db import DEFAULT_DB_ALIAS, connection
from django.test.utils import override_settings, setup_databases, teardown_databases
from django.utils import timezone
from pytest_django.live_server_helper import LiveServer

from core.models import PublicationState
from impact.models import AnnualReview, Highlight, KeyFigure
from programmes.models import Component, Edition, Programme
from tests.privacy import privacy_notice
from tests.programmes.conftest import make_application

__all__ = ["make_application"]  # the programmes' factory, for tests of the admin

# Playwright's sync API runs an event loop in the test's thread; the ORM calls that the tests
# make between browser steps are still plain synchronous code.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

BROWSER_DIR = Path(__file__).parent
DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",  # the tests run as root
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}
OFF = {"", "0", "no", "false", "off"}
SKIP_REASON = "Chromium is not installed (apt-get install -y chromium); browser tests skipped"


def chromium_path() -> str | None:
    """Where Chromium is, or None. CHROMIUM_PATH points elsewhere (or nowhere, to test this)."""
    wanted = os.environ.get("CHROMIUM_PATH")
    if wanted:
        return wanted if Path(wanted).is_file() else None
    if Path(DEFAULT_CHROMIUM).is_file():
        return DEFAULT_CHROMIUM
    return shutil.which("chromium")


def pytest_collection_modifyitems(config, items):
    here = [item for item in items if BROWSER_DIR in Path(item.path).parents]
    if not here:
        return
    found = chromium_path()
    required = os.environ.get("REQUIRE_BROWSER", "").strip().lower() not in OFF
    if not found and required:
        where = os.environ.get("CHROMIUM_PATH") or f"{DEFAULT_CHROMIUM} or on PATH"
        raise pytest.UsageError(
            "Chromium is required for the browser tests (REQUIRE_BROWSER is set) but was not "
            f"found at {where}. Install it with: apt-get install -y chromium"
        )
    for item in here:
        item.add_marker(pytest.mark.browser)
        if not found:
            item.add_marker(pytest.mark.skip(reason=SKIP_REASON))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": chromium_path(),
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def site_server(request, test_database):
    """pytest-django's live server, serving static files the way production does.

    Two differences from the stock fixture:
    - static files come from WhiteNoise and the collected, hashed files (tests/environment.py
      collects them), not from the finders, which know no hashed names;
    - the server speaks plain HTTP: the middleware reads SECURE_SSL_REDIRECT once, when the
      server starts, so the per-test setting in tests/conftest.py comes too late for it.

    Started on the test database, so after it is set up. Named apart from `live_server`,
    which pytest-django reads as "an empty database, flushed after the test": the tests of
    the shared demo (`shared_demo`) must not have that.
    """
    addr = (
        request.config.getvalue("liveserver")
        or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "localhost"
    )
    with override_settings(SECURE_SSL_REDIRECT=False):
        server = LiveServer(addr, start=False)
        server.thread.static_handler = lambda app: app  # let WhiteNoise answer
        server.start()
    yield server
    server.stop()


@pytest.fixture
def live_server(site_server):
    """The site's server (`site_server`), with pytest-django's meaning: the test and the server
    share an empty database, flushed after the test."""
    return site_server


@pytest.fixture(autouse=True)
def _live_server_is_the_site(request, _isolated_files_and_plain_http, settings, site_server):
    """The browser asks the live server, which is then the site's public address: pages name
    it in their absolute links, and the page cache stores what is asked for there.

    Every browser test but those of the shared demo gets an empty database, flushed after it,
    as pytest-django gives the tests that ask for `live_server`."""
    settings.SITE_URL = site_server.url
    if "shared_demo" not in request.fixturenames:
        request.getfixturevalue("transactional_db")


@pytest.fixture
def new_page(browser, site_server):
    """Open a page in a fresh context: `new_page("phone")`, `new_page("desktop", js=False)`.

    Every test that opens a page also checks the Content-Security-Policy: anything the
    browser refused to load or run on any page fails the test.
    """
    contexts = []
    refused = []

    def note_csp_violation(message):
        # axe-core itself parses the page's stylesheets through inline <style> elements
        # (its CSSOM preload), which the policy refuses; that is the tool, not the site.
        if "Content Security Policy" in message.text and not AXE_RUNNING:
            page_url = message.page.url if message.page else ""
            refused.append(f"{page_url}: {message.text}")

    def open_page(viewport="desktop", *, js=True):
        context = browser.new_context(
            viewport=VIEWPORTS[viewport],
            java_script_enabled=js,
            base_url=site_server.url,
            locale="en-GB",
            timezone_id="Europe/Zurich",
        )
        context.set_default_timeout(10_000)
        context.on("console", note_csp_violation)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()
    assert not refused, "the Content-Security-Policy refused:\n" + "\n".join(refused)


# --- Content ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Demo:
    """What the tests need to know about the loaded content, read back from the database."""

    review: AnnualReview
    highlights: list[Highlight]  # published, in the review's order
    kind: str  # a kind some but not all highlights have
    country: str  # a country code some but not all highlights have
    programme: Programme
    edition: Edition

    def with_country(self, code: str) -> list[Highlight]:
        return [h for h in self.highlights if code in {c.code for c in h.countries}]

    def next_after(self, highlight: Highlight) -> Highlight | None:
        index = [h.pk for h in self.highlights].index(highlight.pk)
        return self.highlights[index + 1] if index + 1 < len(self.highlights) else None


@pytest.fixture(scope="session")
def demo_media_root(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("demo-media")


@pytest.fixture
def demo(
    live_server,
    transactional_db,
    settings,
    demo_media_root,
    make_review,
    make_highlight,
    make_theme,
) -> Demo:
    """The demo content in the live server's database, loaded for this test alone: for tests
    that write (an application sent, a highlight published). A test that only reads asks for
    `shared_demo` instead (see there).

    Its generated illustrations go to one folder for the whole session: `load_demo` reuses
    the files it finds there instead of drawing them again for every test.
    """
    settings.MEDIA_ROOT = demo_media_root
    load_content(make_review, make_highlight, make_theme)
    return describe_content()


@pytest.fixture
def call_demo(live_server, transactional_db) -> Edition:
    """Only what applicants meet of the demo, for this test alone: the themes, the programmes
    and the HRDAP edition whose call is open today (its components and texts in three
    languages), as `load_demo` writes them, and the privacy notice. The application form's
    tests need no more, and this is a small part of the demo to load and to flush (no review,
    no 2024 call with its 434 applications)."""
    from impact import demo as impact_demo
    from impact.management.commands.load_demo import DemoLoader
    from programmes import demo as programmes_demo

    today = timezone.localdate()
    loader = DemoLoader(today=today)
    themes = {slug: loader.theme(slug, name) for slug, name in impact_demo.THEMES.items()}
    programmes = {data["slug"]: loader.programme(data) for data in programmes_demo.PROGRAMMES}
    year = programmes_demo.open_hrdap_call(today)["year"]
    (data,) = (
        data
        for data in programmes_demo.editions(today)
        if (data["programme"], data["year"]) == ("hrdap", year)
    )
    edition = loader.edition(data, programmes=programmes, themes=themes)
    privacy_notice()
    return edition


def load_content(make_review=None, make_highlight=None, make_theme=None) -> None:
    if "load_demo" in get_commands():
        call_command("load_demo", stdout=io.StringIO())
    else:
        build_content(make_review, make_highlight, make_theme)
    # Written by a migration, so gone once a browser test's database has been flushed.
    privacy_notice()


def row_counts() -> dict[str, int]:
    """The number of rows in each of the site's tables, in one query: what a test that only
    reads must leave as it is."""
    tables = sorted(connection.introspection.django_table_names(only_existing=True))
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(table)})" for table in tables)
        )
        return dict(zip(tables, cursor.fetchone(), strict=True))


class SharedDemo:
    """The demo content loaded once (per session, or per pytest-xdist worker) and committed,
    for the tests that only read it: loading and flushing it for each of them cost about a
    second each on SQLite, more on PostgreSQL.

    They run last (`pytest_collection_modifyitems` below), after every test that needs an
    empty database, and the rows are flushed at the end. Before each of them the row counts
    are compared with those right after loading, and the demo loaded again if anything
    flushed it meanwhile; after each, a test that added or deleted a row fails.
    """

    def __init__(self, media_root: Path):
        self.media_root = media_root
        self.content: Demo | None = None
        self.counts: dict[str, int] = {}

    def ready(self) -> Demo:
        if self.content is None or row_counts() != self.counts:
            call_command("flush", interactive=False, verbosity=0)
            with override_settings(MEDIA_ROOT=self.media_root):
                load_content()
            self.content = describe_content()
            self.counts = row_counts()
        return self.content

    def check_unchanged(self, test_name: str) -> None:
        counts = row_counts()
        if counts != self.counts:
            changed = {
                label: (self.counts.get(label), count)
                for label, count in counts.items()
                if self.counts.get(label) != count
            }
            self.content = None  # loaded again for the next test
            pytest.fail(
                f"{test_name} asked for `shared_demo` but changed the rows (before, after): "
                f"{changed}; a test that writes asks for `demo`.",
                pytrace=False,
            )


# The database the settings name, before pytest-django replaces it with the test database.
CONFIGURED_DATABASE = str(django_settings.DATABASES["default"]["NAME"])


@pytest.fixture(scope="session")
def test_database(django_db_setup, django_db_blocker):
    """The test database, for the browser tests.

    pytest-django creates it when a test asks for `db`, `transactional_db` or `live_server`;
    when only tests of the shared demo run (`pytest tests/browser/test_motion.py`) none does,
    and the database is created here, the way Django's test runner creates it.
    """
    if str(django_settings.DATABASES["default"]["NAME"]) != CONFIGURED_DATABASE:
        yield
        return
    with django_db_blocker.unblock():
        created = setup_databases(verbosity=0, interactive=False, aliases={DEFAULT_DB_ALIAS})
    yield
    with django_db_blocker.unblock():
        teardown_databases(created, verbosity=0)


@pytest.fixture(scope="session")
def _shared_demo_database(test_database, django_db_blocker, demo_media_root):
    shared = SharedDemo(demo_media_root)
    yield shared
    if shared.content is not None:
        with django_db_blocker.unblock():
            call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def shared_demo(request, _shared_demo_database, django_db_blocker, settings, site_server) -> Demo:
    """The demo content, loaded once and shared by the tests that only read it (public pages,
    axe, languages, PDF, sharing). The test may query the database, as with `db`, but
    outside a transaction: the live server must see the rows, on PostgreSQL too."""
    settings.MEDIA_ROOT = _shared_demo_database.media_root
    with django_db_blocker.unblock():
        yield _shared_demo_database.ready()
        _shared_demo_database.check_unchanged(request.node.nodeid)


def build_content(make_review, make_highlight, make_theme) -> None:
    """A small stand-in for `load_demo`, from the suite's factories."""
    review = make_review(
        2024,
        title="Looking back at 2024",
        intro="<p>Defenders and ISHR changed things at the UN this year.</p>",
        outlook="<p>Next year we keep going.</p>",
        video_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        video_title="Our year in three minutes",
    )
    KeyFigure.objects.create(review=review, value="434", label="applications", position=10)
    reprisals, women = make_theme("Reprisals"), make_theme("Women defenders")
    kinds = Highlight.Kind
    for title, kind, countries, themes in [
        ("Council renews protection for defenders", kinds.RESOLUTION, ["CN"], [reprisals]),
        ("A new mandate on climate and rights", kinds.MANDATE, ["BR", "CO"], [women]),
        ("Campaign frees a lawyer", kinds.CAMPAIGN, ["CN"], [reprisals]),
        ("Training for sixteen defenders", kinds.CAPACITY_BUILDING, ["KE"], []),
        ("Martin Ennals Award laureate", kinds.RECOGNITION, ["BR"], [women]),
    ]:
        make_highlight(review, title=title, kind=kind, countries=countries, themes=themes)
    programme = Programme.objects.create(
        slug="hrdap",
        name="Human Rights Defender Advocacy Programme",
        short_name="HRDAP",
        summary="Training that brings defenders to Geneva.",
    )
    geneva = timezone.get_current_timezone()
    edition = Edition.objects.create(
        programme=programme,
        year=2024,
        places=16,
        state=PublicationState.PUBLISHED,
        publish_at=timezone.now() - timedelta(days=400),
        call_opens=datetime(2023, 11, 1, tzinfo=geneva),
        call_closes=datetime(2024, 1, 15, 23, 59, tzinfo=geneva),
    )
    Component.objects.create(
        edition=edition,
        mode=Component.Mode.ONLINE,
        name="Online course",
        starts_on=date(2024, 4, 8),
        ends_on=date(2024, 5, 31),
    )


def describe_content() -> Demo:
    review = AnnualReview.objects.published().order_by("-year").first()
    assert review is not None, "the demo content holds no published review"
    highlights = list(Highlight.objects.published().filter(review=review))
    total = len(highlights)

    kind = next(
        k for k in Highlight.Kind.values if 0 < sum(h.kind == k for h in highlights) < total
    )
    # A country that narrows the list and whose first highlight has a next one to move to.
    by_country: dict[str, list[Highlight]] = {}
    for h in highlights:
        for c in h.countries:
            by_country.setdefault(c.code, []).append(h)
    country = next(
        code
        for code, matching in sorted(by_country.items())
        if 0 < len(matching) < total and matching[0].pk != highlights[-1].pk
    )
    edition = (
        Edition.objects.published()
        .select_related("programme")
        .filter(components__isnull=False)
        .order_by("programme__position", "-year")
        .first()
    )
    assert edition is not None, "the demo content holds no published edition"
    return Demo(
        review=review,
        highlights=highlights,
        kind=kind,
        country=country,
        programme=edition.programme,
        edition=edition,
    )


# --- Accessibility ------------------------------------------------------------------------


@functools.cache
def axe() -> Axe:
    return Axe()  # reads axe-core's script once per session


# Set while axe-core runs, so that its own inline styles are not taken for the site's.
AXE_RUNNING = []


# axe's default rules, and WCAG 2.2's target size (2.5.8, AA: 24 by 24 CSS pixels), which
# axe does not run by default.
AXE_OPTIONS = {"rules": {"target-size": {"enabled": True}}}


def assert_no_axe_violations(page, *, within: list[str] | None = None) -> None:
    """Run axe-core on the page as it is now; fail with axe's own report if anything is found.

    `within` (CSS selectors) limits the run to those parts of the page, for a page whose
    other parts hold known violations of their own (each test says which and why).
    """
    AXE_RUNNING.append(page)
    try:
        results = axe().run(page, context=within, options=AXE_OPTIONS)
    finally:
        AXE_RUNNING.remove(page)
    if results.violations_count:
        report = results.generate_report()
        print(report)
        pytest.fail(f"axe found accessibility violations on {page.url}:\n{report}", pytrace=False)


def wait_for_mail(mailoutbox, count: int) -> None:
    """The live server sends mail once the page has gone: wait a moment for `count`
    messages, and no more."""
    deadline = time.monotonic() + 5
    while len(mailoutbox) < count:
        assert time.monotonic() < deadline, f"{len(mailoutbox)} emails, not {count}"
        time.sleep(0.05)
    assert len(mailoutbox) == count


def hrdap_edition(year: int = 2027, **fields) -> Edition:
    """A published HRDAP edition (with its programme), as the admin's tests start from."""
    programme, _created = Programme.objects.get_or_create(
        slug="hrdap",
        defaults={"name": "Human Rights Defender Advocacy Programme", "short_name": "HRDAP"},
    )
    return Edition.objects.create(
        programme=programme,
        year=year,
        state=PublicationState.PUBLISHED,
        publish_at=timezone.now() - timedelta(days=1),
        **fields,
    )
