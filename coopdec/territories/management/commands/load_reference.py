"""``manage.py load_reference``: countries, French and foreign authorities and themes from installed packages."""

import time

from django.core.management.base import BaseCommand
from django.db import transaction
from tqdm import tqdm

from coopdec.themes.models import Theme
from coopdec.themes.vocabulary import sync_themes

from ...loaders import cities, countries, france, overseas, subdivisions
from ...loaders.fingerprint import source_fingerprint
from ...models import ReferenceLoad


def summary(results: dict) -> str:
    return "; ".join(f"{tier}: {result}" for tier, result in results.items())


class Command(BaseCommand):
    help = (
        "Load or refresh the reference data (idempotent): countries, ODA statuses, authorities, themes. "
        "A step whose sources have not changed since its last load is skipped unless --force is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Reload every step even if its sources are unchanged.")

    def handle(self, *args, force: bool = False, **options):
        show_progress = options["verbosity"] > 0
        steps = [
            ("countries", lambda: f"{countries.load_countries()} countries"),
            ("French authorities", lambda: summary(france.load_france(show_progress=show_progress))),
            ("overseas governments", lambda: summary(overseas.load_overseas(show_progress=show_progress))),
            ("foreign subdivisions", lambda: str(subdivisions.load_subdivisions(show_progress=show_progress))),
            ("foreign cities", lambda: str(cities.load_cities(show_progress=show_progress))),
            ("themes", lambda: f"{sync_themes(Theme)} themes"),
        ]
        fingerprint = source_fingerprint()
        done = dict(ReferenceLoad.objects.values_list("step", "fingerprint"))
        started = time.perf_counter()
        for label, step in tqdm(steps, desc="load_reference", unit=" steps", disable=not show_progress):
            if not force and done.get(label) == fingerprint:
                if show_progress:
                    tqdm.write(f"{label}: sources unchanged since the last load, skipped (--force reloads)")
                continue
            step_started = time.perf_counter()
            with transaction.atomic():
                outcome = step()
                ReferenceLoad.objects.update_or_create(
                    step=label, defaults={"fingerprint": fingerprint, "outcome": outcome[:255]}
                )
            if show_progress:
                tqdm.write(f"{label}: {outcome} ({time.perf_counter() - step_started:.1f} s)")
        if show_progress:
            self.stdout.write(self.style.SUCCESS(f"Reference data loaded in {time.perf_counter() - started:.1f} s"))
