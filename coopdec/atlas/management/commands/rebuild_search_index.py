"""``manage.py rebuild_search_index``: index every public partnership and project again (after a bulk load)."""

import time

from django.core.management.base import BaseCommand

from coopdec.atlas.search.index import rebuild


class Command(BaseCommand):
    help = "Rebuild the atlas search index from every public partnership and project."

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args, no_progress=False, **options):
        started = time.perf_counter()
        count = rebuild(progress=not no_progress)
        self.stdout.write(f"{count} documents indexed in {time.perf_counter() - started:.1f} s.")
