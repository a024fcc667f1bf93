"""``manage.py restore PATH``: replace the whole database with a backup made by ``manage.py backup``."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections

from coopdec.lib.backup import BackupError, restore_database


class Command(BaseCommand):
    help = "Replace the whole database with the backup at PATH. Stop the web server and the workers first."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="A file written by manage.py backup.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="The connection to restore into.")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive")

    def handle(self, *args: Any, path: Path, database: str, interactive: bool, **options: Any) -> None:
        connection = connections[database]
        if interactive:
            name = connection.settings_dict["NAME"]
            answer = input(f"Every row of the database {name} will be replaced by {path}. Type 'yes' to go on: ")
            if answer != "yes":
                raise CommandError("Restore cancelled.")
        try:
            restore_database(connection, path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{connection.vendor} database restored from {path}.")
