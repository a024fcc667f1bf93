"""How the importer stores an activity's rows: one ``executemany`` (SQLite) or ``COPY`` (PostgreSQL) per table.

The rows are lists of column values built by ``build.RowBuilder``; new organisations go first (rows
point at them), then the projects (their new keys read back by identifier), then every child table.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db import connection
from django.db.models import Field

from coopdec.organizations.models import Organization
from coopdec.projects.models import Disbursement, Funding, Participant, Place, Project, Result

from ..enums import ImportMode
from ..models import ActivityRecord, ImportedOrganization
from .state import ImportState


class _Table:
    """One table's ``INSERT`` for rows given as lists of values in the order of ``attnames``: one ``executemany``.

    An import's rows (about fifteen per activity) skip Django's per-value machinery — model instances,
    ``get_db_prep_save``: building them cost more than storing them. So the caller hands values in the
    form the driver stores: text, numbers, ``Decimal``, ISO dates, JSON through ``adapt_json_value``.
    A field it does not name takes its default, which must then be a constant.
    """

    def __init__(self, model, attnames: list[str]):
        meta = model._meta
        named = [meta.get_field(attname) for attname in attnames]
        others = [f for f in meta.concrete_fields if not f.primary_key and f not in named]
        self.constants = []
        for f in others:
            if (
                (f.has_default() and callable(f.default))
                or getattr(f, "auto_now", False)
                or getattr(f, "auto_now_add", False)
            ):
                raise TypeError(f"{meta.label}.{f.name} has no constant default: the IATI importer must set it")
            self.constants.append(f.get_db_prep_save(f.get_default(), connection))
        quote = connection.ops.quote_name
        columns = [quote(f.column) for f in named + others]
        self.sql = "INSERT INTO {} ({}) VALUES ({})".format(
            quote(meta.db_table), ", ".join(columns), ", ".join(["%s"] * len(columns))
        )
        self.copy_sql = "COPY {} ({}) FROM STDIN".format(quote(meta.db_table), ", ".join(columns))

    def insert(self, rows: list[list]) -> None:
        if not rows:
            return
        if self.constants:
            for row in rows:
                row.extend(self.constants)
        with connection.cursor() as cursor:
            driver_cursor = cursor.cursor
            if connection.vendor == "postgresql" and hasattr(driver_cursor, "copy"):
                # psycopg 3's executemany sends one INSERT per row, quoted on the client: COPY streams
                # them all (the whole import took half the time). Such a write is not in connection.queries.
                # Refusals still surface as Django's DatabaseError, which the importer catches.
                with connection.wrap_database_errors, driver_cursor.copy(self.copy_sql) as copy:
                    for row in rows:
                        copy.write_row(row)
                return
            for start in range(0, len(rows), 2000):
                cursor.executemany(self.sql, rows[start : start + 2000])


# Column orders of the rows ``Importer._build`` makes; the project's key comes first, filled in ``_store``.

PROJECT_COLUMNS = [
    "title",
    "description",
    "language",
    "translations",
    "lead_authority_id",
    "kind",
    "status",
    "planned_start",
    "planned_end",
    "actual_start",
    "actual_end",
    "budget",
    "currency",
    "iati_identifier",
    "visibility",
    "created_at",
    "updated_at",
]
CHILD_COLUMNS = {
    "participants": (Participant, ["project_id", "authority_id", "organization_id", "role"]),
    "places": (Place, ["project_id", "authority_id", "country_id", "name", "latitude", "longitude"]),
    "fundings": (
        Funding,
        [
            "project_id",
            "funder_authority_id",
            "funder_organization_id",
            "instrument",
            "amount",
            "currency",
            "in_kind",
            "value_date",
            "year",
        ],
    ),
    "disbursements": (Disbursement, ["project_id", "year", "amount", "currency", "paid_on"]),
    "results": (Result, ["project_id", "indicator", "unit", "baseline", "target", "achieved", "year"]),
    "themes": (Project.themes.through, ["project_id", "theme_id"]),
    "record": (
        ActivityRecord,
        [
            "project_id",
            "reporting_org_ref",
            "reporting_org_type",
            "reporting_org_name",
            "hierarchy",
            "humanitarian",
            "last_updated",
            "collaboration_type",
            "default_flow_type",
            "default_finance_type",
            "default_tied_status",
            "default_aid_types",
            "descriptions",
            "sectors",
            "recipient_countries",
            "recipient_regions",
            "budgets",
            "other_transactions",
            "documents",
            "unmatched",
            "content_hash",
            "job_id",
            "imported_at",
        ],
    ),
}
RECORD_JSON = (
    "default_aid_types",
    "descriptions",
    "sectors",
    "recipient_countries",
    "recipient_regions",
    "budgets",
    "other_transactions",
    "documents",
)


def content_hash(data: dict) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def _column(name: str) -> str:
    """The database column of one of ``Project``'s own concrete fields."""
    field = Project._meta.get_field(name)
    assert isinstance(field, Field) and field.column, name
    return field.column


class RowWriter(ImportState):
    """The storing half of ``Importer`` (a mixin: it shares the importer's state)."""

    def _flush_organizations(self) -> None:
        if not self.new_organizations:
            return
        created = Organization.objects.bulk_create(list(self.new_organizations.values()))
        ImportedOrganization.objects.bulk_create([ImportedOrganization(organization=o, job=self.job) for o in created])
        for (kind, key), organization in self.new_organizations.items():
            target = self.reference.organization_by_ref if kind == "ref" else self.reference.organization_by_name
            target[key] = organization.pk
            self.added_refs.append((target, key))
        self.new_organizations = {}

    def _tables(self) -> dict[str, _Table]:
        # Built per import rather than at import time: the SQL depends on the connection's backend.
        if self.tables is None:
            self.tables = {key: _Table(model, columns) for key, (model, columns) in CHILD_COLUMNS.items()}
            self.tables["project"] = _Table(Project, PROJECT_COLUMNS)
        return self.tables

    def _store(self, planned) -> None:
        if not planned:
            return
        tables = self._tables()
        creates = [(a, b) for a, b in planned if a.project_pk is None]
        updates = [(a, b) for a, b in planned if a.project_pk is not None]
        if creates:
            dump = self.dump
            project_rows = []
            for _activity, built in creates:
                values = built["project"]
                values["translations"] = dump(values["translations"], None)
                values["created_at"] = values["updated_at"] = self.now
                project_rows.append([values[column] for column in PROJECT_COLUMNS])
            tables["project"].insert(project_rows)
            # The new keys, by identifier (unique): one query, on every backend.
            pk_of = dict(
                Project.objects.filter(iati_identifier__in=[a.identifier for a, _b in creates]).values_list(
                    "iati_identifier", "pk"
                )
            )
            for activity, _built in creates:
                activity.project_pk = pk_of[activity.identifier]
        if updates:
            self._prepare_updates(updates)
        rows: dict[str, list[list[Any]]] = {key: [] for key in CHILD_COLUMNS}
        for activity, built in planned:
            pk = activity.project_pk
            for key in ("participants", "places", "disbursements", "results"):
                for row in built[key]:
                    row[0] = pk
                rows[key].extend(built[key])
            for row in built["fundings"]:
                row[0] = pk
                if isinstance(row[2], Organization):
                    row[2] = row[2].pk
            rows["fundings"].extend(built["fundings"])
            for row in built["participants"]:
                if isinstance(row[2], Organization):
                    row[2] = row[2].pk
            built["record"][0] = pk
            rows["record"].append(built["record"])
            rows["themes"].extend([pk, theme] for theme in built["themes"])
        for key, table_rows in rows.items():
            tables[key].insert(table_rows)
        self.report.created += len(creates)
        self.report.updated += len(updates)

    def _prepare_updates(self, updates) -> None:
        """Existing projects take the file's values; their rows of every kind are replaced."""
        pks = [activity.project_pk for activity, _built in updates]
        fields = [
            "title",
            "description",
            "language",
            "translations",
            "status",
            "planned_start",
            "planned_end",
            "actual_start",
            "actual_end",
            "budget",
            "currency",
        ]
        if self.mode == ImportMode.REPLACE:
            fields += ["kind", "visibility", "lead_authority_id"]
        through = Project.themes.through
        kept_themes: dict[int, list[int]] = {}
        if self.mode == ImportMode.UPDATE:
            pairs = through.objects.filter(project_id__in=pks).values_list("project_id", "theme_id")
            for project_id, theme_id in pairs:
                kept_themes.setdefault(project_id, []).append(theme_id)
        rows = []
        for activity, built in updates:
            values = built["project"]
            values["translations"] = self.dump(values["translations"], None)
            rows.append([*(values[name] for name in fields), self.now, activity.project_pk])
            if self.mode == ImportMode.UPDATE and not activity.data["themes"]:
                built["themes"] = kept_themes.get(activity.project_pk, [])
        # One executemany rather than bulk_update, whose CASE … WHEN grows with the batch (and is split on SQLite).
        quote = connection.ops.quote_name
        meta = Project._meta
        assignments = [
            # A file whose lead is no known authority keeps the project's lead.
            f"{quote(column)} = COALESCE(%s, {quote(column)})"
            if name == "lead_authority_id"
            else f"{quote(column)} = %s"
            for name in [*fields, "updated_at"]
            for column in [_column(name)]
        ]
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {quote(meta.db_table)} SET {', '.join(assignments)} WHERE {quote(meta.pk.column)} = %s", rows
            )
        # The old rows go in one DELETE per table. QuerySet.delete() would fetch them first and let
        # simple_history write one historical row per deleted row: queries growing with the file, for
        # history that bulk writes do not keep. Only a disbursement can point at a funding line, and
        # the project's own go first; another project's keeps its line's SET_NULL.
        Disbursement.objects.filter(funding__project_id__in=pks).exclude(project_id__in=pks).update(funding=None)
        marks = ", ".join(["%s"] * len(pks))
        with connection.cursor() as cursor:
            for model in (Participant, Place, Disbursement, Funding, Result, ActivityRecord, through):
                table, column = quote(model._meta.db_table), quote(model._meta.get_field("project").column)
                cursor.execute(f"DELETE FROM {table} WHERE {column} IN ({marks})", pks)
