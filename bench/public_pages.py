"""How fast and how heavy the public pages are: throughput, latency, queries and bytes.

Not a test: it measures and prints the figures beside their goals, and exits 0 whatever they
are (2 when it could not run). Run it with `make bench` (docs/benchmarks.md has the figures).

1. Prepares a copy of the demo under a temporary folder: a fresh SQLite database there, or,
   with BENCH_DATABASE_URL, a fresh PostgreSQL database that the script creates and drops;
   `migrate`, `load_demo`, `collectstatic`.
2. Starts `gunicorn ishr_site.wsgi` (2 sync workers by default) on a free port with production
   settings: debug off, throwaway keys, the HTTPS redirect off because the bench speaks plain
   HTTP; every request still carries `X-Forwarded-Proto: https`, as the proxy in front would
   send it, so pages are rendered as production renders them. Redis for the cache when it
   answers (its database is flushed first and last), else each worker's local memory.
3. Counts the queries of each page in-process (Django's test client, the same settings and
   database): a first visitor with the cache empty, then a second visitor.
4. Sums the bytes a first visit transfers: the HTML and the stylesheets, scripts and icon it
   links, fetched with `Accept-Encoding: br, gzip` and counted as sent (compressed when the
   server compresses), and the images a 390 px wide phone at DPR 2 would pick. Production's
   proxy serves /media/, Django does not with debug off: an image the site does not serve is
   read from MEDIA_ROOT, which gives the same bytes (images are not compressed again).
5. Runs `wrk --latency` against /impact/2024/, its first highlight, /programmes/hrdap/ and the
   page's first stylesheet, after a warm-up of each: requests per second, p50 and p99.
6. Saves an edit to the highlight (a new title, through the model as the admin saves it) and
   requests its page 20 times at once over new connections: every answer, from whichever
   worker, must show the new title, though both workers had the old page in memory.
7. Prints the goals with PASS/MISS, optionally writes everything to `--json PATH`, stops
   gunicorn and removes the folder (and the database), also after an error or `kill`.

Needs `wrk` (apt-get install wrk). Environment:

    BENCH_DATABASE_URL  PostgreSQL server, e.g. postgres://postgres@127.0.0.1:5432/postgres;
                        the database used is `ishr_bench_public`, or the URL's own database if
                        its name contains "bench" (it is dropped and created again)
    BENCH_REDIS_URL     Redis for the cache, used only if it answers PING
                        (default redis://127.0.0.1:6379/14; that database is flushed)
"""

import argparse
import gzip
import html.parser
import http.client
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import zlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import common
from common import (
    PYTHON,
    ROOT,
    BenchError,
    Server,
    create_database,
    database_urls,
    drop_database,
    exit_on_sigterm,
    free_port,
    http_request,
    log,
    manage,
    redis_answers,
    redis_command,
    require_gunicorn,
    run_main,
)

DEFAULT_DB_NAME = "ishr_bench_public"
DEFAULT_REDIS = "redis://127.0.0.1:6379/14"
REVIEW_PATH = "/impact/2024/"
PROGRAMME_PATH = "/programmes/hrdap/"
ACCEPT_ENCODING = "br, gzip"
ACCEPT_IMAGE = "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8"
# The phone a first visit is counted for: its width in CSS pixels and its pixel ratio.
VIEWPORT_WIDTH = 390
DEVICE_PIXEL_RATIO = 2
SUPPORTED_IMAGE_TYPES = {
    "",
    "image/avif",
    "image/webp",
    "image/jpeg",
    "image/png",
    "image/gif",
    "image/svg+xml",
}
# Goals: a page within 80% of a static file's throughput, p99 under 50 ms, byte budgets.
GOAL_RATIO = 0.8
GOAL_P99_MS = 50.0
GOAL_NO_IMAGES = 50_000
GOAL_FIRST_SCREEN = 300_000
GOAL_LARGEST_IMAGE = 100_000
HTTP_TIMEOUT = 30
USER_AGENT = "ishr-bench-public"


def kb(size: int | None) -> str:
    return "-" if size is None else f"{size / 1000:.1f} KB"


# --- The deployment -------------------------------------------------------------------------


def git_revision() -> str:
    def git(*args) -> str:
        result = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
        return result.stdout.strip() if result.returncode == 0 else ""

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    return commit + (" with uncommitted work" if git("status", "--porcelain") else "")


def site_environment(folder: Path, port: int, db_url: str | None, redis_url: str | None):
    """Production settings, except the HTTPS redirect: the bench speaks plain HTTP."""
    return common.site_environment(
        folder,
        f"https://127.0.0.1:{port}",
        db_url,
        redis_url,
        cache_key_prefix="bench-public",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_MEDIA_ROOT=str(folder / "media"),
    )


# --- HTTP -----------------------------------------------------------------------------------


@dataclass
class Fetched:
    status: int
    headers: http.client.HTTPMessage
    body: bytes  # as sent, compressed or not
    header_bytes: int

    @property
    def encoding(self) -> str:
        return self.headers.get("Content-Encoding", "").strip().lower()

    def text(self) -> str:
        return decode(self.body, self.encoding).decode("utf-8", errors="replace")


def fetch(port: int, path: str, accept: str = "*/*") -> Fetched:
    """GET `path` as a browser behind the production proxy would: compressed if offered."""
    headers = {
        "Host": f"127.0.0.1:{port}",
        "User-Agent": USER_AGENT,
        "Accept": accept,
        "Accept-Encoding": ACCEPT_ENCODING,
        "X-Forwarded-Proto": "https",
    }
    # http.client leaves Content-Encoding alone: the body is the wire bytes.
    response, body = http_request(port, "GET", path, headers=headers, timeout=HTTP_TIMEOUT)
    header_bytes = len("HTTP/1.1 200 OK\r\n\r\n") + sum(
        len(name) + len(value) + 4 for name, value in response.getheaders()
    )
    return Fetched(response.status, response.headers, body, header_bytes)


def decode(body: bytes, encoding: str) -> bytes:
    if encoding == "gzip":
        return gzip.decompress(body)
    if encoding == "deflate":
        return zlib.decompress(body)
    if encoding == "br":
        import brotli  # whitenoise's dependency for .br files

        return brotli.decompress(body)
    return body


# --- What a page makes the browser load -----------------------------------------------------


@dataclass
class ImageRef:
    url: str
    lazy: bool
    how: str  # which attribute or candidate chose it


class PageAssets(html.parser.HTMLParser):
    """The stylesheets, scripts, icon, preloads and images of a page, and its links."""

    def __init__(self):
        super().__init__()
        self.stylesheets: list[str] = []
        self.scripts: list[str] = []
        self.other: list[str] = []
        self.images: list[ImageRef] = []
        self.links: list[str] = []
        self.picture: list[dict] | None = None  # the <source>s of the open <picture>
        self.noscript = 0

    def handle_starttag(self, tag, attrs):
        a = {name: value or "" for name, value in attrs}
        if tag == "noscript":
            self.noscript += 1
        if self.noscript:
            return
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "link":
            rel = set(a.get("rel", "").lower().split())
            if "stylesheet" in rel and a.get("href"):
                self.stylesheets.append(a["href"])
            elif "icon" in rel and a.get("href") and not self.other:
                self.other.append(a["href"])  # a browser fetches one icon
            elif "preload" in rel and a.get("as") == "image":
                chosen = choose(a.get("imagesrcset", ""), a.get("imagesizes", ""), a.get("href"))
                if chosen:
                    self.images.append(ImageRef(chosen[0], False, "preload " + chosen[1]))
            elif "preload" in rel and a.get("href"):
                target = {"style": self.stylesheets, "script": self.scripts}
                target.get(a.get("as", ""), self.other).append(a["href"])
        elif tag == "script" and a.get("src"):
            self.scripts.append(a["src"])
        elif tag == "picture":
            self.picture = []
        elif tag == "source" and self.picture is not None:
            self.picture.append(a)
        elif tag == "img":
            self.add_image(a)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "noscript":
            self.noscript = max(self.noscript - 1, 0)
        elif tag == "picture":
            self.picture = None

    def add_image(self, img: dict) -> None:
        lazy = img.get("loading", "").lower() == "lazy"
        for source in self.picture or []:
            kind = source.get("type", "").split(";")[0].strip().lower()
            if kind not in SUPPORTED_IMAGE_TYPES or not media_matches(source.get("media", "")):
                continue
            chosen = choose(source.get("srcset", ""), source.get("sizes", ""), None)
            if chosen:
                label = f"<source {kind or 'no type'}> {chosen[1]}"
                self.images.append(ImageRef(chosen[0], lazy, label))
                return
        chosen = choose(img.get("srcset", ""), img.get("sizes", ""), img.get("src"))
        if chosen:
            self.images.append(ImageRef(chosen[0], lazy, f"<img> {chosen[1]}"))


def parse_srcset(srcset: str) -> list[tuple[str, str]]:
    """[(url, descriptor)] of a srcset attribute ("a.avif 480w, b.avif 960w"), as the HTML
    standard splits it: a URL runs to the next space, its descriptor to the next comma."""
    candidates, pos = [], 0
    while pos < len(srcset):
        while pos < len(srcset) and (srcset[pos].isspace() or srcset[pos] == ","):
            pos += 1
        start = pos
        while pos < len(srcset) and not srcset[pos].isspace():
            pos += 1
        url = srcset[start:pos]
        if not url:
            break
        descriptor = ""
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            start = pos
            while pos < len(srcset) and srcset[pos] != ",":
                pos += 1
            descriptor = srcset[start:pos].strip()
        candidates.append((url, descriptor or "1x"))
    return candidates


def css_length(value: str) -> float | None:
    """A length of a `sizes` attribute in CSS pixels, for the phone's viewport."""
    units = {"px": 1.0, "vw": VIEWPORT_WIDTH / 100, "em": 16.0, "rem": 16.0}
    value = value.strip().lower()
    calc = re.fullmatch(r"calc\((.*)\)", value)
    if calc:  # sums and differences of lengths only, e.g. calc(100vw - 2rem)
        terms = re.findall(r"([+-]?)\s*([\d.]+[a-z]*)", calc[1].replace(" ", ""))
        if "".join(sign + term for sign, term in terms) != calc[1].replace(" ", ""):
            return None
        lengths = [css_length(term) for _, term in terms]
        if None in lengths:
            return None
        return sum(-n if sign == "-" else n for (sign, _), n in zip(terms, lengths, strict=True))
    match = re.fullmatch(r"([\d.]+)(px|vw|rem|em)?", value)
    if not match:
        return None
    return float(match[1]) * units[match[2] or "px"]


def media_matches(media: str) -> bool:
    """Whether a media condition holds for the phone (min-/max-width only; others fail)."""
    media = media.strip().lower()
    if not media or media in {"all", "screen"}:
        return True
    for condition in re.split(r"\s+and\s+", media):
        match = re.fullmatch(r"\(\s*(min|max)-width\s*:\s*([^)]+)\)", condition.strip())
        width = css_length(match[2]) if match else None
        if width is None:
            return False
        if (match[1] == "min" and width > VIEWPORT_WIDTH) or (
            match[1] == "max" and width < VIEWPORT_WIDTH
        ):
            return False
    return True


def slot_width(sizes: str) -> float:
    """The width the image takes on the phone, from a `sizes` attribute (100vw without one)."""
    depth, entry, entries = 0, "", []
    for char in sizes:
        depth += char == "("
        depth -= char == ")"
        if char == "," and depth == 0:
            entries.append(entry)
            entry = ""
        else:
            entry += char
    entries.append(entry)
    for entry in (e.strip() for e in entries if e.strip()):
        match = re.fullmatch(r"(.*?)\s*((?:calc|min|max)\(.*\)|[\d.]+[a-z]*)", entry)
        if not match:
            continue
        if match[1] and not media_matches(match[1]):
            continue
        width = css_length(match[2])
        if width:
            return width
    return float(VIEWPORT_WIDTH)


def choose(srcset: str, sizes: str, src: str | None) -> tuple[str, str] | None:
    """The candidate a 390 px wide phone at DPR 2 picks: the smallest whose density reaches
    2 (its width over the slot's width, or its x descriptor), else the densest there is."""
    candidates = parse_srcset(srcset)
    if not candidates:
        return (src, "src") if src else None
    slot = slot_width(sizes)
    rated = []
    for url, descriptor in candidates:
        if descriptor.endswith("w"):
            rated.append((float(descriptor[:-1]) / slot, url, descriptor))
        elif descriptor.endswith("x"):
            rated.append((float(descriptor[:-1]), url, descriptor))
    widths = any(descriptor.endswith("w") for _, descriptor in candidates)
    if src and not widths and not any(density == 1 for density, _, _ in rated):
        rated.append((1.0, src, "src"))
    rated.sort()
    enough = [r for r in rated if r[0] >= DEVICE_PIXEL_RATIO] or rated[-1:]
    _, url, descriptor = enough[0]
    return url, f"{descriptor} (slot {slot:.0f} px)"


# --- Bytes of a first visit -----------------------------------------------------------------


@dataclass
class Visit:
    path: str
    html: int = 0
    html_encoding: str = ""
    html_uncompressed: int = 0
    css: int = 0
    js: int = 0
    other: int = 0
    first_screen_images: int = 0
    all_images: int = 0
    largest_image: int = 0
    largest_image_url: str = ""
    header_bytes: int = 0
    requests: int = 0
    files: list[dict] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def without_images(self) -> int:
        return self.html + self.css + self.js + self.other

    @property
    def with_first_screen(self) -> int:
        return self.without_images + self.first_screen_images


def first_visit(port: int, path: str, media_url: str, media_root: Path) -> Visit:
    """What a browser with an empty cache downloads for `path`."""
    visit = Visit(path)
    accept = "text/html,application/xhtml+xml,*/*;q=0.8"
    # The page as most readers get it: after one reader asked for it (a page cache, if the
    # site has one, then holds it).
    fetch(port, path, accept=accept)
    page = fetch(port, path, accept=accept)
    if page.status != 200:
        visit.problems.append(f"{path} answered {page.status}")
        return visit
    text = page.text()
    visit.html, visit.html_encoding = len(page.body), page.encoding or "none"
    visit.html_uncompressed = len(text.encode())
    visit.header_bytes, visit.requests = page.header_bytes, 1
    visit.files.append(
        {"kind": "html", "url": path, "bytes": visit.html, "header_bytes": page.header_bytes}
    )
    assets = PageAssets()
    assets.feed(text)
    seen = {path}
    wanted = [("css", u) for u in assets.stylesheets] + [("js", u) for u in assets.scripts]
    wanted += [("other", u) for u in assets.other]
    for kind, url in wanted:
        target = urlsplit(urljoin(path, url)).path
        if target in seen:
            continue
        seen.add(target)
        got = fetch(port, target)
        visit.header_bytes += got.header_bytes
        visit.requests += 1
        if got.status != 200:
            visit.problems.append(f"{target} answered {got.status}")
            continue
        setattr(visit, kind, getattr(visit, kind) + len(got.body))
        visit.files.append(
            {
                "kind": kind,
                "url": target,
                "bytes": len(got.body),
                "encoding": got.encoding,
                "header_bytes": got.header_bytes,
            }
        )
    for image in assets.images:
        target = urlsplit(urljoin(path, image.url)).path
        if target in seen:
            continue
        seen.add(target)
        size, source = image_bytes(port, target, media_url, media_root, visit)
        if size is None:
            visit.problems.append(f"image {target} not found (HTTP 404, not under MEDIA_ROOT)")
            continue
        visit.all_images += size
        if not image.lazy:
            visit.first_screen_images += size
        if size > visit.largest_image:
            visit.largest_image, visit.largest_image_url = size, target
        visit.files.append(
            {
                "kind": "image" if image.lazy else "image, first screen",
                "url": target,
                "bytes": size,
                "chosen": image.how,
                "from": source,
            }
        )
    return visit


def image_bytes(port, path, media_url, media_root: Path, visit: Visit):
    """(size, "http" or "disk"): over HTTP if the site serves it, else from MEDIA_ROOT."""
    got = fetch(port, path, accept=ACCEPT_IMAGE)
    if got.status == 200:
        visit.header_bytes += got.header_bytes
        visit.requests += 1
        return len(got.body), "http"
    if path.startswith(media_url):
        file = (media_root / unquote(path[len(media_url) :])).resolve()
        if file.is_relative_to(media_root.resolve()) and file.is_file():
            visit.requests += 1
            return file.stat().st_size, "disk"
    return None, ""


# --- Queries, in-process --------------------------------------------------------------------


def count_queries(paths: list[str]) -> dict:
    """Run inside the site's environment (a child process): queries of a first visitor with
    the cache empty and of a second visitor, per page, and the settings the bench needs."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    # The site's own host (SITE_URL's, with its port): the page cache stores only pages asked
    # for there, as wrk and the visits above ask for them.
    host = urlsplit(settings.SITE_URL).netloc

    def visit(path: str) -> tuple[int, int]:
        client = Client(HTTP_HOST=host, headers={"X-Forwarded-Proto": "https"})
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path, headers={"Accept-Encoding": ACCEPT_ENCODING})
        return len(queries), response.status_code

    pages = {}
    for path in paths:
        cache.clear()
        first, status = visit(path)
        second, _ = visit(path)
        pages[path] = {"first": first, "second": second, "status": status}
    cache.clear()
    return {
        "pages": pages,
        "media_url": "/" + settings.MEDIA_URL.lstrip("/"),
        "media_root": str(settings.MEDIA_ROOT),
        "cache_backend": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1],
        "page_cache_middleware": [m for m in settings.MIDDLEWARE if "cache" in m.lower()],
        "page_cache_settings": {
            name: getattr(settings, name) for name in dir(settings) if "PAGE_CACHE" in name
        },
    }


# --- wrk ------------------------------------------------------------------------------------

WRK_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


@dataclass
class Throughput:
    path: str
    label: str
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    non_2xx: int
    socket_errors: int
    ratio: float = 0.0


def run_wrk(port: int, path: str, label: str, args, seconds: float) -> Throughput:
    command = [
        "wrk",
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"-d{seconds:g}s",
        "--timeout",
        "10s",
        "--latency",
        "-H",
        f"Accept-Encoding: {ACCEPT_ENCODING}",
        "-H",
        "X-Forwarded-Proto: https",
        f"http://127.0.0.1:{port}{path}",
    ]
    result = subprocess.run(command, capture_output=True, text=True)
    out = result.stdout
    if result.returncode != 0 or "Requests/sec" not in out:
        raise BenchError(f"wrk failed on {path}:\n{out}{result.stderr}")

    def latency(percent: str) -> float:
        match = re.search(rf"^\s*{percent}%\s+([\d.]+)(us|ms|s|m|h)\s*$", out, re.M)
        return float(match[1]) * WRK_UNITS[match[2]] if match else float("nan")

    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return Throughput(
        path=path,
        label=label,
        rps=float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1]),
        p50_ms=latency("50"),
        p99_ms=latency("99"),
        requests=int(re.search(r"(\d+) requests in", out)[1]),
        non_2xx=int(non_2xx[1]) if non_2xx else 0,
        socket_errors=sum(int(n) for n in errors.groups()) if errors else 0,
    )


def median_throughput(runs: list[Throughput]) -> Throughput:
    def median(values: list[float]) -> float:
        ordered = sorted(values)
        middle = len(ordered) // 2
        return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2

    first = runs[0]
    return Throughput(
        path=first.path,
        label=first.label,
        rps=median([r.rps for r in runs]),
        p50_ms=median([r.p50_ms for r in runs]),
        p99_ms=median([r.p99_ms for r in runs]),
        requests=sum(r.requests for r in runs),
        non_2xx=sum(r.non_2xx for r in runs),
        socket_errors=sum(r.socket_errors for r in runs),
    )


# --- The bench ------------------------------------------------------------------------------


class Bench:
    def __init__(self, args):
        self.args = args
        self.started = time.monotonic()
        server_url = os.environ.get("BENCH_DATABASE_URL", "")
        if server_url:
            self.db_url, self.admin_url, self.db_name = database_urls(
                server_url, DEFAULT_DB_NAME, other_name_connects=True
            )
        else:
            self.db_url = self.admin_url = self.db_name = ""
        self.redis_url = os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS)
        if not redis_answers(self.redis_url):
            self.redis_url = ""
        self.folder = Path(tempfile.mkdtemp(prefix="ishr-bench-public-"))
        self.port = free_port()
        self.env = site_environment(self.folder, self.port, self.db_url, self.redis_url)
        self.server: Server | None = None
        self.db_created = False
        self.results: dict = {}

    def run(self) -> None:
        args = self.args
        database = f"PostgreSQL ({self.db_name})" if self.db_url else "SQLite (temporary file)"
        cache = f"Redis {self.redis_url} (flushed)" if self.redis_url else "local memory"
        revision = git_revision()
        log(f"Public pages bench, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, commit {revision}")
        log(f"Database: {database}; cache: {cache}; files under {self.folder}")
        self.results.update(
            measured_at=datetime.now(UTC).isoformat(timespec="seconds"),
            commit=revision,
            database=database,
            cache=cache,
        )
        if self.db_url:
            create_database(self.admin_url, self.db_name)
            self.db_created = True
        if self.redis_url:
            redis_command(self.redis_url, "FLUSHDB")
        step = time.monotonic()
        manage(self.env, "migrate", "--noinput")
        manage(self.env, "load_demo")
        manage(self.env, "collectstatic", "--noinput", "--verbosity", "0")
        log(f"migrate, load_demo, collectstatic: {time.monotonic() - step:.0f} s")

        self.server = Server(
            self.env, self.port, self.folder, workers=args.workers, user_agent=USER_AGENT
        )
        self.server.wait_until_ready()
        log(f"gunicorn: {args.workers} sync workers on 127.0.0.1:{self.port}")

        paths = self.discover()
        self.results["paths"] = paths
        queries = self.queries([p for p in paths.values() if p])
        media_url, media_root = queries["media_url"], Path(queries["media_root"])

        visits = [first_visit(self.port, p, media_url, media_root) for p in self.visit_paths()]
        self.results["first_visit"] = [
            {
                **asdict(v),
                "without_images": v.without_images,
                "with_first_screen": v.with_first_screen,
            }
            for v in visits
        ]
        report_visits(visits)

        throughput = self.throughput(paths)
        report_throughput(throughput, args)
        edit = self.edit_shows_everywhere(paths["highlight"])
        self.results["edit"] = edit
        self.results["goals"] = report_goals(throughput, visits, edit)

    def edit_shows_everywhere(self, path: str, requests: int = 20) -> dict:
        """Change the highlight's title as the admin would (a model save, committed), then
        ask for its page from every worker: each had the old page in its memory (wrk)."""
        slug = path.rstrip("/").rsplit("/", 1)[-1]
        title = f"Edited for the bench {secrets.token_hex(4)}"
        manage(
            self.env,
            "shell",
            "-c",
            "from impact.models import Highlight; "
            f"h = Highlight.objects.get(slug={slug!r}); h.title = {title!r}; h.save()",
        )
        with ThreadPoolExecutor(max_workers=requests) as pool:
            pages = list(pool.map(lambda _: fetch(self.port, path), range(requests)))
        fresh = sum(title in page.text() for page in pages)
        log(f"\nAn edit saved, then {requests} requests at once: {fresh} show it")
        return {"requests": requests, "showing_the_edit": fresh}

    def discover(self) -> dict[str, str]:
        """The pages to measure: the review, its first highlight, the programme, the first
        stylesheet the review links, and the open call's form when there is one."""
        review = fetch(self.port, REVIEW_PATH)
        programme = fetch(self.port, PROGRAMME_PATH)
        for path, got in ((REVIEW_PATH, review), (PROGRAMME_PATH, programme)):
            if got.status != 200:
                raise BenchError(f"{path} answered {got.status}:\n{self.server.log_tail()}")
        page = PageAssets()
        page.feed(review.text())
        highlight = next(
            (
                link
                for link in page.links
                if re.fullmatch(rf"{REVIEW_PATH}[\w-]+/", urlsplit(link).path)
                and not urlsplit(link).path.endswith("/pdf/")
            ),
            "",
        )
        if not highlight:
            raise BenchError(f"{REVIEW_PATH} links to no highlight")
        if not page.stylesheets:
            raise BenchError(f"{REVIEW_PATH} links to no stylesheet")
        links = PageAssets()
        links.feed(programme.text())
        apply = next(
            (
                urlsplit(link).path
                for link in links.links
                if re.fullmatch(rf"{PROGRAMME_PATH}\d{{4}}/apply/", urlsplit(link).path)
            ),
            "",
        )
        return {
            "review": REVIEW_PATH,
            "highlight": urlsplit(highlight).path,
            "programme": PROGRAMME_PATH,
            "stylesheet": urlsplit(urljoin(REVIEW_PATH, page.stylesheets[0])).path,
            "apply": apply,
        }

    def visit_paths(self) -> list[str]:
        paths = self.results["paths"]
        return [p for p in (paths["review"], paths["programme"], paths["apply"]) if p]

    def queries(self, paths: list[str]) -> dict:
        pages = [p for p in paths if not p.startswith("/static/")]
        result = subprocess.run(
            [str(PYTHON), str(Path(__file__).resolve()), "--count-queries", *pages],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
        )
        lines = result.stdout.strip().splitlines()
        if result.returncode != 0 or not lines:
            raise BenchError(f"Counting queries failed:\n{result.stdout}{result.stderr}")
        counted = json.loads(lines[-1])
        self.results["queries"] = counted
        middleware = ", ".join(counted["page_cache_middleware"]) or "none"
        middleware += "".join(f", {k}={v}" for k, v in counted["page_cache_settings"].items())
        log(f"\nQueries per page, in-process (cache middleware: {middleware})")
        log(f"  {'page':<52} {'1st visitor':>11} {'2nd visitor':>11}")
        for path, page in counted["pages"].items():
            status = "" if page["status"] == 200 else f"  (status {page['status']})"
            log(f"  {path:<52} {page['first']:>11} {page['second']:>11}{status}")
        return counted

    def throughput(self, paths: dict[str, str]) -> list[Throughput]:
        """wrk on each URL in turn, after a warm-up of each; with several rounds, the URLs
        take turns in each round (so a busy moment of the machine spreads over all of them)
        and each figure is the median of its rounds."""
        args = self.args
        targets = [
            (paths["review"], "review"),
            (paths["highlight"], "highlight"),
            (paths["programme"], "programme"),
            (paths["stylesheet"], "static CSS"),
        ]
        rounds = f", median of {args.rounds} rounds" if args.rounds > 1 else ""
        log(
            f"\nwrk -t{args.threads} -c{args.connections} -d{args.duration:g}s --latency "
            f"(after a {args.warmup:g} s warm-up of each URL{rounds})"
        )
        load_before = os.getloadavg()[0]
        if args.warmup > 0:
            for path, label in targets:
                run_wrk(self.port, path, label, args, args.warmup)
        measured: dict[str, list[Throughput]] = {path: [] for path, _ in targets}
        for _ in range(args.rounds):
            for path, label in targets:
                measured[path].append(run_wrk(self.port, path, label, args, args.duration))
        load_after = os.getloadavg()[0]
        results = [median_throughput(measured[path]) for path, _ in targets]
        static = results[-1].rps or 1.0
        for result in results:
            result.ratio = result.rps / static
        self.results["throughput"] = [asdict(r) for r in results]
        self.results["wrk"] = {
            "threads": args.threads,
            "connections": args.connections,
            "duration_s": args.duration,
            "warmup_s": args.warmup,
            "rounds": args.rounds,
            "gunicorn_workers": args.workers,
            "cores": os.cpu_count(),
            "load_average_before": load_before,
            "load_average_after": load_after,
        }
        busy = max(load_before, load_after) > (os.cpu_count() or 1) / 2
        log(
            f"  load average (1 min) {load_before:.1f} before, {load_after:.1f} after, "
            f"{os.cpu_count()} cores"
            + ("; the machine was busy with other work: figures are noisy" if busy else "")
        )
        return results

    def clean_up(self) -> None:
        if self.server is not None:
            self.server.stop()
            tracebacks = self.server.tracebacks()
            if tracebacks:
                log(f"\ngunicorn's log holds {tracebacks} traceback(s):\n{self.server.log_tail()}")
        if self.db_created:
            drop_database(self.admin_url, self.db_name)
        if self.redis_url:
            redis_command(self.redis_url, "FLUSHDB")
        if self.args.keep:
            log(f"Kept {self.folder}")
        else:
            shutil.rmtree(self.folder, ignore_errors=True)
        log(f"The bench took {time.monotonic() - self.started:.0f} s")


# --- Reports --------------------------------------------------------------------------------


def report_visits(visits: list[Visit]) -> None:
    log(f"\nBytes of a first visit (Accept-Encoding: {ACCEPT_ENCODING}; images as a")
    log(f"{VIEWPORT_WIDTH} px wide phone at DPR {DEVICE_PIXEL_RATIO} picks them; body bytes)")
    header = f"  {'':<30}" + "".join(f"{v.path:>30}" for v in visits)
    log(header)
    rows = [
        ("HTML", lambda v: f"{kb(v.html)} ({v.html_encoding})"),
        ("  uncompressed", lambda v: kb(v.html_uncompressed)),
        ("CSS", lambda v: kb(v.css)),
        ("JS", lambda v: kb(v.js)),
        ("icon and other", lambda v: kb(v.other)),
        ("total without images", lambda v: kb(v.without_images)),
        ("images, first screen", lambda v: kb(v.first_screen_images)),
        ("total with first screen", lambda v: kb(v.with_first_screen)),
        ("all images", lambda v: kb(v.all_images)),
        ("largest image", lambda v: kb(v.largest_image)),
        ("requests", lambda v: str(v.requests)),
        ("response headers (not counted)", lambda v: kb(v.header_bytes)),
    ]
    for label, value in rows:
        log(f"  {label:<30}" + "".join(f"{value(v):>30}" for v in visits))
    for visit in visits:
        if visit.largest_image_url:
            log(f"  largest image of {visit.path}: {visit.largest_image_url}")
        chosen = {f["chosen"] for f in visit.files if "chosen" in f}
        sources = {f["from"] for f in visit.files if "from" in f}
        if chosen:
            log(f"  images of {visit.path}: chosen by {', '.join(sorted(chosen))}")
            log(f"    read {' and '.join(sorted(sources))}")
        for problem in visit.problems:
            log(f"  PROBLEM: {problem}")


def report_throughput(results: list[Throughput], args) -> None:
    log(f"\n  {'URL':<56} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'vs static':>10}")
    for r in results:
        flags = ""
        if r.non_2xx or r.socket_errors:
            flags = f"  ({r.non_2xx} non-2xx, {r.socket_errors} socket errors)"
        log(
            f"  {r.path:<56} {r.rps:>8.0f} {r.p50_ms:>8.1f} {r.p99_ms:>8.1f} "
            f"{r.ratio:>9.0%}{flags}"
        )


def report_goals(throughput: list[Throughput], visits: list[Visit], edit: dict) -> list[dict]:
    goals = []

    def goal(name: str, figure: str, target: str, passed: bool) -> None:
        goals.append({"goal": name, "figure": figure, "target": target, "pass": passed})

    for r in throughput[:-1]:
        goal(
            f"{r.label} req/s vs static",
            f"{r.ratio:.0%}",
            f">= {GOAL_RATIO:.0%}",
            r.ratio >= GOAL_RATIO,
        )
    for r in throughput:
        goal(
            f"{r.label} p99", f"{r.p99_ms:.1f} ms", f"< {GOAL_P99_MS:g} ms", r.p99_ms < GOAL_P99_MS
        )
    for v in visits:
        goal(
            f"{v.path} without images",
            kb(v.without_images),
            f"<= {kb(GOAL_NO_IMAGES)}",
            v.without_images <= GOAL_NO_IMAGES,
        )
        goal(
            f"{v.path} with first-screen images",
            kb(v.with_first_screen),
            f"<= {kb(GOAL_FIRST_SCREEN)}",
            v.with_first_screen <= GOAL_FIRST_SCREEN,
        )
        if v.largest_image:
            goal(
                f"{v.path} largest image",
                kb(v.largest_image),
                f"<= {kb(GOAL_LARGEST_IMAGE)}",
                v.largest_image <= GOAL_LARGEST_IMAGE,
            )
    goal(
        "an edit shows at the next request, in every worker",
        f"{edit['showing_the_edit']} of {edit['requests']}",
        "all",
        edit["showing_the_edit"] == edit["requests"],
    )
    log("\nGoals")
    for g in goals:
        verdict = "PASS" if g["pass"] else "MISS"
        log(f"  {verdict}  {g['goal']:<56} {g['figure']:>10}  ({g['target']})")
    passed = sum(g["pass"] for g in goals)
    log(f"  {passed} of {len(goals)} met")
    return goals


# --- Main -----------------------------------------------------------------------------------


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=10, help="seconds of wrk per URL")
    parser.add_argument("--warmup", type=float, default=2, help="seconds of warm-up per URL")
    parser.add_argument(
        "--rounds", type=int, default=1, help="measure each URL this many times, in turns"
    )
    parser.add_argument("--connections", type=int, default=8, help="wrk's open connections")
    parser.add_argument("--threads", type=int, default=2, help="wrk's threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn's sync workers")
    parser.add_argument("--json", metavar="PATH", help="also write the figures to PATH")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--count-queries", nargs="+", help=argparse.SUPPRESS)
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    if args.count_queries:
        print(json.dumps(count_queries(args.count_queries)))
        return 0
    exit_on_sigterm()
    if not shutil.which("wrk"):
        raise BenchError("wrk is missing: install it with `apt-get install wrk`")
    require_gunicorn()
    if args.rounds < 1:
        raise BenchError("--rounds must be at least 1")
    if args.connections < args.threads:
        raise BenchError("--connections must be at least --threads")
    bench = Bench(args)
    try:
        bench.run()
    finally:
        bench.clean_up()
    if args.json:
        Path(args.json).write_text(json.dumps(bench.results, indent=2) + "\n")
        log(f"Figures written to {args.json}")
    return 0


if __name__ == "__main__":
    run_main(main, "bench")
