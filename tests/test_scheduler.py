"""Periodic jobs without cron (core/scheduler.py): each due run enqueued once, whatever the
number of schedulers, at the slots settings.SCHEDULED_JOBS gives."""

from datetime import UTC, datetime, time, timedelta

import pytest
from django.db import IntegrityError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core import scheduler
from core.dates import GENEVA
from core.models import ScheduledRun
from core.tasks import prune_task_results
from programmes import tasks

pytestmark = pytest.mark.task_queue

EVERY_MINUTE = {"task": "programmes.tasks.send_due_mail", "every": timedelta(minutes=1)}
AT_THREE = {"task": "programmes.tasks.apply_retention", "daily_at": "03:00"}


@pytest.fixture
def jobs(settings):
    settings.SCHEDULED_JOBS = {"send-due-mail": EVERY_MINUTE, "apply-retention": AT_THREE}


def queued() -> list[str]:
    return sorted(DBTaskResult.objects.values_list("task_path", flat=True))


@pytest.mark.usefixtures("jobs")
def test_two_schedulers_ticking_for_the_same_slot_enqueue_each_job_once(db, monkeypatch):
    # Both looked before either inserted: the constraint decides.
    monkeypatch.setattr(scheduler, "_enqueued_before", lambda job, slot: False)
    at = datetime(2026, 12, 7, 10, 0, 5, tzinfo=UTC)

    first = scheduler.tick(at=at)
    second = scheduler.tick(at=at + timedelta(seconds=20))

    assert sorted(first) == ["apply-retention", "send-due-mail"]
    assert second == []
    assert queued() == ["programmes.tasks.apply_retention", "programmes.tasks.send_due_mail"]


@pytest.mark.usefixtures("jobs")
def test_each_slot_is_enqueued_at_its_first_tick_only(db):
    at = datetime(2026, 12, 7, 10, 0, 5, tzinfo=UTC)

    assert sorted(scheduler.tick(at=at)) == ["apply-retention", "send-due-mail"]
    assert scheduler.tick(at=at + timedelta(seconds=30)) == []
    assert scheduler.tick(at=at + timedelta(seconds=60)) == ["send-due-mail"]
    assert scheduler.tick(at=at + timedelta(hours=3)) == ["send-due-mail"]
    assert queued().count("programmes.tasks.apply_retention") == 1


def test_the_run_and_its_slot_are_unique(db):
    slot = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)
    ScheduledRun.objects.create(job="send-due-mail", slot=slot)
    with pytest.raises(IntegrityError):
        ScheduledRun.objects.create(job="send-due-mail", slot=slot)


def test_a_daily_job_is_due_at_its_time_in_geneva_in_winter_and_summer():
    (job,) = [j for j in scheduler_jobs() if j.name == "at-three"]
    winter = datetime(2026, 12, 7, 1, 59, tzinfo=UTC)  # 02:59 in Geneva (CET)
    assert job.slot(winter) == datetime(2026, 12, 6, 3, 0, tzinfo=GENEVA)
    assert job.slot(winter + timedelta(minutes=1)) == datetime(2026, 12, 7, 3, 0, tzinfo=GENEVA)
    summer = datetime(2026, 7, 7, 1, 0, tzinfo=UTC)  # 03:00 in Geneva (CEST)
    assert job.slot(summer) == datetime(2026, 7, 7, 3, 0, tzinfo=GENEVA)
    assert job.slot(summer).astimezone(UTC).hour == 1


def test_an_interval_counts_from_midnight_utc_so_every_machine_counts_alike():
    (job,) = [j for j in scheduler_jobs() if j.name == "hourly"]
    at = datetime(2026, 12, 7, 10, 59, 59, tzinfo=UTC)
    assert job.slot(at) == datetime(2026, 12, 7, 10, 0, tzinfo=UTC)
    assert job.slot(at + timedelta(seconds=1)) == datetime(2026, 12, 7, 11, 0, tzinfo=UTC)


def test_a_job_without_a_time_is_refused(settings):
    settings.SCHEDULED_JOBS = {"never": {"task": "programmes.tasks.send_due_mail"}}
    with pytest.raises(ValueError, match="'never' needs either 'every' or 'daily_at'"):
        scheduler.jobs()


def test_the_settings_schedule_the_four_jobs_of_the_old_cron_lines(settings):
    jobs = {job.name: job for job in scheduler.jobs()}
    assert jobs["send-due-mail"].every == timedelta(minutes=1)
    assert jobs["delete-expired-drafts"].every == timedelta(hours=1)
    assert str(jobs["apply-retention"].daily_at) == "03:00:00"
    assert jobs["prune-task-results"].daily_at is not None


def scheduler_jobs() -> list[scheduler.Job]:
    return [
        scheduler.Job(name="at-three", task=AT_THREE["task"], daily_at=time(3, 0)),
        scheduler.Job(name="hourly", task=EVERY_MINUTE["task"], every=timedelta(hours=1)),
    ]


def test_pruning_deletes_what_finished_over_two_weeks_ago_and_keeps_the_rest(db, settings):
    settings.TASK_RESULTS_KEPT_DAYS = 14
    old = timezone.now() - timedelta(days=15)
    for _n in range(3):
        tasks.send_due_mail.enqueue()
    done, failed, waiting = DBTaskResult.objects.order_by("enqueued_at")
    DBTaskResult.objects.filter(pk=done.pk).update(status="SUCCESSFUL", finished_at=old)
    DBTaskResult.objects.filter(pk=failed.pk).update(status="FAILED", finished_at=old)
    ScheduledRun.objects.create(job="send-due-mail", slot=old)
    recent = ScheduledRun.objects.create(job="send-due-mail", slot=timezone.now())

    assert prune_task_results.call() == 3

    assert list(DBTaskResult.objects.all()) == [waiting]
    assert list(ScheduledRun.objects.all()) == [recent]
