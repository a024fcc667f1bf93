"""``manage.py backup PATH``: a consistent copy of the whole database, taken while it serves (docs/operations.md)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections

from coopdec.lib.backup import BackupError, backup_database


class Command(BaseCommand):
    help = "Back up the whole database to PATH (SQLite: online backup; PostgreSQL: pg_dump custom format)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="The backup file to write (replaced if it exists).")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="The connection to back up.")

    def handle(self, *args: Any, path: Path, database: str, **options: Any) -> None:
        connection = connections[database]
        try:
            backup_database(connection, path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{connection.vendor} database backed up to {path} ({path.stat().st_size:,} bytes).")
