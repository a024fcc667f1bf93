"""Imports IATI activity files into coopdec: matched on the IATI identifier, written in bulk, all or nothing.

Reference data (countries, authorities, organisations, themes) is read once into dictionaries, and
activities are written by batches, one ``executemany`` per table of plain value lists: no query per
activity, no model instance per row. Bulk writes skip the projects' change history (simple_history);
the import job and each project's ``ActivityRecord`` say where the data came from instead.

This module reads and decides (create, update, unchanged, skip); ``build`` makes an activity's rows
and ``store`` writes them. Files of some size are read by a second process (``pipeline``).
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable, Iterable
from contextlib import closing
from dataclasses import dataclass, field

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coopdec.projects.models import Project
from coopdec.territories.models import Authority

from ..enums import ImportMode, OnError
from .build import Reference, RowBuilder
from .pipeline import read_in_child
from .reader import Activity, FileRefused, Problem, iter_activities
from .store import RowWriter, _Table, content_hash

__all__ = ["BATCH", "ImportReport", "Importer", "Reference", "_Table", "content_hash"]

BATCH = 500


@dataclass
class ImportReport:
    """What an import did: counts, and the reason for every skipped activity and every reported code."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[dict] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)
    files: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "warnings": self.warnings,
            "files": self.files,
        }

    @property
    def ok(self) -> bool:
        """Every file was read and nothing was rolled back (skipped activities may remain, with ``--on-error skip``)."""
        return all(f["status"] == "imported" for f in self.files)

    def skip(self, activity: Activity, problem: Problem, source: str) -> None:
        self.skipped.append({"file": source, "identifier": activity.identifier, **problem.as_dict()})


class _Rollback(Exception):
    pass


class Importer(RowBuilder, RowWriter):
    """Imports one or more IATI files. ``authority`` holds the activities no known authority reports."""

    def __init__(
        self,
        *,
        mode: str = ImportMode.UPDATE,
        on_error: str = OnError.ROLLBACK,
        authority: Authority | None = None,
        job=None,
        batch_size: int = BATCH,
        pipeline: bool | None = None,
    ):
        self.mode = mode
        self.on_error = on_error
        self.holder_id = authority.pk if authority else None
        self.job = job
        self.batch_size = batch_size
        # True: files on disk are read by a second process; False: never; None: those of
        # settings.IATI_IMPORT_PIPELINE_MIN_BYTES or more (see pipeline.py).
        self.pipeline = pipeline
        self.folded: dict[str, str] = {}
        self.stats: dict = {}  # what the reading process measured, for the benchmark
        self.report = ImportReport()
        self.tables = None

    def run(self, sources: Iterable, *, on_read: Callable[[int], None] | None = None) -> ImportReport:
        self.reference = Reference()
        # An import makes millions of short-lived dicts and lists (one activity is a few hundred) and no
        # reference cycle; the cyclic collector's passes over them, and over everything else the process
        # holds, took about 40 % of its time. Reference counting frees them all the same: memory stays flat
        # (see test_import_memory_stays_flat_as_the_file_grows). The collector is process-wide, so another
        # thread runs without it meanwhile, which delays its cycles' collection but loses nothing.
        collecting = gc.isenabled()
        gc.disable()
        try:
            for source in sources:
                self.import_file(source, on_read=on_read)
        finally:
            if collecting:
                gc.enable()
        return self.report

    def import_file(self, source, *, on_read=None) -> None:
        name = str(getattr(source, "name", source))
        before = (self.report.created, self.report.updated, self.report.unchanged, len(self.report.skipped))
        self.seen: dict[str, int | None] = {}
        self.added_refs = []
        self.new_organizations = {}
        try:
            if self.on_error == OnError.ROLLBACK:
                with transaction.atomic():
                    self._read_and_write(source, name, on_read)
                    if len(self.report.skipped) > before[3]:
                        raise _Rollback
            else:
                self._read_and_write(source, name, on_read)
        except _Rollback:
            self._failed(before, name, "rolled back", _("Some activities failed: nothing from this file was imported."))
        except FileRefused as refusal:
            self._failed(before, name, "refused", str(refusal))
        except DatabaseError as error:
            self._failed(before, name, "rolled back", _("The database refused a write: %(error)s") % {"error": error})
        else:
            self.report.files.append({"file": name, "status": "imported", "message": ""})

    def _failed(self, before, name: str, status: str, message: str) -> None:
        """With ``rollback`` the file's counts are undone with its writes; with ``skip`` what was written stays."""
        if self.on_error == OnError.ROLLBACK:
            self.report.created, self.report.updated, self.report.unchanged = before[:3]
        self.report.files.append({"file": name, "status": status, "message": message})

    def _pipelined(self, source) -> bool:
        """Whether a second process reads the file: only a file on disk, and by default one of some size."""
        if self.pipeline is False or not isinstance(source, str | os.PathLike) or not sys.executable:
            return False  # a file object, or no interpreter to start (embedded Python)
        return bool(self.pipeline) or os.path.getsize(source) >= settings.IATI_IMPORT_PIPELINE_MIN_BYTES

    def _read_and_write(self, source, name: str, on_read) -> None:
        notes: list[str] = []
        if self._pipelined(source):
            activities = read_in_child(source, on_read=on_read, notes=notes, stats=self.stats)
        else:
            activities = iter_activities(source, on_read=on_read, notes=notes)
        with closing(activities):
            self._read_activities(activities, name, notes)

    def _read_activities(self, activities, name: str, notes: list[str]) -> None:
        batch: list[Activity] = []
        for activity in activities:
            while notes:
                self.report.warnings.append(
                    {"file": name, "identifier": "", "line": None, "element": "iati-activities", "message": notes.pop()}
                )
            for warning in activity.warnings:
                self.report.warnings.append({"file": name, "identifier": activity.identifier, **warning.as_dict()})
            if activity.errors:
                for problem in activity.errors:
                    self.report.skip(activity, problem, name)
                continue
            if activity.identifier in self.seen:
                first = self.seen[activity.identifier]
                self.report.skip(
                    activity,
                    Problem(activity.line, "iati-identifier", f"duplicate iati-identifier (first at line {first})"),
                    name,
                )
                continue
            self.seen[activity.identifier] = activity.line
            batch.append(activity)
            if len(batch) >= self.batch_size:
                self._write_batch(batch, name)
                batch = []
        if batch:
            self._write_batch(batch, name)

    # --- writing -------------------------------------------------------------------------------

    def _write_batch(self, batch: list[Activity], name: str) -> None:
        if self.on_error == OnError.ROLLBACK:
            self._write(batch, name)
            return
        self.added_refs = []
        try:
            with transaction.atomic():
                self._write(batch, name)
        except DatabaseError:
            for target, key in self.added_refs:  # organisations rolled back with the batch
                target.pop(key, None)
            self.added_refs = []
            # Find the culprits one by one, each in its own savepoint, and keep the others.
            for activity in batch:
                try:
                    with transaction.atomic():
                        self._write([activity], name)
                except DatabaseError as error:
                    self.report.skip(activity, Problem(activity.line, "iati-activity", f"database: {error}"), name)

    def _write(self, batch: list[Activity], name: str) -> None:
        existing = {
            identifier: (pk, fingerprint)
            for identifier, pk, fingerprint in Project.objects.filter(
                iati_identifier__in=[a.identifier for a in batch]
            ).values_list("iati_identifier", "pk", "iati_record__content_hash")
        }
        # Stored as the driver takes them, once per batch: every row of the batch carries the same time.
        self.now = connection.ops.adapt_datetimefield_value(timezone.now())
        self.dump = connection.ops.adapt_json_value
        planned = []
        for activity in batch:
            activity.hash = content_hash(activity.data)
            activity.project_pk = None
            if activity.identifier in existing:
                pk, fingerprint = existing[activity.identifier]
                if self.mode == ImportMode.CREATE:
                    self.report.skip(
                        activity,
                        Problem(activity.line, "iati-identifier", "already in coopdec (mode create keeps it as it is)"),
                        name,
                    )
                    continue
                if fingerprint == activity.hash:
                    self.report.unchanged += 1
                    continue
                activity.project_pk = pk
            built = self._build(activity, name)
            if built is not None:
                planned.append((activity, built))
        self._flush_organizations()
        self._store(planned)
