"""A long task's progress, written through the live database so that any process reads it while the task runs."""

from __future__ import annotations

import contextlib

from django.db import DatabaseError

from .models import Progress


def report(key: str, done: int) -> None:
    """Record how far the task has gone; a failed write (a locked database) only delays the news."""
    with contextlib.suppress(DatabaseError):
        Progress.objects.update_or_create(key=key, defaults={"done": done})


def read(key: str) -> int | None:
    return Progress.objects.filter(key=key).values_list("done", flat=True).first()


def clear(key: str) -> None:
    Progress.objects.filter(key=key).delete()
