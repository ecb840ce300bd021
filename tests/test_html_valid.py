"""Every public page is valid HTML, as the Nu HTML Checker (vnu) reads it.

The pages are those tests/test_css.py walks (every page reachable by links from the home
page, each state of the application form, the pages around it and the error pages), rendered
with the demo content, plus two that no link reaches: the review filtered down to nothing and
a closed call's form. All are checked in one run of the checker, as starting Java costs
seconds and a page a few milliseconds.

The checker is the npm package vnu-jar, pinned in assets/package.json (`make css` installs
it), and runs on Java 17 or newer. Without either the tests are skipped, and fail instead when
REQUIRE_VNU is set (as .ci/run does), so that CI cannot pass without checking.
"""

import json
import os
import shutil
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from impact.models import AnnualReview, Highlight
from tests.test_css import application_form_pages, crawl, open_and_closed_editions, other_pages

VNU_JAR = settings.BASE_DIR / "assets/node_modules/vnu-jar/build/dist/vnu.jar"

INVALID_PAGE = """<!doctype html>
<html lang="en">
<head><title>Two paragraphs, one id</title></head>
<body>
<p id="intro">One.</p>
<p id="intro">Two.</p>
</body>
</html>
"""
VALID_PAGE = INVALID_PAGE.replace('<p id="intro">Two.</p>', "<p>Two.</p>")


@pytest.fixture
def vnu() -> list[str]:
    """The command that runs the checker. Without it the test is skipped (fails with
    REQUIRE_VNU); ask for it before the demo content, so that a skip costs nothing."""
    java = shutil.which("java")
    missing = [what for what, found in (("java", java), (VNU_JAR, VNU_JAR.is_file())) if not found]
    if missing:
        reason = (
            f"The Nu HTML Checker cannot run: {', '.join(map(str, missing))} not found. Run "
            "`make css` to install the checker; apt-get install default-jre-headless for Java."
        )
        if os.environ.get("REQUIRE_VNU"):
            pytest.fail(reason)
        pytest.skip(reason)
    # A short run: the JIT's second tier costs more than it saves (half the CPU time without
    # it). Its first tier uses more stack, and the checker recurses deeply: hence -Xss.
    return [java, "-Xss8m", "-XX:TieredStopAtLevel=1", "-jar", str(VNU_JAR)]


def html_errors(command: list[str], pages: dict[str, str], folder: Path) -> list[str]:
    """Checks {page: HTML} in one run of the checker; returns "page, line N: message" for
    each error.

    Only errors count (`--errors-only`): a warning, such as a role that repeats the
    element's own, is advice, not something the HTML standard forbids.
    """
    names = {}
    for n, (page, html) in enumerate(pages.items()):
        path = folder / f"page-{n:03}.html"
        path.write_text(html, encoding="utf-8")
        names[path.name] = page
    result = subprocess.run(
        # --stdout: the report on standard output; --verbose: the files read on standard error.
        [*command, "--format", "json", "--errors-only", "--stdout", "--verbose", *names],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    # A file the checker cannot find is left out silently, and would pass as valid.
    unread = set(names) - {Path(line.strip()).name for line in result.stderr.splitlines()}
    assert not unread, f"the checker did not read {sorted(unread)}: {result.stderr}"
    return [
        f"{names.get(Path(message.get('url', '')).name, message.get('url'))}, "
        f"line {message.get('lastLine', '?')}: {message['message']}"
        for message in json.loads(result.stdout)["messages"]
        if message["type"] != "info"  # errors, and documents the checker could not read
    ]


def filters_matching_nothing() -> str:
    """The 2024 review filtered by a kind and a country that no highlight has together."""
    review = AnnualReview.objects.get(year=2024)
    highlights = list(Highlight.objects.published().filter(review=review))
    kinds = {highlight.kind for highlight in highlights}
    codes = {country.code for highlight in highlights for country in highlight.countries}
    kind, code = next(
        (kind, code)
        for kind in sorted(kinds)
        for code in sorted(codes)
        if not any(h.kind == kind and code in {c.code for c in h.countries} for h in highlights)
    )
    return f"{review.get_absolute_url()}?kind={kind}&country={code}"


@pytest.fixture
def demo(db):
    """The demo content: every kind of page and block the site has."""
    call_command("load_demo", stdout=StringIO())


def test_every_public_page_and_state_of_the_application_form_is_valid_html(
    vnu, client, demo, settings, tmp_path
):
    open_call, closed = open_and_closed_editions()
    pages = crawl(client)
    assert any("?kind=" in url for url in pages), "the crawl did not reach a filtered review"
    for url in ("/impact/data/", "/fr/impact/data/", "/es/impact/data/"):
        assert url in pages, f"the crawl did not reach the open data page {url}"
    # The map's pages, reached through the review's map and list in every language.
    for language in ("", "/fr", "/es"):
        assert f"{language}/impact/countries/" in pages, "the crawl did not reach the countries"
        assert f"{language}/impact/countries/af/" in pages, "the crawl did not reach a country"
    # A request leaves its page's language active, and the crawl ended in any of them: the
    # addresses below, and the ones the helpers make, are the English ones.
    translation.activate(settings.LANGUAGE_CODE)
    apply_url, closed_url = open_call.get_apply_url(), closed.get_apply_url()
    assert apply_url in pages, "the crawl did not reach the open call"

    # No link leads to filters that match nothing: that page is asked for here.
    no_match = filters_matching_nothing()
    response = client.get(no_match)
    assert "No highlight matches these filters." in response.content.decode()
    pages[no_match] = response.content.decode()

    response = client.get("/impact/?q=%00")
    assert response.status_code == 400, "the bad request page was not rendered"
    pages["/impact/?q=%00 (bad request)"] = response.content.decode()

    response = client.get(closed_url)
    assert "are closed" in response.content.decode(), "the closed call's form was not refused"
    pages[f"{closed_url} (call closed)"] = response.content.decode()

    pages |= {
        f"{apply_url} ({state})": html
        for state, html in application_form_pages(client, open_call).items()
    }
    addresses = {
        "form sent after the deadline": closed_url,
        "too many forms": apply_url,
        "page not found": "/no-such-page/",
    }
    pages |= {  # the others are rendered as a middleware or an error handler renders them
        f"{addresses[name]} ({name})" if name in addresses else name: html
        for name, html in other_pages(client, settings, open_call, closed).items()
    }

    errors = html_errors(vnu, pages, tmp_path)
    assert not errors, f"{len(errors)} HTML errors in {len(pages)} pages:\n" + "\n".join(errors)


def test_the_checker_reports_an_invalid_page_and_passes_a_valid_one(vnu, tmp_path):
    errors = html_errors(vnu, {"invalid": INVALID_PAGE, "valid": VALID_PAGE}, tmp_path)
    assert errors == ["invalid, line 6: Duplicate ID “intro”."]
