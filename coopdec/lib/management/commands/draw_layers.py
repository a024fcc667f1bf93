"""Redraw the layers' picture and table in docs/architecture.md from coopdec/lib/layers.py."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from coopdec.lib import layers


class Command(BaseCommand):
    help = "Write the layers of coopdec/lib/layers.py into docs/architecture.md (--check: only say if it differs)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--check", action="store_true", help="exit with an error if the page is not up to date")

    def handle(self, *args: Any, check: bool = False, **options: Any) -> None:
        doc = Path(settings.BASE_DIR) / "docs" / "architecture.md"
        text = doc.read_text()
        drawn = layers.replace_block(text, layers.markdown())
        if drawn == text:
            self.stdout.write("docs/architecture.md is up to date.")
        elif check:
            raise CommandError("docs/architecture.md differs from coopdec/lib/layers.py: run manage.py draw_layers")
        else:
            doc.write_text(drawn)
            self.stdout.write("docs/architecture.md redrawn.")
