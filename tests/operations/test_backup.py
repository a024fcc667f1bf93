"""Backups: ``manage.py backup`` then ``manage.py restore`` bring the data back, on SQLite and on PostgreSQL."""

import os
import shutil
import sqlite3
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from coopdec.territories.factories import AuthorityFactory
from coopdec.territories.models import Authority
from tests.operations.server import ROOT


@pytest.fixture
def backup_tools():
    if connection.vendor == "postgresql" and shutil.which("pg_dump") is None:
        pytest.skip("the suite runs on PostgreSQL but pg_dump is not installed (apt install postgresql-client)")


@pytest.mark.django_db(transaction=True)
def test_restore_brings_back_the_data_of_the_backup(tmp_path, backup_tools):
    kept = AuthorityFactory(code="FR-REG-11", name="Île-de-France")
    AuthorityFactory(code="FR-REG-32", name="Hauts-de-France")
    backup = tmp_path / "coopdec.backup"

    call_command("backup", str(backup))
    Authority.objects.filter(pk=kept.pk).update(name="Renamed after the backup")
    Authority.objects.filter(code="FR-REG-32").delete()
    AuthorityFactory(code="FR-REG-44", name="Grand Est")
    call_command("restore", str(backup), "--noinput")

    assert dict(Authority.objects.values_list("code", "name")) == {
        "FR-REG-11": "Île-de-France",
        "FR-REG-32": "Hauts-de-France",
    }


@pytest.mark.django_db
def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    missing = tmp_path / "none.backup"
    with pytest.raises(CommandError, match="No backup file"):
        call_command("restore", str(missing), "--noinput")


def manage(database, *arguments):
    environment = {"DJANGO_SETTINGS_MODULE": "config.settings.test", "DATABASE_URL": f"sqlite:///{database}"}
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env={**os.environ, **environment},
        capture_output=True,
        text=True,
    )


def test_sqlite_backup_of_a_file_is_taken_while_another_connection_is_writing(tmp_path):
    """The online backup does not wait for a writer: it copies what is committed, nothing of a transaction open."""
    database, backup = tmp_path / "live.sqlite3", tmp_path / "live.backup"
    writer = sqlite3.connect(database, isolation_level=None)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("CREATE TABLE ledger (line TEXT)")
    writer.execute("INSERT INTO ledger VALUES ('committed')")
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO ledger VALUES ('not yet committed')")

    made = manage(database, "backup", str(backup))
    writer.execute("COMMIT")
    writer.execute("DELETE FROM ledger")
    writer.close()

    assert made.returncode == 0, made.stderr
    assert "sqlite database backed up" in made.stdout
    with sqlite3.connect(backup) as copy:
        assert copy.execute("SELECT line FROM ledger").fetchall() == [("committed",)]
    copy.close()

    restored = manage(database, "restore", str(backup), "--noinput")

    assert restored.returncode == 0, restored.stderr
    with sqlite3.connect(database) as live:
        assert live.execute("SELECT line FROM ledger").fetchall() == [("committed",)]
    live.close()
