"""Two app hosts, one site: the deployment of docs/deploy.md, on one machine.

`make bench-hosts` runs it, and so does tests/test_two_hosts.py in `make test`. It exits 0
when every check holds, 1 when one failed, 2 when it could not run.

1. A fresh PostgreSQL database (`ishr_bench_hosts_<pid>`), Redis (which must answer), and a
   SeaweedFS server on 127.0.0.1 with the two buckets (tools/seaweedfs.py). The database is
   migrated and given the demo once; a superuser is made for the staff steps.
2. Host A and host B: each is gunicorn started with the command line of
   deploy/systemd/ishr-web.service and deploy/gunicorn.conf.py, on its own port, with its own
   local folder (`DJANGO_VAR_DIR`, its own collected static files), and the same database,
   Redis and buckets. Requests go to them as the proxy sends them: `Host: impact.test`,
   `X-Forwarded-Proto: https` and the client's address in `X-Real-IP`.
3. The checks:
   - an applicant sends an application with a CV to A; a manager signed in on B downloads
     that CV, byte for byte the same;
   - an editor on A gives a highlight a new image and a new title; the highlight's page on B,
     read (and so cached) before the edit, shows both at the next request, and every
     picture it names is in the public bucket, where the proxy reads it;
   - the application form's rate limit counted on A holds on B for the same address, and
     not for another.

Only the standard library for HTTP; psycopg and boto3 (dependencies of the site) and Pillow
for the picture. Settings:

    BENCH_DATABASE_URL  PostgreSQL server (default postgres://postgres@127.0.0.1:5432/)
    BENCH_REDIS_URL     Redis (default redis://127.0.0.1:6379/0)
    --json PATH         also write the checks as JSON (the test reads them)
    --static-from PATH  static files already collected from this checkout (the test suite's)
"""

import argparse
import html.parser
import io
import json
import os
import re
import secrets
import shlex
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path

import common
from apply_concurrency import Browser, Response, application_fields, pg_query
from common import (
    ROOT,
    BenchError,
    Server,
    create_database,
    database_urls,
    drop_database,
    exit_on_sigterm,
    free_port,
    log,
    manage,
    redis_answers,
    require_gunicorn,
)

sys.path.insert(0, str(ROOT))
from tools.seaweedfs import PRIVATE_BUCKET, PUBLIC_BUCKET, WEED, SeaweedFS, bucket_settings

SITE_HOST = "impact.test"
ORIGIN = f"https://{SITE_HOST}"
PROGRAMME = "hrdap"
# Few forms per hour, so that the limit is reached in a few requests.
APPLY_RATE = "4/h"
STAFF = ("hosts-admin", "a-long-test-password-" + secrets.token_hex(8))
WEB_UNIT = ROOT / "deploy" / "systemd" / "ishr-web.service"


# --- HTTP, as the proxy passes it on --------------------------------------------------------


def browser_on(port: int, address: str) -> Browser:
    """One person's browser talking to one host, from one address, with its own cookies."""
    return Browser(port, host=SITE_HOST, address=address)


class Forms(html.parser.HTMLParser):
    """The fields each <form> of a page would send as it stands, as a browser sends them:
    inputs (checkboxes and radios when checked), the selected options, textareas."""

    def __init__(self):
        super().__init__()
        self.forms: list[list[tuple[str, str]]] = []
        self._form: list[tuple[str, str]] | None = None
        self._select: tuple[str, bool, list[str], list[str]] | None = None
        self._textarea: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = []
            self.forms.append(self._form)
        elif self._form is None or a.get("disabled") is not None:
            return
        elif tag == "input" and a.get("name"):
            kind = (a.get("type") or "text").lower()
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in a:
                return
            default = "on" if kind in {"checkbox", "radio"} else ""
            self._form.append((a["name"], a.get("value") or default))
        elif tag == "select" and a.get("name"):
            self._select = (a["name"], "multiple" in a, [], [])
        elif tag == "option" and self._select is not None:
            value = a.get("value") or ""
            self._select[2].append(value)
            if "selected" in a:
                self._select[3].append(value)
        elif tag == "textarea" and a.get("name"):
            self._textarea = (a["name"], [])

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select is not None and self._form is not None:
            name, multiple, options, chosen = self._select
            if not chosen and not multiple and options:
                chosen = options[:1]
            self._form.extend((name, value) for value in chosen)
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            name, text = self._textarea
            self._form.append((name, "".join(text).removeprefix("\n")))
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1].append(data)


def form_with(page: Response, field_name: str) -> list[tuple[str, str]]:
    """The fields of the page's form that has a field `field_name`."""
    parser = Forms()
    parser.feed(page.text)
    for fields in parser.forms:
        if any(name == field_name for name, _ in fields):
            return fields
    raise BenchError(f"No form with a field {field_name!r} (answer {page.status})")


def replaced(fields, **values: str) -> list[tuple[str, str]]:
    kept = [(name, value) for name, value in fields if name not in values]
    return kept + list(values.items())


def a_picture() -> bytes:
    """A 1,200 by 800 JPEG with something in it worth compressing."""
    from PIL import Image, ImageDraw

    picture = Image.new("RGB", (1200, 800), (20, 60, 110))
    draw = ImageDraw.Draw(picture)
    for step in range(0, 1200, 40):
        draw.rectangle([step, (step * 2) % 800, step + 30, 800], fill=(step % 255, 140, 90))
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=88)
    return out.getvalue()


# --- The two hosts --------------------------------------------------------------------------


def web_unit_command(port: int, log_file: Path) -> list[str]:
    """The command line of deploy/systemd/ishr-web.service, for this checkout, plus a log
    file of this host's own (the unit logs to the journal)."""
    line = next(
        line.split("=", 1)[1]
        for line in WEB_UNIT.read_text().splitlines()
        if line.startswith("ExecStart=")
    )
    argv = shlex.split(line.replace("/srv/ishr/.venv", str(ROOT / ".venv")))
    return [*argv, "--error-logfile", str(log_file)]


@dataclass
class Check:
    name: str
    ok: bool
    detail: str


class Bench:
    def __init__(self, args):
        self.args = args
        server_url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/")
        self.db_url, self.admin_url, self.db_name = database_urls(
            server_url, f"ishr_bench_hosts_{os.getpid()}"
        )
        self.redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
        self.folder = Path(tempfile.mkdtemp(prefix="ishr-bench-hosts-"))
        self.store: SeaweedFS | None = None
        self.hosts: dict[str, Server] = {}
        self.db_created = False
        self.checks: list[Check] = []

    def environment(self, name: str, port: int) -> dict:
        env = common.site_environment(
            self.folder / name,
            ORIGIN,
            self.db_url,
            self.redis_url,
            cache_key_prefix="bench-hosts",
            DJANGO_ALLOWED_HOSTS=f"{SITE_HOST},127.0.0.1",
            DJANGO_CSRF_TRUSTED_ORIGINS=ORIGIN,
            DJANGO_CLIENT_IP_HEADER="X-Real-IP",
            # Signing in with a second step has its own tests; here staff use a password.
            DJANGO_STAFF_TWO_FACTOR="0",
            APPLY_RATE=APPLY_RATE,
            GUNICORN_BIND=f"127.0.0.1:{port}",
            # One worker each: what crosses is between hosts (several workers per host share
            # the same Redis and database as two hosts do, see `make bench`).
            GUNICORN_WORKERS="1",
            **bucket_settings(self.store),
        )
        # One site: the same keys on both hosts (their own folders apart).
        env.update(self.shared)
        return env

    def check(self, name: str, ok: bool, detail: str) -> None:
        self.checks.append(Check(name, ok, detail))
        log(f"  {'ok  ' if ok else 'FAIL'} {name}: {detail}")

    def run(self) -> None:
        started = time.monotonic()
        if not redis_answers(self.redis_url):
            raise BenchError(f"Redis must answer at {self.redis_url}: the hosts share it")
        if not WEED.is_file():
            raise BenchError(f"{WEED} is missing: `make .venv/bin/.installed` installs it")
        (self.folder / "objects").mkdir(parents=True)
        self.store = SeaweedFS(self.folder / "objects")
        self.store.start()
        try:
            self.store.wait_until_ready()
        except RuntimeError as error:
            raise BenchError(str(error)) from error
        log(f"SeaweedFS at {self.store.endpoint}; database {self.db_name}; files {self.folder}")
        self.shared = {
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ENCRYPTION_KEYS": common.site_environment(
                self.folder, ORIGIN, None, None, cache_key_prefix="x"
            )["DJANGO_ENCRYPTION_KEYS"],
            "CACHE_KEY_PREFIX": f"bench-hosts-{os.getpid()}",
        }
        ports = {"A": free_port(), "B": free_port()}
        envs = {name: self.environment(name, port) for name, port in ports.items()}
        create_database(self.admin_url, self.db_name)
        self.db_created = True
        step = time.monotonic()
        manage(envs["A"], "migrate", "--noinput")
        log(f"  migrate: {time.monotonic() - step:.1f} s")
        step = time.monotonic()
        manage(envs["A"], "load_demo")
        log(f"  load_demo: {time.monotonic() - step:.1f} s")
        manage(
            {**envs["A"], "DJANGO_SUPERUSER_PASSWORD": STAFF[1]},
            "createsuperuser",
            "--noinput",
            "--username",
            STAFF[0],
            "--email",
            "hosts-admin@example.org",
        )
        step = time.monotonic()
        # Each host serves static files from its own folder, as on separate machines; the
        # files are the same, so B gets a copy of what A collected (or both get a copy of
        # what the caller collected from this checkout: the test suite's).
        if self.args.static_from:
            shutil.copytree(self.args.static_from, self.folder / "A" / "var" / "static")
        else:
            manage(envs["A"], "collectstatic", "--noinput", "--verbosity", "0")
        shutil.copytree(self.folder / "A" / "var" / "static", self.folder / "B" / "var" / "static")
        log(f"  static files: {time.monotonic() - step:.1f} s")
        for name, port in ports.items():
            folder = self.folder / name
            command = web_unit_command(port, folder / "gunicorn.log")
            self.hosts[name] = Server(envs[name], port, folder, workers=1, command=command)
        for server in self.hosts.values():
            server.wait_until_ready()
        seconds = time.monotonic() - started
        log(f"Hosts A (:{ports['A']}) and B (:{ports['B']}) up after {seconds:.1f} s")
        self.setup_seconds = time.monotonic() - started
        self.cv_from_a_downloads_on_b(envs["A"], ports)
        self.edit_on_a_shows_on_b(envs["A"], ports)
        self.rate_limit_is_shared(envs["A"], ports)

    # --- The checks -------------------------------------------------------------------------

    def apply_path(self, env) -> str:
        year = manage(
            env,
            "shell",
            "--no-imports",
            "-c",
            "from programmes.models import Edition; "
            f"print(Edition.objects.open_calls().get(programme__slug={PROGRAMME!r}).year)",
        ).split()[-1]
        return f"/programmes/{PROGRAMME}/{year}/apply/"

    def staff_on(self, port: int) -> Browser:
        staff = browser_on(port, "198.51.100.20")
        page = staff.get("/admin/login/?next=/admin/")
        fields = replaced(
            form_with(page, "username"), username=STAFF[0], password=STAFF[1], next="/admin/"
        )
        answer = staff.send_form("/admin/login/?next=/admin/", fields)
        if answer.status != 302 or "sessionid" not in staff.cookies:
            raise BenchError(f"Signing in on :{port} answered {answer.status}")
        return staff

    def cv_from_a_downloads_on_b(self, env, ports) -> None:
        path = self.apply_path(env)
        applicant = browser_on(ports["A"], "203.0.113.10")
        page = applicant.get(path)
        fields = form_with(page, "submission_token")
        values = dict(fields)
        themes = [value for name, value in fields if name == "themes"]
        email = f"two-hosts-{secrets.token_hex(4)}@example.org"
        answer_fields, files = application_fields(values, themes, 1, email, 150_000)
        cv = files[0][3]
        answer = applicant.send_form(path, answer_fields, files)
        if answer.status != 302 or not answer.location.endswith("/apply/done/"):
            raise BenchError(f"The application to A answered {answer.status}: {answer.text[:300]}")
        (pk,) = pg_query(
            self.db_url, "SELECT id FROM programmes_application WHERE email = %s", (email,)
        )[0]
        manager = self.staff_on(ports["B"])
        download = manager.get(f"/admin/programmes/application/{pk}/file/cv/")
        self.check(
            "A CV sent to host A downloads on host B, byte for byte",
            download.status == 200 and download.body == cv,
            f"{len(cv):,} bytes sent to A; B answered {download.status} with "
            f"{len(download.body):,} bytes, {'identical' if download.body == cv else 'DIFFERENT'}",
        )
        stored = self.store.client().list_objects_v2(Bucket=PRIVATE_BUCKET)
        names = [item["Key"] for item in stored.get("Contents", [])]
        raw = [
            self.store.client().get_object(Bucket=PRIVATE_BUCKET, Key=n)["Body"].read()
            for n in names
        ]
        self.check(
            "The private bucket holds the documents as ciphertext only",
            bool(raw) and all(data.startswith(b"gAAAAA") and cv not in data for data in raw),
            f"{len(raw)} objects, each a Fernet token",
        )

    def edit_on_a_shows_on_b(self, env, ports) -> None:
        found = manage(
            env,
            "shell",
            "--no-imports",
            "-c",
            "import json; from impact.models import Highlight; "
            "h = Highlight.objects.published().order_by('pk').first(); "
            "print(json.dumps([h.pk, h.get_absolute_url(), h.title]))",
        ).splitlines()[-1]
        pk, url, old_title = json.loads(found)
        reader = browser_on(ports["B"], "203.0.113.30")
        before = reader.get(url)
        if before.status != 200 or old_title not in before.text:
            raise BenchError(f"{url} on B answered {before.status} without its title")
        again = reader.get(url)  # now from the shared page cache
        editor = self.staff_on(ports["A"])
        change = f"/admin/impact/highlight/{pk}/change/"
        form = form_with(editor.get(change), "title_en")
        new_title = f"Seen from the other host {secrets.token_hex(3)}"
        fields = replaced(
            form,
            title_en=new_title,
            image_alt_en="Coloured bars on a blue ground",
            image_credit_en="Bench",
            _save="Save",
        )
        picture = a_picture()
        saved = editor.send_form(change, fields, [("image", "bars.jpg", "image/jpeg", picture)])
        if saved.status != 302:
            errors = re.findall(r'class="errorlist[^"]*"[^>]*>(.*?)</ul>', saved.text, re.S)
            raise BenchError(f"Saving the highlight on A answered {saved.status}: {errors[:3]}")
        after = reader.get(url)
        self.check(
            "An edit on host A shows on host B at the next request",
            after.status == 200
            and new_title in after.text
            and old_title not in after.text
            and again.status == 200,
            f"B's page (cached before the edit) now reads {new_title!r}",
        )
        media = sorted(set(re.findall(r"/media/([^\s\"',]+)", after.text)))
        public = self.store.client()
        fetched = []
        for name in media:
            address = f"{self.store.endpoint}/{PUBLIC_BUCKET}/{name}"
            fetched.append((name, http_request_url(address)))
        images = [(n, r) for n, r in fetched if r[0] == 200 and r[1].startswith("image/")]
        self.check(
            "An image uploaded on host A shows on host B",
            bool(media) and len(images) == len(media),
            f"B's page names {len(media)} files under /media/; the proxy's anonymous read of "
            f"the public bucket gives {len(images)} images",
        )
        documents = [
            item["Key"]
            for item in public.list_objects_v2(Bucket=PUBLIC_BUCKET).get("Contents", [])
            if item["Key"].startswith("applications/")
        ]
        self.check(
            "The public bucket holds no applicant's document",
            not documents,
            f"{len(documents)} objects under applications/",
        )

    def rate_limit_is_shared(self, env, ports) -> None:
        path = self.apply_path(env)
        limit = int(APPLY_RATE.split("/")[0])
        # A new form each time: a form let through once may come again (a double click).
        person = browser_on(ports["A"], "203.0.113.40")
        statuses = []
        for _ in range(limit):
            form = form_with(person.get(path), "submission_token")
            statuses.append(person.send_form(path, form).status)
        on_host_b = replace(person, port=ports["B"])  # the same browser, on B
        on_b = on_host_b.send_form(path, form_with(on_host_b.get(path), "submission_token")).status
        other = browser_on(ports["B"], "203.0.113.41")
        someone_else = other.send_form(path, form_with(other.get(path), "submission_token")).status
        self.check(
            "A rate limit counted on host A holds on host B",
            429 not in statuses and on_b == 429 and someone_else != 429,
            f"{limit} forms to A answered {statuses}; the next, to B, {on_b}; "
            f"another address on B {someone_else}",
        )

    def cleanup(self) -> None:
        for server in self.hosts.values():
            server.stop()
            if server.tracebacks(show=3):
                self.check("No host logged a traceback", False, f"see {server.log_path}")
        if self.store:
            self.store.stop()
        if self.db_created:
            drop_database(self.admin_url, self.db_name)
        if all(check.ok for check in self.checks):
            shutil.rmtree(self.folder, ignore_errors=True)
        else:
            log(f"Kept {self.folder} for a look")


def http_request_url(url: str) -> tuple[int, str]:
    """(status, content type) of an anonymous GET, as the proxy makes it."""
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=30) as answer:
            answer.read()
            return answer.status, answer.headers.get("Content-Type", "")
    except urllib.error.HTTPError as error:
        return error.code, ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", type=Path, help="write the checks to this file as JSON")
    parser.add_argument(
        "--static-from",
        type=Path,
        help="a folder of static files collected from this checkout, copied instead of "
        "collecting them again",
    )
    args = parser.parse_args()
    exit_on_sigterm()
    require_gunicorn()
    bench = Bench(args)
    try:
        bench.run()
    finally:
        bench.cleanup()
        if args.json:
            args.json.write_text(
                json.dumps(
                    {
                        "checks": [check.__dict__ for check in bench.checks],
                        "setup_seconds": round(getattr(bench, "setup_seconds", 0), 1),
                    },
                    indent=2,
                )
            )
    failed = [check for check in bench.checks if not check.ok]
    log(f"{len(bench.checks) - len(failed)} of {len(bench.checks)} checks hold")
    return 1 if failed or not bench.checks else 0


if __name__ == "__main__":
    common.run_main(main, "bench-hosts")
