"""The pinned dependencies against an offline snapshot of the PyPA advisory database.

`make audit` runs this, and CI with it. pip-audit asks a vulnerability service that this
machine cannot reach, so the lock files are matched here against a copy of the Python
Packaging Authority's advisory database in OSV format (one YAML file per advisory under
`vulns/<package>/`), kept beside the repository in `../shared/advisory-db` (or where
ADVISORY_DB or --db says).

Every `name==version` pin of the lock files is judged by the advisories of its package, as the
OSV schema evaluates them: ECOSYSTEM ranges (and SEMVER ones) read as PEP 440 versions, the
enumerated `versions` lists; withdrawn advisories and other ecosystems do not count. Each
match is printed with its id, aliases, summary and fixed versions, and fails the run.

A pass is only as recent as the snapshot, whose date (from its README) is printed with the
verdict. Advisories published after it are missing, so the run also asks the package index
(`pip index versions`) for a newer patch release of each pin and lists those as a warning;
--offline skips that part.

Exit status: 0 when no pin matches an advisory, 1 when one does, 2 when the audit cannot run
(a missing lock file or database, an advisory that cannot be read).
"""

import argparse
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_LOCKS = (ROOT / "requirements.lock", ROOT / "requirements-dev.lock")
DEFAULT_DB = ROOT.parent / "shared" / "advisory-db"

# The C parser, when PyYAML was built with it, reads the advisories several times faster.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# GIT ranges name commits, not releases; the advisories that use them also list the versions.
VERSION_RANGES = {"ECOSYSTEM", "SEMVER"}

PIN = re.compile(r"([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*==\s*([^\s;\\]+)")
SNAPSHOT_DATE = re.compile(r"Snapshot:.*\blast changed (\d{4}-\d{2}-\d{2})")
AVAILABLE_VERSIONS = re.compile(r"^Available versions:(.*)$", re.MULTILINE)

INDEX_WORKERS = 8
# One `pip index versions`, its own retry included; pip's socket timeout is shorter.
INDEX_TIMEOUT = 60


class AuditError(Exception):
    """The audit cannot run (exit status 2), as opposed to finding something."""


class LookupFailed(Exception):
    """The package index gave no list of versions for a package."""


@dataclass(frozen=True)
class Pin:
    name: str  # normalised as PEP 503 says
    version: str
    locks: tuple[str, ...]  # the lock files that hold it

    def __str__(self) -> str:
        return f"{self.name} {self.version} ({', '.join(self.locks)})"


@dataclass(frozen=True)
class Hit:
    pin: Pin
    advisory_id: str
    aliases: tuple[str, ...]
    summary: str
    fixed: tuple[str, ...]

    def names(self) -> set[str]:
        return {self.advisory_id, *self.aliases}


@dataclass
class PatchCheck:
    """What the package index said about newer patch releases of the pins."""

    newer: list[tuple[Pin, Version]] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)  # package: why
    unreachable: str | None = None  # why nothing could be asked at all


# --- The lock files ---------------------------------------------------------------------------


def read_pins(paths: Sequence[Path]) -> tuple[list[Pin], list[str]]:
    """Each `name==version` pin of the lock files, once, with the files that hold it; and the
    requirement lines that are not such pins, which cannot be audited."""
    locks: dict[tuple[str, str], list[str]] = {}
    not_pins = []
    for path in paths:
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as error:
            raise AuditError(f"cannot read the lock file {path}: {error.strerror}") from None
        for line in text.splitlines():
            # Hashes, `# via` comments and options start otherwise; a requirement, with a name.
            if not line[:1].isalnum():
                continue
            match = PIN.match(line)
            if match:
                key = (canonicalize_name(match[1]), match[2])
                locks.setdefault(key, []).append(path.name)
            else:
                requirement = line.rstrip(" \\")
                not_pins.append(f"{path.name}: {requirement}")
    pins = [Pin(name, version, tuple(files)) for (name, version), files in locks.items()]
    return sorted(pins, key=lambda pin: (pin.name, pin.version)), not_pins


# --- The advisory database --------------------------------------------------------------------


def database_from_environment() -> Path:
    return Path(os.environ.get("ADVISORY_DB") or DEFAULT_DB)


def snapshot_date(db: Path) -> str | None:
    """The date the database's README gives its snapshot ("Snapshot: ... last changed
    2026-07-23"), or None."""
    try:
        text = (db / "README.md").read_text(encoding="utf-8")
    except OSError:
        return None
    match = SNAPSHOT_DATE.search(text)
    return match[1] if match else None


def advisory_folders(db: Path) -> dict[str, list[Path]]:
    """The database's folders by normalised package name (a folder may be named `jw.util`)."""
    vulns = db / "vulns"
    if not vulns.is_dir():
        raise AuditError(
            f"no advisory database at {db} (it has no vulns/ folder). Pass --db, or set "
            "ADVISORY_DB, to the folder of the OSV snapshot of the PyPA advisory database."
        )
    folders: dict[str, list[Path]] = {}
    with os.scandir(vulns) as entries:
        for entry in entries:
            if entry.is_dir():
                folders.setdefault(canonicalize_name(entry.name), []).append(Path(entry.path))
    return folders


def read_advisories(folders: Iterable[Path]) -> list[dict]:
    advisories = []
    for folder in folders:
        for path in sorted(folder.glob("*.yaml")):
            try:
                advisory = yaml.load(path.read_bytes(), Loader=YAML_LOADER)
            except (OSError, yaml.YAMLError) as error:
                raise AuditError(f"cannot read the advisory {path}: {error}") from None
            if not isinstance(advisory, dict) or "id" not in advisory:
                raise AuditError(f"{path} is not an OSV advisory (no id)")
            advisories.append(advisory)
    return advisories


# --- OSV semantics ----------------------------------------------------------------------------


def parse_version(text: object) -> Version | None:
    try:
        return Version(str(text).strip())
    except InvalidVersion:
        return None


def in_range(version: Version, events: Sequence[dict]) -> bool:
    """Whether `version` lies in one OSV range: its events sorted by version (`introduced:
    "0"` before any), a version is affected from an `introduced` until the next `fixed`
    (excluded) or `last_affected` (included); `limit` events bound the range. An event whose
    version cannot be read is skipped."""
    timeline = []  # (sort key, kind, version); the sort is stable, so ties keep their order
    limits = []
    for event in events:
        for kind, value in event.items():
            if kind == "introduced" and str(value) == "0":
                timeline.append(((0,), kind, None))
            elif kind == "limit" and "*" in str(value):
                limits.append(None)
            elif (bound := parse_version(value)) is None:
                continue
            elif kind == "limit":
                limits.append(bound)
            elif kind in {"introduced", "fixed", "last_affected"}:
                timeline.append(((1, bound), kind, bound))
    if limits and not any(limit is None or version < limit for limit in limits):
        return False
    affected = False
    for _key, kind, bound in sorted(timeline, key=lambda event: event[0]):
        if kind == "introduced":
            affected = affected or bound is None or version >= bound
        else:  # a fixed version is no longer affected, a last_affected one still is
            past = version >= bound if kind == "fixed" else version > bound
            affected = affected and not past
    return affected


def affects(advisory: dict, name: str, version: Version) -> tuple[bool, list[str]]:
    """Whether the advisory affects the PyPI package `name` at `version`, and the `fixed`
    versions of the ranges that matched."""
    affected, fixed = False, []
    for entry in advisory.get("affected") or ():
        package = entry.get("package") or {}
        if package.get("ecosystem") != "PyPI":
            continue
        if canonicalize_name(str(package.get("name", ""))) != name:
            continue
        listed = any(parse_version(text) == version for text in entry.get("versions") or ())
        ranges = [
            one.get("events") or ()
            for one in entry.get("ranges") or ()
            if one.get("type") in VERSION_RANGES
        ]
        matched = [events for events in ranges if in_range(version, events)]
        if listed or matched:
            affected = True
            fixed += [
                str(event["fixed"]) for events in matched for event in events if "fixed" in event
            ]
    return affected, list(dict.fromkeys(fixed))


def shortened(text: object, limit: int = 160) -> str:
    """The text on one line, cut at `limit` characters: a summary for advisories without one
    (their details often start "An issue was discovered in ...", which says little alone)."""
    line = " ".join(str(text or "").split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def natural(text: str) -> list[int | str]:
    """A sort key that puts PYSEC-2026-48 before PYSEC-2026-2448."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text)]


def audit(pins: Sequence[Pin], db: Path) -> tuple[list[Hit], list[str]]:
    """The advisories that affect the pins, and the pins that could not be judged. Only the
    folders of the pinned packages are read."""
    folders = advisory_folders(db)
    by_package: dict[str, list[dict]] = {}
    hits, not_judged = [], []
    for pin in pins:
        version = parse_version(pin.version)
        if version is None:
            not_judged.append(f"{pin}: not a PEP 440 version")
            continue
        if pin.name not in by_package:
            by_package[pin.name] = read_advisories(folders.get(pin.name, ()))
        for advisory in by_package[pin.name]:
            if "withdrawn" in advisory:
                continue
            affected, fixed = affects(advisory, pin.name, version)
            if affected:
                summary = advisory.get("summary") or shortened(advisory.get("details"))
                hits.append(
                    Hit(
                        pin=pin,
                        advisory_id=str(advisory["id"]),
                        aliases=tuple(map(str, advisory.get("aliases") or ())),
                        summary=summary or "(no summary)",
                        fixed=tuple(fixed),
                    )
                )
    hits.sort(key=lambda hit: (hit.pin.name, hit.pin.version, natural(hit.advisory_id)))
    return hits, not_judged


# --- Newer patch releases on the package index ------------------------------------------------


def ask_index(name: str) -> str:
    """What `pip index versions NAME` prints, from the index pip is configured with."""
    command = [
        *(sys.executable, "-m", "pip", "index", "versions", name),
        *("--retries", "1", "--timeout", "15", "--disable-pip-version-check"),
    ]
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=INDEX_TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired:
        raise LookupFailed(f"no answer within {INDEX_TIMEOUT} s") from None
    if done.returncode != 0 or not AVAILABLE_VERSIONS.search(done.stdout):
        # pip ends with "No matching distribution found" whatever the cause; a connection
        # that failed is said in a "Retrying ... after connection broken" warning before it.
        said = done.stderr.strip().splitlines() or [f"pip exited with status {done.returncode}"]
        why = next((line for line in said if "connection" in line.lower()), said[-1])
        raise LookupFailed(shortened(why))
    return done.stdout


def available_versions(output: str) -> list[Version]:
    """The versions of pip's "Available versions: a, b, ..." line; those it cannot read are
    left out."""
    found = AVAILABLE_VERSIONS.search(output)
    if not found:
        return []
    versions = (parse_version(text) for text in found[1].split(","))
    return [version for version in versions if version is not None]


def newer_patch(pinned: Version, available: Iterable[Version]) -> Version | None:
    """The newest final release above `pinned` in its series (same epoch, major and minor):
    5.2.20 for 5.2.19, not 6.0."""

    def series(version: Version) -> tuple[int, ...]:
        return (version.epoch, *(version.release + (0,))[:2])

    return max(
        (
            version
            for version in available
            if version > pinned and not version.is_prerelease and series(version) == series(pinned)
        ),
        default=None,
    )


def check_patches(pins: Sequence[Pin], ask: Callable[[str], str]) -> PatchCheck:
    """Asks the index about every pinned package, `INDEX_WORKERS` at a time. The first is
    asked alone: when the index cannot be reached, that costs one wait, said once."""
    check = PatchCheck()
    names = sorted({pin.name for pin in pins})
    if not names:
        return check
    answers = {}
    try:
        answers[names[0]] = ask(names[0])
    except LookupFailed as error:
        check.unreachable = f"{names[0]}: {error}"
        return check

    def one(name: str) -> tuple[str, str | None, str | None]:
        try:
            return name, ask(name), None
        except LookupFailed as error:
            return name, None, str(error)

    with ThreadPoolExecutor(max_workers=INDEX_WORKERS) as pool:
        for name, output, error in pool.map(one, names[1:]):
            if output is None:
                check.failed[name] = error or "no answer"
            else:
                answers[name] = output
    for pin in pins:
        pinned = parse_version(pin.version)
        if pinned is None or pin.name not in answers:
            continue
        newer = newer_patch(pinned, available_versions(answers[pin.name]))
        if newer is not None:
            check.newer.append((pin, newer))
    return check


# --- The report -------------------------------------------------------------------------------


def plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def print_hits(hits: Sequence[Hit]) -> None:
    for pin in dict.fromkeys(hit.pin for hit in hits):
        print(f"\n{pin}")
        for hit in (hit for hit in hits if hit.pin == pin):
            aliases = f" ({', '.join(hit.aliases)})" if hit.aliases else ""
            print(f"  {hit.advisory_id}{aliases}: {hit.summary}")
            fixed = f"fixed in {', '.join(hit.fixed)}" if hit.fixed else "no fixed version known"
            print(f"    {fixed}")


def print_patches(check: PatchCheck | None, when: str) -> None:
    print()
    if check is None:
        print("Newer patch releases on the package index: not looked up (--offline).")
        return
    if check.unreachable:
        print(
            f"The package index could not be reached (pip, asked about {check.unreachable}): "
            "newer patch releases were not looked up."
        )
        return
    if check.newer:
        print(
            f"Warning: newer patch releases on the package index. Advisories published after "
            f"{when} are not in the snapshot, and a patch release is often a security fix: read "
            "its release notes, and upgrade with `make lock`."
        )
        for pin, newer in check.newer:
            print(f"  {pin}: {newer}")
    else:
        print("No pin has a newer patch release on the package index.")
    if check.failed:
        failed = ", ".join(f"{name} ({why})" for name, why in check.failed.items())
        print(f"Not looked up, pip failed: {failed}.")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Audit the pinned dependencies against the offline OSV snapshot of the "
        "PyPA advisory database; exit 1 when a pin matches an advisory."
    )
    parser.add_argument(
        "locks",
        nargs="*",
        type=Path,
        default=list(DEFAULT_LOCKS),
        help="lock files (default: requirements.lock requirements-dev.lock)",
    )
    parser.add_argument(
        "--db",
        type=Path,
        default=database_from_environment(),
        help="the advisory database: a folder with vulns/<package>/*.yaml "
        "(default: $ADVISORY_DB, else ../shared/advisory-db beside the repository)",
    )
    parser.add_argument(
        "--offline",
        action="store_true",
        help="do not ask the package index for newer patch releases",
    )
    parser.add_argument(
        "--ignore",
        action="append",
        default=[],
        metavar="ID",
        help="an advisory (id or alias) that does not apply to us: listed, but not a failure; "
        "say why in SECURITY.md",
    )
    args = parser.parse_args(argv)

    try:
        pins, not_pins = read_pins(args.locks)
        hits, not_judged = audit(pins, args.db)
    except AuditError as error:
        print(f"audit: {error}", file=sys.stderr)
        return 2
    date = snapshot_date(args.db)
    ignored = [hit for hit in hits if hit.names() & set(args.ignore)]
    hits = [hit for hit in hits if hit not in ignored]

    # In the order given, not the order of the first pin read from each.
    read = {lock for pin in pins for lock in pin.locks}
    locks = ", ".join(path.name for path in map(Path, args.locks) if path.name in read)
    print(
        f"Audited {plural(len(pins), 'pin', 'pins')} ({locks}) "
        f"against the advisories in {args.db}."
    )
    if date:
        print(f"Snapshot of {date}: advisories published later are not in it.")
    else:
        print(
            f"The snapshot's date could not be found: {args.db / 'README.md'} has no line "
            '"Snapshot: ... last changed YYYY-MM-DD", so how recent this audit is cannot be told.'
        )
    for line in not_pins + not_judged:
        print(f"Not audited: {line}")
    print_hits(hits)
    if ignored:
        print("\nIgnored (--ignore), see SECURITY.md:")
        for hit in ignored:
            print(f"  {hit.pin.name} {hit.pin.version}: {hit.advisory_id}")
    for stale in sorted(set(args.ignore) - {name for hit in ignored for name in hit.names()}):
        print(f"--ignore {stale} matches no advisory of any pin: drop it.")

    when = date or "the snapshot"
    print_patches(None if args.offline else check_patches(pins, ask_index), when)

    print()
    snapshot = f"the snapshot of {date}" if date else "this snapshot of unknown date"
    if hits:
        pinned = len({hit.pin for hit in hits})
        print(
            f"{plural(len(hits), 'advisory', 'advisories')} in {snapshot} "
            f"{'matches' if len(hits) == 1 else 'match'} {plural(pinned, 'pin', 'pins')}: "
            "upgrade each to a fixed version (`make lock`), or, if one does not apply, say why "
            "in SECURITY.md and pass its id to --ignore."
        )
        return 1
    print(f"No pin matches an advisory in {snapshot} (advisories published later are not in it).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
