"""Spreadsheet pages: templates and exports to download, and the two-step import (check, then confirm).

Between the check and the confirmation the uploaded file waits in the private storage under a random
name; the confirmation form carries a signed token (the user, the mode, the stored paths and the
files' SHA-256), so nobody can confirm another person's file, swap it, or point at another path.
The confirmation checks every row again before writing: data may have changed in between.
"""

from __future__ import annotations

import hashlib
import uuid

from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coopdec.interop.perms import can_import_spreadsheet
from coopdec.interop.tabular.columns import FUNDING_LINES, KIND_TITLES, PARTNERSHIPS, PROJECTS, SHEETS
from coopdec.interop.tabular.files import CSV, read_csv, read_xlsx, spreadsheet_type
from coopdec.interop.tabular.importer import run_import
from coopdec.interop.tabular.writer import csv_bytes, xlsx_bytes
from coopdec.lib.tabular import FORMATS
from coopdec.partnerships.models import Party
from coopdec.partnerships.selectors import workspace_partnerships
from coopdec.projects.models import Funding, Participant
from coopdec.projects.selectors import workspace_projects

from .forms import SpreadsheetUploadForm

TOKEN_SALT = "coopdec.interop.spreadsheets"
TOKEN_MAX_AGE = 60 * 60  # an hour to read the check and confirm
FOLDER = "spreadsheets"
SPECS_BY_NAME = {"partnerships": PARTNERSHIPS, "projects": PROJECTS, "funding-lines": FUNDING_LINES}


def _download(content: bytes, filename: str, fmt: str) -> HttpResponse:
    response = HttpResponse(content, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def _kind_or_404(kind: str, fmt: str) -> None:
    if kind not in SPECS_BY_NAME or fmt not in FORMATS or (kind == "funding-lines" and fmt != CSV):
        raise Http404


def _objects(user, kind: str):
    if kind == "partnerships":
        # Ordered by pk (the order they were entered): without an ORDER BY, PostgreSQL may list them in
        # any order, and a file exported twice would differ.
        parties = Party.objects.select_related("authority", "organization", "country").order_by("pk")
        partnerships = workspace_partnerships(user).order_by("pk")
        return partnerships.prefetch_related(Prefetch("parties", queryset=parties), "themes")
    projects = workspace_projects(user)
    if kind == "funding-lines":
        funding = Funding.objects.filter(project__in=projects.values("pk"))
        return funding.select_related("project", "funder_authority", "funder_organization").order_by("project", "pk")
    participants = Participant.objects.select_related("authority", "organization").order_by("pk")
    queryset = projects.select_related("lead_authority", "partnership").order_by("pk")
    return queryset.prefetch_related(Prefetch("participants", queryset=participants), "themes")


@login_required
def index(request):
    context = {
        "kinds": [
            {"key": kind, "title": KIND_TITLES[kind], "may_import": can_import_spreadsheet(request.user, kind)}
            for kind in ("partnerships", "projects")
        ]
    }
    return render(request, "workspace/imports/tabular/index.html", context)


@login_required
def template(request, kind: str, fmt: str):
    """An empty spreadsheet: the header, and in XLSX the Columns and Codes sheets."""
    _kind_or_404(kind, fmt)
    if fmt == CSV:
        return _download(csv_bytes(SPECS_BY_NAME[kind]), f"{kind}-template", fmt)
    return _download(xlsx_bytes(SHEETS[kind]), f"{kind}-template", fmt)


@login_required
def export(request, kind: str, fmt: str):
    """The user's partnerships or projects in the template's format, ready to edit and upload again."""
    _kind_or_404(kind, fmt)
    if fmt == CSV:
        return _download(csv_bytes(SPECS_BY_NAME[kind], _objects(request.user, kind)), kind, fmt)
    objects = [_objects(request.user, kind)] + ([_objects(request.user, "funding-lines")] if kind == "projects" else [])
    return _download(xlsx_bytes(SHEETS[kind], objects), kind, fmt)


def _sheets(kind: str, data: bytes, file_type: str, funding_data: bytes | None) -> dict:
    specs = SHEETS[kind]
    if file_type == CSV:
        sheets = {specs[0].name: read_csv(data, specs[0])}
        if funding_data is not None:
            sheets[FUNDING_LINES.name] = read_csv(funding_data, FUNDING_LINES)
        return sheets
    return read_xlsx(data, specs)


def _importable(request, kind: str) -> None:
    if kind not in SHEETS:
        raise Http404
    if not can_import_spreadsheet(request.user, kind):
        raise PermissionDenied


def _store(data: bytes, extension: str) -> list[str]:
    path = default_storage.save(f"{FOLDER}/{uuid.uuid4().hex}.{extension}", ContentFile(data))
    return [path, hashlib.sha256(data).hexdigest()]


@login_required
def upload(request, kind: str):
    """Step 1: check every row (a dry run through the services); nothing is written."""
    _importable(request, kind)
    form = SpreadsheetUploadForm(request.POST or None, request.FILES or None, kind=kind)
    context = {"form": form, "kind": kind, "title": KIND_TITLES[kind]}
    if request.method == "POST" and form.is_valid():
        funding_data = getattr(form, "funding_data", None)
        try:
            sheets = _sheets(kind, form.file_data, form.file_type, funding_data)
        except ValidationError as error:
            form.add_error("file", error)
            return render(request, "workspace/imports/tabular/upload.html", context)
        mode = form.cleaned_data["mode"]
        report = run_import(kind=kind, mode=mode, sheets=sheets, author=request.user, commit=False)
        context.update(report=report, mode=mode, step="check")
        if report.ok:
            payload = {"user": request.user.pk, "kind": kind, "mode": mode}
            payload["file"] = _store(form.file_data, form.file_type) + [form.file_type]
            payload["funding"] = _store(funding_data, CSV) if funding_data is not None else None
            context["token"] = signing.dumps(payload, salt=TOKEN_SALT)
        return render(request, "workspace/imports/tabular/result.html", context)
    return render(request, "workspace/imports/tabular/upload.html", context)


def _stored(entry) -> bytes:
    path, digest = entry[0], entry[1]
    if not path.startswith(f"{FOLDER}/") or not default_storage.exists(path):
        raise ValidationError(_("The checked file is no longer kept: upload it again."))
    with default_storage.open(path, "rb") as stored:
        data = stored.read()
    if hashlib.sha256(data).hexdigest() != digest:
        raise ValidationError(_("The checked file was changed: upload it again."))
    return data


@login_required
@require_POST
def confirm(request, kind: str):
    """Step 2: check every row again and write them all in one transaction — or nothing if a row fails."""
    _importable(request, kind)
    form = SpreadsheetUploadForm(kind=kind)
    context = {"kind": kind, "title": KIND_TITLES[kind], "form": form}
    try:
        payload = signing.loads(request.POST.get("token", ""), salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
        if payload["user"] != request.user.pk or payload["kind"] != kind:
            raise signing.BadSignature
        data = _stored(payload["file"])
        funding_data = _stored(payload["funding"]) if payload["funding"] else None
        sheets = _sheets(kind, data, spreadsheet_type(data), funding_data)
    except signing.BadSignature:
        context["expired"] = True
        return render(request, "workspace/imports/tabular/upload.html", context, status=400)
    except ValidationError as error:
        form.add_error(None, error)
        return render(request, "workspace/imports/tabular/upload.html", context, status=400)
    report = run_import(kind=kind, mode=payload["mode"], sheets=sheets, author=request.user, commit=True)
    if report.ok:
        for entry in (payload["file"], payload["funding"]):
            if entry:
                default_storage.delete(entry[0])
    context.update(report=report, mode=payload["mode"], step="done" if report.ok else "check")
    return render(request, "workspace/imports/tabular/result.html", context)
