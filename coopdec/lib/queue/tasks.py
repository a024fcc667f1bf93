"""The queue's own periodic task: forget finished task results, old scheduled runs and dead workers."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from .models import ScheduledRun, WorkerBeat


@task()
def purge_finished() -> dict[str, int]:
    """Delete what is older than ``TASKS_RETENTION_DAYS``: finished results, scheduled runs, silent workers."""
    before = timezone.now() - dt.timedelta(days=settings.TASKS_RETENTION_DAYS)
    results, _ = DBTaskResult.objects.finished().filter(finished_at__lt=before).delete()
    runs, _ = ScheduledRun.objects.filter(due_at__lt=before).delete()
    workers, _ = WorkerBeat.objects.filter(beat_at__lt=before).delete()
    return {"results": results, "scheduled_runs": runs, "workers": workers}
