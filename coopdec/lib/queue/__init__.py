"""The task queue's own plumbing: workers' heartbeats, jobs' live progress, the periodic scheduler, recovery.

Tasks themselves run on the tasks framework (django-tasks and its database backend); this app adds what a
worker needs to survive: see docs/operations.md ("Background work").
"""

from typing import Any


def queue_health() -> dict[str, Any]:
    """Whether a worker is alive, and how many tasks wait, run and failed: see ``health.queue_health``."""
    from .health import queue_health as health

    return health()
