"""The queue's plumbing in this process: recovery of dead workers' tasks, due runs enqueued once, health, purge."""

import datetime as dt

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_tasks_db.models import DBTaskResult

from coopdec.interop.enums import JobStatus
from coopdec.interop.iati.jobs import progress_key
from coopdec.interop.models import ImportJob
from coopdec.lib.queue import progress, queue_health
from coopdec.lib.queue.models import ScheduledRun, WorkerBeat
from coopdec.lib.queue.schedules import Schedule, enqueue_due
from coopdec.lib.queue.tasks import purge_finished
from coopdec.lib.queue.worker import recover_abandoned

pytestmark = pytest.mark.django_db

IMPORT = "coopdec.interop.tasks.import_iati_file"
LOST_JOB = "The worker stopped while running the import, and it was not tried again: nothing was imported."


def task_row(*, status="RUNNING", workers=("w1",), started=60, path=IMPORT, args=(), finished=None):
    return DBTaskResult.objects.create(
        status=status,
        args_kwargs={"args": list(args), "kwargs": {}},
        task_path=path,
        backend_name="default",
        run_after=dt.datetime(9999, 1, 1, tzinfo=dt.UTC),
        worker_ids=list(workers),
        started_at=timezone.now() - dt.timedelta(seconds=started),
        finished_at=finished,
    )


def beat(worker_id, seconds_ago=0):
    now = timezone.now()
    WorkerBeat.objects.create(
        worker_id=worker_id, host="h", pid=1, started_at=now, beat_at=now - dt.timedelta(seconds=seconds_ago)
    )


def test_a_running_task_of_a_silent_worker_runs_again_while_it_has_attempts_left():
    beat("w1", seconds_ago=120)
    task = task_row(workers=["w1"])
    assert recover_abandoned(stale_after=30, max_attempts=2, now=timezone.now()) == {"retried": 1, "failed": 0}
    task.refresh_from_db()
    assert (task.status, task.started_at) == ("READY", None)


def test_a_running_task_of_a_beating_worker_is_left_alone():
    beat("w1", seconds_ago=2)
    task = task_row(workers=["w1"], started=3600)
    assert recover_abandoned(stale_after=30, max_attempts=2, now=timezone.now()) == {"retried": 0, "failed": 0}
    task.refresh_from_db()
    assert task.status == "RUNNING"


def test_an_import_whose_worker_died_on_its_last_attempt_fails_and_its_job_says_why(tmp_path):
    upload = tmp_path / "upload.xml"
    upload.write_text("<iati-activities/>")
    job = ImportJob.objects.create(file_name="big.xml", path=str(upload), status=JobStatus.RUNNING)
    task = task_row(workers=["w0", "w1"], args=[job.pk])  # no beat at all from w1
    assert recover_abandoned(stale_after=30, max_attempts=2, now=timezone.now()) == {"retried": 0, "failed": 1}
    task.refresh_from_db()
    assert task.status == "FAILED" and "worker stopped while running" in task.traceback
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.error == lost_job_message()
    assert not upload.exists()


def lost_job_message() -> str:
    """What a job whose worker died says, in the platform's language (the worker's, outside any request)."""
    with translation.override(settings.LANGUAGE_CODE):
        return gettext(LOST_JOB)


def test_each_due_run_is_enqueued_once_then_the_next_one():
    hourly = [Schedule("purge", "coopdec.lib.queue.tasks.purge_finished", dt.timedelta(hours=1))]
    at = hourly[0].due_at(timezone.now()) + dt.timedelta(minutes=15)
    assert enqueue_due(hourly, now=at) == ["purge"]
    assert enqueue_due(hourly, now=at + dt.timedelta(minutes=30)) == []
    assert enqueue_due(hourly, now=at + dt.timedelta(hours=1)) == ["purge"]
    due = list(ScheduledRun.objects.order_by("due_at").values_list("due_at", flat=True))
    assert due == [at - dt.timedelta(minutes=15), at + dt.timedelta(minutes=45)]


def test_old_finished_results_are_purged_and_recent_ones_kept(settings):
    settings.TASKS_RETENTION_DAYS = 14
    old = task_row(status="SUCCESSFUL", finished=timezone.now() - dt.timedelta(days=15))
    recent = task_row(status="FAILED", finished=timezone.now() - dt.timedelta(days=1))
    waiting = task_row(status="READY")
    purge_finished.call()
    assert set(DBTaskResult.objects.values_list("pk", flat=True)) == {recent.pk, waiting.pk}
    assert old.pk not in set(DBTaskResult.objects.values_list("pk", flat=True))


def test_queue_health_counts_live_workers_and_tasks(settings):
    settings.TASKS_STALE_AFTER_SECONDS = 60
    assert queue_health()["ok"] is False
    beat("alive", seconds_ago=5)
    beat("dead", seconds_ago=600)
    task_row(status="READY")
    task_row(status="RUNNING")
    task_row(status="FAILED", finished=timezone.now())
    health = queue_health()
    assert {k: health[k] for k in ("ok", "workers", "queued", "running", "failed")} == {
        "ok": True,
        "workers": 1,
        "queued": 1,
        "running": 1,
        "failed": 1,
    }
    assert health["detail"]


def test_the_progress_page_reads_the_bytes_read_from_the_database(client, coordinator):
    job = ImportJob.objects.create(file_name="big.xml", path="/nonexistent", bytes_total=1000, status="running")
    progress.report(progress_key(job.pk), 400)  # as the worker writes it, from another process
    client.force_login(coordinator)
    page = client.get(reverse("interop:import_progress", args=[job.pk])).content.decode()
    assert 'value="40"' in page
