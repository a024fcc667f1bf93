"""The official IATI / OECD DAC codelists (AidType, CRSChannelCode, Sector…) with their labels, read once."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from lxml import etree  # type: ignore[import-untyped]  # no pinned lxml-stubs

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True)
class Code:
    """One item of a codelist: its code, its name in English and French, its category, whether it is withdrawn."""

    code: str
    name_en: str
    name_fr: str
    category: str
    withdrawn: bool

    @property
    def name(self) -> str:
        """The name in the active language; French where the list has it, English otherwise."""
        language = (get_language() or "fr")[:2]
        if language == "fr" and self.name_fr:
            return self.name_fr
        return self.name_en


class MissingCodelist(LookupError):
    """The IATI material (``IATI_MATERIAL_DIR``) does not hold this codelist."""

    def __init__(self, name: str):
        self.name = name
        super().__init__(f"The IATI codelist {name} is not in {settings.IATI_MATERIAL_DIR}.")


def _path(name: str) -> Path | None:
    base = Path(settings.IATI_MATERIAL_DIR) / "codelists"
    for folder in ("non-embedded", "embedded"):
        path = base / folder / f"{name}.xml"
        if path.is_file():
            return path
    return None


@functools.cache
def codelist(name: str) -> dict[str, Code]:
    """Every item of the codelist ``name``, by code, in the list's order; raises ``MissingCodelist``."""
    path = _path(name)
    if path is None:
        raise MissingCodelist(name)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    items: dict[str, Code] = {}
    for item in etree.parse(str(path), parser).iterfind(".//codelist-item"):
        code = (item.findtext("code") or "").strip()
        if not code:
            continue
        names = {
            narrative.get(_XML_LANG, "en"): (narrative.text or "").strip()
            for narrative in item.iterfind("name/narrative")
        }
        items[code] = Code(
            code=code,
            name_en=names.get("en", ""),
            name_fr=names.get("fr", ""),
            category=(item.findtext("category") or "").strip(),
            withdrawn=item.get("status") == "withdrawn",
        )
    return items


def has_codelist(name: str) -> bool:
    return _path(name) is not None


def label(name: str, code: str) -> str:
    """``"C01 — Interventions de type projet"``; the bare code when the list does not know it."""
    item = codelist(name).get(code) if has_codelist(name) else None
    return f"{code} — {item.name}" if item else code


def choices(name: str, *, only: frozenset[str] | None = None) -> list[tuple[str, str]]:
    """``(code, "code — name")`` for the active items of a codelist (or those of ``only``), for a select."""
    return [
        (item.code, f"{item.code} — {item.name}")
        for item in codelist(name).values()
        if not item.withdrawn and (only is None or item.code in only)
    ]


def validate_code(name: str, code: str) -> None:
    """Refuses a code that is not an active item of the codelist."""
    item = codelist(name).get(code)
    if item is None or item.withdrawn:
        raise ValidationError(
            _("%(code)s is not a code of the official %(codelist)s list."),
            params={"code": code, "codelist": name},
            code="unknown_code",
        )
