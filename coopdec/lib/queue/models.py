"""Workers' heartbeats and tasks' progress (on the live database), and the scheduler's due runs."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerBeat(models.Model):
    """A worker's sign of life, written every few seconds by a thread of its own, even while a task runs."""

    worker_id = models.CharField(_("worker"), max_length=64, primary_key=True)
    host = models.CharField(_("host"), max_length=255)
    pid = models.PositiveIntegerField(_("process id"))
    started_at = models.DateTimeField(_("started at"))
    beat_at = models.DateTimeField(_("last heartbeat"), db_index=True)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.host}:{self.pid})"


class Progress(models.Model):
    """How far a long task has gone (an import's bytes read), written outside the transaction the task runs in."""

    key = models.CharField(_("key"), max_length=100, primary_key=True)
    done = models.PositiveBigIntegerField(_("done"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("task progress")
        verbose_name_plural = _("task progress")

    def __str__(self) -> str:
        return f"{self.key}: {self.done}"


class ScheduledRun(models.Model):
    """One due run of a periodic schedule. Its uniqueness is what makes two workers enqueue it only once."""

    schedule = models.CharField(_("schedule"), max_length=100)
    due_at = models.DateTimeField(_("due at"))
    task_id = models.CharField(_("task result"), max_length=64, blank=True)
    enqueued_at = models.DateTimeField(_("enqueued at"), auto_now_add=True)

    class Meta:
        verbose_name = _("scheduled run")
        verbose_name_plural = _("scheduled runs")
        constraints = [models.UniqueConstraint(fields=["schedule", "due_at"], name="queue_scheduled_run_once")]

    def __str__(self) -> str:
        return f"{self.schedule} @ {self.due_at:%Y-%m-%d %H:%M}"
