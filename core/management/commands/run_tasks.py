"""`manage.py run_tasks`: the background worker, on one machine or several; no cron needed.

It runs the tasks on the queue (django-tasks-db's `db_worker`, whose options it takes) and,
every `--tick` seconds, enqueues the periodic jobs that are due (core/scheduler.py): several
of these processes enqueue each run once. Stop it with SIGTERM or Ctrl+C: the task under way
finishes first. A worker killed outright leaves its task unfinished; the tasks are written to
be run again (docs/architecture.md, "Background work").
"""

import logging
import os
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
        # With --reload, the first process only watches the files and starts a second one to
        # work: the second ticks.
        if not options["reload"] or os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
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
