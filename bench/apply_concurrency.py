"""A benchmark of concurrent HRDAP applications against gunicorn and PostgreSQL.

Not a test: it builds a throwaway production-like deployment, fires many applications at
once and checks that every one was stored once, with its two files. Run it with
`make bench-apply` (docs/benchmarks.md has the figures measured so far).

1. Creates a fresh PostgreSQL database (dropping it first), migrates it, loads the demo and
   collects the static files, everything under a temporary folder.
2. Starts gunicorn with production settings (debug off, a random secret key, Redis when it
   answers) on a free port of 127.0.0.1. Requests carry `X-Forwarded-Proto: https`, as the
   proxy in front of the site would, and an Origin/Referer of https://127.0.0.1:<port>.
3. Round 1: N clients each load the form (own cookies, CSRF token and submission token),
   then all post a complete application (a ~200 KB PDF CV and a PDF letter) at the same
   moment.
4. Round 2: M more clients each load the form once and post it twice at the same moment (a
   double click); each must still make one application.
5. Round 3: one at a time, K new applications, then K complete forms from other browsers
   with the same K addresses. The page after a form must not tell whether its address had
   applied (SECURITY.md), nor should the time it takes: the two medians are compared.
6. Reports statuses and latencies, checks the database, the private folder and the emails
   (sent by a task worker, `manage.py run_tasks`, started beside gunicorn, whose console
   backend writes them to its log: each application's reference reaches its address once,
   and each second form's owner is told), stops gunicorn and the worker and drops the
   database, also when something failed. Exits 1 when a check failed, 2 when the bench could
   not run.

Only the standard library is used for HTTP; psycopg (a dependency of the site) talks to
PostgreSQL. Settings come from the command line or the environment:

    BENCH_DATABASE_URL  server to use, e.g. postgres://postgres@127.0.0.1:5432/ (a database
                        name in the path replaces `ishr_bench_apply`; it must contain "bench")
    BENCH_REDIS_URL     Redis for the site's cache, used only if it answers PING
                        (default redis://127.0.0.1:6379/0)
"""

import argparse
import html.parser
import http.client
import math
import os
import re
import secrets
import shutil
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

import common
from common import (
    BenchError,
    Server,
    TaskWorker,
    create_database,
    database_urls,
    drop_database,
    exit_on_sigterm,
    free_port,
    http_request,
    keep_cookies,
    log,
    manage,
    redis_answers,
    require_gunicorn,
    run_main,
)

DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/"
DEFAULT_DB_NAME = "ishr_bench_apply"
DEFAULT_REDIS = "redis://127.0.0.1:6379/0"
PROGRAMME = "hrdap"
# A confirmation's subject ends with the reference; other messages carry none there.
CONFIRMATION_RE = re.compile(r"^Subject: .*: ([A-Z0-9]+-[A-Z0-9]+)$")
SECOND_FORM_SUBJECT = re.compile(r"^Subject: Your application to [^:]+$")
# The second form's median may take this much longer (or shorter) than a new application's.
TIMING_RATIO_LIMIT = 1.5
HTTP_TIMEOUT = 120
USER_AGENT = "ishr-bench-apply"


# --- PostgreSQL -----------------------------------------------------------------------------


def pg_query(url: str, sql: str, params=()) -> list[tuple]:
    import psycopg

    with psycopg.connect(url, connect_timeout=5) as conn:
        return conn.execute(sql, params).fetchall()


# --- HTTP clients ---------------------------------------------------------------------------


class FormInputs(html.parser.HTMLParser):
    """Every <input> of a page, as (name, type, value) triples."""

    def __init__(self):
        super().__init__()
        self.inputs: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "input":
            attributes = dict(attrs)
            self.inputs.append(
                (
                    attributes.get("name") or "",
                    attributes.get("type") or "text",
                    attributes.get("value") or "",
                )
            )


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes
    seconds: float

    @property
    def location(self) -> str:
        return self.headers.get("Location", "")

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


@dataclass
class Browser:
    """One person's browser: its own cookies, always "over HTTPS" through the proxy, which
    names the site's `host` (127.0.0.1:`port` unless given) and the client's `address` (in
    X-Real-IP, when given) as the proxy in front of the site would."""

    port: int
    cookies: dict[str, str] = field(default_factory=dict)
    https: bool = True
    host: str = ""
    address: str = ""

    @property
    def origin(self) -> str:
        return f"https://{self.host or f'127.0.0.1:{self.port}'}"

    def copy(self) -> "Browser":
        return replace(self, cookies=dict(self.cookies))

    def request(self, method, path, body=None, headers=None) -> Response:
        all_headers = {"Host": self.host or f"127.0.0.1:{self.port}", "User-Agent": USER_AGENT}
        if self.https:
            all_headers["X-Forwarded-Proto"] = "https"
        if self.address:
            all_headers["X-Real-IP"] = self.address
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        all_headers.update(headers or {})
        started = time.perf_counter()
        response, data = http_request(
            self.port, method, path, body=body, headers=all_headers, timeout=HTTP_TIMEOUT
        )
        seconds = time.perf_counter() - started
        keep_cookies(self.cookies, response)
        return Response(response.status, response.headers, data, seconds)

    def get(self, path) -> Response:
        return self.request("GET", path)

    def post(self, path, body: bytes, content_type: str, *, origin: str | None = None):
        origin = origin or self.origin
        return self.request(
            "POST",
            path,
            body=body,
            headers={
                "Content-Type": content_type,
                "Content-Length": str(len(body)),
                "Origin": origin,
                "Referer": origin + path,
            },
        )

    def send_form(self, path: str, fields, files=()) -> Response:
        """POST `fields` and `files` as multipart/form-data, as a browser sends a form."""
        return self.post(path, *multipart(list(fields), list(files)))


def multipart(fields: list[tuple[str, str]], files: list[tuple[str, str, str, bytes]]):
    """(body, content type) of a multipart/form-data request."""
    boundary = "----ishr-bench-" + secrets.token_hex(12)
    chunks = []
    for name, value in fields:
        chunks.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            + value.encode()
            + b"\r\n"
        )
    for name, filename, content_type, data in files:
        chunks.append(
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'
            ).encode()
            + data
            + b"\r\n"
        )
    chunks.append(f"--{boundary}--\r\n".encode())
    return b"".join(chunks), f"multipart/form-data; boundary={boundary}"


def fake_pdf(size: int) -> bytes:
    """A small, well-formed one-page PDF padded to about `size` bytes with a binary stream."""
    padding = os.urandom(max(size - 600, 0))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        b"<< /Length %d >>\nstream\n" % len(padding) + padding + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


@dataclass
class Applicant:
    """A client that loaded the form and has its complete application ready to send."""

    number: int
    email: str
    browser: Browser
    form_seconds: float
    secure_cookie: bool
    theme: str
    body: bytes = b""
    content_type: str = ""


def application_fields(
    values: dict[str, str], themes: list[str], number: int, email: str, cv_bytes: int
) -> tuple[list[tuple[str, str]], list[tuple[str, str, str, bytes]]]:
    """A complete application (its fields and its two PDF documents), for the form whose
    hidden inputs are `values` and whose theme choices are `themes`."""
    text = "I document forced evictions and brief treaty bodies with my colleagues. " * 12
    fields = [
        ("csrfmiddlewaretoken", values["csrfmiddlewaretoken"]),
        ("submission_token", values["submission_token"]),
        ("draft", values.get("draft", "")),
        ("full_name", f"Bench Applicant {number}"),
        ("email", email),
        ("country", ["KE", "CO", "PH", "TN", "KH"][number % 5]),
        ("organisation", f"Bench Defenders Network {number}"),
        ("role", "Advocacy officer"),
        ("advocacy_experience", text),
        ("un_engagement", "I sent a shadow report to the UPR and met a Special Rapporteur."),
        ("geneva_objectives", text),
        ("peer_learning", text),
        ("english_level", "working"),
        ("available_online", "yes"),
        ("available_geneva", "partly"),
        ("availability_notes", "I cannot travel during the first week of the session."),
        ("scholarship", ["none", "partial", "full"][number % 3]),
        ("recommending_organisation", "A partner network"),
        ("consent_selection", "on"),
        ("consent_share_cohosts", "on"),
        ("submit_application", ""),
    ]
    theme = themes[number % len(themes)] if themes else ""
    fields.append(("themes", theme) if theme else ("other_focus", "Land and environmental work"))
    files = [
        ("cv", f"cv-{number}.pdf", "application/pdf", fake_pdf(cv_bytes)),
        ("reference_letter", f"letter-{number}.pdf", "application/pdf", fake_pdf(40_000)),
    ]
    return fields, files


def open_form(port: int, apply_path: str, number: int, email: str, cv_bytes: int) -> Applicant:
    browser = Browser(port)
    page = browser.get(apply_path)
    if page.status != 200:
        raise BenchError(f"GET {apply_path} answered {page.status} {page.location}")
    parser = FormInputs()
    parser.feed(page.body.decode())
    values = {name: value for name, kind, value in parser.inputs if kind == "hidden"}
    themes = [value for name, kind, value in parser.inputs if name == "themes"]
    if "csrfmiddlewaretoken" not in values or "submission_token" not in values:
        raise BenchError("The form has no csrfmiddlewaretoken or submission_token")
    if "csrftoken" not in browser.cookies:
        raise BenchError("The form page set no csrftoken cookie")
    token = values["submission_token"]
    uuid.UUID(token)
    fields, files = application_fields(values, themes, number, email, cv_bytes)
    theme = dict(fields).get("themes", "")
    body, content_type = multipart(fields, files)
    set_cookie = " ".join(page.headers.get_all("Set-Cookie") or []).lower()
    return Applicant(
        number, email, browser, page.seconds, "secure" in set_cookie, theme, body, content_type
    )


@dataclass
class Outcome:
    applicant: Applicant
    status: int = 0
    location: str = ""
    seconds: float = 0.0
    finished_at: float = 0.0
    names_address: bool = False
    error: str = ""

    @property
    def done(self) -> bool:
        return self.status == 302 and self.location.endswith("/apply/done/")


def post_application(applicant: Applicant, browser: Browser, path: str, barrier) -> Outcome:
    outcome = Outcome(applicant)
    try:
        barrier.wait()
        response = browser.post(path, applicant.body, applicant.content_type)
        outcome.status, outcome.location = response.status, response.location
        outcome.seconds, outcome.finished_at = response.seconds, time.perf_counter()
    except Exception as error:  # a refused or reset connection is a result, not a crash
        outcome.error = f"{type(error).__name__}: {error}"
        outcome.finished_at = time.perf_counter()
        return outcome
    if outcome.done:
        # The confirmation page, read with the session the POST set (not timed). It names the
        # address the message goes to; the reference is in the message only.
        page = browser.get(urlsplit(outcome.location).path)
        outcome.names_address = page.status == 200 and (
            f"<strong>{applicant.email}</strong>" in page.body.decode()
        )
    return outcome


def run_concurrently(jobs):
    """Run `jobs` (callables taking the shared barrier) in one thread each, released together
    by the barrier. Returns (their results, the moment they were released); re-raises the
    first exception a job raised."""
    results: list = [None] * len(jobs)
    released = []
    barrier = threading.Barrier(len(jobs), action=lambda: released.append(time.perf_counter()))

    def run(index):
        try:
            results[index] = jobs[index](barrier)
        except BaseException as error:
            results[index] = error
            barrier.abort()

    threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(len(jobs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    errors = [r for r in results if isinstance(r, BaseException)]
    real = [e for e in errors if not isinstance(e, threading.BrokenBarrierError)]
    if errors:
        raise (real or errors)[0]
    return results, released[0] if released else time.perf_counter()


def prepare_applicants(port, apply_path, first, count, prefix, cv_bytes) -> list[Applicant]:
    """Load `count` forms at once (one browser each) and build their applications."""
    jobs = [
        (
            lambda barrier, n=n: (
                barrier.wait(),
                open_form(port, apply_path, n, f"{prefix}-{n:03d}@example.org", cv_bytes),
            )[1]
        )
        for n in range(first, first + count)
    ]
    applicants, _ = run_concurrently(jobs)
    return applicants


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(math.ceil(q * len(ordered)) - 1, 0)]


def report_round(title: str, outcomes: list[Outcome], released: float) -> list[str]:
    """Print the figures of one round; return the problems found."""
    problems = []
    done = [o for o in outcomes if o.done]
    other: dict[str, int] = {}
    for o in outcomes:
        if not o.done:
            key = o.error or f"{o.status} {o.location}".strip()
            other[key] = other.get(key, 0) + 1
    seconds = [o.seconds for o in outcomes if not o.error]
    wall = max(o.finished_at for o in outcomes) - released
    log(f"\n{title}")
    log(f"  POSTs sent at once         {len(outcomes)}")
    log(f"  302 to apply/done/         {len(done)}")
    log(f"  other answers              {other or 'none'}")
    if seconds:
        log(
            "  POST latency (s)           "
            f"p50 {percentile(seconds, 0.5):.3f}  p95 {percentile(seconds, 0.95):.3f}  "
            f"max {max(seconds):.3f}"
        )
    log(f"  wall time (s)              {wall:.3f}  ({len(outcomes) / wall:.1f} applications/s)")
    if len(done) != len(outcomes):
        problems.append(f"{title}: {len(outcomes) - len(done)} POSTs did not end on done/")
    if any(o.status >= 500 for o in outcomes):
        problems.append(f"{title}: the server answered 5xx")
    missing = [o for o in done if not o.names_address]
    if missing:
        problems.append(f"{title}: {len(missing)} done/ pages did not name the address")
    return problems


def mailed(log_lines: list[str]) -> tuple[dict[str, list[str]], dict[str, int]]:
    """The messages the console backend wrote to the task worker's log: the references confirmed
    to each address, and how many "second form" notices each address was sent. A message's
    Subject comes before its To."""
    confirmed: dict[str, list[str]] = {}
    notices: dict[str, int] = {}
    subject = ""
    for line in log_lines:
        if line.startswith("Subject: "):
            subject = line
        elif line.startswith("To: ") and subject:
            address = line.removeprefix("To: ").strip()
            if found := CONFIRMATION_RE.match(subject):
                confirmed.setdefault(address, []).append(found.group(1))
            elif SECOND_FORM_SUBJECT.match(subject):
                notices[address] = notices.get(address, 0) + 1
            subject = ""
    return confirmed, notices


# --- The deployment -------------------------------------------------------------------------


def count_files(folder: Path) -> int:
    return sum(1 for path in folder.rglob("*") if path.is_file()) if folder.exists() else 0


def preflight(port: int, apply_path: str, cv_bytes: int) -> list[str]:
    """Check the deployment behaves like production behind a proxy before measuring."""
    problems = []
    plain = Browser(port, https=False).get(apply_path)
    if plain.status != 301 or not plain.location.startswith("https://"):
        problems.append(f"plain HTTP was not redirected to HTTPS ({plain.status})")
    probe = open_form(port, apply_path, 0, "bench-probe@example.org", cv_bytes)
    secure = probe.secure_cookie
    log(f"  plain HTTP -> {plain.status} {plain.location}")
    log(f"  csrftoken cookie marked Secure: {secure}")
    if not secure:
        problems.append("the csrftoken cookie is not marked Secure")
    foreign = probe.browser.copy().post(
        apply_path, probe.body, probe.content_type, origin="https://attacker.example"
    )
    log(f"  POST from another Origin -> {foreign.status}")
    if foreign.status != 403:
        problems.append(f"a POST from another origin answered {foreign.status}, not 403")
    cookieless = probe.browser.copy()
    cookieless.cookies.clear()
    no_cookie = cookieless.post(apply_path, probe.body, probe.content_type)
    log(f"  POST without the CSRF cookie -> {no_cookie.status}")
    if no_cookie.status != 403:
        problems.append(f"a POST without the CSRF cookie answered {no_cookie.status}, not 403")
    return problems


def check_database(db_url, private_root, applicants, confirmed) -> list[str]:
    """Applications, references, themes, files and emails as they should be after the
    rounds."""
    problems = []
    rows = pg_query(
        db_url,
        "SELECT a.email, a.reference, a.cv, a.reference_letter, "
        "(SELECT count(*) FROM programmes_application_themes t WHERE t.application_id = a.id) "
        # The demo's own applications (load_demo) are not the bench's to count.
        "FROM programmes_application a WHERE a.email LIKE 'bench-%%@example.org'",
    )
    expected = len(applicants)
    references = {row[1] for row in rows}
    stored: dict[str, list[tuple]] = {}
    for row in rows:
        stored.setdefault(row[0], []).append(row)
    files = count_files(private_root)
    missing_files = [
        name for row in rows for name in (row[2], row[3]) if not (private_root / name).is_file()
    ]
    log("\nDatabase and files")
    log(f"  applications               {len(rows)} (expected {expected})")
    log(f"  distinct references        {len(references)}")
    log(f"  files in the private folder {files} (expected {2 * expected})")
    if len(rows) != expected:
        problems.append(f"{len(rows)} applications stored, expected {expected}")
    if len(references) != len(rows):
        problems.append("two applications share a reference")
    for applicant in applicants:
        mine = stored.get(applicant.email, [])
        if len(mine) != 1:
            problems.append(f"{applicant.email}: {len(mine)} applications stored")
        elif mine[0][4] != (1 if applicant.theme else 0):
            problems.append(f"{applicant.email}: {mine[0][4]} themes stored")
        elif confirmed.get(applicant.email) != [mine[0][1]]:
            problems.append(
                f"{applicant.email}: emailed {confirmed.get(applicant.email)}, stored {mine[0][1]}"
            )
    if set(stored) - {a.email for a in applicants}:
        problems.append("applications stored for addresses nobody used")
    if missing_files:
        problems.append(f"{len(missing_files)} stored names have no file: {missing_files[:3]}")
    if files != 2 * expected:
        problems.append(f"{files} files in the private folder, expected {2 * expected}")
    return problems


# --- Main -----------------------------------------------------------------------------------


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50, help="applications sent at once")
    parser.add_argument("--double", type=int, default=10, help="forms each posted twice")
    parser.add_argument(
        "--timing",
        type=int,
        default=10,
        help="new applications, then as many second forms with their addresses, one at a time",
    )
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=1, help="threads per gunicorn worker")
    parser.add_argument("--cv-kb", type=int, default=200, help="size of each CV, in KB")
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary folder (logs, files)"
    )
    return parser.parse_args()


def site_environment(db_url, folder: Path, origin: str, redis_url: str | None) -> dict:
    """Production settings: debug off, a random key, PostgreSQL, files under `folder`."""
    return common.site_environment(
        folder,
        origin,
        db_url,
        redis_url,
        cache_key_prefix="bench-apply",
        DJANGO_CSRF_TRUSTED_ORIGINS=origin,
        # Every made-up applicant posts from 127.0.0.1: lift the per-address limits.
        APPLY_RATE="100000/h",
        DRAFT_RATE="100000/h",
    )


class Bench:
    def __init__(self, args):
        self.args = args
        self.db_url, self.admin_url, self.db_name = database_urls(
            os.environ.get("BENCH_DATABASE_URL", DEFAULT_SERVER), DEFAULT_DB_NAME
        )
        redis_url = os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS)
        self.redis_url = redis_url if redis_answers(redis_url) else None
        self.folder = Path(tempfile.mkdtemp(prefix="ishr-bench-apply-"))
        self.port = free_port()
        self.origin = f"https://127.0.0.1:{self.port}"
        self.env = site_environment(self.db_url, self.folder, self.origin, self.redis_url)
        self.server: Server | None = None
        self.worker: TaskWorker | None = None
        self.db_created = False
        self.problems: list[str] = []
        self.second_forms: list[str] = []  # addresses of round 3's second forms

    def run(self) -> None:
        args = self.args
        log(f"Database {self.db_name}: drop, create, migrate, load_demo, collectstatic")
        create_database(self.admin_url, self.db_name)
        self.db_created = True
        manage(self.env, "migrate", "--noinput")
        manage(self.env, "load_demo")
        manage(self.env, "collectstatic", "--noinput", "--verbosity", "0")
        year = manage(
            self.env,
            "shell",
            "--no-imports",
            "-c",
            "from programmes.models import Edition; "
            f"print(Edition.objects.open_calls().get(programme__slug={PROGRAMME!r}).year)",
        ).split()[-1]
        path = f"/programmes/{PROGRAMME}/{year}/apply/"

        log(
            f"gunicorn: {args.workers} sync worker(s) x {args.threads} thread(s) on "
            f"127.0.0.1:{self.port}, cache: {'Redis' if self.redis_url else 'local memory'}, "
            f"files under {self.folder}"
        )
        self.server = Server(
            self.env,
            self.port,
            self.folder,
            workers=args.workers,
            threads=args.threads,
            timeout=120,
            access_log=True,
            user_agent=USER_AGENT,
        )
        self.server.wait_until_ready()
        # Mail is sent by the task worker, beside gunicorn (docs/deploy.md).
        self.worker = TaskWorker(self.env, self.folder)

        cv_bytes = args.cv_kb * 1000
        log(f"\nPreflight ({self.origin}{path})")
        self.problems += preflight(self.port, path, cv_bytes)
        if self.problems:
            return

        unloaded = []
        for _ in range(2 * args.workers):
            unloaded.append(Browser(self.port).get(path).seconds)
        log(
            f"  form GET, one at a time: p50 {percentile(unloaded, 0.5):.3f} s, "
            f"min {min(unloaded):.3f} s ({len(unloaded)} requests)"
        )

        applicants = prepare_applicants(self.port, path, 1, args.clients, "bench-a", cv_bytes)
        gets = [a.form_seconds for a in applicants]
        log(
            f"\nRound 1: {args.clients} clients loaded the form at once (GET p50 "
            f"{percentile(gets, 0.5):.3f} s, max {max(gets):.3f} s); each POST is "
            f"{len(applicants[0].body) / 1000:.0f} KB"
        )
        outcomes, released = run_concurrently(
            [
                lambda barrier, a=a: post_application(a, a.browser, path, barrier)
                for a in applicants
            ]
        )
        self.problems += report_round(f"Round 1: {args.clients} applications", outcomes, released)

        if args.double:
            twice = prepare_applicants(
                self.port, path, args.clients + 1, args.double, "bench-b", cv_bytes
            )
            outcomes, released = run_concurrently(
                [
                    lambda barrier, a=a: post_application(a, a.browser.copy(), path, barrier)
                    for a in twice
                    for _ in range(2)
                ]
            )
            self.problems += report_round(
                f"Round 2: {args.double} forms each posted twice at once", outcomes, released
            )
            applicants += twice

        if args.timing:
            first = args.clients + args.double + 1
            applicants += self.timing_round(path, first=first, cv_bytes=cv_bytes)

        # Mail goes once each answer has been sent, by the worker: give the last ones a moment.
        deadline = time.monotonic() + 20
        while True:
            confirmed, notices = mailed(self.worker.log_lines())
            all_sent = sum(map(len, confirmed.values())) >= len(applicants) and sum(
                notices.values()
            ) >= len(self.second_forms)
            if all_sent or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        self.problems += check_database(
            self.db_url, self.folder / "private", applicants, confirmed
        )
        second_forms = self.second_forms
        told = [email for email in second_forms if notices.get(email) == 1]
        log(f"  second forms' owners told  {len(told)} (expected {len(second_forms)})")
        if len(told) != len(second_forms):
            self.problems.append(
                f"{len(second_forms) - len(told)} owners of a second form not told"
            )

    def timing_round(self, path: str, *, first: int, cv_bytes: int) -> list[Applicant]:
        """Round 3: new applications, then second forms with the same addresses, one at a time;
        the pages must be alike and take about the same time. Returns the applicants stored."""
        count = self.args.timing
        new = prepare_applicants(self.port, path, first, count, "bench-c", cv_bytes)
        again = [
            open_form(self.port, path, first + count + n, a.email, cv_bytes)
            for n, a in enumerate(new)
        ]
        results = {"new application": [], "second form, same address": []}
        for title, group in zip(results, (new, again), strict=True):
            for applicant in group:
                barrier = threading.Barrier(1)
                results[title].append(
                    post_application(applicant, applicant.browser, path, barrier)
                )
        log(f"\nRound 3: {count} new applications, then {count} second forms, one at a time")
        medians = {}
        for title, outcomes in results.items():
            seconds = [o.seconds for o in outcomes if not o.error]
            medians[title] = percentile(seconds, 0.5) if seconds else float("nan")
            log(f"  {title:<27}p50 {medians[title]:.3f} s  max {max(seconds, default=0):.3f} s")
            if not all(o.done and o.names_address for o in outcomes):
                self.problems.append(f"Round 3: a {title} did not end on done/ naming its address")
        ratio = medians["second form, same address"] / medians["new application"]
        limit = TIMING_RATIO_LIMIT
        log(f"  ratio of the medians       {ratio:.2f} (between 1/{limit} and {limit})")
        if not 1 / limit <= ratio <= limit:
            self.problems.append(f"Round 3: a second form's time tells it apart ({ratio:.2f})")
        self.second_forms = [a.email for a in again]
        return new

    def clean_up(self, *, finished: bool) -> None:
        """Stop gunicorn, read its log, drop the database; keep the folder if anything failed."""
        if self.server is not None:
            self.server.stop()
            tracebacks = self.server.tracebacks(show=5)
            log(f"\ngunicorn's log: {tracebacks} traceback(s)")
            if tracebacks:
                self.problems.append(f"gunicorn's log holds {tracebacks} traceback(s)")
        if self.worker is not None:
            self.worker.stop()
            if tracebacks := self.worker.tracebacks():
                self.problems.append(f"the task worker's log holds {tracebacks} traceback(s)")
        if self.db_created:
            drop_database(self.admin_url, self.db_name)
        if self.problems:
            log("\nFAILED:\n  " + "\n  ".join(self.problems))
        elif finished:
            log("\nOK: every application stored once, with its two files")
        elif self.db_created:
            log("\nThe bench stopped before the end.")
        if self.server is not None and (self.args.keep or self.problems or not finished):
            log(f"Kept {self.folder} (gunicorn.log, access.log, worker.log, private/)")
        else:
            shutil.rmtree(self.folder, ignore_errors=True)


def main() -> int:
    args = parse_args()
    exit_on_sigterm()
    require_gunicorn()
    bench = Bench(args)
    finished = False
    try:
        bench.run()
        finished = True
    finally:
        bench.clean_up(finished=finished)
    return 1 if bench.problems else 0


if __name__ == "__main__":
    run_main(main, "bench-apply")
