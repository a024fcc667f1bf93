"""What an import found: the errors and warnings by sheet, row and column, and the counts per sheet."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class RowError:
    sheet: str
    row: int
    column: str
    message: str


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0


@dataclass
class Report:
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    counts: dict[str, Counts] = field(default_factory=dict)

    def count(self, sheet: str) -> Counts:
        return self.counts.setdefault(sheet, Counts())

    @property
    def totals(self) -> list[tuple[str, Counts]]:
        """For templates (which would read ``counts.items`` as a key)."""
        return list(self.counts.items())

    @property
    def ok(self) -> bool:
        return not self.errors


class RowFailed(Exception):
    """Raised once a row's errors are recorded: its savepoint is rolled back and the import goes on."""
