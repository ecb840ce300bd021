"""The review as a PDF (/impact/<year>/pdf/): what it holds, how it is served and cached, and
what the site does when WeasyPrint cannot be loaded.

The PDFs are read back with pypdf (in the `test` extra): WeasyPrint writes them through
pydyf, which only writes, and poppler's pdftotext is not on every machine that runs the suite.
"""

import io
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core import checks
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from core import page_cache
from core.models import PublicationState
from impact import pdf
from impact.models import FigureSource, Highlight, KeyFigure, SourceLink
from tests.conftest import jpeg_upload

PDF_URL = "/impact/2024/pdf/"
TWO_MEGABYTES = 2 * 1024 * 1024


def read_pdf(content: bytes) -> PdfReader:
    loads = pdf.weasyprint_error() or "loads"
    assert content.startswith(b"%PDF-"), f"not a PDF (WeasyPrint: {loads}): {content[:60]!r}"
    return PdfReader(io.BytesIO(content))


def pdf_images(content: bytes) -> list:
    """The images embedded in the PDF, each once (WeasyPrint lists them on several pages)."""
    found = {}
    for page in read_pdf(content).pages:
        for image in page.images:
            found.setdefault(image.indirect_reference.idnum, image.image)
    return list(found.values())


def pdf_text(content: bytes) -> str:
    """The PDF's words in reading order, on one line: titles that wrap still match."""
    text = " ".join(page.extract_text() for page in read_pdf(content).pages)
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def review(make_review):
    return make_review(
        2024,
        title="Looking back at 2024",
        intro="<p>Defenders changed things at the UN this year.</p>",
        outlook="<p>Next year we stay at their side.</p>",
    )


# --- What it holds ---------------------------------------------------------------------------


def test_the_pdf_holds_the_title_and_every_published_highlight_but_no_draft(
    client, review, make_highlight
):
    shown = [
        make_highlight(review, title="Council adopts a resolution on reprisals"),
        make_highlight(review, title="Laureate honoured", kind=Highlight.Kind.RECOGNITION),
    ]
    make_highlight(review, title="An unfinished draft story", state=PublicationState.DRAFT)
    make_highlight(
        review,
        title="A story scheduled for next week",
        publish_at=timezone.now() + timedelta(days=7),
    )

    text = pdf_text(client.get(PDF_URL).content)

    assert "Looking back at 2024" in text
    for highlight in shown:
        assert highlight.title in text
    assert "An unfinished draft story" not in text
    assert "A story scheduled for next week" not in text


def test_the_pdf_has_the_intro_key_figures_highlight_facts_outlook_and_the_page_address(
    client, review, make_highlight, make_theme
):
    KeyFigure.objects.create(
        review=review, source=FigureSource.TYPED, value="434", label="applications", position=1
    )
    highlight = make_highlight(
        review,
        title="Mandate renewed",
        kind=Highlight.Kind.MANDATE,
        countries=["SD"],
        summary="States kept the mission going.",
        body="<p>Defenders from Sudan pressed for it for months.</p>",
        themes=[make_theme("Accountability")],
    )
    SourceLink.objects.create(
        highlight=highlight, title="Our news", url="https://ishr.ch/latest-updates/sudan/"
    )

    text = pdf_text(client.get(PDF_URL).content)

    assert "Defenders changed things at the UN this year." in text
    assert "434 applications" in text
    assert "MANDATE · SUDAN" in text  # the kind is printed in capitals
    assert "States kept the mission going." in text
    assert "Defenders from Sudan pressed for it for months." in text
    assert "Accountability" in text
    assert "Our news (https://ishr.ch/latest-updates/sudan/)" in text
    assert "Looking ahead to 2025" in text
    assert "Next year we stay at their side." in text
    assert "http://testserver/impact/2024/" in text
    assert f"http://testserver{highlight.get_absolute_url()}" in text


def test_the_pdf_prints_the_public_site_addresses_whatever_host_it_was_asked_through(
    client, review, make_highlight, settings
):
    settings.SITE_URL = "https://impact.ishr.example"
    settings.ALLOWED_HOSTS = ["old-name.example", "testserver"]
    highlight = make_highlight(
        review, image=jpeg_upload(), image_alt="A room", image_credit="ISHR"
    )

    content = client.get(PDF_URL, HTTP_HOST="old-name.example").content

    text = pdf_text(content)
    assert "https://impact.ishr.example/impact/2024/" in text
    assert f"https://impact.ishr.example{highlight.get_absolute_url()}" in text
    assert "old-name.example" not in text
    assert len(pdf_images(content)) == 1  # its files are still read from disk


def test_a_highlight_image_is_printed_from_its_800_pixel_jpeg_with_its_credit(
    client, review, make_highlight
):
    make_highlight(
        review,
        image=jpeg_upload(width=1600, height=900),
        image_alt="Defenders outside the Palais des Nations",
        image_credit="Photo: ISHR",
    )

    content = client.get(PDF_URL).content

    assert [image.size for image in pdf_images(content)] == [(800, 450)]
    assert "Image: Photo: ISHR" in pdf_text(content)


def test_the_demo_review_pdf_is_under_two_megabytes_with_every_highlight(client, db):
    call_command("load_demo", stdout=io.StringIO())
    highlights = list(Highlight.objects.published().filter(review__year=2024))

    content = client.get(PDF_URL).content

    assert len(content) < TWO_MEGABYTES, f"{len(content):,} bytes"
    text = pdf_text(content)
    assert len(highlights) >= 10
    missing = [h.title for h in highlights if h.title not in text]
    assert not missing, f"not in the PDF: {missing}"
    assert len(pdf_images(content)) == sum(1 for h in highlights if h.image)


def body_top_lines(content: bytes) -> list[str]:
    """For each page, the text on its topmost line below the running header (the review's
    title and "ISHR" in the top margin), in any order of drawing: pypdf extracts a floated
    figure's caption before the text beside it, so the extracted text's start is not the
    page's top."""
    tops = []
    for page in read_pdf(content).pages:
        body_top = float(page.mediabox.top) - 20 / 25.4 * 72  # the 20 mm top margin
        lines: list[tuple[float, str]] = []

        def visit(text, cm, tm, font, size, lines=lines, body_top=body_top):
            y = tm[5] * cm[3] + cm[5]
            if text.strip() and y <= body_top:
                lines.append((y, text.replace("\xa0", " ").strip()))

        page.extract_text(visitor_text=visit)
        top = max((y for y, _ in lines), default=0)
        tops.append(" ".join(text for y, text in lines if y > top - 3))
    return tops


def test_no_page_of_the_demo_pdf_starts_with_a_caption_cut_from_its_picture(client, db):
    call_command("load_demo", stdout=io.StringIO())

    for prefix, caption in (("", "Image:"), ("/fr", "Image :"), ("/es", "Imagen:")):
        tops = body_top_lines(client.get(f"{prefix}{PDF_URL}").content)
        alone = [(number, top) for number, top in enumerate(tops, 1) if caption in top]
        assert not alone, f"{prefix or '/'}: a caption starts page(s) {alone}"


def test_the_pdf_costs_the_same_queries_whatever_the_number_of_highlights(
    client, review, make_highlight, make_theme, django_assert_num_queries
):
    theme = make_theme("Reprisals")
    make_highlight(review, themes=[theme])
    # The review, its key figures, the highlights, their themes, their sources.
    with django_assert_num_queries(5):
        client.get(PDF_URL)
    for _ in range(5):
        highlight = make_highlight(review, themes=[theme])
        SourceLink.objects.create(highlight=highlight, title="A source", url="https://ishr.ch/")
    with django_assert_num_queries(5):
        client.get(PDF_URL)


# --- How it is served -------------------------------------------------------------------------


def test_the_pdf_downloads_under_a_name_with_the_year(client, review):
    response = client.get(reverse("impact:review-pdf", kwargs={"year": 2024}))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="ishr-impact-review-2024.pdf"'
    assert len(read_pdf(response.content).pages) >= 2  # the cover, then the rest


@pytest.mark.parametrize(
    ("prefix", "name"),
    [("/fr", "ishr-bilan-impact-2024.pdf"), ("/es", "ishr-informe-impacto-2024.pdf")],
)
def test_the_pdf_file_name_is_in_the_page_language(client, review, prefix, name):
    response = client.get(f"{prefix}{PDF_URL}")

    assert response["Content-Disposition"] == f'attachment; filename="{name}"'


def test_a_translated_file_name_that_is_not_a_plain_slug_is_made_one(review, monkeypatch):
    monkeypatch.setattr(pdf, "_", lambda text: "ISHR Bilan d'impact %(year)s")

    assert pdf.filename(review) == "ishr-bilan-dimpact-2024.pdf"


def test_a_year_without_a_review_is_not_found(client, review):
    response = client.get("/impact/1999/pdf/")

    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()


def test_a_draft_review_has_no_pdf(client, make_review):
    make_review(2025, state=PublicationState.DRAFT)

    assert client.get("/impact/2025/pdf/").status_code == 404


def test_a_query_string_is_sent_to_the_pdf_own_address(client, review):
    response = client.get(f"{PDF_URL}?utm_source=newsletter")

    assert response.status_code == 302
    assert response["Location"] == PDF_URL


@pytest.mark.page_cache
def test_the_second_reader_gets_the_pdf_from_the_page_cache_until_a_highlight_is_saved(
    client, review, make_highlight, django_assert_num_queries
):
    highlight = make_highlight(review, title="Resolution adopted")
    first = client.get(PDF_URL)

    with django_assert_num_queries(0):
        second = client.get(PDF_URL)

    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == "application/pdf"
    assert second["Content-Disposition"] == 'attachment; filename="ishr-impact-review-2024.pdf"'

    highlight.title = "Resolution adopted by consensus"
    highlight.save()
    page_cache.invalidate()  # what the commit does; a test's writes never commit
    third = client.get(PDF_URL)

    assert third["X-Page-Cache"] == "miss"
    assert "Resolution adopted by consensus" in pdf_text(third.content)


# --- Drawn once per change, whatever the address ----------------------------------------------


@pytest.fixture
def draws(monkeypatch) -> list[int]:
    """Each drawing of a PDF by WeasyPrint (a call of `HTML.write_pdf`), from any thread."""
    import weasyprint

    drawn = []
    write_pdf = weasyprint.HTML.write_pdf

    def counted(self, *args, **kwargs):
        drawn.append(threading.get_ident())
        return write_pdf(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", counted)
    return drawn


# The same PDF asked for at once: at its address, through the site's host written other ways
# and another port, with a query string, with leading zeros (the last two are redirected).
EIGHT_READERS = [
    ("testserver", PDF_URL),
    ("testserver", PDF_URL),
    ("TESTSERVER", PDF_URL),
    ("testserver.", PDF_URL),
    ("testserver:8000", PDF_URL),
    ("TestServer:8001", PDF_URL),
    ("testserver", f"{PDF_URL}?utm_source=newsletter"),
    ("testserver", "/impact/0002024/pdf/"),
]


@pytest.mark.page_cache
@pytest.mark.django_db(transaction=True)  # the readers' threads see the committed review
def test_eight_readers_at_once_get_the_same_pdf_drawn_once(review, make_highlight, draws):
    make_highlight(review, title="Resolution adopted")
    start = threading.Barrier(len(EIGHT_READERS))

    def read(host: str, url: str):
        start.wait()
        try:
            return Client().get(url, HTTP_HOST=host, follow=True)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(EIGHT_READERS)) as pool:
        responses = list(pool.map(lambda asked: read(*asked), EIGHT_READERS))

    assert [r.status_code for r in responses] == [200] * len(EIGHT_READERS)
    assert len({r.content for r in responses}) == 1
    assert "Resolution adopted" in pdf_text(responses[0].content)
    assert len(draws) == 1


@pytest.mark.page_cache
def test_a_pdf_is_drawn_again_once_the_review_changes(client, review, make_highlight, draws):
    highlight = make_highlight(review, title="Resolution adopted")
    client.get(PDF_URL, HTTP_HOST="testserver:8000")  # a host whose pages are not stored
    client.get(PDF_URL, HTTP_HOST="testserver:8000")
    assert len(draws) == 1

    highlight.title = "Resolution adopted by consensus"
    highlight.save()

    assert "by consensus" in pdf_text(client.get(PDF_URL, HTTP_HOST="testserver:8000").content)
    assert len(draws) == 2


def test_a_failed_draw_lets_the_next_reader_draw_at_once():
    def fails() -> bytes:
        raise OSError("out of memory")

    with pytest.raises(OSError):
        pdf.drawn_once("review-pdf:test", fails)
    started = time.monotonic()

    assert pdf.drawn_once("review-pdf:test", lambda: b"%PDF-1.7") == b"%PDF-1.7"
    assert time.monotonic() - started < 1


def test_a_lock_left_by_a_stopped_worker_holds_only_until_its_timeout():
    cache.add(pdf.lock_key("review-pdf:test"), "a worker killed while drawing", timeout=1)
    started = time.monotonic()

    assert pdf.drawn_once("review-pdf:test", lambda: b"%PDF-1.7") == b"%PDF-1.7"
    assert 0.5 < time.monotonic() - started < pdf.DRAW_WAIT_SECONDS


def test_a_reader_waits_for_another_draw_and_gets_its_pdf():
    def draw_meanwhile():
        time.sleep(0.3)
        cache.set("review-pdf:test", b"%PDF-1.7 drawn by another worker")
        cache.delete(pdf.lock_key("review-pdf:test"))

    cache.add(pdf.lock_key("review-pdf:test"), "another worker", timeout=60)
    other = threading.Thread(target=draw_meanwhile)
    other.start()

    content = pdf.drawn_once("review-pdf:test", lambda: b"drawn twice")
    other.join()

    assert content == b"%PDF-1.7 drawn by another worker"


@pytest.mark.page_cache
def test_a_draw_slower_than_the_wait_answers_503_and_asks_to_come_back(
    client, review, monkeypatch
):
    def still_drawing(key, draw):
        raise pdf.StillDrawing

    monkeypatch.setattr(pdf, "drawn_once", still_drawing)

    response = client.get(PDF_URL)

    assert response.status_code == 503
    assert response["Retry-After"] == str(pdf.RETRY_AFTER_SECONDS)
    html = response.content.decode()
    assert "The 2024 review's PDF is being made" in html
    assert '<a href="/impact/2024/">http://testserver/impact/2024/</a>' in html


@pytest.mark.page_cache
def test_the_reader_hands_the_drawing_to_the_task_worker_and_gets_it_once_drawn(
    client, review, make_highlight, draws, settings, monkeypatch
):
    """The web worker renders the HTML and queues the drawing; the task worker draws it and
    keeps it where every reader finds it."""
    from django_tasks import task_backends

    make_highlight(review, title="Resolution adopted")
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    monkeypatch.setattr(pdf, "DRAW_WAIT_SECONDS", 0.3)

    waiting = client.get(PDF_URL, HTTP_HOST="testserver:8000")

    assert waiting.status_code == 503
    assert draws == []
    (queued,) = task_backends["default"].results
    assert queued.task.name == "draw_review_pdf"
    queued.task.call(*queued.args, **queued.kwargs)  # what the worker does
    assert len(draws) == 1

    drawn = client.get(PDF_URL, HTTP_HOST="testserver:8000")
    assert drawn.status_code == 200
    assert "Resolution adopted" in pdf_text(drawn.content)
    assert len(draws) == 1
    assert len(task_backends["default"].results) == 1


# --- The link on the review page -------------------------------------------------------------


def test_the_review_page_links_to_its_pdf(client, review):
    html = client.get("/impact/2024/").content.decode()

    link = re.search(r'<a [^>]*href="/impact/2024/pdf/"[^>]*>([^<]*)</a>', html)
    assert link is not None, "no link to the PDF"
    assert link.group(1) == "Download the 2024 review (PDF)"
    assert 'type="application/pdf"' in link.group(0)
    assert " download>" in link.group(0)


def test_the_staff_preview_of_a_review_has_no_pdf_link(admin_client, make_review):
    draft = make_review(2025, state=PublicationState.DRAFT)

    response = admin_client.get(reverse("admin:impact_annualreview_preview", args=[draft.pk]))

    assert response.status_code == 200
    assert "/impact/2025/pdf/" not in response.content.decode()


# --- Without WeasyPrint -----------------------------------------------------------------------


@pytest.fixture
def weasyprint_missing(monkeypatch):
    monkeypatch.setattr(
        pdf, "weasyprint_error", lambda: "OSError: cannot load library 'libpango-1.0-0'"
    )


def test_without_weasyprint_the_pdf_address_says_so_and_points_to_the_review_page(
    client, review, weasyprint_missing
):
    response = client.get(PDF_URL)

    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "The 2024 review cannot be downloaded as a PDF at the moment" in html
    assert '<a href="/impact/2024/">http://testserver/impact/2024/</a>' in html


def test_without_weasyprint_an_unknown_year_is_still_not_found(client, db, weasyprint_missing):
    assert client.get("/impact/1999/pdf/").status_code == 404


def test_without_weasyprint_the_system_check_warns(weasyprint_missing):
    found = [m for m in checks.run_checks() if m.id == "impact.W001"]

    assert len(found) == 1
    assert found[0].level == checks.WARNING
    assert "libpango" in found[0].hint


def test_with_weasyprint_the_system_check_is_quiet():
    assert pdf.weasyprint_error() == ""
    assert not [m for m in checks.run_checks() if m.id == "impact.W001"]


# --- What WeasyPrint may read -----------------------------------------------------------------

BASE = "http://testserver/"


def test_the_fetcher_reads_the_static_stylesheet_and_public_media_from_disk(settings):
    stylesheet = staticfiles_storage.url("css/pdf.css")
    settings.MEDIA_ROOT.mkdir(parents=True, exist_ok=True)
    (settings.MEDIA_ROOT / "photo.jpg").write_bytes(b"\xff\xd8 not really")
    fetcher = pdf.url_fetcher(BASE)

    css = fetcher.fetch(f"http://testserver{stylesheet}")
    photo = fetcher.fetch("http://testserver/media/photo.jpg")

    assert b"@page" in css.read()
    assert css.content_type == "text/css"
    assert photo.read() == b"\xff\xd8 not really"
    assert photo.content_type == "image/jpeg"


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org/static/css/pdf.css",  # another host
        "https://testserver/static/css/pdf.css",  # another scheme
        "file:///etc/passwd",
        "data:image/png;base64,iVBORw0KGgo=",
        "http://testserver/impact/2024/",  # a page: never over HTTP
        "http://testserver/static/../../ishr_site/settings.py",
        "http://testserver/static/%2e%2e/%2e%2e/ishr_site/settings.py",
        "http://testserver/media/../private/cv.pdf",
        "http://testserver/media/missing.jpg",
    ],
)
def test_the_fetcher_refuses_anything_but_local_static_and_media_files(url):
    with pytest.raises(ValueError):
        pdf.url_fetcher(BASE).fetch(url)


def test_the_fetcher_refuses_private_media_even_inside_the_media_folder(settings):
    settings.PRIVATE_MEDIA_ROOT = settings.MEDIA_ROOT / "private"
    settings.PRIVATE_MEDIA_ROOT.mkdir(parents=True)
    (settings.PRIVATE_MEDIA_ROOT / "cv.pdf").write_bytes(b"%PDF-1.7 someone's CV")

    with pytest.raises(ValueError):
        pdf.url_fetcher(BASE).fetch("http://testserver/media/private/cv.pdf")


def test_a_stylesheet_is_found_where_runserver_finds_it_before_collectstatic(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "empty-static-root"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }

    found = pdf.local_file(f"{BASE}static/css/pdf.css", base_url=BASE)

    assert found.body == (settings.BASE_DIR / "static" / "css" / "pdf.css").read_bytes()
