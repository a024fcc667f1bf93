"""Imports IATI activity files into coopdec: matched on the IATI identifier, written in bulk, all or nothing.

Reference data (countries, authorities, organisations, themes) is read once into dictionaries, and
activities are written by batches, one ``executemany`` per table of plain value lists: no query per
activity, no model instance per row. Bulk writes skip the projects' change history (simple_history);
the import job and each project's ``ActivityRecord`` say where the data came from instead.
"""

from __future__ import annotations

import gc
import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coopdec.lib.money import validate_currency
from coopdec.lib.text import fold
from coopdec.organizations.models import Organization
from coopdec.partnerships.enums import Visibility
from coopdec.projects.enums import ONE_PERCENT_INSTRUMENTS, Instrument, ParticipantRole, ProjectKind
from coopdec.projects.models import Disbursement, Funding, Participant, Place, Project, Result
from coopdec.territories.models import Authority, Country
from coopdec.themes.models import Theme

from ..enums import ImportMode, OnError
from ..models import ActivityRecord, IatiPublisher, ImportedOrganization
from .codes import DAC_VOCABULARY, DEFAULT_ORG_KIND, ORG_KIND
from .identifiers import FR_RCS, PRIVATE
from .reader import Activity, FileRefused, Problem, iter_activities

BATCH = 500
CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("1e14")
KINDS = set(ProjectKind.values)
INSTRUMENTS = set(Instrument.values)
ROLES = set(ParticipantRole.values)
LANGUAGE_MAX = 10


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


def _money(value: str) -> Decimal:
    amount = Decimal(value).quantize(CENT, ROUND_HALF_UP)
    if abs(amount) >= MAX_AMOUNT:
        raise ValueError(value)
    return amount


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


class Reference:
    """The reference data an import matches against, read once."""

    def __init__(self):
        self.countries = set(Country.objects.values_list("code", flat=True))
        self.authority_by_code, self.authority_by_iso, self.authority_by_geonames = {}, {}, {}
        self.authority_by_siren, self.authority_by_name = {}, {}
        for pk, code, iso, geonames, siren, country, name in Authority.objects.values_list(
            "pk", "code", "iso_code", "geonames_id", "siren", "country_id", "name"
        ).iterator(chunk_size=5000):
            self.authority_by_code[code] = pk
            if iso:
                self.authority_by_iso[iso.upper()] = pk
            if geonames:
                self.authority_by_geonames[str(geonames)] = pk
            if siren:
                self.authority_by_siren[siren] = pk
            key = (country, fold(name))
            # An ambiguous name matches nothing rather than the wrong authority.
            self.authority_by_name[key] = None if key in self.authority_by_name else pk
        self.publisher = dict(IatiPublisher.objects.values_list("org_ref", "authority_id"))
        self.organization_by_ref = dict(Organization.objects.exclude(iati_ref="").values_list("iati_ref", "pk"))
        self.organization_by_name = {}
        for pk, name in Organization.objects.filter(iati_ref="").values_list("pk", "name").iterator(chunk_size=5000):
            self.organization_by_name.setdefault(fold(name), pk)
        self.theme_by_code = dict(Theme.objects.values_list("code", "pk"))
        self.themes_by_dac: dict[str, list[int]] = {}
        for pk, codes in Theme.objects.values_list("pk", "dac_codes"):
            for code in codes:
                self.themes_by_dac.setdefault(str(code), []).append(pk)

    def authority_of_ref(self, ref: str) -> int | None:
        if not ref:
            return None
        if ref in self.publisher:
            return self.publisher[ref]
        if ref.startswith(FR_RCS):
            return self.authority_by_siren.get(ref[len(FR_RCS) :])
        if ref.startswith(PRIVATE):
            return self.authority_by_code.get(ref[len(PRIVATE) :])
        return None


class Importer:
    """Imports one or more IATI files. ``authority`` holds the activities no known authority reports."""

    def __init__(
        self,
        *,
        mode: str = ImportMode.UPDATE,
        on_error: str = OnError.ROLLBACK,
        authority: Authority | None = None,
        job=None,
        batch_size: int = BATCH,
    ):
        self.mode = mode
        self.on_error = on_error
        self.holder_id = authority.pk if authority else None
        self.job = job
        self.batch_size = batch_size
        self.report = ImportReport()
        self.reference: Reference | None = None
        self.tables: dict[str, _Table] | None = None

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
        self.added_refs: list[tuple[dict, str]] = []
        self.new_organizations: dict[tuple[str, str], Organization] = {}
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

    def _read_and_write(self, source, name: str, on_read) -> None:
        batch: list[Activity] = []
        notes: list[str] = []
        for activity in iter_activities(source, on_read=on_read, notes=notes):
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
        self.added_refs: list[tuple[dict, str]] = []
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

    def _build(self, activity: Activity, name: str):
        """The rows of one activity as lists of column values, its references resolved; ``None`` (and a skip) when it
        cannot be stored. Cheap checks stand in for ``full_clean``: each value is checked or bounded as it is read."""
        data, ref, dump = activity.data, self.reference, self.dump
        warnings: list[Problem] = []

        def warn(element: str, message: str) -> None:
            warnings.append(Problem(activity.line, element, message))

        lead_id = ref.authority_by_code.get(data["lead"]) or ref.authority_of_ref(data["reporting_org"]["ref"])
        if lead_id is None:
            for participant in data["participants"]:
                if participant["role"] == ParticipantRole.LEAD:
                    lead_id = ref.authority_of_ref(participant["ref"])
                    if lead_id:
                        break
        lead_id = lead_id or self.holder_id
        if lead_id is None and activity.project_pk is None:
            self.report.skip(
                activity,
                Problem(
                    activity.line,
                    "reporting-org",
                    f"reporting organisation {data['reporting_org']['ref']!r} is no authority known to coopdec, "
                    "and no holding authority was chosen (--authority)",
                ),
                name,
            )
            return None
        currency = data["currency"] or next((f["currency"] for f in data["fundings"]), "") or "EUR"
        try:
            validate_currency(currency)
        except ValidationError:
            self.report.skip(
                activity, Problem(activity.line, "default-currency", f"unknown currency {currency!r}"), name
            )
            return None
        try:
            budget = self._budget(data, currency)
            fundings = [self._funding(f, warn) for f in data["fundings"]]
            disbursements = []
            for d in data["disbursements"]:
                validate_currency(d["currency"])
                disbursements.append([None, d["year"], _money(d["amount"]), d["currency"], d["paid_on"]])
            results = [
                [
                    None,
                    r["indicator"],
                    r["unit"][:50],
                    r["baseline"] and _money(r["baseline"]),
                    r["target"] and _money(r["target"]),
                    r["achieved"] and _money(r["achieved"]),
                    r["year"],
                ]
                for r in data["results"]
            ]
        except (ValueError, ArithmeticError) as error:
            self.report.skip(activity, Problem(activity.line, "value", f"amount out of range: {error}"), name)
            return None
        except ValidationError as error:
            self.report.skip(activity, Problem(activity.line, "transaction/value", " ".join(error.messages)), name)
            return None
        language = data["language"] if len(data["language"]) <= LANGUAGE_MAX else "en"
        kind = (
            data["kind"]
            if data["kind"] in KINDS
            else (ProjectKind.EMERGENCY_HUMANITARIAN if data["humanitarian"] else ProjectKind.DEVELOPMENT)
        )
        project = {
            "title": data["title"],
            "description": data["description"],
            "language": language,
            "translations": data["translations"],
            "lead_authority_id": lead_id,
            "kind": kind,
            "status": data["status"],
            "planned_start": data["planned_start"],
            "planned_end": data["planned_end"],
            "actual_start": data["actual_start"],
            "actual_end": data["actual_end"],
            "budget": budget,
            "currency": currency,
            "iati_identifier": data["identifier"],
            "visibility": Visibility.PUBLIC,
        }
        participants = self._participants(data, warn)
        places, unmatched = self._places(data, warn)
        theme_ids = [ref.theme_by_code[c] for c in data["themes"] if c in ref.theme_by_code]
        for code in data["themes"]:
            if code not in ref.theme_by_code:
                warn("sector", f"theme {code!r} unknown to this platform: not carried")
        if not data["themes"]:
            for sector in data["sectors"]:
                if sector["vocabulary"] in ("", DAC_VOCABULARY):
                    theme_ids.extend(ref.themes_by_dac.get(sector["code"], []))
        reporting = data["reporting_org"]
        record = [
            None,
            reporting["ref"][:200],
            reporting["type"][:3],
            reporting["name"][:300],
            data["hierarchy"][:5],
            data["humanitarian"],
            data["last_updated"][:40],
            data["collaboration_type"][:5],
            data["default_flow_type"][:5],
            data["default_finance_type"][:5],
            data["default_tied_status"][:5],
            *(dump(data[key], None) for key in RECORD_JSON),
            dump(unmatched, None),
            activity.hash,
            self.job.pk if self.job is not None else None,
            self.now,
        ]
        for warning in warnings:
            self.report.warnings.append({"file": name, "identifier": activity.identifier, **warning.as_dict()})
        return {
            "project": project,
            "participants": participants,
            "places": places,
            "fundings": fundings,
            "disbursements": disbursements,
            "results": results,
            "themes": list(dict.fromkeys(theme_ids)),
            "record": record,
        }

    def _budget(self, data: dict, currency: str) -> Decimal | None:
        budgets = [b for b in data["budgets"] if (b["currency"] or currency) == currency]
        if not budgets:
            return None
        revised = [b for b in budgets if b["type"] == "2"]
        total = sum((Decimal(b["value"]) for b in (revised or budgets)), Decimal(0))
        return _money(str(total)) if total >= 0 else None

    def _funding(self, line: dict, warn) -> list:
        funder_authority = funder_organization = None
        if line["provider"]:
            kind, pk = self._entity(line["provider"], warn)
            funder_authority, funder_organization = (pk, None) if kind == "authority" else (None, pk)
        instrument = line["instrument"] if line["instrument"] in INSTRUMENTS else Instrument.OTHER
        if instrument in ONE_PERCENT_INSTRUMENTS and not (funder_authority and line["year"]):
            warn("transaction", f"{instrument} line without a funding authority and a year: counted as 'other'")
            instrument = Instrument.OTHER
        validate_currency(line["currency"])
        # funder_organization may be an Organization created in bulk just before the rows are stored.
        return [
            None,
            funder_authority,
            funder_organization,
            instrument,
            _money(line["amount"]),
            line["currency"],
            line["in_kind"],
            line["value_date"],
            line["year"],
        ]

    def _entity(self, org: dict, warn):
        """``("authority", pk)`` or ``("organization", pk or new Organization)`` for an IATI organisation."""
        ref = self.reference
        authority = ref.authority_of_ref(org["ref"])
        if authority:
            return "authority", authority
        if org["ref"]:
            if org["ref"] in ref.organization_by_ref:
                return "organization", ref.organization_by_ref[org["ref"]]
            key = ("ref", org["ref"])
        else:
            folded = fold(org["name"])
            if folded in ref.organization_by_name:
                return "organization", ref.organization_by_name[folded]
            key = ("name", folded)
        if key not in self.new_organizations:
            self.new_organizations[key] = Organization(
                name=(org["name"] or org["ref"])[:255],
                kind=ORG_KIND.get(org["type"], DEFAULT_ORG_KIND),
                iati_ref=org["ref"][:100],
                search_text=fold(org["name"] or org["ref"]),
            )
        return "organization", self.new_organizations[key]

    def _participants(self, data: dict, warn) -> list[list]:
        participants, seen = [], set()
        for org in data["participants"]:
            if not (org["ref"] or org["name"]):
                warn("participating-org", "organisation without identifier nor name: not carried")
                continue
            role = org["role"] if org["role"] in ROLES else ParticipantRole.PARTNER
            kind, entity = self._entity(org, warn)
            key = (kind, id(entity) if isinstance(entity, Organization) else entity, role)
            if key in seen:
                continue
            seen.add(key)
            if kind == "authority":
                participants.append([None, entity, None, role])
            else:
                participants.append([None, None, entity, role])
        return participants

    def _places(self, data: dict, warn) -> tuple[list[list], list[dict]]:
        ref = self.reference
        places, unmatched = [], []
        for country in data["recipient_countries"]:
            if country["code"] in ref.countries:
                places.append([None, None, country["code"], "", None, None])
            else:
                unmatched.append({"element": "recipient-country", "code": country["code"]})
                warn("recipient-country", f"country {country['code']!r} is not in the reference data: kept aside")
        single_country = data["recipient_countries"][0]["code"] if len(data["recipient_countries"]) == 1 else None
        for location in data["locations"]:
            country = location["country"] if location["country"] in ref.countries else None
            authority = (
                ref.authority_by_code.get(location["ref"])
                or ref.authority_by_iso.get(location["ref"].upper())
                or ref.authority_by_geonames.get(location["geonames"])
            )
            if authority is None and location["name"] and (country or single_country):
                authority = ref.authority_by_name.get((country or single_country, fold(location["name"])))
            name = location["name"]
            if authority is not None and not location["named"] and location["ref"] in ref.authority_by_code:
                name = ""  # coopdec wrote the authority's own name
            if authority is None and location["lat"] is None and country is None:
                unmatched.append({"element": "location", **{k: location[k] for k in ("ref", "name", "geonames")}})
                warn("location", f"location {location['name'] or location['ref']!r} matches no place: kept aside")
                continue
            places.append([None, authority, country, name, location["lat"], location["lon"]])
        return places, unmatched

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
            rows = []
            for _activity, built in creates:
                values = built["project"]
                values["translations"] = dump(values["translations"], None)
                values["created_at"] = values["updated_at"] = self.now
                rows.append([values[column] for column in PROJECT_COLUMNS])
            tables["project"].insert(rows)
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
        rows = {key: [] for key in CHILD_COLUMNS}
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
            for column in [meta.get_field(name).column]
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
