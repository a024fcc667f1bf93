"""The health endpoint: what a monitor reads about the database, the cache and the task queue."""

import datetime as dt

import pytest
from django.conf import settings
from django.utils import timezone

from coopdec.lib.queue.models import WorkerBeat

pytestmark = pytest.mark.django_db


def test_health_reports_a_working_database_and_cache_with_200(client):
    response = client.get("/health/")

    assert response.status_code == 200
    body = response.json()
    assert body["database"]["ok"] is True
    assert body["database"]["vendor"] in {"sqlite", "postgresql"}
    assert body["cache"]["ok"] is True
    assert response["Cache-Control"].startswith("max-age=0")


def test_with_no_worker_alive_the_queue_degrades_the_status_but_keeps_the_server_in_rotation(client):
    response = client.get("/health/")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert (body["queue"]["ok"], body["queue"]["workers"]) == (False, 0)
    assert "no worker" in body["queue"]["detail"]


def test_a_worker_that_beat_recently_makes_the_queue_ok(client):
    now = timezone.now()
    WorkerBeat.objects.create(worker_id="w1", host="localhost", pid=123, started_at=now, beat_at=now)
    stale = now - dt.timedelta(seconds=settings.TASKS_STALE_AFTER_SECONDS + 1)
    WorkerBeat.objects.create(worker_id="w0", host="localhost", pid=122, started_at=stale, beat_at=stale)

    body = client.get("/health/").json()

    assert body["status"] == "ok"
    assert (body["queue"]["ok"], body["queue"]["workers"]) == (True, 1)


def test_health_answers_only_get(client):
    assert client.post("/health/").status_code == 405
