"""E-mails go out through the task queue: written in the request (in the recipient's language), sent by a worker.

A slow or unreachable mail server then delays no page, and a message whose sending fails is kept, with its
error, among the task results.
"""

from __future__ import annotations

from typing import Any

from django.core.mail import EmailMessage, get_connection
from django_tasks import task


@task()
def send_emails(messages: list[dict[str, Any]]) -> int:
    """Send messages given as ``{"subject", "body", "from_email", "to"}``, on one connection."""
    if not messages:
        return 0
    return get_connection().send_messages([EmailMessage(**message) for message in messages]) or 0


def send_later(messages: list[EmailMessage]) -> None:
    """Queue the messages for a worker to send (at once in tests)."""
    payload = [
        {"subject": m.subject, "body": m.body, "from_email": m.from_email, "to": list(m.to)} for m in messages if m.to
    ]
    if payload:
        send_emails.enqueue(payload)
