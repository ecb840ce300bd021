"""Public pages rendered once, kept in the shared cache until anything they show changes
(docs/architecture.md, "Page cache")."""

from __future__ import annotations

import functools
import gzip
import hashlib
import logging
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from datetime import datetime
from urllib.parse import unquote, urlencode, urlsplit

import brotli
from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, models, transaction
from django.db.models import F
from django.db.models.signals import (
    m2m_changed,
    post_delete,
    post_save,
    pre_delete,
    pre_save,
)
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, QueryDict
from django.http.request import split_domain_port
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers

logger = logging.getLogger(__name__)

STATE_KEY = "public-pages:state"
PAGE_KEY_PREFIX = "public-page"
# Brotli's quality 11 takes tens of milliseconds on a large page; 9 is within a few percent
# of it, and a page is compressed once per change, not per reader.
BROTLI_QUALITY = 9
# Headers a stored page does not keep: the cookie (never stored), and those that depend on
# the encoding sent. The others (security headers, CSP, language) are replayed as set.
UNSTORED_HEADERS = {"set-cookie", "content-length", "content-encoding", "etag", "x-page-cache"}

# Models whose rows public pages show, with the fields that change a page when their time
# comes (filled by the apps' `ready()` through `register()`).
_registry: dict[type[models.Model], tuple[str, ...]] = {}
# Those whose rows pages show only through figures computed from them, with what reads them.
_shown: dict[type[models.Model], Callable[[], object]] = {}


# --- What changes the pages -----------------------------------------------------------------


def register(
    model: type[models.Model],
    *,
    times: tuple[str, ...] = (),
    shown: Callable[[], object] | None = None,
) -> None:
    """Empty the page cache whenever a row of `model` (or one of its many-to-many links) is
    saved or deleted, and when the moment in any of its `times` fields comes.

    `shown`, for rows the public sees only through figures computed from them (applications,
    feedback), reads those figures (a query): a save or delete then empties the cache only
    when `shown()` differs after it from before it, so that a write no page shows cannot be
    observed by timing the pages. Their many-to-many links are not watched: `shown()` must
    not read them.
    """
    _registry[model] = times
    uid = f"page-cache:{model._meta.label}"
    if shown is None:
        post_save.connect(_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(_changed, sender=model, dispatch_uid=uid)
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(_changed, sender=field.remote_field.through, dispatch_uid=uid)
        return
    _shown[model] = shown
    pre_save.connect(_before_write, sender=model, dispatch_uid=uid)
    pre_delete.connect(_before_write, sender=model, dispatch_uid=uid)
    post_save.connect(_after_write, sender=model, dispatch_uid=uid)
    post_delete.connect(_after_write, sender=model, dispatch_uid=uid)


def _changed(sender, **kwargs) -> None:
    if kwargs.get("raw"):  # loaddata: the pages follow when the fixture is committed
        return
    invalidate_on_commit()


# Where a watched row keeps what `shown()` read before its write, until the write is done.
SHOWN_BEFORE = "page_cache_shown_before_write"


def _before_write(sender, instance, **kwargs) -> None:
    if not kwargs.get("raw"):
        setattr(instance, SHOWN_BEFORE, _shown[sender]())


def _after_write(sender, instance, **kwargs) -> None:
    if kwargs.get("raw"):
        return
    before = vars(instance).pop(SHOWN_BEFORE, None)
    if before is None or _shown[sender]() != before:
        invalidate_on_commit()


@contextmanager
def bulk_write(model: type[models.Model]) -> Iterator[None]:
    """Around a write to `model`'s rows that sends no signal (`update()`, `bulk_create()`):
    afterwards the page cache follows as it would after saves, emptied at once and on
    commit; for a model registered with `shown`, only if what it shows changed."""
    shown = _shown.get(model)
    before = shown() if shown else None
    yield
    if shown is None or shown() != before:
        invalidate_on_commit()


def invalidate_on_commit() -> None:
    """Change the pages' version now and again once the current transaction commits.

    Now, so that the writer's own next request (and a test, which never commits) sees the
    change; on commit, because a reader may have rendered the old rows in between. A
    transaction that saves a thousand rows changes the version once on commit.
    """
    cache.delete(STATE_KEY)
    transaction.on_commit(_pending_invalidation().run)


class _Invalidation:
    """One change of version on commit, however many writes registered it: the first of its
    callbacks to run does it, the others return at once. Callbacks that a rollback (of the
    transaction or of a savepoint) discards never run; a write after it registers again."""

    def __init__(self):
        self.done = False

    def run(self) -> None:
        if not self.done:
            self.done = True
            invalidate()


# The invalidation the current thread's transaction will run on commit (Django's connections
# are per thread). Replaced once it has run; one whose callbacks were rolled back is reused.
_pending = threading.local()


def _pending_invalidation() -> _Invalidation:
    pending = getattr(_pending, "invalidation", None)
    if pending is None or pending.done:
        pending = _pending.invalidation = _Invalidation()
    return pending


def invalidate() -> State:
    """A new version for every page, and the time of the next scheduled change."""
    state = new_state()
    cache.set(STATE_KEY, state.as_tuple(), timeout=None)
    return state


def new_state() -> State:
    return State(version=uuid.uuid4().hex, until=next_change(timezone.now()))


def next_change(now: datetime) -> float | None:
    """When the next scheduled change comes, as a timestamp, in one query: the earliest of
    the registered time fields still in the future."""
    parts = [
        model._default_manager.filter(**{f"{field}__gt": now})
        .order_by()
        .annotate(at=F(field))
        .values_list("at", flat=True)
        for model, times in _registry.items()
        for field in times
    ]
    if not parts:
        return None
    first, *others = parts
    soonest = first.union(*others, all=True).order_by("at").first()
    return soonest.timestamp() if soonest else None


class State:
    __slots__ = ("until", "version")

    def __init__(self, *, version: str, until: float | None):
        self.version = version
        self.until = until

    def as_tuple(self) -> tuple[str, float | None]:
        return (self.version, self.until)

    def is_current(self, now: float) -> bool:
        return self.until is None or now < self.until


def stored_state(stored, now: float) -> State | None:
    """The state read from the cache, or None when there is none or its time has passed."""
    if stored is None:
        return None
    state = State(version=stored[0], until=stored[1])
    return state if state.is_current(now) else None


# --- Which pages are stored -----------------------------------------------------------------


def public_page(view: Callable | None = None, *, query: tuple[str, ...] = ()):
    """Mark a view's answers as the same for every reader, so that they may be cached.

    `query` lists the query-string parameters the view reads, in the order its address
    writes them. A request for the page written another way is sent (301) to the address
    the site writes (`canonical_address`); one with any other parameter, or one given twice,
    is rendered but not stored, so random query strings cannot fill the cache. The view may
    also set `response.public_page = False` (an invalid filter value, for one).

    Browsers are told to keep the page but to ask each time whether it changed (`no-cache`):
    the answer is then usually a 304 of a few hundred bytes, and an edit shows at once.
    """

    def decorator(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            address = canonical_address(request, query)
            if address is not None:
                return HttpResponsePermanentRedirect(address)
            response = view(request, *args, **kwargs)
            response.public_page = getattr(response, "public_page", True) and (
                canonical_query(request.GET, query) is not None
            )
            patch_cache_control(response, public=True, no_cache=True)
            return response

        return wrapper

    return decorator(view) if view is not None else decorator


def canonical_query(params: QueryDict, names: Collection[str]) -> str | None:
    """The query string the site writes for these parameters: those of `names` in their
    order, each once, blank ones left out (a blank filter is no filter). None when there is
    a parameter outside `names`, or one given twice: such a page is not stored, and its
    query string is kept as written."""
    if not set(params) <= set(names) or any(len(params.getlist(name)) > 1 for name in params):
        return None
    return urlencode([(name, params[name]) for name in names if params.get(name)])


def canonical_address(request: HttpRequest, names: Collection[str]) -> str | None:
    """The address the site writes for the page asked for, or None when the request wrote
    it so: the path `reverse()` gives for the resolved view and its arguments (a converter
    reads "02024" as 2024), then `canonical_query()`."""
    path = request.path
    match = request.resolver_match
    if match is not None and match.url_name is not None:
        # captured_kwargs (Django 4.1) is missing from django-stubs.
        kwargs = match.captured_kwargs  # type: ignore[attr-defined]
        path = reverse(match.view_name, args=match.args, kwargs=kwargs)
    written = request.META.get("QUERY_STRING", "")
    query = canonical_query(request.GET, names)
    if query is None:
        query = written
    if unquote(path) == request.path and query == written:
        return None
    return f"{path}?{query}" if query else path


@functools.cache
def release() -> str:
    """A fingerprint of what renders the pages: a deploy that changes any of it starts with
    an empty page cache, and workers of the same release agree on it."""
    digest = hashlib.sha256()
    suffixes = {".py", ".html", ".txt", ".xml", ".mo"}
    roots = [settings.BASE_DIR / name for name in ("templates", "locale")]
    roots += [settings.BASE_DIR / name for name in ("core", "impact", "programmes", "ishr_site")]
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.suffix in suffixes and path.is_file():
                digest.update(path.relative_to(settings.BASE_DIR).as_posix().encode())
                digest.update(path.read_bytes())
    manifest = settings.STATIC_ROOT / "staticfiles.json"
    if manifest.is_file():
        digest.update(manifest.read_bytes())
    return digest.hexdigest()[:16]


def page_key(request: HttpRequest) -> str:
    # Not the host: pages are built on SITE_URL and stored only when asked for at its host.
    # The scheme: a plain-HTTP request must reach the redirect to HTTPS, not a stored page
    # (and HTTPS pages carry HSTS). The language is in the path.
    address = f"{request.scheme}:{request.get_full_path()}"
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"{PAGE_KEY_PREFIX}:{release()}:{digest}"


DEFAULT_PORTS: dict[str | None, str] = {"http": "80", "https": "443"}


def _port(port: str, scheme: str | None) -> str:
    return "" if port == DEFAULT_PORTS.get(scheme) else port


@functools.cache
def site_host(site_url: str) -> tuple[str, str]:
    """SITE_URL's host as `split_domain_port` reads a request's: (domain, port or "")."""
    parts = urlsplit(site_url)
    return split_domain_port(parts.netloc)[0], _port(str(parts.port or ""), parts.scheme)


def at_site_host(request: HttpRequest) -> bool:
    """Whether the request was made to the site's own host, SITE_URL's. Django reads a host
    in any case, with or without a trailing dot, and so does this; the scheme's default port
    is no port. Raises DisallowedHost (a 400) for a host ALLOWED_HOSTS does not name."""
    domain, port = split_domain_port(request.get_host())
    return (domain, _port(port, request.scheme)) == site_host(settings.SITE_URL)


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    return (
        getattr(response, "public_page", False)
        and request.method == "GET"
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "Cookie" not in (response.get("Vary") or "")
        # django-csp's documented test: true once the page used the request's nonce.
        and not getattr(request, "csp_nonce", None)
    )


def _accepted_encoding(request: HttpRequest) -> str:
    """The best encoding the browser takes: Brotli, then gzip, then none."""
    offered = {}
    for part in request.headers.get("Accept-Encoding", "").split(","):
        name, _, params = part.strip().partition(";")
        quality = params.strip().removeprefix("q=") if params.strip().startswith("q=") else "1"
        try:
            offered[name.strip().lower()] = float(quality)
        except ValueError:
            continue
    for encoding in ("br", "gzip"):
        if offered.get(encoding, 0) > 0:
            return encoding
    return "identity"


def _entry(response: HttpResponse, *, version: str, expires: float) -> dict:
    body = response.content
    etag = hashlib.sha256(body).hexdigest()[:32]
    return {
        "version": version,
        "expires": expires,
        "headers": [(k, v) for k, v in response.items() if k.lower() not in UNSTORED_HEADERS],
        "etag": etag,
        "bodies": {
            "identity": body,
            "br": brotli.compress(body, quality=BROTLI_QUALITY),
            "gzip": gzip.compress(body, compresslevel=9, mtime=0),
        },
    }


def _response(request: HttpRequest, entry: dict, *, hit: bool) -> HttpResponse:
    encoding = _accepted_encoding(request)
    body = entry["bodies"][encoding]
    response = HttpResponse(b"" if request.method == "HEAD" else body)
    for header, value in entry["headers"]:
        response[header] = value
    response["Content-Length"] = str(len(body))
    suffix = "" if encoding == "identity" else f"-{encoding}"
    response["ETag"] = f'"{entry["etag"]}{suffix}"'
    if encoding != "identity":
        response["Content-Encoding"] = encoding
    patch_vary_headers(response, ("Accept-Encoding",))
    response["X-Page-Cache"] = "hit" if hit else "miss"
    return response


class LocalPages:
    """The pages this process served last, so that a hit reads only the small state from
    the shared cache, not the page (tens of kilobytes, three times over) as well. A page is
    served from here only under the shared state's current version, like one from the
    shared cache."""

    def __init__(self, size: int = 256):
        self.size = size
        self.pages: OrderedDict[str, dict] = OrderedDict()
        self.lock = threading.Lock()  # runserver and threaded workers share the process

    def get(self, key: str) -> dict | None:
        with self.lock:
            entry = self.pages.get(key)
            if entry is not None:
                self.pages.move_to_end(key)
            return entry

    def put(self, key: str, entry: dict) -> None:
        with self.lock:
            self.pages[key] = entry
            self.pages.move_to_end(key)
            while len(self.pages) > self.size:
                self.pages.popitem(last=False)


local_pages = LocalPages()


def _fresh(entry: dict | None, state: State, now: float) -> bool:
    return bool(entry and entry["version"] == state.version and now < entry["expires"])


class PublicPageCacheMiddleware:
    """Serve stored public pages before any other middleware runs; store the pages that
    `@public_page` views render, with every header the middleware below them set.

    It comes after the compression and conditional-request middleware (which leave a stored
    page as it is and answer 304 for it) and before everything else, so a hit costs the
    state's read from the shared cache and little more. Replaying the security headers is
    safe: the key holds the scheme, and a plain-HTTP request is redirected, never stored.
    The admin, static files and media are passed on without a look at the cache."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.skipped: tuple[str, ...] = (
            f"/{settings.ADMIN_URL}",
            f"/{settings.STATIC_URL.strip('/')}/",
        )
        if settings.MEDIA_URL:
            self.skipped += (f"/{settings.MEDIA_URL.strip('/')}/",)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        seconds = settings.PAGE_CACHE_SECONDS
        if (
            request.method not in ("GET", "HEAD")
            or seconds <= 0
            or request.path_info.startswith(self.skipped)
        ):
            return self.get_response(request)
        stores = at_site_host(request)
        key = page_key(request)
        now = timezone.now().timestamp()
        stored = cache.get(STATE_KEY)
        state = stored_state(stored, now)
        if state is not None:
            entry = local_pages.get(key)
            if not _fresh(entry, state, now):
                entry = cache.get(key)
                if _fresh(entry, state, now):
                    local_pages.put(key, entry)
                else:
                    entry = None
            if entry is not None:
                return _response(request, entry, hit=True)
        elif stored is not None:
            cache.delete(STATE_KEY)  # its time has come: the next change is due

        response = self.get_response(request)
        if not stores or not _storable(request, response):
            return response
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        if state is None:
            # The state is made after the page, so a writer may have committed in between.
            # Writers set a new state on commit: if one is there now, this page may show
            # the old rows, and is not stored.
            try:
                state = new_state()
            except DatabaseError:
                return response
            if not cache.add(STATE_KEY, state.as_tuple(), timeout=None):
                return response
        expires = min(state.until or float("inf"), now + seconds)
        entry = _entry(response, version=state.version, expires=expires)
        cache.set(key, entry, timeout=seconds)
        local_pages.put(key, entry)
        return _response(request, entry, hit=False)
