"""Runs an uploaded IATI file's import in the background, with its progress in the cache.

A thread of the web process is enough for files of tens of megabytes, and needs no queue to run
(the importer reads a file of some size in a second process of its own: see pipeline.py).
Progress goes through Django's cache rather than the job's row: with ``--on-error rollback`` the
import is one transaction, and a progress update inside it would stay invisible until the end.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import close_old_connections, connection
from django.utils import timezone

from ..enums import JobStatus
from ..models import ImportJob
from .importer import Importer

logger = logging.getLogger(__name__)


def progress_key(pk: int) -> str:
    return f"interop:iati-import:{pk}:bytes"


def bytes_read(job: ImportJob) -> int:
    """How far the import has read, live while it runs."""
    if job.is_finished:
        return job.bytes_read
    return cache.get(progress_key(job.pk), job.bytes_read)


def upload_dir() -> Path:
    folder = Path(settings.MEDIA_ROOT) / "iati-imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def start(job: ImportJob) -> None:
    """Run the job in a background thread (``IATI_IMPORT_IN_BACKGROUND``, on by default) or at once."""
    if settings.IATI_IMPORT_IN_BACKGROUND:
        threading.Thread(target=_run_in_thread, args=(job.pk,), name=f"iati-import-{job.pk}", daemon=True).start()
    else:
        run(job.pk)


def _run_in_thread(pk: int) -> None:
    close_old_connections()
    try:
        run(pk)
    finally:
        connection.close()


def run(pk: int) -> None:
    job = ImportJob.objects.select_related("authority").get(pk=pk)
    job.status = JobStatus.RUNNING
    job.save(update_fields=["status"])
    read = 0

    def on_read(size: int) -> None:
        nonlocal read
        read += size
        cache.set(progress_key(pk), read, timeout=24 * 3600)

    try:
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
    cache.delete(progress_key(pk))
    Path(job.path).unlink(missing_ok=True)
