"""The health endpoint: what a monitor reads about the database, the cache and the task queue."""

import importlib.util
import sys
import types

import pytest

pytestmark = pytest.mark.django_db


def test_health_reports_a_working_database_and_cache_with_200(client):
    response = client.get("/health/")

    assert response.status_code == 200
    body = response.json()
    assert body["database"]["ok"] is True
    assert body["database"]["vendor"] in {"sqlite", "postgresql"}
    assert body["cache"]["ok"] is True
    assert response["Cache-Control"].startswith("max-age=0")


def test_health_reports_the_queue_from_the_queue_module_or_unknown_without_it(client):
    body = client.get("/health/").json()

    if importlib.util.find_spec("coopdec.lib.queue") is None:
        assert body["queue"]["status"] == "unknown"
        assert body["queue"]["ok"] is None
        assert body["status"] == "degraded"
    else:
        from coopdec.lib.queue import queue_health

        expected = queue_health()
        assert {key: body["queue"][key] for key in ("ok", "workers", "queued", "running", "failed")} == {
            key: expected[key] for key in ("ok", "workers", "queued", "running", "failed")
        }


def test_a_failing_queue_degrades_the_status_but_keeps_the_server_in_rotation(client, monkeypatch):
    # Stands in for coopdec.lib.queue where it is not installed yet; the real one must answer in the same shape.
    stopped = types.ModuleType("coopdec.lib.queue")
    stopped.queue_health = lambda: {
        "ok": False,
        "workers": 0,
        "queued": 3,
        "running": 0,
        "failed": 1,
        "detail": "no worker seen",
    }
    monkeypatch.setitem(sys.modules, "coopdec.lib.queue", stopped)

    response = client.get("/health/")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["queue"]["workers"] == 0
    assert body["queue"]["detail"] == "no worker seen"


def test_health_answers_only_get(client):
    assert client.post("/health/").status_code == 405
