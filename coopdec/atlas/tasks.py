"""Background work of the atlas: publishing the search index's shared copy after a write (``search/shared.py``)."""

import time

from django_tasks import task

from .search import snapshot


@task()
def publish_index() -> dict:
    """Make the index's current state in the database the newest generation every server process maps.

    Enqueued once a write to the index commits (``search.index.changed``); several writes in a row need one run
    only: a run that finds the newest generation already at the database's state does nothing.
    """
    started = time.perf_counter()
    index = snapshot.publish_current()
    return {"serial": index.serial, "documents": index.size, "seconds": round(time.perf_counter() - started, 3)}
