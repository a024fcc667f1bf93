"""Import IATI 2.01–2.03 activity files: matched on the IATI identifier, all or nothing by default."""

import os
from urllib.parse import urlparse

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from coopdec.interop.enums import ImportMode, OnError
from coopdec.interop.iati.importer import Importer
from coopdec.territories.models import Authority


class Command(BaseCommand):
    help = "Import IATI activity files (2.01, 2.02, 2.03)."

    def add_arguments(self, parser):
        parser.add_argument("sources", nargs="+", metavar="FILE_OR_URL")
        parser.add_argument("--mode", choices=ImportMode.values, default=ImportMode.UPDATE)
        parser.add_argument("--on-error", choices=OnError.values, default=OnError.ROLLBACK, dest="on_error")
        parser.add_argument(
            "--authority", help="Code of the authority that holds activities no known authority reports."
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args, sources, mode, on_error, authority=None, no_progress=False, **options):
        for source in sources:
            if urlparse(source).scheme in ("http", "https", "ftp"):
                # No fetching from the command: this server has no network, and a URL is a way to make it
                # reach internal addresses. Download the file, check it, then import it from disk.
                raise CommandError(f"{source}: URLs are not fetched; download the file and import it from disk.")
            if not os.path.isfile(source):
                raise CommandError(f"{source}: no such file.")
        holder = None
        if authority:
            holder = Authority.objects.filter(code=authority).first()
            if holder is None:
                raise CommandError(f"No authority has the code {authority}.")
        total = sum(os.path.getsize(s) for s in sources)
        with tqdm(total=total, unit="B", unit_scale=True, disable=no_progress, file=self.stderr) as bar:
            report = Importer(mode=mode, on_error=on_error, authority=holder).run(sources, on_read=bar.update)
        for file in report.files:
            if file["message"]:
                self.stderr.write(f"{file['file']}: {file['status']}: {file['message']}")
        for skipped in report.skipped:
            self.stdout.write(
                f"skipped {skipped['identifier'] or '?'} ({skipped['file']}, line {skipped['line']}, "
                f"{skipped['element']}): {skipped['message']}"
            )
        self.stdout.write(
            f"created {report.created}, updated {report.updated}, unchanged {report.unchanged}, "
            f"skipped {len(report.skipped)}, warnings {len(report.warnings)}"
        )
        if not report.ok:
            raise CommandError("Some files were not imported (see above).")
