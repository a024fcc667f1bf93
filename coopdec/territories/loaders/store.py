"""Bulk, idempotent writes of reference authorities: insert new codes, update only the rows that changed.

Works the same on SQLite and PostgreSQL: the existing rows are read once into a dict keyed by code,
so no database-specific upsert is needed, and a second run with unchanged data writes nothing.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from tqdm import tqdm

from ..models import Authority

# The fields a loader owns; ``status`` and anything a coordinator edits elsewhere are left alone.
LOADED_FIELDS = (
    "name",
    "official_name",
    "country_id",
    "level",
    "kind",
    "local_kind_label",
    "parent_id",
    "insee_code",
    "siren",
    "iso_code",
    "geonames_id",
    "population",
    "latitude",
    "longitude",
    "is_french",
    "alternate_names",
    "search_text",
)
DEFAULTS = {
    "official_name": "",
    "local_kind_label": "",
    "insee_code": "",
    "siren": "",
    "iso_code": "",
    "geonames_id": None,
    "population": None,
    "latitude": None,
    "longitude": None,
    "is_french": False,
    "alternate_names": "",
}
BATCH_SIZE = 500


@dataclass
class SyncResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"


def join_names(names: Iterable[str], *, exclude: Iterable[str] = (), limit: int = 1000) -> str:
    """One name per line, without duplicates (accents and case count) nor the excluded names, capped in length."""
    seen = set(exclude)
    kept: list[str] = []
    length = 0
    for name in names:
        name = " ".join(name.split())
        if not name or name in seen:
            continue
        if length + len(name) + 1 > limit:
            break
        seen.add(name)
        kept.append(name)
        length += len(name) + 1
    return "\n".join(kept)


def build_row(record: dict, code_ids: dict[str, int]) -> dict:
    """The stored values of one record: defaults filled, parent code resolved, search text computed."""
    row = {**DEFAULTS, **record}
    parent_code = row.pop("parent_code", None)
    row["parent_id"] = code_ids.get(parent_code) if parent_code else None
    for field in ("latitude", "longitude"):
        if row[field] is not None:
            row[field] = round(float(row[field]), 6)
    # Authority.save() would compute it, but bulk writes bypass save().
    row["search_text"] = Authority(
        name=row["name"],
        official_name=row["official_name"],
        alternate_names=row["alternate_names"],
        insee_code=row["insee_code"],
        iso_code=row["iso_code"],
    ).build_search_text()
    return row


def sync_authorities(records: list[dict], *, label: str, show_progress: bool = True) -> SyncResult:
    """Create or update authorities from records (``code``, field values and an optional ``parent_code``).

    Parents must already be stored (load higher tiers first). Runs inside the caller's transaction.
    """
    code_ids = dict(Authority.objects.values_list("code", "id"))
    codes = {record["code"] for record in records}
    # One pass over the table beats a code IN (...) list that SQLite caps at a few thousand parameters.
    existing = {
        row["code"]: row for row in Authority.objects.values("id", "code", *LOADED_FIELDS) if row["code"] in codes
    }
    result = SyncResult()
    to_create: list[Authority] = []
    to_update: list[Authority] = []
    changed_fields: set[str] = set()
    for record in tqdm(records, desc=label, unit=" rows", disable=not show_progress, leave=False):
        row = build_row(record, code_ids)
        current = existing.get(row["code"])
        if current is None:
            to_create.append(Authority(**row))
            continue
        changes = {field for field in LOADED_FIELDS if current[field] != row[field]}
        if not changes:
            result.unchanged += 1
            continue
        changed_fields |= changes
        to_update.append(Authority(id=current["id"], **row))
    Authority.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
    if to_update:
        Authority.objects.bulk_update(to_update, sorted(changed_fields), batch_size=BATCH_SIZE)
    result.created = len(to_create)
    result.updated = len(to_update)
    return result
