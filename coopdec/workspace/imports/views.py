"""The coordinators' IATI import pages: the upload, a job's report and its progress."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from coopdec.interop.iati import jobs
from coopdec.interop.models import ImportJob
from coopdec.interop.perms import can_import_iati, can_view_import_job

from .forms import IatiUploadForm


@login_required
def import_upload(request):
    if not can_import_iati(request.user):
        raise PermissionDenied
    form = IatiUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        path = jobs.upload_dir() / f"{uuid.uuid4().hex}.xml"
        with path.open("wb") as target:
            for chunk in upload.chunks():
                target.write(chunk)
        job = ImportJob.objects.create(
            created_by=request.user,
            file_name=upload.name[:255],
            path=str(path),
            authority=form.cleaned_data["authority"],
            mode=form.cleaned_data["mode"],
            on_error=form.cleaned_data["on_error"],
            bytes_total=upload.size,
        )
        jobs.start(job)
        return redirect("interop:import_job", pk=job.pk)
    recent = ImportJob.objects.select_related("created_by")[:20]
    return render(
        request, "workspace/imports/import_upload.html", {"form": form, "jobs": recent, "title": _("Import IATI")}
    )


def _job_for(request, pk: int) -> ImportJob:
    job = get_object_or_404(ImportJob.objects.select_related("authority", "created_by"), pk=pk)
    if not can_view_import_job(request.user, job):
        raise PermissionDenied
    # The row's count is saved now and then; the live one is current (never saved from here: only shown).
    job.bytes_read = jobs.bytes_read(job)
    return job


@login_required
def import_job(request, pk: int):
    return render(request, "workspace/imports/import_job.html", {"job": _job_for(request, pk)})


@login_required
def import_progress(request, pk: int):
    """The progress block alone, polled by htmx until the job ends."""
    return render(request, "workspace/imports/includes/import_progress.html", {"job": _job_for(request, pk)})
