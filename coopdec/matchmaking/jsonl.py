"""JSON lines in and out of the batch commands (suggest_sectors, match_profiles): reading, checking, profile records."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from django.core.management.base import CommandError

from .embedding import Embedder
from .enums import ProfileKind
from .matching.index import ProfileRecord

# The Enterprise Europe Network's abbreviations, accepted beside our codes.
KIND_ALIASES = {
    "BO": ProfileKind.BUSINESS_OFFER,
    "BR": ProfileKind.BUSINESS_REQUEST,
    "TO": ProfileKind.TECHNOLOGY_OFFER,
    "TR": ProfileKind.TECHNOLOGY_REQUEST,
    "RDR": ProfileKind.RESEARCH_REQUEST,
}


def read_lines(path: str | Path) -> Iterator[tuple[int, dict]]:
    """``(line number, object)`` for each non-empty line; a line that is not a JSON object is an error."""
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as error:
                raise CommandError(f"{path}:{number}: not JSON ({error.msg})") from error
            if not isinstance(item, dict) or "id" not in item:
                raise CommandError(f"{path}:{number}: expected an object with an 'id'")
            yield number, item


def write_line(handle, item: dict) -> None:
    handle.write(json.dumps(item, ensure_ascii=False) + "\n")


def profile_kind(value: str, where: str) -> str:
    kind = KIND_ALIASES.get(str(value).upper()) or (value if value in ProfileKind.values else None)
    if kind is None:
        raise CommandError(
            f"{where}: unknown kind {value!r} (one of {', '.join(ProfileKind.values)} or BO/BR/TO/TR/RDR)"
        )
    return kind


def profile_records(path: str | Path, embedder: Embedder) -> list[ProfileRecord]:
    """Profiles as JSON lines (``id``, ``kind``, ``title``, ``description``, optional ``lang``, ``sectors``,
    ``country``, ``technologies``), embedded in one batch."""
    items = []
    for number, item in read_lines(path):
        kind = profile_kind(item.get("kind", ""), f"{path}:{number}")
        sectors = item.get("sectors") or []
        if isinstance(sectors, str):
            sectors = [sectors]
        text = "\n".join(str(item.get(key) or "") for key in ("title", "description", "technologies")).strip()
        items.append((item, kind, tuple(sorted(str(code) for code in sectors)), text))
    vectors = embedder.embed([text for *_rest, text in items])
    return [
        ProfileRecord(
            id=item["id"],
            kind=kind,
            vector=vector,
            sectors=sectors,
            country=str(item.get("country") or "").upper(),
            description=str(item.get("description") or ""),
        )
        for (item, kind, sectors, _text), vector in zip(items, vectors, strict=True)
    ]
