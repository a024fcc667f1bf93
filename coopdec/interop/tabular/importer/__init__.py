"""Import partnerships or projects from a spreadsheet: every row is written through the domain services.

The whole file runs in one transaction, each row in its own savepoint so that one failing row does
not hide the next one's errors. The dry run (``commit=False``) always rolls back: it shows exactly
what the services would refuse — their own messages — without writing anything. The confirmed run
does the same and keeps the writes only when no row failed. Rows whose values equal the data are
left alone (counted unchanged), so re-importing an export writes nothing.

The package: ``report`` (what the import found), ``base`` (modes, header check, the shared row reading and
the savepoint around each row's service calls), one module per sheet (``partnerships``, ``projects``,
``funding_lines``), and ``run_import`` here.
"""

from __future__ import annotations

from django.db import transaction

from ..files import Sheet
from .base import ADD, DEFAULTS, UPDATE, Importer, check_header
from .funding_lines import FundingLines
from .partnerships import PartnershipImporter
from .projects import ProjectImporter
from .report import Counts, Report, RowError, RowFailed

__all__ = [
    "ADD",
    "DEFAULTS",
    "UPDATE",
    "Counts",
    "FundingLines",
    "Importer",
    "PartnershipImporter",
    "ProjectImporter",
    "Report",
    "RowError",
    "RowFailed",
    "check_header",
    "run_import",
]


def run_import(*, kind: str, mode: str, sheets: dict[str, Sheet], author, commit: bool) -> Report:
    """Check (and, with ``commit`` and no error, write) every row of ``sheets``; the report says what happened."""
    report = Report()
    importer = PartnershipImporter if kind == "partnerships" else ProjectImporter
    for spec in importer.specs:
        if spec.name in sheets:
            check_header(sheets[spec.name], spec, mode, report)
    if report.errors:
        return report
    with transaction.atomic():
        importer(author=author, mode=mode, report=report).run(sheets)
        if not commit or report.errors:
            transaction.set_rollback(True)
    return report
