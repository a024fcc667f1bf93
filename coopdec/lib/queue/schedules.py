"""Periodic work: each schedule names a task and its period; the worker enqueues every due run exactly once.

A run is due at each multiple of the period since the epoch (hourly: on the hour, in UTC). The worker that
first inserts the row (schedule, due time) enqueues the task in the same transaction; another worker's insert
breaks the unique constraint and enqueues nothing. A run missed while no worker ran is not made up for: the
next due time is.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import ScheduledRun


@dataclass(frozen=True)
class Schedule:
    name: str
    task: str  # dotted path of a task (a ``@task()`` function) taking no argument
    every: dt.timedelta

    def due_at(self, now: dt.datetime) -> dt.datetime:
        epoch = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
        return epoch + ((now - epoch) // self.every) * self.every


SCHEDULES = [
    Schedule("purge-finished-tasks", "coopdec.lib.queue.tasks.purge_finished", dt.timedelta(hours=1)),
    Schedule("purge-iati-uploads", "coopdec.interop.tasks.purge_abandoned_uploads", dt.timedelta(hours=6)),
    # Hourly although reminders are daily: sending is idempotent, so a run missed while no worker ran (or one
    # that failed on the mail server) is made up for within the hour rather than the next day.
    Schedule("declaration-reminders", "coopdec.declarations.tasks.send_declaration_reminders", dt.timedelta(hours=1)),
    # Idempotent as well: a tranche due on a date is released once, a report's reminder sent once.
    Schedule("call-tranches", "coopdec.calls.tasks.release_tranches_and_remind", dt.timedelta(hours=1)),
]


def enqueue_due(schedules: list[Schedule] | None = None, *, now: dt.datetime | None = None) -> list[str]:
    """Enqueue the schedules' runs due now that no worker has enqueued yet; return their names."""
    now = now or timezone.now()
    enqueued = []
    for schedule in SCHEDULES if schedules is None else schedules:
        due = schedule.due_at(now)
        if ScheduledRun.objects.filter(schedule=schedule.name, due_at=due).exists():
            continue
        try:
            with transaction.atomic():
                run = ScheduledRun.objects.create(schedule=schedule.name, due_at=due)
                result = import_string(schedule.task).enqueue()
                ScheduledRun.objects.filter(pk=run.pk).update(task_id=str(result.id))
        except IntegrityError:
            continue  # another worker enqueued it first
        enqueued.append(schedule.name)
    return enqueued
