"""Periodic jobs without cron: each `manage.py run_tasks` ticks every 30 seconds and enqueues
the jobs of settings.SCHEDULED_JOBS whose current slot has not been enqueued yet, on one
machine or several (docs/architecture.md, "Background work").

A job's slot is the start of the current interval ("every": counted from midnight UTC, so
that every machine counts alike) or the latest of its daily times in Geneva ("daily_at").
The run is a `ScheduledRun` row, unique per job and slot, inserted in the same transaction as
the task it enqueues: of two schedulers ticking at once, the second's insert fails and it
enqueues nothing. A slot missed while no scheduler ran is made up once, at the next tick.
"""

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any, cast

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from .dates import GENEVA
from .models import ScheduledRun

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    task: str  # the dotted path of a task (`@task()`) that takes no argument
    every: timedelta | None = None
    daily_at: time | None = None

    def slot(self, at: datetime) -> datetime:
        """When the run due at `at` was due."""
        if self.every is not None:
            seconds = self.every.total_seconds()
            stamp = at.timestamp()
            return datetime.fromtimestamp(stamp - stamp % seconds, tz=UTC)
        assert self.daily_at is not None
        day = timezone.localtime(at, GENEVA).date()
        slot = datetime.combine(day, self.daily_at, tzinfo=GENEVA)
        if slot > at:
            slot = datetime.combine(day - timedelta(days=1), self.daily_at, tzinfo=GENEVA)
        return slot


def jobs() -> list[Job]:
    """The jobs of settings.SCHEDULED_JOBS; a job with neither "every" nor "daily_at" is an
    error at the first tick rather than a job that never runs."""
    found = []
    configured = cast(dict[str, dict[str, Any]], settings.SCHEDULED_JOBS)
    for name, config in configured.items():
        every, daily_at = config.get("every"), config.get("daily_at")
        if (every is None) == (daily_at is None):
            raise ValueError(f"Scheduled job {name!r} needs either 'every' or 'daily_at'.")
        found.append(
            Job(
                name=name,
                task=config["task"],
                every=every,
                daily_at=time.fromisoformat(daily_at) if daily_at else None,
            )
        )
    return found


def tick(*, at: datetime | None = None) -> list[str]:
    """Enqueue each job whose current slot has no run yet. Returns the names of the jobs this
    call enqueued (none of those another scheduler enqueued first)."""
    at = at or timezone.now()
    enqueued = []
    for job in jobs():
        slot = job.slot(at)
        # Looked up first, so that the usual case costs one query and no failed insert.
        if not _enqueued_before(job, slot) and _enqueue(job, slot):
            logger.info("Enqueued %s, due %s", job.name, slot.isoformat())
            enqueued.append(job.name)
    return enqueued


def _enqueued_before(job: Job, slot: datetime) -> bool:
    return ScheduledRun.objects.filter(job=job.name, slot=slot).exists()


def _enqueue(job: Job, slot: datetime) -> bool:
    """Insert the run and enqueue its task, both or neither; False if another scheduler
    inserted the run first."""
    try:
        with transaction.atomic():
            run = ScheduledRun.objects.create(job=job.name, slot=slot)
            result = import_string(job.task).enqueue()
            run.task_result_id = str(result.id)
            run.save(update_fields=["task_result_id"])
    except IntegrityError:
        return False
    return True


def forget_runs_before(moment: datetime) -> int:
    """Delete the record of runs due before `moment`; returns how many."""
    deleted, _ = ScheduledRun.objects.filter(slot__lt=moment).delete()
    return deleted
