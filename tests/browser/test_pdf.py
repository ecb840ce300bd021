"""The review's PDF and the printed review, in a real Chromium.

A reader downloads the PDF from the review page; a reader who prints the page itself gets the
text without the site's navigation, the filters or the buttons (assets/scss/_print.scss).
"""

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from .conftest import assert_no_axe_violations


@pytest.fixture
def demo(shared_demo):
    """These tests only read the demo content: the one loaded once for the session."""
    return shared_demo


DOWNLOAD = "Download the 2024 review (PDF)"


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


@pytest.mark.parametrize(
    ("prefix", "link_name", "name"),
    [
        ("", DOWNLOAD, "ishr-impact-review-2024.pdf"),
        ("/fr", "Télécharger le bilan 2024 (PDF)", "ishr-bilan-impact-2024.pdf"),
        ("/es", "Descargar el informe de 2024 (PDF)", "ishr-informe-impacto-2024.pdf"),
    ],
)
def test_the_reader_clicks_the_link_and_downloads_the_review_under_a_name_in_their_language(
    new_page, demo, tmp_path, prefix, link_name, name
):
    page = new_page("desktop")
    page.goto(f"{prefix}{demo.review.get_absolute_url()}")
    link = page.get_by_role("link", name=link_name)
    expect(link).to_be_visible()
    expect(link).to_have_attribute("download", "")
    if not prefix:
        assert_no_axe_violations(page)  # the link keeps the header's contrast

    # The answer says "attachment": the browser saves the file and the reader stays put.
    with page.expect_download() as started:
        link.click()
    download = started.value

    assert download.suggested_filename == name
    expect(page).to_have_url(re.compile(rf"{prefix}/impact/2024/$"))
    saved = tmp_path / name
    download.save_as(saved)
    content = saved.read_bytes()
    assert content.startswith(b"%PDF-")
    assert len(content) < 2 * 1024 * 1024
    if not prefix:
        text = pdf_text(content)
        assert demo.review.title in text
        assert all(h.title in text for h in demo.highlights)


def test_the_pdf_answers_as_a_pdf_and_comes_from_the_page_cache_the_second_time(new_page, demo):
    page = new_page("phone")
    page.goto(demo.review.get_absolute_url())
    href = page.get_by_role("link", name=DOWNLOAD).get_attribute("href")

    first = page.context.request.get(href)
    second = page.context.request.get(href)

    assert first.status == 200
    assert first.headers["content-type"] == "application/pdf"
    assert first.headers["content-disposition"] == (
        'attachment; filename="ishr-impact-review-2024.pdf"'
    )
    assert second.headers["x-page-cache"] == "hit"
    assert second.body() == first.body()


def test_printing_the_review_leaves_out_the_navigation_filters_and_buttons(
    new_page, demo, tmp_path
):
    page = new_page("desktop")
    page.goto(demo.review.get_absolute_url())
    on_screen = [
        page.locator(".site-nav"),
        page.locator(".highlight-filters"),
        page.locator(".site-footer"),
        page.get_by_role("link", name=DOWNLOAD),
        page.locator(".video-facade"),
    ]
    for part in on_screen:
        expect(part).to_be_visible()

    page.emulate_media(media="print")
    page.screenshot(path=tmp_path / "review-print.png", full_page=True)

    for part in on_screen:
        expect(part).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_have_text(demo.review.title)
    expect(page.get_by_role("heading", name=demo.highlights[0].title)).to_be_visible()
    colours = page.evaluate(
        """() => {
            const style = getComputedStyle(document.querySelector(".review-header h1"));
            return [style.color, getComputedStyle(document.querySelector(".review-header"))
                .backgroundImage];
        }"""
    )
    assert colours == ["rgb(0, 0, 0)", "none"], "the header prints black on white"


def test_a_printed_highlight_shows_where_its_external_links_lead(new_page, demo):
    highlight = next(h for h in demo.highlights if h.sources.exists())
    source = highlight.sources.first()
    page = new_page("desktop")
    page.goto(highlight.get_absolute_url())
    page.emulate_media(media="print")

    printed = PdfReader(io.BytesIO(page.pdf(format="A4")))
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in printed.pages))

    assert highlight.title in text
    # Long addresses wrap anywhere: compare without the spaces the line breaks leave.
    assert f"({source.url})" in text.replace(" ", "")
    for screen_only in ("Skip to main content", "Programmes and calls", "Next highlight"):
        assert screen_only not in text
