"""A year's review as a PDF, drawn by WeasyPrint from the same published content as its page,
once per change (docs/architecture.md, "The review as a PDF")."""

from __future__ import annotations

import functools
import hashlib
import logging
import mimetypes
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core import checks
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core import page_cache

from .models import AnnualReview, Highlight

logger = logging.getLogger(__name__)
# WeasyPrint logs each step of each page at INFO ("Step 5 - Creating layout - Page 12"):
# a few dozen lines per PDF in the site's log. Its warnings (a file it could not load) stay.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

# The rendition a highlight's image is shown at: 800 px fill the text column (about 17 cm)
# at over 110 dpi, and cost 12 to 30 KB each in the demo.
PDF_IMAGE_WIDTH = 800
PDF_IMAGE_FORMAT = "jpeg"

# How long one drawing may hold the lock: far beyond a draw (0.7 to 3 s measured), so that
# no second one starts beside a slow one; a worker killed while drawing leaves it this long.
DRAW_LOCK_SECONDS = 60
# How long a reader waits for another's drawing before a 503 that asks to come back.
DRAW_WAIT_SECONDS = 20
DRAW_POLL_SECONDS = 0.1
RETRY_AFTER_SECONDS = 5


@functools.cache
def weasyprint_error() -> str:
    """Why WeasyPrint cannot be loaded here, or "" when it can (asked once per process)."""
    try:
        import weasyprint  # noqa: F401 - loads Pango and HarfBuzz through cffi
    except (ImportError, OSError) as error:
        return f"{type(error).__name__}: {error}"
    return ""


def weasyprint_check(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """`manage.py check` warns when the review's PDF cannot be made on this machine."""
    error = weasyprint_error()
    if not error:
        return []
    return [
        checks.Warning(
            "WeasyPrint cannot be loaded: the review's PDF answers 503 (unavailable).",
            hint="Install Pango (apt-get install libpango-1.0-0 libpangoft2-1.0-0 "
            f"libharfbuzz-subset0) and WeasyPrint. The error was: {error}",
            id="impact.W001",
        )
    ]


def filename(review: AnnualReview) -> str:
    """The name the PDF is saved under, in the active language ("ishr-bilan-impact-2024.pdf")."""
    # Translators: the name of the downloaded PDF file: lowercase letters, digits and hyphens,
    # no spaces or accents.
    name = slugify(_("ishr-impact-review-%(year)s") % {"year": review.year})
    return f"{name or f'ishr-impact-review-{review.year}'}.pdf"


def pdf_image(highlight: Highlight) -> dict | None:
    """The image to print for a highlight: its 800 px JPEG rendition (the closest JPEG
    width when the source was narrower), the original for a row saved before renditions,
    None without an image. A dict with the file's `url`, `width` and `height`."""
    if not highlight.image:
        return None
    storage = highlight.image.storage
    jpegs = [r for r in highlight.image_renditions if r.get("format") == PDF_IMAGE_FORMAT]
    if jpegs:
        best = min(jpegs, key=lambda r: (abs(r["width"] - PDF_IMAGE_WIDTH), r["width"]))
        return {"url": storage.url(best["name"]), "width": best["width"], "height": best["height"]}
    return {
        "url": highlight.image.url,
        "width": highlight.image_width,
        "height": highlight.image_height,
    }


# --- Fetching: local files only ---------------------------------------------------------------


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


@dataclass(frozen=True)
class LocalFile:
    name: str  # the file's name, whose extension gives its type
    body: bytes


def local_file(url: str, *, base_url: str) -> LocalFile | None:
    """The file that `url` names, when it is a static file or a public media file of this
    site (as WeasyPrint resolved it against `base_url`); None for anything else: another
    host or scheme, `data:`, a path that climbs out of its folder, the private media
    (applicants' documents), a file that does not exist.

    Static files are read from disk; media through the default storage, on disk or in the
    public bucket (docs/architecture.md, "Files and object storage")."""
    parts, base = urlsplit(url), urlsplit(base_url)
    if parts.scheme not in {"http", "https"}:
        return None
    if (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
        return None
    path = unquote(parts.path)
    static_prefix = urlsplit(urljoin(base_url, settings.STATIC_URL)).path
    media_prefix = (
        urlsplit(urljoin(base_url, settings.MEDIA_URL)).path if settings.MEDIA_URL else None
    )
    try:
        if path.startswith(static_prefix):
            return _static_file(path.removeprefix(static_prefix))
        if media_prefix and path.startswith(media_prefix):
            return _media_file(path.removeprefix(media_prefix))
    except (SuspiciousOperation, NotImplementedError, ValueError):
        return None
    return None


def _static_file(name: str) -> LocalFile | None:
    found = Path(staticfiles_storage.path(name))
    if not found.is_file():
        # Debug without collectstatic: the files where runserver finds them.
        located = finders.find(name)
        if not isinstance(located, str) or not Path(located).is_file():
            return None
        found = Path(located)
    return LocalFile(name=found.name, body=found.read_bytes())


def _media_file(name: str) -> LocalFile | None:
    if not name or name.endswith("/"):
        return None
    try:
        on_disk = Path(default_storage.path(name))
    except NotImplementedError:
        # A bucket: applicants' documents are in another one (the settings refuse the same).
        on_disk = None
    if on_disk is not None:
        private = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
        if _inside(on_disk.resolve(), private) or not on_disk.is_file():
            return None
    try:
        with default_storage.open(name, "rb") as stored:
            return LocalFile(name=PurePosixPath(name).name, body=stored.read())
    except FileNotFoundError:
        return None


class RefusedURL(ValueError):
    pass


@functools.cache
def _fetcher_class():
    # Defined on first use: the module must import where WeasyPrint cannot.
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class LocalFiles(URLFetcher):
        """WeasyPrint's fetcher, reading this site's static and media files (media from the
        disk or the public bucket) and refusing any other address (WeasyPrint then leaves
        the resource out and logs it)."""

        def __init__(self, base_url: str):
            super().__init__()
            self.base_url = base_url

        def fetch(self, url, headers=None):
            found = local_file(url, base_url=self.base_url)
            if found is None:
                logger.warning("The review's PDF refused to fetch %s", url[:200])
                raise RefusedURL(f"not a local static or media file: {url[:200]}")
            content_type = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body=found.body, headers={"Content-Type": content_type})

    return LocalFiles


def url_fetcher(base_url: str):
    """A WeasyPrint URL fetcher that serves /static/ and /media/ from their storages,
    nothing else."""
    return _fetcher_class()(base_url)


# --- Drawing ------------------------------------------------------------------------------------


def render_review_pdf(
    *,
    review: AnnualReview,
    highlights: list[Highlight],
    page_url: str,
    base_url: str,
) -> bytes:
    """The review as PDF bytes: a cover with the title, introduction and key figures, the
    highlights (stories, then awards, as on the page), the outlook and a colophon.

    `highlights` are what the page shows (`selectors.review_highlights`, published only)
    and `review.key_figures.all()` what `selectors.show_key_figures` left; `page_url` is
    the review page's address, printed in the colophon; `base_url` is the site's root,
    against which links and files resolve.

    Drawn once for the same HTML (`drawn_once`), by the task worker
    (`impact.tasks.draw_review_pdf`), unless the page cache is off (debug, where an edited
    stylesheet must show at once: drawn here). Raises StillDrawing when the drawing takes
    longer than a reader waits.
    """
    for highlight in highlights:
        highlight.pdf_image = pdf_image(highlight)
        highlight.page_url = urljoin(base_url, highlight.get_absolute_url())
    recognition = Highlight.Kind.RECOGNITION
    html = render_to_string(
        "impact/review_pdf.html",
        {
            "review": review,
            "parts": [
                part
                for part in (
                    {
                        "heading": _("Highlights"),
                        "highlights": [h for h in highlights if h.kind != recognition],
                    },
                    {
                        "heading": _("Awards"),
                        "highlights": [h for h in highlights if h.kind == recognition],
                    },
                )
                if part["highlights"]
            ],
            "page_url": page_url,
            # The day, not the second: the same content gives the same HTML all day long.
            "made_on": timezone.localdate(),
        },
    )

    if settings.PAGE_CACHE_SECONDS <= 0:
        return draw_pdf(html, base_url=base_url, year=review.year)
    digest = hashlib.sha256(f"{page_cache.release()}\n{base_url}\n{html}".encode())
    key = f"review-pdf:{digest.hexdigest()}"

    def hand_to_a_worker() -> None:
        from .tasks import draw_review_pdf

        draw_review_pdf.enqueue(key=key, html=html, base_url=base_url, year=review.year)

    return drawn_once(key, hand_to_a_worker)


def draw_pdf(html: str, *, base_url: str, year: int) -> bytes:
    import weasyprint  # here, not above: see weasyprint_error()

    started = time.perf_counter()
    document = weasyprint.HTML(
        string=html, base_url=base_url, url_fetcher=url_fetcher(base_url), media_type="print"
    )
    # Tagged (PDF/UA structure): screen readers follow headings, lists and image
    # descriptions. Images are embedded as they are: the renditions are already small.
    pdf = document.write_pdf(pdf_tags=True)
    logger.info(
        "Drew the %s review's PDF: %d bytes in %.2f s",
        year,
        len(pdf),
        time.perf_counter() - started,
    )
    return pdf


# --- Drawn once -----------------------------------------------------------------------------


class StillDrawing(Exception):
    """Another worker has been drawing this PDF for longer than a reader waits."""


def lock_key(key: str) -> str:
    return f"{key}:drawing"


def drawn_once(key: str, draw: Callable[[], bytes | None]) -> bytes:
    """The PDF kept in the shared cache under `key` (as long as a page), made once: the
    first reader to find it missing takes the lock (`cache.add`, atomic in Redis and in
    local memory) and calls `draw()`; the others poll for the result, up to
    DRAW_WAIT_SECONDS, then raise StillDrawing.

    `draw()` either returns the PDF, which is kept here, or hands the drawing to the task
    worker and returns None: the worker keeps the PDF under `key` and releases the lock
    (`draw_and_keep`), and this reader polls like the others.

    The lock expires after DRAW_LOCK_SECONDS (a worker killed while drawing), and a drawing
    that fails releases it at once: the next reader then draws.
    """
    lock = lock_key(key)
    deadline = time.monotonic() + DRAW_WAIT_SECONDS
    while True:
        content = cache.get(key)
        if content is not None:
            return content
        token = uuid.uuid4().hex
        if cache.add(lock, token, timeout=DRAW_LOCK_SECONDS):
            handed_over = False
            try:
                # Drawn by another between our look and our lock?
                content = cache.get(key)
                if content is None:
                    content = draw()
                    if content is None:
                        handed_over = True
                        continue
                    cache.set(key, content, timeout=settings.PAGE_CACHE_SECONDS)
                return content
            finally:
                # Only our own lock: after DRAW_LOCK_SECONDS it may be another's. (The check
                # and the delete are two steps; at worst a third reader draws again.)
                if not handed_over and cache.get(lock) == token:
                    cache.delete(lock)
        if time.monotonic() >= deadline:
            raise StillDrawing(key)
        time.sleep(DRAW_POLL_SECONDS)


def draw_and_keep(key: str, html: str, *, base_url: str, year: int) -> int:
    """Draw the PDF of `html` (in the task worker), keep it under `key` and release the
    lock its reader took; return its size. Nothing is drawn when it is there already (a
    task run twice)."""
    try:
        content = cache.get(key)
        if content is None:
            content = draw_pdf(html, base_url=base_url, year=year)
            cache.set(key, content, timeout=settings.PAGE_CACHE_SECONDS)
        return len(content)
    finally:
        # A failure too: the next reader hands it over again rather than wait for the lock.
        cache.delete(lock_key(key))
