"""Background tasks of no app in particular (docs/architecture.md, "Background work")."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from .scheduler import forget_runs_before


@task()
def prune_task_results() -> int:
    """Delete the results of tasks finished, and the record of scheduled runs due, more than
    TASK_RESULTS_KEPT_DAYS ago; a task waiting or running is kept. Returns how many rows."""
    before = timezone.now() - timedelta(days=settings.TASK_RESULTS_KEPT_DAYS)
    deleted, _ = DBTaskResult.objects.finished().filter(finished_at__lt=before).delete()
    return deleted + forget_runs_before(before)
