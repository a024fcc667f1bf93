"""Write the spreadsheets — empty templates and exports share one format, so a download can be edited and re-uploaded.

XLSX: the data sheets, a "Columns" sheet (label, required, format, allowed values with their labels in
the reader's language) and a "Codes" sheet that feeds the drop-down lists of the choice columns.
CSV: one file per sheet, UTF-8 with a byte-order mark so that spreadsheet programs read accents.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal

from django.utils.encoding import force_str
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from coopdec.themes.models import Theme

from .columns import CHOICE, FORMAT_HELP, SheetColumn, SheetSpec

# Rows of a template or an export that get the choice columns' drop-down lists.
VALIDATED_ROWS = 5_000


def cell_value(value):
    """Numbers and dates stay typed (XLSX keeps them as such); ``None`` becomes an empty cell."""
    if value is None:
        return ""
    if isinstance(value, (int, float, Decimal, date, datetime)) and not isinstance(value, bool):
        return value
    return force_str(value)


def _csv_cell(value) -> str:
    value = cell_value(value)
    return value.isoformat() if isinstance(value, date) else force_str(value)


def csv_bytes(spec: SheetSpec, objects: Iterable = ()) -> bytes:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow([column.key for column in spec.columns])
    for obj in objects:
        writer.writerow([_csv_cell(column.value(obj)) for column in spec.columns])
    return buffer.getvalue().encode("utf-8")


def _allowed_text(column: SheetColumn) -> str:
    return "\n".join(f"{code} = {label}" for code, label in column.allowed())


def _columns_sheet(workbook: Workbook, specs: Sequence[SheetSpec]) -> None:
    sheet = workbook.create_sheet("Columns")
    sheet.append([_("Sheet"), _("Column"), _("Label"), _("Required"), _("Format"), _("Allowed values"), _("Notes")])
    for spec in specs:
        for column in spec.columns:
            required = _("yes") if column.required else _("no")
            kind = _("read only") if column.read_only else force_str(FORMAT_HELP[column.kind])
            sheet.append(
                [
                    spec.name,
                    column.key,
                    force_str(column.label),
                    required,
                    kind,
                    _allowed_text(column),
                    force_str(column.help),
                ]
            )
    for letter, width in zip("ABCDEFG", (14, 20, 30, 10, 50, 45, 60), strict=True):
        sheet.column_dimensions[letter].width = width
    for cell in sheet[1]:
        cell.font = Font(bold=True)


def _code_lists(specs: Sequence[SheetSpec]) -> list[tuple[str, list[tuple[str, str]]]]:
    lists, seen = [], set()
    for spec in specs:
        for column in spec.columns:
            if column.kind == CHOICE and column.key not in seen:
                seen.add(column.key)
                lists.append((column.key, column.allowed()))
    lists.append(("themes", [(theme.code, theme.label) for theme in Theme.objects.all()]))
    return lists


def _ranges(lists) -> dict[str, str]:
    """Where each list's codes sit on the Codes sheet (three columns per list: code, label, a gap)."""
    ranges = {}
    for position, (key, allowed) in enumerate(lists):
        letter = get_column_letter(1 + 3 * position)
        if allowed:
            ranges[key] = f"Codes!${letter}$2:${letter}${len(allowed) + 1}"
    return ranges


def _codes_sheet(workbook: Workbook, lists) -> None:
    """Each choice column's codes and labels (and the themes): what the drop-downs offer."""
    sheet = workbook.create_sheet("Codes")
    for position, (key, allowed) in enumerate(lists):
        code_column, label_column = 1 + 3 * position, 2 + 3 * position
        sheet.cell(row=1, column=code_column, value=key).font = Font(bold=True)
        sheet.cell(row=1, column=label_column, value=_("label")).font = Font(bold=True)
        for row, (code, label) in enumerate(allowed, start=2):
            sheet.cell(row=row, column=code_column, value=code)
            sheet.cell(row=row, column=label_column, value=label)
        sheet.column_dimensions[get_column_letter(label_column)].width = 36


def _data_sheet(workbook: Workbook, spec: SheetSpec, objects: Iterable, ranges: dict[str, str], first: bool) -> None:
    sheet = workbook.active if first else workbook.create_sheet()
    sheet.title = spec.name
    sheet.append([column.key for column in spec.columns])
    for index, column in enumerate(spec.columns, start=1):
        header = sheet.cell(row=1, column=index)
        header.font = Font(bold=True, italic=column.read_only)
        note = force_str(column.label) + (" *" if column.required else "")
        header.comment = Comment(note, "coopdec")
        sheet.column_dimensions[get_column_letter(index)].width = max(12, min(40, len(force_str(column.label)) + 4))
        if column.kind == CHOICE and column.key in ranges:
            validation = DataValidation(type="list", formula1=ranges[column.key], allow_blank=True)
            validation.error = _("Pick one of the codes of the list (see the Codes sheet).")
            validation.add(f"{get_column_letter(index)}2:{get_column_letter(index)}{VALIDATED_ROWS}")
            sheet.add_data_validation(validation)
    sheet.freeze_panes = "A2"
    for obj in objects:
        sheet.append([cell_value(column.value(obj)) for column in spec.columns])


def xlsx_bytes(specs: Sequence[SheetSpec], objects: Sequence[Iterable] | None = None) -> bytes:
    """A workbook with one data sheet per spec (filled with ``objects[i]``), then Columns and Codes."""
    workbook = Workbook()
    lists = _code_lists(specs)
    ranges = _ranges(lists)
    for index, spec in enumerate(specs):
        _data_sheet(workbook, spec, objects[index] if objects else (), ranges, first=index == 0)
    _columns_sheet(workbook, specs)
    _codes_sheet(workbook, lists)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
