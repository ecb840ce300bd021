"""What the suite needs before it starts, so that a plain `pytest tests/x.py` runs as
`make pytest` does (docs/testing.md).

Loaded as a plugin (`-p tests.environment` in pyproject.toml's addopts), because
pytest-django reads the settings before any conftest.py is imported: the environment
variables below must be set by then. Those already set (by the Makefile, CI or the shell) win.

Once the settings are read, the static files are collected (the suite runs with debug off,
against the hashed files production serves) when their manifest is missing or older than the
sources; otherwise collecting costs nothing. Under pytest-xdist only the controller does it,
before the workers start.
"""

import hashlib
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# A throwaway key (never for real data), the one the Makefile gives `check --deploy` too.
TEST_ENCRYPTION_KEY = "dGVzdC1zdWl0ZS1vbmx5LW5vdC1mb3ItcmVhbC1kYXQ="
TEST_ENVIRONMENT = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "test-only-secret-key",
    "DJANGO_VAR_DIR": str(ROOT / "var" / "test"),
    "DJANGO_ENCRYPTION_KEYS": TEST_ENCRYPTION_KEY,
}
for name, value in TEST_ENVIRONMENT.items():
    os.environ.setdefault(name, value)


def static_sources_digest() -> str:
    """A digest of every file collectstatic would copy: its name, size and modification time."""
    from django.contrib.staticfiles import finders

    digest = hashlib.sha256()
    entries = []
    for finder in finders.get_finders():
        for path, storage in finder.list(["CVS", ".*", "*~"]):
            stat = os.stat(storage.path(path))
            entries.append(f"{path}\0{storage.path(path)}\0{stat.st_size}\0{stat.st_mtime_ns}")
    for entry in sorted(entries):
        digest.update(entry.encode() + b"\n")
    return digest.hexdigest()


def collect_static_files() -> None:
    """Runs collectstatic unless the manifest exists and was made from the same sources."""
    from django.conf import settings
    from django.core.management import call_command

    static_root = Path(settings.STATIC_ROOT)
    stamp = static_root.parent / "static-sources.sha256"  # beside STATIC_ROOT, never served
    digest = static_sources_digest()
    manifest = static_root / "staticfiles.json"
    if manifest.is_file() and stamp.is_file() and stamp.read_text() == digest:
        return
    call_command("collectstatic", interactive=False, verbosity=0)
    stamp.write_text(digest)


def pytest_configure(config: pytest.Config) -> None:
    if config.option.help or config.option.version or hasattr(config, "workerinput"):
        return
    collect_static_files()
