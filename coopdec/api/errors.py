"""Errors the API answers with, always as JSON ``{"detail": …}``, the shape ninja gives its own."""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as RuleBroken
from ninja.errors import HttpError, ValidationError

# Where ninja locates an error in a write's JSON body (the view's parameter is named ``payload``).
BODY = ["body", "payload"]


def not_found(message: str) -> HttpError:
    return HttpError(404, message)


def bad_filter(name: str, message: str) -> ValidationError:
    """A 422 shaped like ninja's own validation errors, for a filter that names nothing known."""
    return ValidationError([{"type": "value_error", "loc": ["query", name], "msg": message}])


def bad_reference(loc: list, message: str) -> ValidationError:
    """A 422 for a request body that names a record (by code or id) that does not exist, at its place in the body."""
    return ValidationError([{"type": "value_error", "loc": [*BODY, *loc], "msg": message}])


def broken_rules(exc: RuleBroken) -> list[dict]:
    """A service's ``ValidationError`` in ninja's shape: one entry per message, at its field when it has one.

    ``type`` is the service's error code (``one_percent_ceiling``, ``state_party``…, see docs/rules.md),
    ``msg`` the sentence the web pages show.
    """
    if hasattr(exc, "error_dict"):
        located = [(field, error) for field, errors in exc.error_dict.items() for error in errors]
    else:
        located = [(NON_FIELD_ERRORS, error) for error in exc.error_list]
    return [
        {
            "type": error.code or "invalid",
            "loc": BODY if field == NON_FIELD_ERRORS else [*BODY, field],
            "msg": message,
        }
        for field, error in located
        for message in error
    ]
