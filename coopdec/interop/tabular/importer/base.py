"""The modes, the header check and what every importer shares: reading cells, writing rows in savepoints."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from coopdec.partnerships.enums import Visibility
from coopdec.projects.enums import ProjectStatus

from ..cells import CellError, References, read_cell
from ..columns import SheetSpec
from ..files import Sheet
from .report import Report, RowError, RowFailed

T = TypeVar("T")

ADD, UPDATE = "add", "update"
DEFAULTS = {"language": "fr", "currency": "EUR", "visibility": Visibility.PUBLIC, "status": ProjectStatus.PIPELINE}


def check_header(sheet: Sheet, spec: SheetSpec, mode: str, report: Report) -> None:
    known = {column.key for column in spec.columns}
    required = {column.key for column in spec.columns if column.required}
    if mode == UPDATE and "identifier" in known:
        required.add("identifier")
    for key in sheet.header:
        if key and key not in known:
            report.errors.append(RowError(spec.name, 1, key, _("Unknown column: check its name in the Columns sheet.")))
        elif key and sheet.header.count(key) > 1:
            report.errors.append(RowError(spec.name, 1, key, _("This column appears twice.")))
    for column in spec.columns:
        if column.key in required and column.key not in sheet.header:
            report.errors.append(RowError(spec.name, 1, column.key, _("This column is missing.")))


def _messages(error: ValidationError):
    """``(field or None, code, message)`` for each message of a service's ``ValidationError``."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            for item in errors:
                yield (None if name == "__all__" else name), item.code, next(iter(item))
    else:
        for item in error.error_list:
            yield None, item.code, next(iter(item))


class Importer:
    specs: list[SheetSpec] = []
    # Which column a service's error code or a model field points at.
    columns_of_codes: dict[str, str] = {}
    columns_of_fields: dict[str, str] = {}
    refused = ""

    def __init__(self, *, author, mode: str, report: Report):
        self.author, self.mode, self.report = author, mode, report
        self.references = References()

    def fail(self, spec: SheetSpec, row: int, column: str, message: str) -> None:
        self.report.errors.append(RowError(spec.name, row, column, str(message)))

    def read(self, spec: SheetSpec, number: int, raw: dict) -> dict:
        """The row's values by column key (only the columns the file has); ``RowFailed`` after recording errors."""
        values, failed = {}, False
        for column in spec.columns:
            if column.read_only or column.key not in raw:
                continue
            try:
                values[column.key] = read_cell(column, raw[column.key])
            except CellError as error:
                self.fail(spec, number, column.key, str(error))
                failed = True
        if failed:
            raise RowFailed
        return values

    def resolve(self, spec: SheetSpec, number: int, column: str, resolve, *args):
        try:
            return resolve(*args)
        except CellError as error:
            self.fail(spec, number, column, str(error))
            raise RowFailed from None

    def write(self, spec: SheetSpec, number: int, action: Callable[..., T], *args: Any) -> T:
        """Run ``action(*args)`` (service calls) in a savepoint; its refusals become the row's errors."""
        try:
            with transaction.atomic():
                return action(*args)
        except ValidationError as error:
            for name, code, message in _messages(error):
                column = self.columns_of_fields.get(name, name) if name else self.columns_of_codes.get(code, "")
                self.fail(spec, number, column or "", message)
        except PermissionDenied:
            self.fail(spec, number, "", self.refused)
        except IntegrityError as error:
            self.fail(spec, number, "", _("This row conflicts with existing data (%(error)s).") % {"error": error})
        raise RowFailed

    def rows(self, sheets: dict[str, Sheet], spec: SheetSpec):
        for number, raw in sheets[spec.name].rows if spec.name in sheets else ():
            try:
                yield number, self.read(spec, number, raw)
            except RowFailed:
                continue

    def warn(self, spec: SheetSpec, number: int, warnings) -> None:
        self.report.warnings.extend(RowError(spec.name, number, "", str(w)) for w in warnings)

    def value(self, values: dict, key: str):
        """A column's value, the default for the columns that have one when the cell is empty."""
        value = values[key]
        return DEFAULTS[key] if key in DEFAULTS and value in ("", None) else value

    def matching(self, spec, number, values, seen: dict, find_existing, describe: str):
        """The existing object the row's identifier names, or ``None`` for a row that adds one."""
        identifier = values.get("identifier", "")
        if identifier and identifier in seen:
            self.fail(
                spec, number, "identifier", _("This identifier is already on row %(row)s.") % {"row": seen[identifier]}
            )
            raise RowFailed
        if identifier:
            seen[identifier] = number
        existing = find_existing(identifier) if identifier else None
        if self.mode == ADD and existing is not None:
            message = _("This %(object)s already exists: choose “update existing” to change it.")
            self.fail(spec, number, "identifier", message % {"object": describe})
            raise RowFailed
        if self.mode == UPDATE and existing is None:
            if identifier:
                message = _("No %(object)s of yours has this identifier.") % {"object": describe}
            else:
                message = _("Give the identifier of the %(object)s to update.") % {"object": describe}
            self.fail(spec, number, "identifier", message)
            raise RowFailed
        return existing


def field_changes(obj, values: dict, fields, value) -> dict:
    changes = {}
    for name in fields:
        if name in values:
            new = value(values, name)
            if getattr(obj, name) != new:
                changes[name] = new
    return changes
