"""`manage.py run_tasks`: the background worker, on one machine or several; no cron needed.

It runs the tasks on the queue (django-tasks-db's `db_worker`, whose options it takes) and,
every `--tick` seconds, enqueues the periodic jobs that are due (core/scheduler.py): several
of these processes enqueue each run once. Stop it with SIGTERM or Ctrl+C: the task under way
finishes first. A worker killed outright leaves its task unfinished; the tasks are written to
be run again (docs/architecture.md, "Background work").

Written against django-tasks-db 0.13.0, whose `db_worker` command it extends (its options,
`reload` and `batch` among them): tests/programmes/test_tasks.py runs it in and out of the
test's process, and fails if that changes.
"""

import logging
import os
import signal
import threading
import time

from django.db import close_old_connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands import db_worker

from core import scheduler

logger = logging.getLogger(__name__)


class Command(db_worker.Command):
    help = (
        "Run the background tasks from the queue, and enqueue the periodic jobs "
        "(settings.SCHEDULED_JOBS) when they are due."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--tick",
            type=float,
            default=30,
            help="Seconds between two looks for periodic jobs that are due (default: 30).",
        )

    def handle(self, *args, tick: float, **options):  # type: ignore[override]
        # With --reload (the default with debug on), the first process only watches the files
        # and starts a second one to work: the second ticks, and stops with the first.
        reloaded = os.environ.get(DJANGO_AUTORELOAD_ENV) == "true"
        if options["reload"] and reloaded:
            threading.Thread(target=_stop_with, args=(os.getppid(),), daemon=True).start()
        if not options["reload"] or reloaded:
            # Before the first task: the jobs due now are on the queue behind what waits there.
            _tick()
            if not options["batch"]:  # --batch: what is on the queue now, then stop
                threading.Thread(target=_tick_every, args=(tick,), daemon=True).start()
        super().handle(*args, **options)


def _tick() -> None:
    close_old_connections()
    try:
        scheduler.tick()
    except Exception:
        # A database out of reach for a while: the next tick tries again.
        logger.exception("The scheduler's tick failed")
    finally:
        close_old_connections()


def _tick_every(seconds: float) -> None:
    while True:
        time.sleep(seconds)
        _tick()


def _stop_with(parent: int) -> None:
    """Stop this process once `parent` has gone: Django's reloader leaves its worker running
    when it is stopped itself (as `make run` stops it, with runserver)."""
    while os.getppid() == parent:
        time.sleep(1)
    os.kill(os.getpid(), signal.SIGTERM)
