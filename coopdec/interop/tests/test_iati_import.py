"""IATI import: real files and the official schema tests, refusals, modes, all-or-nothing, safety."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from coopdec.interop.enums import ImportMode, OnError
from coopdec.interop.iati.importer import Importer
from coopdec.interop.iati.material import has_material, material_dir
from coopdec.interop.models import ActivityRecord, ImportedOrganization
from coopdec.organizations.factories import OrganizationFactory
from coopdec.projects.models import Funding, Project
from coopdec.territories.factories import CountryFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not has_material(), reason="IATI material absent (../shared/iati): no files to import"),
]

IATI = material_dir()
REAL = sorted((IATI / "real").glob("[!l]*/*.xml")) if has_material() else []
SHOULD_PASS = sorted((IATI / "examples/schema-tests/should-pass").rglob("*.xml")) if has_material() else []
SHOULD_FAIL = sorted((IATI / "examples/schema-tests/should-fail").rglob("*.xml")) if has_material() else []

# should-fail files that break what the importer relies on, and the element it names when it refuses.
REFUSED = {
    "01-empty-activity.xml": "iati-identifier",
    "18-missing-iati-activities-version.xml": "",
    "22-missing-title-narrative.xml": "title",
}

ACTIVITY = """<iati-activity default-currency="EUR">
  <iati-identifier>{identifier}</iati-identifier>
  <reporting-org ref="XM-DAC-41114" type="40"><narrative>UNDP</narrative></reporting-org>
  <title><narrative xml:lang="en">{title}</narrative></title>
  <description><narrative xml:lang="en">Text</narrative></description>
  <participating-org ref="XM-DAC-41114" role="1" type="40"><narrative>UNDP</narrative></participating-org>
  <activity-status code="{status}"/>
  <activity-date type="1" iso-date="2024-01-01"/>
  <recipient-country code="MA"/>
  <sector vocabulary="1" code="{sector}"/>
  <transaction><transaction-type code="2"/><transaction-date iso-date="2024-01-01"/>
    <value value-date="2024-01-01">1000</value></transaction>
</iati-activity>"""


def iati_file(tmp_path, *activities, version="2.03", name="file.xml") -> Path:
    path = tmp_path / name
    body = "\n".join(ACTIVITY.format(**{"title": "A title", "status": "2", "sector": "14030", **a}) for a in activities)
    path.write_text(f'<?xml version="1.0"?>\n<iati-activities version="{version}">\n{body}\n</iati-activities>\n')
    return path


def run(*paths, authority=None, **kwargs):
    return Importer(authority=authority, **kwargs).run([str(p) for p in paths])


def test_every_real_file_imports_every_activity(authority_a):
    report = run(*REAL, authority=authority_a)
    assert [f["status"] for f in report.files] == ["imported"] * len(REAL)
    assert report.skipped == []
    assert report.created == 354 + 315 + 320 + 318 + 22
    assert Project.objects.count() == report.created
    assert Funding.objects.exists()


def test_importing_the_same_files_again_changes_nothing(authority_a):
    run(*REAL[:3], authority=authority_a)
    count = Project.objects.count()
    report = run(*REAL[:3], authority=authority_a)
    assert (report.created, report.updated, report.unchanged) == (0, 0, count)


@pytest.mark.parametrize("path", SHOULD_PASS, ids=lambda p: p.name)
def test_every_schema_valid_example_is_imported(path, authority_a):
    report = run(path, authority=authority_a, on_error=OnError.SKIP)
    assert report.files[0]["status"] == "imported", report.files
    assert report.created + len(report.skipped) >= 1
    assert all(s["message"] for s in report.skipped)


@pytest.mark.parametrize("path", SHOULD_FAIL, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_a_schema_invalid_example_is_refused_with_a_message_or_imported_never_a_crash(path, authority_a):
    report = run(path, authority=authority_a)
    outcome = report.files[0]
    if path.name in REFUSED:
        assert outcome["status"] != "imported"
        element = REFUSED[path.name]
        assert outcome["message"]
        assert not element or any(s["element"] == element for s in report.skipped)
    assert outcome["status"] in ("imported", "refused", "rolled back")
    if outcome["status"] != "imported":
        assert outcome["message"]
        assert Project.objects.count() == 0


def test_an_iati_1_file_is_refused_with_a_clear_message(authority_a):
    report = run(IATI / "real/legacy-v1/dfid-AF-2011.xml", authority=authority_a)
    assert report.files[0]["status"] == "refused"
    assert "IATI 1.01 file. IATI 1.x is not accepted" in report.files[0]["message"]
    assert Project.objects.count() == 0


def test_an_entity_expansion_file_is_refused_and_nothing_is_expanded(tmp_path, authority_a):
    bomb = tmp_path / "bomb.xml"
    entities = "".join(f'<!ENTITY l{i} "&l{i - 1};&l{i - 1};&l{i - 1};&l{i - 1};">' for i in range(1, 10))
    bomb.write_text(
        f'<?xml version="1.0"?><!DOCTYPE iati-activities [<!ENTITY l0 "lol">{entities}'
        '<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        '<iati-activities version="2.03"><iati-activity><iati-identifier>&l9;&xxe;</iati-identifier>'
        "</iati-activity></iati-activities>"
    )
    report = run(bomb, authority=authority_a)
    assert report.files[0]["status"] == "refused"
    assert "DOCTYPE" in report.files[0]["message"]
    assert Project.objects.count() == 0


def test_a_file_with_one_bad_activity_is_rolled_back_entirely_by_default(tmp_path, authority_a):
    path = iati_file(tmp_path, {"identifier": "XM-1"}, {"identifier": "XM-2", "status": "9"})
    report = run(path, authority=authority_a)
    assert report.files[0]["status"] == "rolled back"
    assert report.created == 0
    assert Project.objects.count() == 0
    assert report.skipped == [
        {
            "file": str(path),
            "identifier": "XM-2",
            "line": 22,
            "element": "activity-status",
            "message": "activity-status '9' is not in the ActivityStatus codelist",
        }
    ]


def test_on_error_skip_keeps_the_good_activities_and_lists_the_bad(tmp_path, authority_a):
    path = iati_file(tmp_path, {"identifier": "XM-1"}, {"identifier": "XM-2", "status": "9"}, {"identifier": "XM-1"})
    report = run(path, authority=authority_a, on_error=OnError.SKIP)
    assert list(Project.objects.values_list("iati_identifier", flat=True)) == ["XM-1"]
    assert [(s["identifier"], s["element"]) for s in report.skipped] == [
        ("XM-2", "activity-status"),
        ("XM-1", "iati-identifier"),
    ]
    assert "duplicate iati-identifier (first at line 3)" in report.skipped[1]["message"]


def test_mode_create_skips_existing_activities_and_update_rewrites_them(tmp_path, authority_a):
    run(iati_file(tmp_path, {"identifier": "XM-1"}), authority=authority_a)
    changed = iati_file(tmp_path, {"identifier": "XM-1", "title": "New title"}, name="changed.xml")
    report = run(changed, authority=authority_a, mode=ImportMode.CREATE, on_error=OnError.SKIP)
    assert report.skipped[0]["message"] == "already in coopdec (mode create keeps it as it is)"
    assert Project.objects.get().title == "A title"
    report = run(changed, authority=authority_a, mode=ImportMode.UPDATE)
    assert (report.created, report.updated) == (0, 1)
    project = Project.objects.get()
    assert project.title == "New title"
    assert project.fundings.count() == 1


def test_unknown_codes_are_reported_not_dropped(tmp_path, authority_a):
    report = run(iati_file(tmp_path, {"identifier": "XM-1", "sector": "99999"}), authority=authority_a)
    assert [w["message"] for w in report.warnings] == [
        "code '99999' is not in the Sector codelist",
        "country 'MA' is not in the reference data: kept aside",
    ]
    record = ActivityRecord.objects.get()
    assert record.sectors[0]["code"] == "99999"
    assert record.unmatched == [{"element": "recipient-country", "code": "MA"}]


def test_places_and_organisations_are_matched_to_the_reference_data_or_created_and_labelled(tmp_path, authority_a):
    CountryFactory(code="MA")
    undp = OrganizationFactory(name="PNUD", iati_ref="XM-DAC-41114")
    run(iati_file(tmp_path, {"identifier": "XM-1"}), authority=authority_a)
    project = Project.objects.get()
    assert project.places.get().country_id == "MA"
    assert project.participants.get().organization == undp
    assert not ImportedOrganization.objects.exists()


def test_an_organisation_unknown_to_coopdec_is_created_and_labelled_as_imported(tmp_path, authority_a):
    run(iati_file(tmp_path, {"identifier": "XM-1"}), authority=authority_a)
    organization = Project.objects.get().participants.get().organization
    assert (organization.name, organization.iati_ref) == ("UNDP", "XM-DAC-41114")
    assert ImportedOrganization.objects.filter(organization=organization).exists()


def test_activities_of_an_unknown_publisher_need_a_holding_authority(tmp_path):
    report = run(iati_file(tmp_path, {"identifier": "XM-1"}), on_error=OnError.SKIP)
    assert "no holding authority was chosen" in report.skipped[0]["message"]
    assert Project.objects.count() == 0


def test_the_command_refuses_urls_cleanly_and_imports_files_with_a_report(tmp_path, authority_a):
    with pytest.raises(CommandError, match="URLs are not fetched"):
        call_command("import_iati", "https://example.org/file.xml")
    out = StringIO()
    path = iati_file(tmp_path, {"identifier": "XM-1"})
    call_command("import_iati", str(path), "--authority", authority_a.code, "--no-progress", stdout=out)
    assert "created 1, updated 0, unchanged 0, skipped 0" in out.getvalue()


def test_the_command_fails_when_a_file_is_refused(authority_a):
    with pytest.raises(CommandError, match="not imported"):
        call_command(
            "import_iati",
            str(IATI / "real/legacy-v1/dfid-AF-2011.xml"),
            "--no-progress",
            stdout=StringIO(),
            stderr=StringIO(),
        )


def test_import_memory_stays_flat_as_the_file_grows(tmp_path, authority_a):
    """Peak memory is bounded by the batch, not the file: five times the activities, about the same peak."""
    import tracemalloc

    def peak(count: int, name: str) -> int:
        path = iati_file(tmp_path, *({"identifier": f"{name}-{i}"} for i in range(count)), name=f"{name}.xml")
        tracemalloc.start()
        report = run(path, authority=authority_a, batch_size=100)
        _current, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert report.created == count
        return top

    CountryFactory(code="MA")  # no warning per activity: the report would grow with the file, by design
    run(iati_file(tmp_path, {"identifier": "warm-up"}, name="warm.xml"), authority=authority_a)
    small, large = peak(300, "small"), peak(1500, "large")
    assert large < small * 1.6, (small, large)


@pytest.mark.parametrize("mode", [ImportMode.CREATE, ImportMode.UPDATE, ImportMode.REPLACE])
def test_import_queries_do_not_grow_with_the_number_of_activities(tmp_path, authority_a, mode):
    """No query per activity nor per row: a batch costs the same few queries whatever it holds."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(count: int, name: str, title: str) -> int:
        path = iati_file(tmp_path, *({"identifier": f"{name}-{i}", "title": title} for i in range(count)), name=name)
        with CaptureQueriesContext(connection) as context:
            report = run(path, authority=authority_a, mode=mode)
        assert report.created + report.updated == count, report.as_dict()
        return len(context.captured_queries)

    CountryFactory(code="MA")
    queries(1, "warm-up", "First")  # creates the participating organisation once
    first = {size: queries(size, f"f{size}", "First") for size in (3, 60)}
    assert first[3] == first[60], first
    if mode != ImportMode.CREATE:  # the same identifiers with another title: every project updated
        again = {size: queries(size, f"f{size}", "Second") for size in (3, 60)}
        assert again[3] == again[60], again


def test_a_row_the_database_refuses_surfaces_as_a_database_error_the_importer_catches():
    """Rows go to the database without Django's models (PostgreSQL: COPY): a refusal must still be a DatabaseError."""
    from django.db import DatabaseError, transaction

    from coopdec.interop.iati.importer import _Table
    from coopdec.projects.factories import ProjectFactory
    from coopdec.projects.models import Participant

    project = ProjectFactory()
    before = list(Participant.objects.filter(project=project))
    table = _Table(Participant, ["project_id", "authority_id", "organization_id", "role"])
    with pytest.raises(DatabaseError), transaction.atomic():
        table.insert([[project.pk, None, None, "partner"]])  # neither an authority nor an organisation
    assert list(Participant.objects.filter(project=project)) == before
