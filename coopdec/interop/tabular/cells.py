"""Read one cell of an uploaded spreadsheet into a Python value, or say in a sentence why it cannot be read."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from coopdec.organizations.models import Organization
from coopdec.territories.models import Authority, Country
from coopdec.themes.models import Theme

from .columns import (
    BOOLEAN,
    CHOICE,
    CODES,
    DATE,
    DECIMAL,
    IATI_ORGANIZATION_PREFIX,
    INTEGER,
    LIST_SEPARATOR,
    ORGANIZATION_PREFIX,
    REFERENCE,
    REFERENCES,
    ROLE_SEPARATOR,
    STATE_PREFIX,
    SheetColumn,
)

TRUE_WORDS = {"yes", "true", "1", "oui", "x", "vrai"}
FALSE_WORDS = {"no", "false", "0", "non", "faux"}


class CellError(Exception):
    """A cell that cannot be read: the message tells the user what to write instead."""


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def as_text(value) -> str:
    if _blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _date(value) -> date | None:
    if _blank(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = as_text(value)
    for parse in (date.fromisoformat, lambda t: datetime.strptime(t, "%d/%m/%Y").date()):
        try:
            return parse(text)
        except ValueError:
            continue
    raise CellError(_("“%(value)s” is not a date: write it as YYYY-MM-DD (or DD/MM/YYYY).") % {"value": text})


def _decimal(value) -> Decimal | None:
    if _blank(value):
        return None
    if isinstance(value, bool):
        raise CellError(_("“%(value)s” is not a number.") % {"value": value})
    if isinstance(value, (int, float, Decimal)):
        return Decimal(str(value))
    text = as_text(value).replace("\u202f", "").replace("\xa0", "").replace(" ", "")
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise CellError(_("“%(value)s” is not a number.") % {"value": as_text(value)}) from None
    if not number.is_finite():
        raise CellError(_("“%(value)s” is not a number.") % {"value": as_text(value)})
    return number


def _integer(value) -> int | None:
    number = _decimal(value)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise CellError(_("“%(value)s” is not a whole number.") % {"value": as_text(value)})
    return int(number)


def _boolean(value) -> bool:
    if _blank(value):
        return False
    if isinstance(value, bool):
        return value
    word = as_text(value).lower()
    if word in TRUE_WORDS or word == _("yes").lower():
        return True
    if word in FALSE_WORDS or word == _("no").lower():
        return False
    raise CellError(_("“%(value)s” is neither yes nor no.") % {"value": as_text(value)})


def _choice(column: SheetColumn, value) -> str:
    text = as_text(value)
    if not text:
        return ""
    allowed = column.allowed()
    for code, label in allowed:
        if text == code or text.casefold() == label.casefold():
            return code
    raise CellError(
        _("“%(value)s” is not allowed here; use one of: %(codes)s.")
        % {"value": text, "codes": ", ".join(code for code, _label in allowed)}
    )


def _split(value) -> list[str]:
    return [item.strip() for item in as_text(value).split(LIST_SEPARATOR) if item.strip()]


def _references(column: SheetColumn, value) -> list[tuple[str, str | None]]:
    """``[(reference, role or None)]``; the role, when given, is one of the column's choices."""
    roles = {code for code, _label in column.allowed()}
    items = []
    for item in _split(value):
        reference, _sep, given = item.partition(ROLE_SEPARATOR)
        reference, role = reference.strip(), given.strip() or None
        if role is not None and role not in roles:
            raise CellError(
                _("“%(role)s” is not a role here; use one of: %(roles)s.")
                % {"role": role, "roles": ", ".join(sorted(roles))}
            )
        items.append((reference, role))
    return items


def read_cell(column: SheetColumn, value):
    """The value of ``value`` for ``column``; ``CellError`` if it cannot be read."""
    if column.kind == DATE:
        return _date(value)
    if column.kind == DECIMAL:
        return _decimal(value)
    if column.kind == INTEGER:
        return _integer(value)
    if column.kind == BOOLEAN:
        return _boolean(value)
    if column.kind == CHOICE:
        return _choice(column, value)
    if column.kind == CODES:
        return _split(value)
    if column.kind == REFERENCES:
        return _references(column, value)
    if column.kind == REFERENCE:
        return as_text(value)
    return as_text(value)


class References:
    """Finds the authorities, organisations, States and themes a file names, each looked up once."""

    def __init__(self):
        self._cache: dict[str, object] = {}
        self._themes: dict[str, Theme] | None = None

    def entity(self, reference: str, *, states: bool = False):
        if reference not in self._cache:
            self._cache[reference] = self._find(reference)
        entity = self._cache[reference]
        if entity is None:
            raise CellError(_("Nothing has the code “%(code)s”: use an authority's code (e.g. FR-REG-11), org:<IATI "
                              "identifier> or coopdec:organization:<id>.") % {"code": reference})  # fmt: skip
        if isinstance(entity, Country) and not states:
            raise CellError(_("A State (%(code)s) cannot be named here: name an authority or an organisation.")
                            % {"code": reference})  # fmt: skip
        return entity

    def _find(self, reference: str):
        if reference.startswith(STATE_PREFIX):
            return Country.objects.filter(code=reference.removeprefix(STATE_PREFIX).upper()).first()
        if reference.startswith(ORGANIZATION_PREFIX):
            pk = reference.removeprefix(ORGANIZATION_PREFIX)
            return Organization.objects.filter(pk=pk).first() if pk.isdigit() else None
        if reference.startswith(IATI_ORGANIZATION_PREFIX):
            iati_ref = reference.removeprefix(IATI_ORGANIZATION_PREFIX)
            return Organization.objects.filter(iati_ref=iati_ref).first() if iati_ref else None
        return Authority.objects.select_related("country").filter(code=reference).first()

    def themes(self, codes: list[str]) -> list[Theme]:
        if self._themes is None:
            self._themes = {theme.code: theme for theme in Theme.objects.all()}
        unknown = [code for code in codes if code not in self._themes]
        if unknown:
            raise CellError(_("Unknown theme code: %(codes)s (see the Codes sheet).") % {"codes": ", ".join(unknown)})
        return [self._themes[code] for code in dict.fromkeys(codes)]
