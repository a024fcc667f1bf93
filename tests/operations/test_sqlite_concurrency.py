"""SQLite under several writers: the production connection settings make the second writer wait, never fail."""

import os
import sqlite3
import subprocess
import sys

import pytest
from django.conf import settings

from tests.operations.server import ROOT


def test_the_sqlite_connection_is_set_for_concurrent_writers():
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("the suite runs on PostgreSQL; the next test checks SQLite on a file of its own")
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 5
    assert "journal_mode=WAL" in options["init_command"]


def test_two_processes_writing_at_once_lose_nothing_and_never_see_database_is_locked(tmp_path):
    database = tmp_path / "shared.sqlite3"
    with sqlite3.connect(database) as setup:
        setup.executescript(
            "CREATE TABLE counter (value INTEGER); INSERT INTO counter VALUES (0);"
            "CREATE TABLE line (id INTEGER PRIMARY KEY, writer INTEGER);"
        )
    setup.close()
    environment = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    writers = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.operations.sqlite_writer", str(database), "150"],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outcomes = [writer.communicate(timeout=240) for writer in writers]

    assert [stdout.strip() for stdout, _stderr in outcomes] == ["done", "done"], outcomes
    with sqlite3.connect(database) as check:
        assert check.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert check.execute("SELECT value FROM counter").fetchone() == (300,)
        assert check.execute("SELECT count(DISTINCT writer), count(*) FROM line").fetchone() == (2, 300)
    check.close()
