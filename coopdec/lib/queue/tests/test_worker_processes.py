"""Real workers (``manage.py worker`` processes) on a database of their own, watched from this process.

The database is a SQLite file, or a PostgreSQL database when the suite runs on PostgreSQL; it is migrated
by ``manage.py`` and read here with plain SQL on a connection of this process, as another web process would.
A test kills a worker with SIGKILL in the middle of an import: nothing of it may be written, and the next
worker runs it again, or marks it failed with its reason when it has no attempt left.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from coopdec.interop.tests.test_iati_import import iati_file
from coopdec.lib.queue.tests.test_queue import lost_job_message

ROOT = Path(__file__).resolve().parents[4]


class Database:
    """The workers' database, read and written here with plain SQL (``%s`` placeholders)."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.vendor = connection.vendor
        if self.vendor == "sqlite":
            self.path = folder / "db.sqlite3"
            self.url = f"sqlite:///{self.path}"
        else:
            params = connection.settings_dict
            self.name = f"{params['NAME']}_workers"
            self.server = {k: params[k] for k in ("HOST", "PORT", "USER", "PASSWORD")}
            self.url = "postgres://{USER}:{PASSWORD}@{HOST}:{PORT}/".format(**self.server) + self.name
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}"', f'CREATE DATABASE "{self.name}"')

    def _admin(self, *statements: str) -> None:
        import psycopg

        with psycopg.connect(
            host=self.server["HOST"],
            port=self.server["PORT"],
            user=self.server["USER"],
            password=self.server["PASSWORD"] or None,
            dbname="postgres",
            autocommit=True,
        ) as admin:
            for statement in statements:
                admin.execute(statement)

    def drop(self) -> None:
        if self.vendor != "sqlite":
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def query(self, sql: str, *params, live: bool = False) -> list[tuple]:
        if self.vendor == "sqlite":
            path = f"{self.path}-live" if live else self.path
            with sqlite3.connect(path, timeout=20) as db:
                return db.execute(sql.replace("%s", "?"), params).fetchall()
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as db:
            cursor = db.execute(sql, params)
            return cursor.fetchall() if cursor.description else []

    def value(self, sql: str, *params, live: bool = False):
        rows = self.query(sql, *params, live=live)
        return rows[0][0] if rows else None

    def env(self, **settings) -> dict:
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.dev",
            "DEBUG": "false",
            "DATABASE_URL": self.url,
            "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
            "TASKS_LIVE_DATABASE": "live",
            "PRIVATE_MEDIA_ROOT": str(self.folder / "media"),
            "TASKS_HEARTBEAT_SECONDS": "0.5",
            "TASKS_STALE_AFTER_SECONDS": "3",
            **{name: str(value) for name, value in settings.items()},
        }


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    database = Database(tmp_path_factory.mktemp("workers"))
    try:
        for alias in ("default", "live"):
            subprocess.run(
                [sys.executable, "manage.py", "migrate", "--noinput", "--database", alias],
                cwd=ROOT,
                env=database.env(),
                check=True,
                capture_output=True,
            )
        yield database
    finally:
        database.drop()


class Workers:
    """Starts worker processes, and stops (or kills) whatever is left of them at the end of the test."""

    def __init__(self, database: Database, folder: Path):
        self.database, self.folder, self.processes, self.logs = database, folder, [], []

    def start(self, *, pause: float = 0, **settings) -> subprocess.Popen:
        log = (self.folder / f"worker-{len(self.processes)}.log").open("w")
        self.logs.append(log)
        process = subprocess.Popen(
            [sys.executable, "-m", "coopdec.lib.queue.tests.driver", "worker", str(pause), "--interval", "0.2"],
            cwd=ROOT,
            env=self.database.env(**settings),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.processes.append(process)
        return process

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.kill()
            process.wait()
        for log in self.logs:
            log.close()


@pytest.fixture
def workers(database, tmp_path):
    started = Workers(database, tmp_path)
    yield started
    started.stop_all()


def enqueue_import(database: Database, path: Path, on_error: str = "rollback") -> int:
    done = subprocess.run(
        [sys.executable, "-m", "coopdec.lib.queue.tests.driver", "enqueue", str(path), on_error],
        cwd=ROOT,
        env=database.env(),
        check=True,
        capture_output=True,
        text=True,
    )
    return int(done.stdout.split()[-1])


def wait_for(condition, what: str, timeout: float = 90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def job(database: Database, pk: int) -> dict:
    status, bytes_read, error, report = database.query(
        "SELECT status, bytes_read, error, report FROM interop_importjob WHERE id = %s", pk
    )[0]
    live = database.value("SELECT done FROM queue_progress WHERE key = %s", f"interop:iati-import:{pk}", live=True)
    return {"status": status, "bytes_read": bytes_read, "error": error, "report": report, "live": live}


def projects(database: Database, prefix: str) -> int:
    return database.value("SELECT COUNT(*) FROM projects_project WHERE iati_identifier LIKE %s", f"{prefix}%")


def task_of(database: Database, pk: int) -> tuple:
    rows = database.query(
        "SELECT status, worker_ids, traceback, args_kwargs FROM django_tasks_database_dbtaskresult"
        " WHERE task_path = %s",
        "coopdec.interop.tasks.import_iati_file",
    )
    return next(row for row in rows if f"[{pk}]" in str(row[3]).replace(" ", ""))


def big_file(folder: Path, prefix: str, count: int) -> Path:
    return iati_file(folder, *({"identifier": f"{prefix}{i}"} for i in range(count)), name=f"{prefix}.xml")


def running_import(database: Database, pk: int) -> dict | None:
    """The job once it runs and has read something, seen from this process."""
    state = job(database, pk)
    return state if state["status"] == "running" and state["live"] else None


def test_a_worker_runs_an_import_whose_progress_another_process_reads_while_it_runs(database, workers, tmp_path):
    path = big_file(tmp_path, "XM-OK-", 200)
    size = path.stat().st_size
    workers.start(pause=0.2)
    pk = enqueue_import(database, path)
    state = wait_for(lambda: running_import(database, pk), "the import to run")
    assert 0 < state["live"] <= size
    assert projects(database, "XM-OK-") == 0, "the import writes in one transaction: nothing shows before its end"
    state = wait_for(lambda: (s := job(database, pk))["status"] == "done" and s, "the import to end")
    assert projects(database, "XM-OK-") == 200
    assert state["bytes_read"] == size
    assert state["live"] is None, "the live progress is cleared once the job holds its final figures"
    assert not path.exists(), "the uploaded file is removed once imported"


def test_a_worker_stopped_by_sigterm_says_goodbye(database, workers):
    worker = workers.start()
    wait_for(
        lambda: database.value("SELECT COUNT(*) FROM queue_workerbeat WHERE pid = %s", worker.pid, live=True), "a beat"
    )
    worker.send_signal(signal.SIGTERM)
    assert worker.wait(timeout=30) == 0
    assert database.value("SELECT COUNT(*) FROM queue_workerbeat WHERE pid = %s", worker.pid, live=True) == 0


def kill_mid_import(database: Database, workers: Workers, path: Path, prefix: str) -> int:
    doomed = workers.start(pause=0.3)
    pk = enqueue_import(database, path)
    wait_for(lambda: running_import(database, pk), "the import to run")
    time.sleep(1.5)  # a few batches written, uncommitted
    doomed.send_signal(signal.SIGKILL)
    doomed.wait()
    assert job(database, pk)["status"] == "running", "nobody has noticed yet"
    assert projects(database, prefix) == 0, "an interrupted import leaves nothing half-written"
    assert task_of(database, pk)[0] == "RUNNING"
    return pk


def test_a_worker_killed_mid_import_loses_nothing_and_the_next_worker_imports_again(database, workers, tmp_path):
    path = big_file(tmp_path, "XM-KILL-", 300)
    size = path.stat().st_size
    pk = kill_mid_import(database, workers, path, "XM-KILL-")
    workers.start(TASKS_MAX_ATTEMPTS=2)
    state = wait_for(lambda: (s := job(database, pk))["status"] == "done" and s, "the import to run again")
    assert projects(database, "XM-KILL-") == 300
    status, worker_ids, _traceback, _args = task_of(database, pk)
    assert status == "SUCCESSFUL"
    assert len(set(eval_json(worker_ids))) == 2, "two attempts, by two workers"
    assert state["bytes_read"] == size, "the second attempt read the file from its start"


def test_a_task_whose_worker_died_on_its_last_attempt_fails_and_its_job_says_why(database, workers, tmp_path):
    path = big_file(tmp_path, "XM-LOST-", 300)
    pk = kill_mid_import(database, workers, path, "XM-LOST-")
    workers.start(TASKS_MAX_ATTEMPTS=1)
    state = wait_for(lambda: (s := job(database, pk))["status"] == "failed" and s, "the job to be marked failed")
    assert state["error"] == lost_job_message()
    status, _worker_ids, traceback, _args = task_of(database, pk)
    assert status == "FAILED" and "worker stopped while running" in traceback
    assert projects(database, "XM-LOST-") == 0
    assert not path.exists(), "the upload of a failed job is removed"


def test_two_workers_enqueue_each_due_scheduled_run_once(database, workers):
    database.query("DELETE FROM queue_scheduledrun")
    database.query(
        "DELETE FROM django_tasks_database_dbtaskresult WHERE task_path NOT LIKE %s", "coopdec.interop.tasks.import%"
    )
    first, second = workers.start(), workers.start()
    paths = (
        "coopdec.lib.queue.tasks.purge_finished",
        "coopdec.interop.tasks.purge_abandoned_uploads",
        "coopdec.declarations.tasks.send_declaration_reminders",
        "coopdec.calls.tasks.release_tranches_and_remind",
    )
    count = "SELECT COUNT(*) FROM django_tasks_database_dbtaskresult WHERE task_path = %s AND status = 'SUCCESSFUL'"
    wait_for(lambda: all(database.value(count, p) for p in paths), "the scheduled tasks to run")
    alive = "SELECT COUNT(*) FROM queue_workerbeat WHERE pid IN (%s, %s)"
    wait_for(lambda: database.value(alive, first.pid, second.pid, live=True) == 2, "both workers to beat")
    time.sleep(3)  # several housekeeping rounds of both workers
    runs = database.query("SELECT schedule, COUNT(*) FROM queue_scheduledrun GROUP BY schedule ORDER BY schedule")
    assert runs == [
        ("call-tranches", 1),
        ("declaration-reminders", 1),
        ("purge-finished-tasks", 1),
        ("purge-iati-uploads", 1),
    ]
    for path in paths:
        assert database.value("SELECT COUNT(*) FROM django_tasks_database_dbtaskresult WHERE task_path = %s", path) == 1


def eval_json(value):
    import json

    return value if isinstance(value, list) else json.loads(value)


def answers(url: str) -> bool:
    import urllib.error
    import urllib.request

    try:
        urllib.request.urlopen(url, timeout=2)
    except urllib.error.HTTPError:
        return True  # an answer all the same
    except OSError:
        return False
    return True


def test_run_all_serves_and_works_then_one_ctrl_c_stops_both(database, tmp_path):
    url = "http://127.0.0.1:8113/"
    pids = "SELECT pid FROM queue_workerbeat"
    before = {pid for (pid,) in database.query(pids, live=True)}
    log = (tmp_path / "run_all.log").open("w")
    supervisor = subprocess.Popen(
        [sys.executable, "manage.py", "run_all", "127.0.0.1:8113"],
        cwd=ROOT,
        env=database.env(),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for(lambda: answers(url), "the web server to answer")
        worker = wait_for(lambda: {pid for (pid,) in database.query(pids, live=True)} - before, "a worker to beat")
        supervisor.send_signal(signal.SIGINT)
        # run_all gives each child up to 60 s to stop before killing it: wait for both, and a margin.
        try:
            code = supervisor.wait(timeout=150)
        except subprocess.TimeoutExpired:
            code = None
        assert code == 0, (tmp_path / "run_all.log").read_text()
        assert not answers(url), "the web server stopped"
        assert {pid for (pid,) in database.query(pids, live=True)} == before, "the worker stopped (and said so)"
        assert not [pid for pid in worker if Path(f"/proc/{pid}").exists()]
    finally:
        children = descendants(supervisor.pid)
        if supervisor.poll() is None:
            supervisor.kill()
            supervisor.wait()
        for pid in children:  # each in a session of its own: a failed run must not leave a server on the port
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        log.close()


def descendants(pid: int) -> list[int]:
    """The processes under ``pid`` (children, grand-children…), read from /proc."""
    parents: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            parents.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found
