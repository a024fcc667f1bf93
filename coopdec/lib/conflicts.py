"""Edit pages and the optimistic version check (lib/concurrency.py): the version a page was opened with, and
what the page shows when someone else saved in between.

The form carries the version in a hidden field. When the service refuses the write as stale, the page keeps
everything the user typed, says who changed the record and when, merges what only the other person changed, marks
the fields both changed with the other's value, and moves the hidden version on: saving again is then a deliberate
choice.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.http import QueryDict
from django.utils import formats
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from .concurrency import STALE, Versioned, as_of, attribute_of, changed_since


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


def _raw(value: Any) -> str:
    """A model value as a browser would post it back."""
    if value is None:
        return ""
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _same(cleaned: Any, recorded: Any) -> bool:
    if isinstance(cleaned, models.Model):
        cleaned = cleaned.pk
    if cleaned in ("", None) and recorded in ("", None):
        return True
    return bool(cleaned == recorded)


def show_conflict(form: forms.Form, error: ValidationError, record: Versioned, opened_at: int) -> None:
    """Show a stale refusal on ``form`` (bound and valid, with the user's input); ``record`` is the row as it is now.

    A three-way merge of each field against the version the page was opened at: a field only someone else changed
    takes their value (so that saving again does not undo it), and says so; a field both changed keeps the user's
    value and shows the other's beside it; what only the user changed stays as they typed it.
    """
    names = []
    for name in form.fields:
        try:
            field = record._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if field.concrete and not field.many_to_many and name != "version":
            names.append(name)
    then = as_of(record, opened_at)
    data = QueryDict(mutable=True)
    data.update(form.data)
    taken, clashes = [], []
    for name in changed_since(record, opened_at, names):
        column = attribute_of(record, name)
        mine_unchanged = then is not None and _same(form.cleaned_data.get(name), getattr(then, column))
        plain = not isinstance(form.fields[name], forms.ModelChoiceField) or isinstance(
            form.fields[name].widget, forms.Select
        )
        if mine_unchanged and plain:
            data[name] = _raw(getattr(record, column))
            taken.append(name)
        else:
            clashes.append(name)
    data["version"] = str(record.version)
    form.data = data
    form.add_error(None, error)
    form.add_error(
        None,
        _(
            "Your entries are kept below. Fields only the other person changed now show their value; fields you "
            "both changed keep yours, with theirs beside it. Check them, then save again."
        ),
    )
    for name in taken:
        value = f"\u2068{_shown(record, name)}\u2069"
        form.add_error(name, _("Changed meanwhile to “%(value)s”, which is now in the form.") % {"value": value})
    for name in clashes:
        # The value is someone's text, in any script: isolated so that it cannot reorder an Arabic sentence.
        value = f"\u2068{_shown(record, name)}\u2069"
        form.add_error(name, _("Changed meanwhile; now: “%(value)s”.") % {"value": value})
