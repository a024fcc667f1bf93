"""The declarations app's background work: the campaign reminders, run by the scheduler."""

from __future__ import annotations

from django_tasks import task

from .reminders import send_reminders


@task()
def send_declaration_reminders() -> int:
    """Send the campaign reminders due today (idempotent: each one goes out once, however often it runs)."""
    return send_reminders()
