"""``manage.py load_demo``: the demonstration dataset from public sources (docs/demo-data.md)."""

from django.core.management.base import BaseCommand, CommandError

from coopdec.demo.builders import MissingReferenceData, load_demo, reset_demo


class Command(BaseCommand):
    help = "Load the demonstration data (labelled is_demo); idempotent. --reset deletes the demonstration data."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="Delete the demonstration data (and only it).")
        parser.add_argument("--no-input", "--noinput", action="store_false", dest="interactive")

    def handle(self, *args, reset: bool, interactive: bool, **options):
        if reset:
            if interactive and input("Delete every demonstration object? Type 'yes' to confirm: ").strip() != "yes":
                raise CommandError("Reset cancelled.")
            self.stdout.write(f"Deleted {reset_demo()}.")
            return
        try:
            outcome = load_demo()
        except MissingReferenceData as error:
            raise CommandError(str(error)) from error
        if outcome.total:
            self.stdout.write(self.style.SUCCESS(f"Demonstration data created: {outcome}."))
        else:
            self.stdout.write("Demonstration data already loaded; nothing created.")
