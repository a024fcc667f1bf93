"""Errors the API answers with, always as JSON ``{"detail": …}``, the shape ninja gives its own."""

from ninja.errors import HttpError, ValidationError


def not_found(message: str) -> HttpError:
    return HttpError(404, message)


def bad_filter(name: str, message: str) -> ValidationError:
    """A 422 shaped like ninja's own validation errors, for a filter that names nothing known."""
    return ValidationError([{"type": "value_error", "loc": ["query", name], "msg": message}])
