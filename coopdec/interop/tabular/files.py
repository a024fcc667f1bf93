"""Read an uploaded spreadsheet: its type checked by content (CSV text in UTF-8, or an XLSX workbook), then its rows.

A name says nothing about what a file holds: a CSV file is text that decodes as UTF-8 (with or
without a byte-order mark) and holds no NUL byte, its delimiter ``;`` or ``,`` read from the header
line; an XLSX workbook is a ZIP archive holding ``xl/workbook.xml``, refused when it would unpack to
an unreasonable size or carries macros. Anything else is refused before a row is read.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from coopdec.lib.uploads import MAX_EXPANSION, MAX_MEMBERS, max_upload_size

from .columns import SheetSpec

CSV, XLSX = "csv", "xlsx"
# A spreadsheet import is checked row by row before anything is written; past this, split the file.
MAX_ROWS = 5_000


@dataclass
class Sheet:
    """The rows of one sheet: ``{key: raw value}`` with the spreadsheet's row number (the header is row 1)."""

    name: str
    header: list[str] = field(default_factory=list)
    rows: list[tuple[int, dict]] = field(default_factory=list)


def _not_a_spreadsheet() -> ValidationError:
    return ValidationError(
        _("This file is neither a CSV file (UTF-8 text) nor an XLSX workbook (its content was checked, not its name)."),
        code="type",
    )


def check_size(size: int) -> None:
    if not size:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > max_upload_size():
        raise ValidationError(
            _("The file is too large (%(size)s): the limit is %(limit)s."),
            code="size",
            params={"size": filesizeformat(size), "limit": filesizeformat(max_upload_size())},
        )


def spreadsheet_type(data: bytes) -> str:
    """``"csv"`` or ``"xlsx"``, read from the bytes; ``ValidationError`` with a message otherwise."""
    check_size(len(data))
    if data.startswith(b"PK\x03\x04"):
        _check_workbook(data)
        return XLSX
    if b"\x00" in data:
        raise _not_a_spreadsheet()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        raise ValidationError(
            _("This CSV file is not in UTF-8: save it as “CSV UTF-8” and upload it again."), code="encoding"
        ) from None
    return CSV


def _check_workbook(data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _not_a_spreadsheet() from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_MEMBERS or sum(info.file_size for info in infos) > MAX_EXPANSION * max_upload_size():
            raise ValidationError(_("This archive would unpack to an unreasonable size: it is refused."), "expansion")
        names = {info.filename.lower() for info in infos}
        if "xl/workbook.xml" not in names:
            raise _not_a_spreadsheet()
        if any(name.endswith("vbaproject.bin") for name in names):
            raise ValidationError(_("Workbooks with macros are refused: save it as a plain .xlsx workbook."), "macros")


def _key(cell) -> str:
    return str(cell).strip().lower() if cell is not None else ""


def _is_blank(values: Sequence) -> bool:
    return all(value is None or (isinstance(value, str) and not value.strip()) for value in values)


def _sheet_of(name: str, lines) -> Sheet:
    sheet = Sheet(name)
    for number, values in enumerate(lines, start=1):
        values = list(values)
        if number == 1:
            sheet.header = [_key(value) for value in values]
            continue
        if _is_blank(values):
            continue
        if len(sheet.rows) >= MAX_ROWS:
            raise ValidationError(
                _("The sheet “%(sheet)s” has more than %(max)s rows: split it into several files."),
                params={"sheet": name, "max": MAX_ROWS},
                code="rows",
            )
        row = {key: values[index] if index < len(values) else None for index, key in enumerate(sheet.header) if key}
        sheet.rows.append((number, row))
    return sheet


def read_csv(data: bytes, spec: SheetSpec) -> Sheet:
    text = data.decode("utf-8-sig")
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        return _sheet_of(spec.name, csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise ValidationError(
            _("This CSV file cannot be read: %(error)s"), params={"error": error}, code="csv"
        ) from None


def read_xlsx(data: bytes, specs: Sequence[SheetSpec]) -> dict[str, Sheet]:
    """The sheets named like ``specs`` (the first sheet stands for the main one when it is named otherwise)."""
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors on a damaged workbook
        raise _not_a_spreadsheet() from None
    try:
        sheets = {}
        for index, spec in enumerate(specs):
            if spec.name in workbook.sheetnames:
                worksheet = workbook[spec.name]
            elif index == 0:
                worksheet = workbook.worksheets[0]
            else:
                continue
            sheets[spec.name] = _sheet_of(spec.name, worksheet.iter_rows(values_only=True))
        return sheets
    finally:
        workbook.close()
