"""What the two halves of ``Importer`` (``RowBuilder``, ``RowWriter``) share: the importer's state, declared once.

Annotations only, for type checkers and readers: ``Importer.__init__``, ``run`` and ``import_file`` set them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from coopdec.organizations.models import Organization

    from ..models import ImportJob
    from .build import Reference
    from .importer import ImportReport
    from .store import _Table


class ImportState:
    mode: str
    holder_id: int | None
    job: ImportJob | None
    report: ImportReport
    reference: Reference  # read at the start of ``run``
    tables: dict[str, _Table] | None
    # Per file: organisations to create, and the reference entries added (taken back if a batch rolls back).
    new_organizations: dict[tuple[str, str], Organization]
    added_refs: list[tuple[dict[str, int], str]]
    # Per batch, as the database driver takes them.
    now: Any
    dump: Callable[..., Any]
