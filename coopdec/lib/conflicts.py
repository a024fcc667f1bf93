"""Edit pages and the optimistic version check (lib/concurrency.py): the version a page was opened with, and
what the page shows when someone else saved in between.

The form carries the version in a hidden field. When the service refuses the write as stale, the page keeps
everything the user typed, says who changed the record and when, marks each field changed meanwhile with its
current value, and moves the hidden version on: saving again is then a deliberate choice to keep one's own.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils import formats
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from .concurrency import STALE, Versioned, changed_since


class VersionField(forms.IntegerField):
    """The record's version when the page was opened (hidden)."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(min_value=1, required=False, **kwargs)


def is_stale(error: ValidationError) -> bool:
    return any(item.code == STALE for item in error.error_list)


def _shown(record: models.Model, name: str) -> str:
    field = record._meta.get_field(name)
    value = getattr(record, name)
    if value in (None, ""):
        return "—"
    if getattr(field, "choices", None):
        return str(getattr(record, f"get_{name}_display")())
    if isinstance(value, date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, Decimal):
        return formats.number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True)
    return Truncator(str(value)).chars(80)


def show_conflict(form: forms.Form, error: ValidationError, record: Versioned, opened_at: int) -> None:
    """Show a stale refusal on ``form`` (bound, with the user's input): at the top, and beside each field
    someone else changed since version ``opened_at``; ``record`` is the row as it is now."""
    names = []
    for name in form.fields:
        try:
            field = record._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if field.concrete and not field.many_to_many and name != "version":
            names.append(name)
    changed = changed_since(record, opened_at, names)
    form.add_error(None, error)
    form.add_error(
        None,
        _(
            "Your entries are kept below, and the fields changed meanwhile are marked with their current value. "
            "Save again to keep your version."
        ),
    )
    for name in changed:
        # The value is someone's text, in any script: isolated so that it cannot reorder an Arabic sentence.
        value = f"\u2068{_shown(record, name)}\u2069"
        form.add_error(name, _("Changed meanwhile; now: “%(value)s”.") % {"value": value})
    data = form.data.copy()  # type: ignore[attr-defined]  # a bound form's data is a QueryDict
    data["version"] = str(record.version)
    form.data = data
