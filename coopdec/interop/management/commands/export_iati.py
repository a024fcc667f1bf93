"""Write public projects as an IATI 2.03 activity file (all of them, or one authority's)."""

from django.core.management.base import BaseCommand, CommandError

from coopdec.interop.iati.identifiers import authority_org_ref
from coopdec.interop.iati.material import has_material, validation_errors
from coopdec.interop.iati.writer import write_activities, write_organisation
from coopdec.projects.models import Project
from coopdec.territories.models import Authority


class Command(BaseCommand):
    help = "Export public projects as an IATI 2.03 iati-activities file."

    def add_arguments(self, parser):
        parser.add_argument(
            "--authority", help="Only the public projects this authority leads (its code, e.g. FR-REG-11)."
        )
        parser.add_argument("--output", required=True, help="The file to write.")
        parser.add_argument(
            "--organisation", help="Also write the authority's IATI organisation file here (needs --authority)."
        )
        parser.add_argument("--validate", action="store_true", help="Check the file against the official schema.")

    def handle(self, *args, authority=None, output, organisation=None, validate=False, **options):
        projects = Project.objects.public().order_by("pk")
        reporter = None
        if authority:
            try:
                holder = Authority.objects.get(code=authority)
            except Authority.DoesNotExist:
                raise CommandError(f"No authority has the code {authority}.") from None
            projects = projects.led_by(holder)
            reporter = authority_org_ref(holder)
        elif organisation:
            raise CommandError("--organisation needs --authority.")
        with open(output, "wb") as stream:
            count = write_activities(projects, stream, reporting_org=reporter)
        self.stdout.write(f"{count} activities written to {output}.")
        if organisation:
            funded = Project.objects.public().filter(fundings__funder_authority=holder).distinct()
            with open(organisation, "wb") as stream:
                write_organisation(holder, funded.prefetch_related("fundings"), stream)
            self.stdout.write(f"Organisation file written to {organisation}.")
        if validate:
            if not has_material():
                raise CommandError("The IATI schemas are not installed (../shared/iati): cannot validate.")
            errors = validation_errors(output)
            if organisation:
                errors += validation_errors(organisation, "organisations")
            if errors:
                raise CommandError("Not valid against the IATI 2.03 schema:\n" + "\n".join(errors[:20]))
            self.stdout.write("Valid against the IATI 2.03 schema.")
