"""Where the official IATI material (schemas, codelists) lives, its codelists as sets, and schema validation."""

from __future__ import annotations

import functools
from pathlib import Path

from django.conf import settings
from lxml import etree  # type: ignore[import-untyped]  # no pinned lxml-stubs

from .names import ACCEPTED_VERSIONS  # noqa: F401 — re-exported


def material_dir() -> Path:
    """The shared IATI material: ``IATI_MATERIAL_DIR`` (``../shared/iati`` beside the repository by default)."""
    return Path(settings.IATI_MATERIAL_DIR)


def has_material() -> bool:
    return (material_dir() / "schemas" / "iati-activities-schema.xsd").is_file()


@functools.cache
def codelists() -> dict[str, frozenset[str]]:
    """Every codelist by name (``Sector``, ``Country``…) as the set of its codes, withdrawn ones included.

    Empty when the material is absent: codes then go unchecked rather than all refused.
    """
    found: dict[str, frozenset[str]] = {}
    base = material_dir() / "codelists"
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    for path in sorted(base.glob("*/*.xml")):
        tree = etree.parse(str(path), parser)
        found[path.stem] = frozenset(code.text.strip() for code in tree.iterfind(".//codelist-item/code") if code.text)
    return found


def _schema_path(kind: str, version: str) -> Path:
    folder = material_dir() / "schemas"
    if version != "2.03":
        folder = folder / f"version-{version}"
    return folder / f"iati-{kind}-schema.xsd"


@functools.cache
def schema(kind: str = "activities", version: str = "2.03") -> etree.XMLSchema:
    """The official XSD of ``kind`` (``activities`` or ``organisations``) for an IATI version."""
    return etree.XMLSchema(etree.parse(str(_schema_path(kind, version))))


def validation_errors(source, kind: str = "activities", version: str = "2.03") -> list[str]:
    """Schema errors of a file (path or file object), empty when it is valid."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    document = etree.parse(source, parser)
    checker = schema(kind, version)
    if checker.validate(document):
        return []
    return [f"line {error.line}: {error.message}" for error in checker.error_log]
