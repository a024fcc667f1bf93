"""The worker: django-tasks-db's, with a heartbeat, the recovery of tasks whose worker died, and the scheduler.

Claiming is django-tasks-db's: ``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL, an exclusive transaction on
SQLite, so that two workers never run the same task. What it lacks is what happens when a worker dies (killed,
out of memory, the machine restarted): its task stays "running" for ever. Here every worker beats (a thread
writes ``WorkerBeat`` every few seconds, through the live database, even while a long task holds a transaction),
and every worker, when it starts and then every heartbeat period, takes back the running tasks whose worker
has gone silent: run again while they have attempts left, else marked failed, "worker stopped while running".
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
import time
from typing import Any

from django.db import OperationalError, close_old_connections, connections, transaction
from django.utils import timezone
from django_tasks.signals import task_finished
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker as DatabaseWorker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from . import schedules
from .models import WorkerBeat

logger = logging.getLogger("coopdec.queue")

LOST_REASON = "worker stopped while running"


class WorkerLost(Exception):
    """The worker running a task stopped before the task ended (recorded as the task's error)."""


def recover_abandoned(*, stale_after: float, max_attempts: int, now: dt.datetime | None = None) -> dict[str, int]:
    """Take back the running tasks whose worker has not beaten for ``stale_after`` seconds.

    A task tried fewer than ``max_attempts`` times is made ready again; the others are marked failed with
    ``LOST_REASON``, and ``task_finished`` is sent for them as the worker would have (the IATI import marks its
    job failed on it). The update is conditional on the row being unchanged, so two workers recovering at once
    take a task back once.
    """
    now = now or timezone.now()
    since = now - dt.timedelta(seconds=stale_after)
    alive = set(WorkerBeat.objects.filter(beat_at__gte=since).values_list("worker_id", flat=True))
    counts = {"retried": 0, "failed": 0}
    for result in DBTaskResult.objects.running().filter(started_at__lt=since):
        worker = result.worker_ids[-1] if result.worker_ids else ""
        if worker in alive:
            continue
        unchanged = DBTaskResult.objects.filter(
            pk=result.pk, status=TaskResultStatus.RUNNING, started_at=result.started_at
        )
        if len(result.worker_ids) < max_attempts:
            if unchanged.update(status=TaskResultStatus.READY, started_at=None):
                counts["retried"] += 1
                logger.warning("Task %s (%s): %s %s, run again", result.pk, result.task_path, LOST_REASON, worker)
            continue
        reason = f"{LOST_REASON} (worker {worker}, attempt {len(result.worker_ids)} of {max_attempts})"
        if unchanged.update(
            status=TaskResultStatus.FAILED,
            finished_at=now,
            exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
            traceback=f"{WorkerLost.__qualname__}: {reason}\n",
        ):
            counts["failed"] += 1
            logger.error("Task %s (%s): %s, marked failed", result.pk, result.task_path, reason)
            result.refresh_from_db()
            task_finished.send(sender=DatabaseBackend, task_result=result.task_result)
    return counts


class Worker(DatabaseWorker):
    def __init__(
        self, *, heartbeat: float, stale_after: float, max_attempts: int, scheduler: bool, **options: Any
    ) -> None:
        super().__init__(**options)
        self.heartbeat = heartbeat
        self.stale_after = stale_after
        self.max_attempts = max_attempts
        self.scheduler = scheduler
        self.started_at = timezone.now()
        self.stopped = threading.Event()
        self.last_housekeeping = 0.0

    # --- heartbeat -----------------------------------------------------------------------------

    def beat(self) -> None:
        WorkerBeat.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={
                "host": socket.gethostname()[:255],
                "pid": os.getpid(),
                "started_at": self.started_at,
                "beat_at": timezone.now(),
            },
        )

    def _beat_until_stopped(self) -> None:
        try:
            while not self.stopped.wait(self.heartbeat):
                try:
                    self.beat()
                except Exception:  # a locked or lost database: the next beat may pass
                    logger.exception("Worker %s could not beat", self.worker_id)
        finally:
            connections.close_all()

    # --- the loop ------------------------------------------------------------------------------

    def housekeep(self) -> None:
        """Recover abandoned tasks and enqueue the due schedules, at most once per heartbeat period."""
        if time.monotonic() - self.last_housekeeping < self.heartbeat:
            return
        self.last_housekeeping = time.monotonic()
        try:
            recover_abandoned(stale_after=self.stale_after, max_attempts=self.max_attempts)
            if self.scheduler:
                for name in schedules.enqueue_due():
                    logger.info("Scheduled run of %s enqueued", name)
        except OperationalError as error:
            if not is_locked_database_exception(error):
                raise
            logger.info("Database locked (a long task writes): housekeeping postponed")

    def claim(self) -> DBTaskResult[Any, Any] | None:
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        try:
            with exclusive_transaction(tasks.db):
                task_result = tasks.get_locked()
                if task_result is not None:
                    task_result.claim(self.worker_id)
                return task_result
        except OperationalError as error:
            if is_locked_database_exception(error):
                return None
            raise

    def run(self) -> None:
        logger.info("Starting worker %s, queues %s", self.worker_id, ",".join(self.queue_names))
        self.beat()  # before any claim: a task is never held by a worker that has not beaten
        beating = threading.Thread(target=self._beat_until_stopped, name="worker-heartbeat", daemon=True)
        beating.start()
        try:
            while self.running:
                close_old_connections()
                self.housekeep()
                task_result = self.claim()
                if task_result is not None:
                    self.run_task(task_result)
                elif self.batch:
                    logger.info("No more tasks for worker %s: exiting", self.worker_id)
                    return
                if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                    logger.info("Ran %d tasks on worker %s: exiting", self._run_tasks, self.worker_id)
                    return
                close_old_connections()
                if self.running and task_result is None:
                    time.sleep(self.interval)
        finally:
            self.stopped.set()
            beating.join(timeout=self.heartbeat + 1)
            with transaction.atomic(using=WorkerBeat.objects.db):
                WorkerBeat.objects.filter(worker_id=self.worker_id).delete()
