"""Optimistic version check: two people saving the same record at once, the second is told.

A ``Versioned`` record counts its saves in ``version``. A page or an API client reads the version with the
record and sends it back with its changes; the service, holding the row locked (``select_for_update``),
compares it with the row's and refuses the write with the code ``stale_version`` when someone saved in between,
naming who and when from the record's history. Nothing is overwritten silently, and the refused write changes
nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

STALE = "stale_version"


class Versioned(models.Model):
    """Abstract: ``version`` goes up by one at every save of an existing row."""

    version = models.PositiveIntegerField(
        gettext_lazy("version"),
        default=1,
        editable=False,
        help_text=gettext_lazy("Goes up by one at every change; a stale version is refused."),
    )

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            self.version += 1
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "version"}
        super().save(*args, **kwargs)


def _last_change(record: models.Model) -> str:
    """'by Jeanne Martin on 7 December 2026 at 14:05' from the record's history, or '' when it has none."""
    history = getattr(record, "history", None)
    latest = history.order_by("-history_date").select_related("history_user").first() if history else None
    if latest is None:
        return ""
    when = formats.date_format(timezone.localtime(latest.history_date), "DATETIME_FORMAT")
    user = latest.history_user
    if user is None:
        return _("on %(when)s") % {"when": when}
    name = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return _("by %(who)s on %(when)s") % {"who": f"\u2068{name or user.get_username()}\u2069", "when": when}


def as_of(record: Versioned, version: int) -> models.Model | None:
    """The recorded state of ``record`` at ``version`` (its history row), or ``None`` when the history has none."""
    history = getattr(record, "history", None)
    if history is None:
        return None
    then: models.Model | None = history.filter(version=version).order_by("-history_date").first()
    return then


def changed_since(record: Versioned, version: int, fields: Iterable[str]) -> list[str]:
    """The names among ``fields`` whose value in ``record`` differs from the recorded ``version`` of it.

    What someone else changed since the author opened the record, so that a refused page can say which fields to
    look at; every field when the history has no row for that version.
    """
    fields = list(fields)
    then = as_of(record, version)
    if then is None:
        return fields
    return [
        name
        for name in fields
        if getattr(then, attribute_of(record, name)) != getattr(record, attribute_of(record, name))
    ]


def attribute_of(record: models.Model, name: str) -> str:
    field = record._meta.get_field(name)
    return field.attname if isinstance(field, models.ForeignKey) else name


def check_version(record: Versioned, expected: int | None) -> None:
    """Refuse the write when ``record`` (read locked) is no longer at the version the author last saw.

    ``expected`` is ``None`` for callers that do not take part (scripts, imports): they write whatever the version.
    """
    if expected is None or int(expected) == record.version:
        return
    change = _last_change(record)
    if change:
        message = _(
            "%(record)s was changed %(change)s since you opened it (version %(yours)s, now %(current)s). "
            "Nothing was saved: look at its current state and make your change again."
        )
    else:
        message = _(
            "%(record)s was changed since you opened it (version %(yours)s, now %(current)s). "
            "Nothing was saved: look at its current state and make your change again."
        )
    raise ValidationError(
        message,
        # Names people wrote, in any script: isolated so that they cannot reorder the sentence around them.
        params={"record": f"\u2068{record}\u2069", "change": change, "yours": expected, "current": record.version},
        code=STALE,
    )
