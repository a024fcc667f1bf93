"""Who changed what: the author of a write, and earlier versions to restore (django-simple-history)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _


def by(obj: models.Model, author, reason: str = "") -> models.Model:
    """Mark ``obj`` so that its next save or delete is recorded in its history as done by ``author``."""
    obj._history_user = author
    if reason:
        obj._change_reason = reason
    return obj


def version_of(obj: models.Model, history_id: int, *, author) -> models.Model:
    """``obj`` as it was in its recorded version ``history_id`` — unsaved, for the caller to check and save."""
    record = obj.history.filter(history_id=history_id).first()
    if record is None:
        raise ValidationError(
            _("Version %(version)s is not a version of %(object)s."),
            params={"version": history_id, "object": obj},
            code="unknown_version",
        )
    restored = record.instance
    restored._state.adding = False
    if hasattr(obj, "version"):
        # A revert is one more change: its version follows the row's, never an older number a stale page holds.
        restored.version = type(obj)._default_manager.filter(pk=obj.pk).values_list("version", flat=True).get()
    return by(restored, author, reason=f"Reverted to version {history_id}")
