"""Drives a test database from a process of its own: ``python -m coopdec.lib.queue.tests.driver COMMAND …``.

The worker tests start real workers on a database of their own; this script enqueues an IATI import there as
the upload page would (``enqueue FILE ON_ERROR`` prints the job's id), and runs a worker whose import writes
slowly (``worker SECONDS [worker options]``: a pause after each batch of 20 activities), so that a test can
watch it and kill it mid-import. Nothing else is changed: the worker is ``manage.py worker``'s.
"""

import functools
import os
import sys
import time

import django


def enqueue(path: str, on_error: str) -> None:
    from coopdec.interop.iati import jobs
    from coopdec.interop.models import ImportJob
    from coopdec.territories.factories import AuthorityFactory
    from coopdec.territories.models import Authority

    holder = Authority.objects.filter(code="FR-REG-11").first() or AuthorityFactory(code="FR-REG-11", kind="region")
    job = ImportJob.objects.create(
        file_name=os.path.basename(path),
        path=path,
        authority=holder,
        on_error=on_error,
        bytes_total=os.path.getsize(path),
    )
    jobs.start(job)
    print(job.pk)


def worker(pause: float, *options: str) -> None:
    from django.core.management import call_command

    from coopdec.interop.iati import jobs
    from coopdec.interop.iati.importer import Importer

    if pause:
        write_batch = Importer._write_batch

        def slow_write_batch(self, batch, name):
            write_batch(self, batch, name)
            time.sleep(pause)

        Importer._write_batch = slow_write_batch
        jobs.Importer = functools.partial(Importer, batch_size=20)
    call_command("worker", *options)


if __name__ == "__main__":
    django.setup()
    command, *arguments = sys.argv[1:]
    if command == "enqueue":
        enqueue(*arguments)
    elif command == "worker":
        worker(float(arguments[0]), *arguments[1:])
    else:
        sys.exit(f"unknown command {command}")
