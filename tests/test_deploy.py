"""The deployment files of deploy/ (docs/deploy.md) are checked by the tools that will read
them: systemd's own verifier for the units and `nginx -t` for the proxy, and against the code:
the commands they run exist, the variables of the example environment are read by the
settings. Without systemd-analyze or nginx those two tests skip and say why, unless
REQUIRE_DEPLOY_TOOLS is set (as .ci/run does, which installs nginx)."""

import os
import re
import shlex
import shutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
UNITS = sorted((DEPLOY / "systemd").glob("*.service"))
OFF = {"", "0", "false", "no", "off"}


def tool(name: str) -> str:
    path = shutil.which(name) or next(
        (f"{folder}/{name}" for folder in ("/usr/sbin", "/sbin") if Path(folder, name).exists()),
        None,
    )
    if path is None:
        reason = f"{name} is not installed (apt-get install {name}), so deploy/ is not checked."
        if os.environ.get("REQUIRE_DEPLOY_TOOLS", "").strip().lower() not in OFF:
            pytest.fail(f"{reason} REQUIRE_DEPLOY_TOOLS is set, so this test may not be skipped.")
        pytest.skip(reason)
    return path


def unit_here(text: str) -> str:
    """A unit as it would be installed, pointed at this checkout and this user."""
    return (
        text.replace("/srv/ishr/.venv", str(Path(sys.executable).parent.parent))
        .replace("/srv/ishr", str(ROOT))
        .replace("/etc/ishr/ishr.env", str(DEPLOY / "ishr.env.example"))
        .replace("User=ishr", "User=root")
        .replace("Group=ishr", "Group=root")
    )


def exec_lines(text: str) -> list[list[str]]:
    return [
        shlex.split(line.split("=", 1)[1])
        for line in text.splitlines()
        if line.startswith(("ExecStart=", "ExecStartPre="))
    ]


def test_the_three_units_are_shipped():
    assert [unit.name for unit in UNITS] == [
        "ishr-tasks.service",
        "ishr-upgrade.service",
        "ishr-web.service",
    ]


def test_systemd_finds_nothing_wrong_in_the_units(tmp_path):
    verify = tool("systemd-analyze")
    for unit in UNITS:
        (tmp_path / unit.name).write_text(unit_here(unit.read_text()))
    result = subprocess.run(
        [verify, "verify", "--man=no", *sorted(str(path) for path in tmp_path.iterdir())],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    # Warnings too (an unknown key, a typo in a section name) come on standard error.
    assert result.stderr.strip() == ""


def test_the_units_run_commands_that_exist():
    commands = get_commands()
    ran = []
    for unit in UNITS:
        for argv in exec_lines(unit.read_text()):
            program = Path(argv[0]).name
            if program == "python":
                assert argv[1] == "manage.py"
                assert argv[2] in commands, f"{unit.name} runs manage.py {argv[2]}"
                ran.append(argv[2])
            else:
                assert program == "gunicorn"
                assert argv[1:] == ["--config", "deploy/gunicorn.conf.py"]
                ran.append(program)
    assert sorted(ran) == ["check", "collectstatic", "gunicorn", "migrate", "run_tasks"]


def test_every_variable_of_the_example_environment_is_read_by_the_site():
    read = (ROOT / "ishr_site" / "settings.py").read_text() + (
        DEPLOY / "gunicorn.conf.py"
    ).read_text()
    names = [
        line.split("=", 1)[0]
        for line in (DEPLOY / "ishr.env.example").read_text().splitlines()
        if line and not line.startswith("#")
    ]
    assert "AWS_PRIVATE_STORAGE_BUCKET_NAME" in names
    for name in names:
        assert re.search(rf"[\"']{name}[\"']", read), f"{name} is read by nothing"


def throwaway_certificate(folder: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "impact.ishr.example")])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    cert, key_path = folder / "cert.pem", folder / "key.pem"
    cert.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert, key_path


def test_nginx_accepts_the_proxy_configuration(tmp_path):
    nginx = tool("nginx")
    cert, key = throwaway_certificate(tmp_path)
    site = (
        (DEPLOY / "nginx" / "ishr.conf")
        .read_text()
        .replace("/etc/letsencrypt/live/impact.ishr.example/fullchain.pem", str(cert))
        .replace("/etc/letsencrypt/live/impact.ishr.example/privkey.pem", str(key))
        .replace("/var/log/nginx/", f"{tmp_path}/")
    )
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n  include {tmp_path}/site.conf;\n}}\n"
    )
    result = subprocess.run(
        [nginx, "-t", "-q", "-c", str(tmp_path / "nginx.conf"), "-p", f"{tmp_path}/"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr


def test_the_proxy_never_names_the_private_bucket_and_limits_uploads_as_the_site_does(settings):
    text = (DEPLOY / "nginx" / "ishr.conf").read_text()
    example = (DEPLOY / "ishr.env.example").read_text()
    private = re.search(r"^AWS_PRIVATE_STORAGE_BUCKET_NAME=(.+)$", example, re.M).group(1)
    public = re.search(r"^AWS_STORAGE_BUCKET_NAME=(.+)$", example, re.M).group(1)
    assert private not in text
    assert f"/{public}/;" in text
    limit = int(re.search(r"client_max_body_size (\d+)m;", text).group(1))
    assert limit * 1024 * 1024 == settings.REQUEST_MAX_BYTES
    assert "proxy_set_header X-Real-IP $remote_addr;" in text
    assert "DJANGO_CLIENT_IP_HEADER=X-Real-IP" in example
    # The access log: no address, no query string, no referrer, no user agent.
    log_format = re.search(r"log_format ishr_private (.+?);", text, re.S).group(1)
    for variable in ("$remote_addr", "$request_uri", "$args", "$http_referer", "$http_user_agent"):
        assert variable not in log_format
