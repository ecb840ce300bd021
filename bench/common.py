"""What the benchmark scripts share: their errors and output, a throwaway PostgreSQL database,
Redis, manage.py, the site's production environment and gunicorn.

The scripts are run as `python bench/<script>.py`, which puts this folder on sys.path: they
import it as `common`. Only the standard library here; psycopg (a dependency of the site) is
imported when PostgreSQL is used.
"""

import base64
import http.client
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import NoReturn
from urllib.parse import unquote, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
PYTHON = VENV_BIN / "python"


class BenchError(Exception):
    """The bench could not run (as opposed to a check that failed)."""


def log(message: str = "") -> None:
    print(message, flush=True)


def run_main(main, name: str) -> NoReturn:
    """Exit with main()'s status, or with 2 after saying why bench `name` could not run."""
    try:
        sys.exit(main())
    except BenchError as error:
        log(f"{name} could not run: {error}")
        sys.exit(2)


def exit_on_sigterm() -> None:
    # `kill` (and make's own interruption) should still stop gunicorn and drop the database.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))


def require_gunicorn() -> None:
    if not (VENV_BIN / "gunicorn").exists():
        raise BenchError("Run `make` first: .venv/bin/gunicorn is missing")


# --- PostgreSQL -----------------------------------------------------------------------------


def database_urls(
    server_url: str, default_name: str, *, other_name_connects: bool = False
) -> tuple[str, str, str]:
    """(the site's DATABASE_URL, the URL to create and drop it from, the database name).

    The database is `default_name`, or the one the URL's path names; it is dropped and created
    again, so its name must contain "bench". With `other_name_connects`, a name without
    "bench" is not refused: the database stays `default_name` and that one is where it is
    created and dropped from (else the maintenance database `postgres`).
    """
    parts = urlsplit(server_url)
    if parts.scheme not in {"postgres", "postgresql"}:
        raise BenchError(f"BENCH_DATABASE_URL must be a postgres:// URL, not {server_url!r}")
    given = parts.path.strip("/")
    if other_name_connects:
        name = given if "bench" in given else default_name
        maintenance = given if given and given != name else "postgres"
    else:
        name, maintenance = given or default_name, "postgres"
    if "bench" not in name or not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
        raise BenchError(
            f"Refusing to drop and recreate database {name!r}: its name must be a plain "
            "identifier containing 'bench'."
        )
    site = urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))
    admin = urlunsplit((parts.scheme, parts.netloc, f"/{maintenance}", parts.query, ""))
    return site, admin, name


def pg_admin(admin_url: str, *statements: str) -> None:
    import psycopg

    try:
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as conn:
            for statement in statements:
                conn.execute(statement)
    except psycopg.OperationalError as error:
        raise BenchError(
            f"PostgreSQL is needed at {admin_url} ({error}). Start it with "
            "`pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start` "
            "or set BENCH_DATABASE_URL."
        ) from error


def create_database(admin_url: str, name: str) -> None:
    """Drop the database `name` (whoever is connected to it) and create it empty."""
    pg_admin(
        admin_url,
        f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
        f'CREATE DATABASE "{name}"',
    )


def drop_database(admin_url: str, name: str) -> None:
    """Drop the database `name` when cleaning up: say so, or why it could not be."""
    try:
        pg_admin(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        log(f"Database {name} dropped")
    except BenchError as error:
        log(f"Could not drop {name}: {error}")


# --- Redis ----------------------------------------------------------------------------------


def redis_command(url: str, *commands: str) -> list[bytes] | None:
    """Send inline commands to the Redis of `url` (in its database); None if it is out of
    reach or refuses one of them."""
    parts = urlsplit(url)
    lines = []
    if parts.password:
        lines.append(f"AUTH {unquote(parts.password)}")
    lines.append(f"SELECT {int(parts.path.strip('/') or 0)}")
    lines += commands
    try:
        with socket.create_connection(
            (parts.hostname or "127.0.0.1", parts.port or 6379), timeout=2
        ) as sock:
            sock.sendall("".join(line + "\r\n" for line in lines).encode())
            data = b""
            while data.count(b"\r\n") < len(lines):
                chunk = sock.recv(4096)
                if not chunk:
                    break
                data += chunk
    except (OSError, ValueError):
        return None
    replies = data.split(b"\r\n")[: len(lines)]
    if len(replies) < len(lines) or any(reply.startswith(b"-") for reply in replies):
        return None
    return replies[len(lines) - len(commands) :]


def redis_answers(url: str) -> bool:
    """Whether the Redis of `url` answers PING (with its password, in its database)."""
    return redis_command(url, "PING") == [b"+PONG"]


# --- The site -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env, *args) -> str:
    result = subprocess.run(
        [str(PYTHON), "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise BenchError(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


# The site's own variables: the bench sets these, none is inherited from the caller's shell.
SITE_VARIABLES = ("DJANGO_", "DATABASE_", "REDIS_", "EMAIL_", "CACHE_", "APPLY_", "DRAFT_")


def site_environment(
    folder: Path,
    origin: str,
    db_url: str | None,
    redis_url: str | None,
    *,
    cache_key_prefix: str,
    **settings: str,
) -> dict:
    """Production settings: debug off, throwaway keys, files under `folder`, SQLite unless
    `db_url`, local memory unless `redis_url`; `settings` adds to them or replaces them."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(SITE_VARIABLES)}
    env.update(
        DJANGO_SETTINGS_MODULE="ishr_site.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ENCRYPTION_KEYS=base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        SITE_URL=origin,
        DJANGO_VAR_DIR=str(folder / "var"),
        DJANGO_PRIVATE_MEDIA_ROOT=str(folder / "private"),
        EMAIL_URL="console:",  # no mail leaves the machine: never mail made-up applicants
        CACHE_KEY_PREFIX=f"{cache_key_prefix}-{os.getpid()}",
        PYTHONUNBUFFERED="1",
    )
    if db_url:
        env["DATABASE_URL"] = db_url
    if redis_url:
        env["REDIS_URL"] = redis_url
    env.update(settings)
    return env


def http_request(
    port: int, method: str, path: str, *, body=None, headers=None, timeout: float
) -> tuple[http.client.HTTPResponse, bytes]:
    """One request to 127.0.0.1:`port` over a new connection: (the response, its body as
    sent; http.client leaves Content-Encoding alone, so these are the wire bytes)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response, response.read()
    finally:
        conn.close()


def keep_cookies(cookies: dict[str, str], response: http.client.HTTPResponse) -> None:
    """Update `cookies` with the response's Set-Cookie headers, as a browser does: a cookie
    set to nothing, or to expire now, is dropped."""
    from http.cookies import SimpleCookie

    for header in response.headers.get_all("Set-Cookie") or []:
        jar = SimpleCookie()
        jar.load(header)
        for name, morsel in jar.items():
            if morsel["max-age"] == "0" or not morsel.value:
                cookies.pop(name, None)
            else:
                cookies[name] = morsel.value


class Server:
    """gunicorn serving the site with `env` on 127.0.0.1:`port`, its log under `folder`.

    Sync workers; with `threads` above 1 gunicorn gives each worker that many threads (its
    gthread worker). `access_log` also writes access.log beside gunicorn.log. `command`
    replaces the whole command line (then `port` must be the one it binds).
    """

    def __init__(
        self,
        env,
        port: int,
        folder: Path,
        *,
        workers: int,
        threads: int = 1,
        timeout: int = 60,
        access_log: bool = False,
        user_agent: str = "ishr-bench",
        command: list[str] | None = None,
    ):
        self.port = port
        self.user_agent = user_agent
        self.log_path = folder / "gunicorn.log"
        self.access_path = folder / "access.log"
        command = command or [
            str(VENV_BIN / "gunicorn"),
            "ishr_site.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--worker-class",
            "sync",
            "--threads",
            str(threads),
            "--timeout",
            str(timeout),
            "--error-logfile",
            str(self.log_path),
            *(["--access-logfile", str(self.access_path)] if access_log else []),
            "--capture-output",
        ]
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )

    def wait_until_ready(self, seconds: float = 30) -> None:
        # /health/ answers plain HTTP (the load balancer's check), whatever the HTTPS redirect.
        headers = {"Host": f"127.0.0.1:{self.port}", "User-Agent": self.user_agent}
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(
                    f"gunicorn exited with {self.process.returncode}:\n{self.log_tail()}"
                )
            try:
                response, _ = http_request(
                    self.port, "GET", "/health/", headers=headers, timeout=30
                )
                if response.status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise BenchError(f"gunicorn did not answer /health/ in time:\n{self.log_tail()}")

    def log_lines(self) -> list[str]:
        if not self.log_path.exists():
            return []
        return self.log_path.read_text(errors="replace").splitlines()

    def log_tail(self, lines: int = 30) -> str:
        return "\n".join(self.log_lines()[-lines:])

    def tracebacks(self, show: int = 0) -> int:
        """How many tracebacks gunicorn's log holds; print the first `show` of them, each
        with the line before it (what failed)."""
        lines = self.log_lines()
        starts = [i for i, line in enumerate(lines) if line.startswith("Traceback (most recent")]
        for start in starts[:show]:
            begin = start - 1 if start and not lines[start - 1].startswith("Traceback") else start
            end = start + 1
            while end < len(lines) and (lines[end].startswith((" ", "\t")) or not lines[end]):
                end += 1
            log("\n".join(lines[begin : end + 1]))
            log("-" * 60)
        return len(starts)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class TaskWorker:
    """`manage.py run_tasks` with `env`, as deploy/systemd/ishr-tasks.service runs it beside
    the app hosts: it sends the mail (the console backend writes each message to its output,
    kept in `folder`/worker.log) and runs the periodic jobs."""

    def __init__(self, env, folder: Path):
        self.log_path = folder / "worker.log"
        with open(self.log_path, "wb") as output:
            self.process = subprocess.Popen(
                [str(PYTHON), "manage.py", "run_tasks", "--no-reload", "--interval", "0.2"],
                cwd=ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def log_lines(self) -> list[str]:
        return self.log_path.read_text(errors="replace").splitlines()

    def tracebacks(self) -> int:
        return sum(line.startswith("Traceback (most recent") for line in self.log_lines())

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()  # the task under way finishes first
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
