"""The calls app's background work, run by the scheduler: tranches due on a date, reminders of reports due."""

from __future__ import annotations

from django_tasks import task

from .tranches import release_due_tranches, send_report_reminders


@task()
def release_tranches_and_remind() -> dict[str, int]:
    """Release the tranches whose date is reached and remind the members of reports due within 14 days
    (idempotent: a tranche is released once, a reminder sent once, however often it runs)."""
    return {"released": release_due_tranches(), "reminders": send_report_reminders()}
