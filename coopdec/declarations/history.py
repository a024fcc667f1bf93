"""What changed between two submitted versions of a declaration: lines added, removed, changed field by field."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .models import DeclarationLine, DeclarationVersion

# The fields of a line compared, in the order a reader goes through them.
COMPARED_FIELDS = (
    "description",
    "recipient",
    "country",
    "purpose_code",
    "aid_type",
    "channel_code",
    "flow_type",
    "finance_type",
    "value_date",
    "original_amount",
    "original_currency",
    "amount_eur",
    "is_oda",
)


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: Any
    after: Any


@dataclass(frozen=True)
class LineChange:
    before: DeclarationLine
    after: DeclarationLine
    fields: list[FieldChange]


@dataclass
class Comparison:
    """Version ``before`` against version ``after``: lines only in one of them, lines in both that differ."""

    before: DeclarationVersion
    after: DeclarationVersion
    added: list[DeclarationLine] = field(default_factory=list)
    removed: list[DeclarationLine] = field(default_factory=list)
    changed: list[LineChange] = field(default_factory=list)

    @property
    def total_before(self) -> Decimal:
        return self.before.total

    @property
    def total_after(self) -> Decimal:
        return self.after.total

    @property
    def oda_before(self) -> Decimal:
        return self.before.oda_total

    @property
    def oda_after(self) -> Decimal:
        return self.after.oda_total

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


def line_key(line: DeclarationLine) -> tuple[str, int]:
    """What a line is across versions: its disbursement or contribution when it has one, else its place in the
    working copy (a version's lines are copies of the working lines, whose positions never change)."""
    if line.disbursement_id:
        return ("disbursement", line.disbursement_id)
    if line.contribution_id:
        return ("contribution", line.contribution_id)
    return ("position", line.position)


def _value(line: DeclarationLine, name: str) -> Any:
    return line.country_id if name == "country" else getattr(line, name)


def field_changes(before: DeclarationLine, after: DeclarationLine) -> list[FieldChange]:
    return [
        FieldChange(name, _value(before, name), _value(after, name))
        for name in COMPARED_FIELDS
        if _value(before, name) != _value(after, name)
    ]


def _by_key(lines: Iterable[DeclarationLine]) -> dict[tuple[str, int], list[DeclarationLine]]:
    found: dict[tuple[str, int], list[DeclarationLine]] = defaultdict(list)
    for line in lines:
        if not line.removed:  # a line taken out of the totals is, for the reader, no longer declared
            found[line_key(line)].append(line)
    return found


def _lines(version: DeclarationVersion) -> list[DeclarationLine]:
    return list(version.lines.select_related("country").order_by("position", "pk"))


def compare_versions(before: DeclarationVersion, after: DeclarationVersion) -> Comparison:
    """Compare two versions of the same declaration (two queries)."""
    if before.declaration_id != after.declaration_id:
        raise ValueError("two versions of the same declaration are compared")
    comparison = Comparison(before=before, after=after)
    old, new = _by_key(_lines(before)), _by_key(_lines(after))
    for key in sorted(set(old) | set(new)):
        olds, news = old.get(key, []), new.get(key, [])
        for previous, current in zip(olds, news, strict=False):
            changes = field_changes(previous, current)
            if changes:
                comparison.changed.append(LineChange(previous, current, changes))
        comparison.removed += olds[len(news) :]
        comparison.added += news[len(olds) :]
    comparison.added.sort(key=lambda line: (line.position, line.pk))
    comparison.removed.sort(key=lambda line: (line.position, line.pk))
    comparison.changed.sort(key=lambda change: (change.after.position, change.after.pk))
    return comparison
