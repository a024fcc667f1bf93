"""Round trip on the real files: import → export → import gives the same data for everything coopdec models."""

from io import BytesIO

import pytest

from coopdec.interop.iati.importer import Importer
from coopdec.interop.iati.material import has_material, material_dir, validation_errors
from coopdec.interop.iati.writer import write_activities
from coopdec.interop.models import ActivityRecord
from coopdec.projects.models import Project
from coopdec.territories.factories import CountryFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not has_material(), reason="IATI material absent (../shared/iati): no real files"),
]

RECORD_FIELDS = [
    f.name
    for f in ActivityRecord._meta.get_fields()
    if f.concrete and f.name not in ("id", "project", "job", "content_hash", "imported_at")
]


def _key(entity_authority, entity_organization):
    if entity_authority is not None:
        return ("authority", entity_authority.code)
    if entity_organization is not None:
        return ("organization", entity_organization.iati_ref or entity_organization.name)
    return None


def canonical(project: Project) -> dict:
    """Everything coopdec stores about an imported activity, independent of row ids and order."""
    record = project.iati_record
    return {
        **{
            name: str(getattr(project, name))
            for name in (
                "title",
                "description",
                "language",
                "translations",
                "kind",
                "status",
                "planned_start",
                "planned_end",
                "actual_start",
                "actual_end",
                "budget",
                "currency",
                "visibility",
            )
        },
        "lead": project.lead_authority.code,
        "themes": sorted(project.themes.values_list("code", flat=True)),
        "participants": sorted((_key(p.authority, p.organization), p.role) for p in project.participants.all()),
        "places": sorted(
            (str(p.authority_id and p.authority.code), str(p.country_id), p.name, str(p.latitude), str(p.longitude))
            for p in project.places.all()
        ),
        "fundings": sorted(
            (
                str(f.amount),
                f.currency,
                str(f.value_date),
                str(f.year),
                f.instrument,
                f.in_kind,
                str(_key(f.funder_authority, f.funder_organization)),
            )
            for f in project.fundings.all()
        ),
        "disbursements": sorted(
            (d.year, str(d.amount), d.currency, str(d.paid_on)) for d in project.disbursements.all()
        ),
        "results": sorted(
            (r.indicator, r.unit, str(r.baseline), str(r.target), str(r.achieved), str(r.year))
            for r in project.results.all()
        ),
        "record": {name: getattr(record, name) for name in RECORD_FIELDS},
    }


def snapshot() -> dict[str, dict]:
    projects = Project.objects.select_related("lead_authority", "iati_record").prefetch_related(
        "themes",
        "participants__authority",
        "participants__organization",
        "places__authority",
        "fundings__funder_authority",
        "fundings__funder_organization",
        "disbursements",
        "results",
    )
    return {p.iati_identifier: canonical(p) for p in projects}


def test_import_export_import_of_the_real_files_gives_the_same_data(authority_a):
    for code in ("JM", "IQ", "NE", "CF", "BD"):
        CountryFactory(code=code)
    real = sorted((material_dir() / "real").glob("[!l]*/*.xml"))
    first = Importer(authority=authority_a).run([str(p) for p in real])
    assert first.ok and first.created == 1329
    before = snapshot()

    exported = BytesIO()
    assert write_activities(Project.objects.order_by("pk"), exported) == 1329
    assert validation_errors(BytesIO(exported.getvalue())) == []

    Project.objects.all().delete()
    exported.seek(0)
    second = Importer().run([exported])  # the lead authority travels in the file: no holder needed
    assert second.ok and second.created == 1329
    after = snapshot()

    assert after.keys() == before.keys()
    differences = [key for key in before if before[key] != after[key]]
    assert differences == [], (before[differences[0]], after[differences[0]]) if differences else None
