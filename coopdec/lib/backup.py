"""Backing up and restoring the whole database: SQLite's online backup API, PostgreSQL's pg_dump and pg_restore."""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper


class BackupError(Exception):
    """A backup or a restore that could not be made; the message says why."""


def backup_database(connection: BaseDatabaseWrapper, target: Path) -> None:
    """Write a consistent copy of the database to ``target`` while it keeps serving (written aside, then renamed).

    SQLite: the online backup API, which copies a snapshot page by page without stopping writers.
    PostgreSQL: ``pg_dump --format=custom`` (a snapshot too), restorable with ``pg_restore``.
    """
    target = target.resolve()
    if not target.parent.is_dir():
        raise BackupError(f"The directory {target.parent} does not exist.")
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(partial) as copy:
            connection.connection.backup(copy)
        copy.close()
    elif connection.vendor == "postgresql":
        _run("pg_dump", ["--format=custom", "--no-owner", f"--file={partial}"], connection.settings_dict)
    else:
        raise BackupError(f"No backup for the {connection.vendor} database.")
    partial.replace(target)


def restore_database(connection: BaseDatabaseWrapper, source: Path) -> None:
    """Replace the whole database with the backup ``source``; stop the web server and the workers first.

    SQLite: the backup API again, from the file into the live database. PostgreSQL: ``pg_restore --clean`` in one
    transaction, so that a failed restore leaves the database as it was.
    """
    if not source.is_file():
        raise BackupError(f"No backup file at {source}.")
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(f"file:{source.resolve()}?mode=ro", uri=True) as backup:
            try:
                backup.execute("SELECT count(*) FROM sqlite_master").fetchone()
            except sqlite3.DatabaseError as error:
                raise BackupError(f"{source} is not an SQLite backup: {error}") from error
            backup.backup(connection.connection)
        backup.close()
    elif connection.vendor == "postgresql":
        connection.close()  # pg_restore drops the tables: no connection of ours may hold them
        _run(
            "pg_restore",
            [
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                f"--dbname={_dbname(connection)}",
                str(source),
            ],
            connection.settings_dict,
        )
    else:
        raise BackupError(f"No restore for the {connection.vendor} database.")


def _dbname(connection: BaseDatabaseWrapper) -> str:
    return str(connection.settings_dict["NAME"])


def _run(program: str, arguments: list[str], settings: dict[str, Any]) -> None:
    executable = shutil.which(program)
    if executable is None:
        raise BackupError(f"{program} is not installed (Debian: apt install postgresql-client).")
    environment = {**os.environ}
    for variable, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGPASSWORD", "PASSWORD")):
        if settings.get(key):
            environment[variable] = str(settings[key])
    if program == "pg_dump":
        arguments = [*arguments, str(settings["NAME"])]
    finished = subprocess.run([executable, *arguments], env=environment, capture_output=True, text=True)
    if finished.returncode != 0:
        raise BackupError(f"{program} failed ({finished.returncode}): {finished.stderr.strip()}")
