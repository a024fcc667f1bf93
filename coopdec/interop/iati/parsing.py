"""What the IATI reader's modules share: an activity as read, its problems, and how values are parsed."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from .names import XML_LANG, C

TITLE_MAX = 300
INDICATOR_MAX = 300
NAME_MAX = 200


@dataclass
class Problem:
    line: int | None
    element: str
    message: str

    def as_dict(self) -> dict:
        return {"line": self.line, "element": self.element, "message": self.message}


@dataclass
class Activity:
    """One activity as read from the file: ``data`` (what coopdec stores) and what went wrong."""

    line: int | None
    data: dict
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    hash: str = ""  # the content fingerprint, set by the importer
    project_pk: int | None = None  # the project it creates or updates, set by the importer

    @property
    def identifier(self) -> str:
        return self.data.get("identifier", "")


def _text(element) -> str:
    return (element.text or "").strip() if element is not None else ""


def _narratives(element, default_lang: str) -> list[list[str]]:
    if element is None:
        return []
    # A plain loop over the children: iterfind() goes through ElementPath on every call.
    return [[n.get(XML_LANG) or default_lang, (n.text or "").strip()] for n in element if n.tag == "narrative"]


def _date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


_DATES: dict[str | None, tuple[date, str] | None] = {}


def _dated(value: str | None) -> tuple[date, str] | None:
    """``_date`` and its ISO form, remembered: a file's transactions share few dates (month ends, quarters)."""
    try:
        return _DATES[value]
    except KeyError:
        pass
    found = _date(value)
    result = None if found is None else (found, found.isoformat())
    if len(_DATES) < 100_000:
        _DATES[value] = result
    return result


NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
# Attribute names of coopdec's extension namespace, built once rather than per element.
C_YEAR, C_DERIVED_DATE, C_INSTRUMENT, C_IN_KIND = C + "year", C + "derived-date", C + "instrument", C + "in-kind"
C_ROLE, C_DERIVED = C + "role", C + "derived"


def _decimal(value: str | None) -> Decimal | None:
    if value is None:
        return None
    value = value.strip()
    if not NUMBER.match(value):
        return None
    try:
        return Decimal(value)
    except InvalidOperation:
        return None
