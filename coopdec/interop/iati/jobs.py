"""Runs an uploaded IATI file's import as a task on the queue, with its progress in the live database.

The upload page enqueues the job (``start``); a worker runs it (``run``), in one transaction, so that a worker
killed mid-import leaves nothing half-written and the import can run again from the start. Its progress (bytes
read) goes through the queue's live database (``coopdec.lib.queue.progress``), outside that transaction, so
that whichever web process answers the progress page reads it while the import runs.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from coopdec.lib.queue import progress

from ..enums import JobStatus
from ..models import ImportJob
from .importer import Importer

logger = logging.getLogger(__name__)

PROGRESS_EVERY = 0.5  # seconds between two progress writes


def progress_key(pk: int) -> str:
    return f"interop:iati-import:{pk}"


def bytes_read(job: ImportJob) -> int:
    """How far the import has read, live while it runs (from any process)."""
    if job.is_finished:
        return job.bytes_read
    live = progress.read(progress_key(job.pk))
    return job.bytes_read if live is None else live


def upload_dir() -> Path:
    folder = Path(settings.MEDIA_ROOT) / "iati-imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def start(job: ImportJob) -> None:
    """Put the job on the queue (run at once in tests, whose backend is the immediate one)."""
    from ..tasks import import_iati_file

    import_iati_file.enqueue(job.pk)


def run(pk: int) -> None:
    job = ImportJob.objects.select_related("authority").get(pk=pk)
    if job.is_finished:  # the worker died after the job ended but before the task did: nothing to do again
        return
    job.status, job.bytes_read, job.error = JobStatus.RUNNING, 0, ""
    job.save(update_fields=["status", "bytes_read", "error"])
    key = progress_key(pk)
    progress.report(key, 0)
    read, reported = 0, time.monotonic()

    def on_read(size: int) -> None:
        nonlocal read, reported
        read += size
        if time.monotonic() - reported >= PROGRESS_EVERY:
            progress.report(key, read)
            reported = time.monotonic()

    try:
        with transaction.atomic():  # all or nothing, whatever ``on_error`` says within the file
            report = Importer(mode=job.mode, on_error=job.on_error, authority=job.authority, job=job).run(
                [job.path], on_read=on_read
            )
    except Exception as error:  # the job must end in a state the page can show, whatever happened
        logger.exception("IATI import job %s failed", pk)
        job.status, job.error = JobStatus.FAILED, repr(error)
    else:
        job.status, job.report = JobStatus.DONE, report.as_dict()
    job.bytes_read = read
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "error", "report", "bytes_read", "finished_at"])
    progress.clear(key)
    Path(job.path).unlink(missing_ok=True)


def fail(pk: int, reason: str) -> None:
    """The task ended without the job ending (its worker stopped for good): say why on the job."""
    job = ImportJob.objects.filter(pk=pk).first()
    if job is None or job.is_finished:
        return
    job.status, job.error, job.finished_at = JobStatus.FAILED, reason, timezone.now()
    job.save(update_fields=["status", "error", "finished_at"])
    progress.clear(progress_key(pk))
    Path(job.path).unlink(missing_ok=True)
