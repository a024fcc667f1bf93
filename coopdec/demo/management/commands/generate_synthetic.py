"""``manage.py generate_synthetic``: labelled synthetic partnerships and projects, reproducible with a seed."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from coopdec.demo.synthetic.declarations import delete_synthetic_declarations, generate_declarations
from coopdec.demo.synthetic.generator import AS_OF, SyntheticDataError, delete_synthetic, generate


class Command(BaseCommand):
    help = (
        "Generate synthetic partnerships and projects (is_synthetic, titles prefixed [Synthétique]) between the "
        "reference authorities. --projects 20000 gives about 15,000 partnerships involving 5,000 French and "
        "10,000 foreign authorities. --reset deletes the synthetic data first (and only it)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--projects", type=int, help="Number of projects to generate.")
        parser.add_argument("--partnerships", type=int, help="Number of partnerships (default: 0.75 × projects).")
        parser.add_argument("--french-authorities", type=int, help="French authorities involved (default: projects/4).")
        parser.add_argument(
            "--foreign-authorities", type=int, help="Foreign authorities involved (default: projects/2)."
        )
        parser.add_argument("--seed", type=int, default=1, help="Random seed: the same seed gives the same data.")
        parser.add_argument(
            "--as-of",
            type=date.fromisoformat,
            default=AS_OF,
            help=f"The day statuses are judged against (default {AS_OF.isoformat()}, fixed for reproducibility).",
        )
        parser.add_argument("--reset", action="store_true", help="Delete the existing synthetic data first.")
        parser.add_argument(
            "--declarations",
            type=int,
            metavar="YEAR",
            help="Also make the (synthetic) yearly declarations of YEAR of every authority leading synthetic projects.",
        )

    def handle(
        self,
        *args,
        projects,
        partnerships,
        french_authorities,
        foreign_authorities,
        seed,
        as_of,
        reset,
        declarations,
        **options,
    ):
        if projects is None and not reset and declarations is None:
            raise CommandError("Give --projects N (and/or --reset to delete the synthetic data).")
        if projects is not None and projects < 0:
            raise CommandError("--projects must be positive.")
        if reset:
            self.stdout.write(f"Deleted {delete_synthetic_declarations()} synthetic declarations.")
            deleted_projects, deleted_partnerships = delete_synthetic()
            self.stdout.write(f"Deleted the synthetic data ({deleted_projects + deleted_partnerships} rows).")
        if not projects:
            self._declarations(declarations, seed, options["verbosity"])
            return
        try:
            summary = generate(
                projects=projects,
                partnerships=partnerships,
                french_authorities=french_authorities,
                foreign_authorities=foreign_authorities,
                seed=seed,
                as_of=as_of,
                progress=options["verbosity"] > 0,
            )
        except SyntheticDataError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(f"Generated {summary} in {summary.seconds:.1f} s (seed {seed}, as of {as_of}).")
        )
        # Bulk inserts send no signal: the atlas search index is rebuilt once, here.
        from coopdec.atlas.search.index import rebuild

        self.stdout.write(f"Search index: {rebuild(progress=options['verbosity'] > 0)} documents.")
        self._declarations(declarations, seed, options["verbosity"])

    def _declarations(self, year, seed, verbosity):
        if year is None:
            return
        count, seconds = generate_declarations(year=year, seed=seed, progress=verbosity > 0)
        self.stdout.write(self.style.SUCCESS(f"Generated {count} synthetic declarations of {year} in {seconds:.1f} s."))
