"""The programmes' background tasks on the database queue, as production runs them: a real
`manage.py run_tasks` in its own process, a real mail server (`smtp_server`), and a worker
killed in the middle of a batch (docs/architecture.md, "Background work")."""

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django_tasks_db.models import DBTaskResult

from core.models import ScheduledRun
from programmes import decisions, outbox, tasks
from programmes.models import ApplicationDraft, DataRemoval, OutgoingEmail, Status

from .test_decisions import write_templates

ROOT = Path(__file__).resolve().parent.parent.parent
# Short enough for the test, long enough for one slowed message (SLOW_SECONDS).
LEASE_SECONDS = 2
SLOW_SECONDS = 0.1
# The recipient the server holds until the worker has been killed (at most HOLD_SECONDS).
HOLD_AT = 4
HOLD_SECONDS = 10


class SharedDatabase:
    """The test's database, as another process sees it.

    PostgreSQL: the committed test database itself (a `transactional_db` test). SQLite: the
    test database lives in this process's memory, so `hand_over()` copies it to a file the
    worker opens (`DJANGO_VAR_DIR`), and `take_back()` copies the file back once the worker
    has stopped, for the test to read through the ORM as usual."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.file = folder / "db.sqlite3"

    def environment(self) -> dict[str, str]:
        if connection.vendor == "sqlite":
            return {"DJANGO_VAR_DIR": str(self.folder)}
        database = connection.settings_dict
        return {
            "DJANGO_VAR_DIR": str(self.folder),
            "DATABASE_URL": (
                f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST']}:"
                f"{database['PORT'] or 5432}/{database['NAME']}"
            ),
        }

    def hand_over(self) -> None:
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            with sqlite3.connect(self.file) as target:
                connection.connection.backup(target)

    def take_back(self) -> None:
        if connection.vendor == "sqlite":
            with sqlite3.connect(self.file) as source:
                source.backup(connection.connection)


def start_worker(database: SharedDatabase, smtp_server) -> subprocess.Popen:
    environment = {
        **os.environ,
        **database.environment(),
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_server.port}/?tls=0",
        "OUTBOX_LEASE_SECONDS": str(LEASE_SECONDS),
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "run_tasks", "--interval", "0.1", "--no-startup-delay"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def wait_for(condition, worker: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if worker.poll() is not None:
            pytest.fail(f"The worker stopped:\n{worker.stderr.read().decode()}")
        if time.monotonic() > deadline:
            worker.kill()
            pytest.fail(f"Timed out; the worker said:\n{worker.communicate()[1].decode()}")
        time.sleep(0.02)


@pytest.fixture
def slow_smtp_server(smtp_server):
    """The mail server takes SLOW_SECONDS over each recipient, before it has the message,
    and holds the HOLD_AT-th: a worker killed then has claimed a message the server never
    received, whatever the machine's load."""
    smtp_server.recipients_started = []

    async def slow_recipient(server, session, envelope, address, rcpt_options):
        smtp_server.recipients_started.append(address)
        held = len(smtp_server.recipients_started) == HOLD_AT
        await asyncio.sleep(HOLD_SECONDS if held else SLOW_SECONDS)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    smtp_server.handle_RCPT = slow_recipient
    return smtp_server


@pytest.mark.task_queue
@pytest.mark.django_db(transaction=True)
def test_a_killed_worker_loses_no_decision_email_and_sends_none_twice(
    open_2027, make_application, slow_smtp_server, tmp_path
):
    write_templates(open_2027)
    for _n in range(8):
        make_application(open_2027, status=Status.SELECTED)
    batch = decisions.send_decision_emails(applications=open_2027.applications.all(), by=None)
    assert len(batch.queued) == 8
    assert DBTaskResult.objects.ready().count() == 1  # the batch's task, waiting for a worker
    stored = set(OutgoingEmail.objects.values_list("message_id", flat=True))
    database = SharedDatabase(tmp_path)
    database.hand_over()

    first = start_worker(database, slow_smtp_server)
    # The fourth message is being sent: the server has the first three, not this one.
    wait_for(lambda: len(slow_smtp_server.recipients_started) >= HOLD_AT, first)
    first.send_signal(signal.SIGKILL)
    first.wait()
    assert len(slow_smtp_server.received) == HOLD_AT - 1

    time.sleep(LEASE_SECONDS + 0.2)  # the killed worker's claim on its message runs out
    second = start_worker(database, slow_smtp_server)
    wait_for(lambda: len(slow_smtp_server.received) >= 8, second)
    second.terminate()  # SIGTERM: the task under way finishes first
    assert second.wait(timeout=30) == 0
    database.take_back()

    arrived = Counter(message["Message-ID"] for message in slow_smtp_server.received)
    assert set(arrived) == stored
    assert set(arrived.values()) == {1}
    assert set(OutgoingEmail.objects.values_list("state", flat=True)) == {"sent"}


@pytest.mark.task_queue
@pytest.mark.django_db(transaction=True)
def test_the_worker_applies_retention_and_deletes_expired_drafts_as_the_commands_did(
    closed_2024, open_2027, make_application
):
    declined = make_application(closed_2024, status=Status.DECLINED, full_name="Quorthwell Ybarra")
    ApplicationDraft.objects.create(edition=closed_2024, email="late@example.org")
    current = ApplicationDraft.objects.create(edition=open_2027, email="current@example.org")

    # What is due now, then stop: the same jobs and tasks as a long-running worker's.
    call_command("run_tasks", "--batch", "--no-startup-delay", verbosity=0)

    declined.refresh_from_db()
    assert declined.anonymised_at is not None
    assert declined.full_name != "Quorthwell Ybarra"
    assert list(ApplicationDraft.objects.all()) == [current]
    assert DataRemoval.objects.get().applications_anonymised == 1
    assert set(ScheduledRun.objects.values_list("job", flat=True)) == set(settings.SCHEDULED_JOBS)
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}


@pytest.mark.usefixtures("frozen_now")
def test_the_expired_drafts_task_deletes_the_drafts_of_closed_calls_only(closed_2024, open_2027):
    ApplicationDraft.objects.create(edition=closed_2024, email="late@example.org")
    current = ApplicationDraft.objects.create(edition=open_2027, email="current@example.org")

    assert tasks.delete_expired_drafts.enqueue().return_value == 1

    assert list(ApplicationDraft.objects.all()) == [current]


def test_the_due_mail_task_sends_what_waits_as_the_command_did(db, smtp_server):
    # Written in a transaction that has not committed: its own task has not run.
    outbox.queue(kind="confirmation", to="a@example.org", subject="s", body="b")

    result = tasks.send_due_mail.enqueue().return_value

    assert result == {"sent": 1, "deferred": 0, "failed": 0}
    assert [message["To"] for message in smtp_server.received] == ["a@example.org"]
    assert OutgoingEmail.objects.get().state == "sent"
