"""``manage.py worker``: runs the queued tasks, beats, takes back the tasks of dead workers, runs the schedules."""

from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django_tasks_db.management.commands import db_worker

from ...worker import Worker


class Command(db_worker.Command):
    help = "Run queued tasks (django-tasks-db's worker with heartbeats, recovery of dead workers' tasks, schedules)"

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(reload=False)  # a reload would cut a running import: ask for it with --reload
        parser.add_argument("--no-scheduler", action="store_false", dest="scheduler", help="Do not run schedules.")

    def handle(  # type: ignore[override]  # keyword-only, as call_command and the base class call it
        self, *, verbosity: int, queue_name: str, exclude_queues: str, reload: bool, scheduler: bool, **options: Any
    ) -> None:
        self.configure_logging(verbosity)
        worker = Worker(
            queue_names=queue_name.split(","),
            excluded_queue_names=exclude_queues.split(",") if exclude_queues else [],
            interval=options["interval"],
            batch=options["batch"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
            heartbeat=settings.TASKS_HEARTBEAT_SECONDS,
            stale_after=settings.TASKS_STALE_AFTER_SECONDS,
            max_attempts=settings.TASKS_MAX_ATTEMPTS,
            scheduler=scheduler,
        )
        worker.configure_signals()
        worker.run()
