"""IATI 2.03 export: every file validates against the official schema and carries what coopdec knows."""

from datetime import date
from decimal import Decimal
from io import BytesIO, StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from lxml import etree

from coopdec.demo.tests.conftest import demo_reference  # noqa: F401 - the demo's reference-data fixture
from coopdec.interop.iati.codes import NS, THEME_VOCABULARY_URI, XML_LANG
from coopdec.interop.iati.material import has_material, validation_errors
from coopdec.interop.iati.writer import write_activities, write_organisation
from coopdec.interop.models import ActivityRecord, IatiPublisher
from coopdec.organizations.factories import OrganizationFactory
from coopdec.partnerships.enums import Visibility
from coopdec.projects.enums import Instrument, ParticipantRole, ProjectStatus
from coopdec.projects.factories import FundingFactory, ProjectFactory
from coopdec.projects.models import Disbursement, Participant, Place, Project, Result
from coopdec.territories.factories import CountryFactory, ForeignCityFactory
from coopdec.themes.models import Theme

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not has_material(), reason="IATI schemas absent (../shared/iati): cannot validate exports"),
]


def export(projects, **kwargs) -> bytes:
    stream = BytesIO()
    write_activities(projects, stream, **kwargs)
    return stream.getvalue()


def assert_valid(xml: bytes, kind: str = "activities") -> etree._Element:
    errors = validation_errors(BytesIO(xml), kind)
    assert errors == []
    return etree.fromstring(xml)


@pytest.fixture
def full_project(authority_a):
    """A project with every field coopdec models filled in, and an imported IATI record beside it."""
    theme = Theme.objects.create(code="water-test", label_fr="Eau", label_en="Water", dac_codes=["14030", "14020"])
    other_theme = Theme.objects.create(code="health-test", label_fr="Santé", label_en="Health", dac_codes=["12220"])
    authority_a.siren = "237500079"
    authority_a.save()
    yerevan = ForeignCityFactory(code="GEONAMES-616052", name="Erevan", geonames_id=616052)
    ngo = OrganizationFactory(name="Eau Vive", iati_ref="FR-RCS-123456789")
    project = ProjectFactory(
        lead_authority=authority_a,
        title="Eau potable à Erevan",
        description="Réseau d'eau",
        language="fr",
        translations={"en": {"title": "Drinking water in Yerevan", "description": "Water network"}},
        status=ProjectStatus.IMPLEMENTATION,
        planned_start=date(2023, 1, 1),
        planned_end=date(2025, 12, 31),
        actual_start=date(2023, 2, 1),
        actual_end=date(2025, 11, 30),
        budget=Decimal("250000.50"),
        iati_identifier="FR-RCS-237500079-EAU-1",
    )
    project.themes.set([theme, other_theme])
    Participant.objects.create(project=project, authority=yerevan, role=ParticipantRole.PARTNER)
    Participant.objects.create(project=project, organization=ngo, role=ParticipantRole.OPERATOR)
    Participant.objects.create(project=project, organization=ngo, role=ParticipantRole.BENEFICIARY)
    Place.objects.create(project=project, country=CountryFactory(code="AM"))
    Place.objects.create(project=project, authority=yerevan, latitude=40.18, longitude=44.51)
    Place.objects.create(project=project, name="Lac Sevan", latitude=40.38, longitude=45.06)
    funding = FundingFactory(
        project=project,
        funder_authority=authority_a,
        instrument=Instrument.ONE_PERCENT_WATER,
        amount=Decimal("100000"),
        year=2023,
        value_date=date(2023, 3, 1),
    )
    FundingFactory(project=project, funder_organization=ngo, amount=Decimal("5000"), in_kind=True)
    Disbursement.objects.create(project=project, funding=funding, year=2023, amount=Decimal("40000"))
    Disbursement.objects.create(project=project, year=2024, amount=Decimal("60000"), paid_on=date(2024, 6, 1))
    Result.objects.create(project=project, indicator="People served", unit="people", baseline=0, target=5000, year=2024)
    Result.objects.create(project=project, indicator="Kilometres of pipe", achieved=Decimal("12.5"))
    ActivityRecord.objects.create(
        project=project,
        collaboration_type="1",
        default_flow_type="10",
        default_finance_type="110",
        default_tied_status="5",
        default_aid_types=[{"code": "C01", "vocabulary": "1"}],
        descriptions=[{"type": "2", "narratives": [["fr", "Objectifs"]]}],
        recipient_regions=[{"code": "298", "vocabulary": "1", "vocabulary-uri": "", "percentage": ""}],
        documents=[
            {
                "url": "https://example.org/report.pdf",
                "format": "application/pdf",
                "title": [["fr", "Rapport"]],
                "categories": ["A01"],
                "languages": ["fr"],
                "date": "2024-01-15",
            }
        ],
        other_transactions=[
            {
                "ref": "T1",
                "type": "4",
                "date": "2024-02-01",
                "value": "1500",
                "currency": "EUR",
                "value_date": "2024-02-01",
                "description": [["fr", "Achat"]],
                "provider-org": None,
                "receiver-org": {"ref": "", "type": "70", "name": "Fournisseur"},
            }
        ],
    )
    return project


def test_a_project_with_every_field_exports_to_a_schema_valid_file_that_says_everything(full_project):
    root = assert_valid(export(Project.objects.all()))
    activity = root.find("iati-activity")
    assert activity.findtext("iati-identifier") == "FR-RCS-237500079-EAU-1"
    assert activity.find("reporting-org").get("ref") == "FR-RCS-237500079"
    assert [(n.get(XML_LANG), n.text) for n in activity.find("title")] == [
        ("fr", "Eau potable à Erevan"),
        ("en", "Drinking water in Yerevan"),
    ]
    roles = sorted((p.get("role"), p.get(f"{{{NS}}}role")) for p in activity.iterfind("participating-org"))
    assert roles == [("2", "lead"), ("4", "beneficiary"), ("4", "operator"), ("4", "partner")]
    assert activity.find("activity-status").get("code") == "2"
    assert {d.get("type"): d.get("iso-date") for d in activity.iterfind("activity-date")} == {
        "1": "2023-01-01",
        "2": "2023-02-01",
        "3": "2025-12-31",
        "4": "2025-11-30",
    }
    assert [c.get("code") for c in activity.iterfind("recipient-country")] == ["AM"]
    assert activity.find("recipient-region").get("code") == "298"
    assert [loc.findtext("location-id[@vocabulary='G1']/../name/narrative") for loc in activity.iterfind("location")][
        0
    ] == "Erevan"
    dac = {s.get("code"): Decimal(s.get("percentage")) for s in activity.iterfind("sector[@vocabulary='1']")}
    assert set(dac) == {"14030", "14020", "12220"}
    assert sum(dac.values()) == 100
    themes = {s.get("code") for s in activity.iterfind(f"sector[@vocabulary-uri='{THEME_VOCABULARY_URI}']")}
    assert themes == {"water-test", "health-test"}
    assert activity.find("budget/value").text == "250000.5"
    kinds = sorted(t.find("transaction-type").get("code") for t in activity.iterfind("transaction"))
    assert kinds == ["2", "2", "3", "3", "4"]
    assert activity.find("document-link").get("url") == "https://example.org/report.pdf"
    assert [r.findtext("title/narrative") for r in activity.iterfind("result")] == [
        "People served",
        "Kilometres of pipe",
    ]


def test_the_demo_data_exports_to_a_schema_valid_file(demo_reference):  # noqa: F811
    call_command("load_demo", stdout=StringIO())
    assert Project.objects.exists()
    root = assert_valid(export(Project.objects.all()))
    assert len(root) == Project.objects.count()


def test_an_authority_reports_its_own_activities_with_its_stored_identifier(authority_a):
    IatiPublisher.objects.create(authority=authority_a, org_ref="FR-RCS-999999999")
    ProjectFactory(lead_authority=authority_a, planned_start=None)
    root = assert_valid(export(Project.objects.all()))
    assert root.find("iati-activity/reporting-org").get("ref") == "FR-RCS-999999999"
    assert root.findtext("iati-activity/iati-identifier").startswith("FR-RCS-999999999-")


def test_the_organisation_file_gives_the_authority_total_budget_per_year(full_project, authority_a):
    stream = BytesIO()
    write_organisation(authority_a, Project.objects.prefetch_related("fundings"), stream)
    root = assert_valid(stream.getvalue(), "organisations")
    budgets = [(b.find("period-start").get("iso-date"), b.findtext("value")) for b in root.iterfind(".//total-budget")]
    assert budgets == [("2023-01-01", "100000")]


def test_the_download_holds_only_the_authority_public_projects(client, authority_a, authority_b):
    ProjectFactory(lead_authority=authority_a, title="Public")
    ProjectFactory(lead_authority=authority_a, title="Secret", visibility=Visibility.PRIVATE)
    ProjectFactory(lead_authority=authority_b, title="Someone else's")
    response = client.get(reverse("interop:authority_activities", args=[authority_a.code]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    root = assert_valid(b"".join(response.streaming_content))
    assert [a.findtext("title/narrative") for a in root] == ["Public"]


def test_the_list_download_gives_the_chosen_public_projects(client, authority_a):
    chosen = ProjectFactory(lead_authority=authority_a, title="Chosen")
    ProjectFactory(lead_authority=authority_a, title="Not chosen")
    private = ProjectFactory(lead_authority=authority_a, title="Private", visibility=Visibility.PRIVATE)
    response = client.get(reverse("interop:projects_activities"), {"id": [chosen.pk, private.pk]})
    root = etree.fromstring(b"".join(response.streaming_content))
    assert [a.findtext("title/narrative") for a in root] == ["Chosen"]


def test_export_command_writes_a_valid_file_for_one_authority(tmp_path, full_project, authority_a):
    output, organisation = tmp_path / "a.xml", tmp_path / "org.xml"
    out = StringIO()
    call_command(
        "export_iati",
        "--authority",
        authority_a.code,
        "--output",
        str(output),
        "--organisation",
        str(organisation),
        "--validate",
        stdout=out,
    )
    assert "1 activities written" in out.getvalue()
    assert "Valid against the IATI 2.03 schema." in out.getvalue()


def test_export_streams_projects_by_chunks_with_a_constant_number_of_queries(
    authority_a, django_assert_max_num_queries
):
    for _ in range(5):
        ProjectFactory(lead_authority=authority_a)
    with django_assert_max_num_queries(15):
        export(Project.objects.all())


def test_a_project_in_foreign_cities_names_their_countries_as_recipients_and_reads_back_without_extra_places(
    authority_a,
):
    """IATI readers expect recipient countries: a project in Dakar and Rabat names SN and MA (50 % each), flagged
    derived, and importing the file back gives the two authority places only, not two more country places."""
    from coopdec.interop.iati.importer import Importer

    senegal, morocco = CountryFactory(code="SN"), CountryFactory(code="MA")
    dakar = ForeignCityFactory(code="GEONAMES-2253354", name="Dakar", country=senegal)
    rabat = ForeignCityFactory(code="GEONAMES-2538475", name="Rabat", country=morocco)
    project = ProjectFactory(lead_authority=authority_a, title="Eau potable", iati_identifier="FR-TEST-WATER-1")
    Place.objects.create(project=project, authority=dakar)
    Place.objects.create(project=project, authority=rabat)
    alone = ProjectFactory(lead_authority=authority_a, title="À Dakar seulement", iati_identifier="FR-TEST-WATER-2")
    Place.objects.create(project=alone, authority=dakar)

    root = assert_valid(export(Project.objects.order_by("pk")))
    both, one = root
    assert [
        (c.get("code"), c.get("percentage"), c.get(f"{{{NS}}}derived")) for c in both.iter("recipient-country")
    ] == [
        ("SN", "50.00", "1"),
        ("MA", "50.00", "1"),
    ]
    assert [(c.get("code"), c.get("percentage")) for c in one.iter("recipient-country")] == [("SN", None)]

    Project.objects.all().delete()
    report = Importer().run([BytesIO(etree.tostring(root))])
    assert report.ok and report.created == 2
    places = Project.objects.get(iati_identifier="FR-TEST-WATER-1").places.all()
    assert sorted((p.authority.code if p.authority else "", p.country_id or "") for p in places) == [
        ("GEONAMES-2253354", ""),
        ("GEONAMES-2538475", ""),
    ]


def test_the_file_is_streamed_in_pieces_that_make_the_same_valid_file(client, authority_a):
    """A country's file is sent as it is written (StreamingHttpResponse), never held whole in memory."""
    from coopdec.interop.iati.writer import activity_chunks

    for number in range(30):
        ProjectFactory(lead_authority=authority_a, title=f"Projet {number}")
    projects = Project.objects.order_by("pk")

    pieces = list(activity_chunks(projects, chunk_bytes=2_000))
    whole = b"".join(pieces)
    assert len(pieces) > 5
    assert all(len(piece) < 2_000 + 4_000 for piece in pieces)  # a piece is at most one activity past the size
    root = assert_valid(whole)
    assert [a.findtext("title/narrative") for a in root] == [f"Projet {number}" for number in range(30)]
    written_at_once = etree.fromstring(export(projects))
    assert [etree.tostring(a) for a in root] == [etree.tostring(a) for a in written_at_once]

    response = client.get(reverse("interop:authority_activities", args=[authority_a.code]))
    assert response.streaming
    assert response["Content-Disposition"] == f'attachment; filename="iati-activities-{authority_a.code}.xml"'
