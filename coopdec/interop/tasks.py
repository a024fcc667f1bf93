"""The interop app's tasks: an uploaded IATI file's import, and the purge of uploads no job will read."""

from __future__ import annotations

import datetime as dt
import time

from django.dispatch import receiver
from django.utils.translation import gettext as _
from django_tasks import TaskResultStatus, task
from django_tasks.signals import task_finished

from coopdec.lib.queue.worker import LOST_REASON

from .iati import jobs
from .models import ImportJob


@task()
def import_iati_file(job_pk: int) -> None:
    jobs.run(job_pk)


@receiver(task_finished)
def _job_fails_with_its_task(sender, task_result, **kwargs) -> None:
    """A task that failed outside the import (its worker died for good): the job says so."""
    if task_result.task.module_path != import_iati_file.module_path or task_result.status != TaskResultStatus.FAILED:
        return
    trace = task_result.errors[-1].traceback if task_result.errors else ""
    if LOST_REASON in trace:
        reason = _("The worker stopped while running the import, and it was not tried again: nothing was imported.")
    else:
        reason = trace.strip().splitlines()[-1] if trace.strip() else _("The import task failed.")
    jobs.fail(task_result.args[0], reason)


@task()
def purge_abandoned_uploads() -> int:
    """Delete the uploaded IATI files that no waiting or running job will read, a day after their upload."""
    wanted = set(ImportJob.objects.running().values_list("path", flat=True))
    before = time.time() - dt.timedelta(days=1).total_seconds()
    removed = 0
    for path in jobs.upload_dir().glob("*.xml"):
        if str(path) not in wanted and path.stat().st_mtime < before:
            path.unlink(missing_ok=True)
            removed += 1
    return removed
