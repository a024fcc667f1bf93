"""``/health/``: can this server process answer? The database, the cache and the task queue, as JSON.

The HTTP status is 503 when the database or the cache fails (the process cannot serve pages: take it out of the
rotation); a queue that is unhealthy or unknown shows in the body (``"status": "degraded"``) but keeps 200, since
the pages still work while the workers are down.
"""

import time
import uuid
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from coopdec.lib.queue import queue_health


def _timed(check) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        result = check()
    except Exception as error:  # a health check reports every failure instead of raising it
        result = {"ok": False, "detail": f"{type(error).__name__}: {error}"}
    result["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return result


def check_database() -> dict[str, Any]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        (one,) = cursor.fetchone()
    return {"ok": one == 1, "vendor": connection.vendor}


def check_cache() -> dict[str, Any]:
    key, value = f"health:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, timeout=10)
    ok = cache.get(key) == value
    cache.delete(key)
    return {"ok": ok}


def check_queue() -> dict[str, Any]:
    """The task queue's own report: is a worker alive, how many tasks wait, run and failed."""
    return dict(queue_health())


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    checks = {"database": _timed(check_database), "cache": _timed(check_cache), "queue": _timed(check_queue)}
    serving = checks["database"]["ok"] is True and checks["cache"]["ok"] is True
    status = "ok" if serving and checks["queue"]["ok"] is True else "degraded" if serving else "failing"
    return JsonResponse({"status": status, **checks}, status=200 if serving else 503)
