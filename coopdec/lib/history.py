"""Who changed what: the author of a write, and earlier versions to restore (django-simple-history)."""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

M = TypeVar("M", bound=models.Model)


def by(obj: M, author: Any, reason: str = "") -> M:
    """Mark ``obj`` so that its next save or delete is recorded in its history as done by ``author``."""
    # django-simple-history reads these two attributes, which it does not declare (it ships no types).
    obj._history_user = author  # type: ignore[attr-defined]
    if reason:
        obj._change_reason = reason  # type: ignore[attr-defined]
    return obj


def history_of(obj: models.Model) -> Any:
    """The manager of ``obj``'s recorded versions (django-simple-history's, which ships no types)."""
    return obj.history  # type: ignore[attr-defined]  # added to the model by simple_history's HistoricalRecords


def version_of(obj: M, history_id: int, *, author: Any) -> M:
    """``obj`` as it was in its recorded version ``history_id`` — unsaved, for the caller to check and save."""
    record = history_of(obj).filter(history_id=history_id).first()
    if record is None:
        raise ValidationError(
            _("Version %(version)s is not a version of %(object)s."),
            params={"version": history_id, "object": obj},
            code="unknown_version",
        )
    restored: M = record.instance
    restored._state.adding = False
    if hasattr(obj, "version"):
        # A revert is one more change: its version follows the row's, never an older number a stale page holds.
        current = type(obj)._default_manager.filter(pk=obj.pk).values_list("version", flat=True).get()
        setattr(restored, "version", current)  # noqa: B010 - M is any model; only Versioned ones have it
    return by(restored, author, reason=f"Reverted to version {history_id}")
