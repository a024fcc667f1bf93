"""The queue's state for the health endpoint: is a worker alive, and how many tasks wait, run and failed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from .models import WorkerBeat


def queue_health() -> dict[str, Any]:
    """``ok`` is true when at least one worker beat within ``TASKS_STALE_AFTER_SECONDS``."""
    since = timezone.now() - dt.timedelta(seconds=settings.TASKS_STALE_AFTER_SECONDS)
    workers = WorkerBeat.objects.filter(beat_at__gte=since).count()
    results = DBTaskResult.objects
    counts = {
        "queued": results.ready().count(),
        "running": results.running().count(),
        "failed": results.failed().count(),
    }
    detail = f"{workers} worker(s) alive" if workers else "no worker has beaten recently: tasks are not running"
    return {"ok": workers > 0, "workers": workers, **counts, "detail": detail}
