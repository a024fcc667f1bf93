"""IATI downloads (an authority's public projects, a list of projects, the organisation file) and imports."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from coopdec.projects.models import Project
from coopdec.territories.models import Authority

from .forms import IatiUploadForm
from .iati import jobs
from .iati.downloads import activities_download, xml_download
from .iati.identifiers import authority_org_ref
from .iati.writer import write_organisation
from .models import ImportJob
from .perms import can_import_iati, can_view_import_job

MAX_LISTED_PROJECTS = 1000


def authority_activities(request, code: str):
    """The authority's public projects as an IATI 2.03 activity file, reported by the authority."""
    authority = get_object_or_404(Authority, code=code)
    projects = Project.objects.public().led_by(authority).order_by("pk")
    return activities_download(projects, f"iati-activities-{code}.xml", reporting_org=authority_org_ref(authority))


def projects_activities(request):
    """Public projects chosen by id (``?id=1&id=2``, as the atlas lists them) as an IATI activity file."""
    ids = [int(value) for value in request.GET.getlist("id") if value.isdigit()][:MAX_LISTED_PROJECTS]
    projects = Project.objects.public().filter(pk__in=ids).order_by("pk")
    return activities_download(projects, "iati-activities.xml")


def authority_organisation(request, code: str):
    """The authority's IATI organisation file: identifier, name, total budget per year."""
    authority = get_object_or_404(Authority, code=code)
    projects = Project.objects.public().filter(fundings__funder_authority=authority).distinct()
    projects = projects.prefetch_related("fundings")
    return xml_download(lambda stream: write_organisation(authority, projects, stream), f"iati-organisation-{code}.xml")


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
    return render(request, "interop/import_upload.html", {"form": form, "jobs": recent, "title": _("Import IATI")})


def _job_for(request, pk: int) -> ImportJob:
    job = get_object_or_404(ImportJob.objects.select_related("authority", "created_by"), pk=pk)
    if not can_view_import_job(request.user, job):
        raise PermissionDenied
    job.live_bytes = jobs.bytes_read(job)
    job.live_percent = min(100, round(100 * job.live_bytes / job.bytes_total)) if job.bytes_total else 0
    return job


@login_required
def import_job(request, pk: int):
    return render(request, "interop/import_job.html", {"job": _job_for(request, pk)})


@login_required
def import_progress(request, pk: int):
    """The progress block alone, polled by htmx until the job ends."""
    return render(request, "interop/includes/import_progress.html", {"job": _job_for(request, pk)})
