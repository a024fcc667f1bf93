"""Spreadsheets: templates, exports that round-trip, and the two-step import through the domain services."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from conftest import client_for
from coopdec.accounts.factories import UserFactory
from coopdec.funding import services as funding_services
from coopdec.partnerships import services as partnership_services
from coopdec.partnerships.enums import PartnershipKind, Visibility
from coopdec.partnerships.models import Partnership
from coopdec.partnerships.services import PartySpec
from coopdec.projects import services as project_services
from coopdec.projects.enums import Instrument, ProjectKind
from coopdec.projects.models import Funding, Project
from coopdec.projects.services import ParticipantSpec
from coopdec.territories.factories import CountryFactory, ForeignCityFactory
from coopdec.themes.models import Theme

BASE = "/en/interop/spreadsheets/"


@pytest.fixture
def yerevan(db):
    return ForeignCityFactory(code="AM-ER", name="Yerevan")


@pytest.fixture
def water(db):
    return Theme.objects.create(code="water", label_fr="Eau", label_en="Water")


@pytest.fixture
def partnership(editor_a, authority_a, yerevan, water):
    return partnership_services.create_partnership(
        author=editor_a,
        title="Île-de-France – Yerevan",
        kind=PartnershipKind.CONVENTION,
        parties=[PartySpec(authority=authority_a), PartySpec(authority=yerevan)],
        signed_on=date(2024, 3, 1),
        themes=[water],
    )


@pytest.fixture
def project(editor_a, authority_a, yerevan, partnership, water):
    project = project_services.create_project(
        author=editor_a,
        title="Eau potable à Erevan",
        lead_authority=authority_a,
        kind=ProjectKind.DEVELOPMENT,
        partnership=partnership,
        participants=[ParticipantSpec(authority=yerevan)],
        themes=[water],
        planned_start=date(2024, 1, 1),
        budget=Decimal("100000"),
    ).project
    funding_services.add_funding(
        project=project, author=editor_a, instrument=Instrument.OWN_BUDGET, amount=Decimal("40000"), year=2024
    )
    return project


def _upload(client, kind, data, name, mode, funding=None):
    payload = {"mode": mode, "file": SimpleUploadedFile(name, data)}
    if funding is not None:
        payload["funding_file"] = SimpleUploadedFile("funding-lines.csv", funding)
    return client.post(f"{BASE}{kind}/import/", payload)


def _confirm(client, kind, checked):
    return client.post(f"{BASE}{kind}/import/confirm/", {"token": checked.context["token"]})


def _errors(response):
    return [(e.sheet, e.row, e.column, e.message) for e in response.context["report"].errors]


def _counts(response, sheet):
    counts = response.context["report"].count(sheet)
    return counts.created, counts.updated, counts.unchanged, counts.removed


def _csv(rows, delimiter=","):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _new_partnership_csv(parties="FR-REG-11|AM-ER", **cells):
    row = {"title": "Jumelage", "kind": "twinning", "parties": parties, **cells}
    return _csv([list(row), list(row.values())])


def _history_size():
    return Project.history.count() + Funding.history.count() + Partnership.history.count()


# Templates and exports


def test_xlsx_template_explains_each_column_with_codes_and_labels(client, editor_a, water):
    response = client_for(client, editor_a).get(f"{BASE}projects/template.xlsx")
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Projects", "Funding lines", "Columns", "Codes"]
    assert [c.value for c in workbook["Projects"][1]][:3] == ["identifier", "title", "description"]
    columns = {row[1]: row for row in workbook["Columns"].iter_rows(min_row=2, values_only=True)}
    assert columns["kind"][3] == "yes"
    assert "emergency_humanitarian = Emergency humanitarian aid" in columns["kind"][5]
    assert "1 = Pipeline / identification" in columns["status"][5]
    codes = [c for c in workbook["Codes"].iter_cols(values_only=True) if c[0] == "themes"]
    assert codes[0][:2] == ("themes", "water")
    validations = workbook["Projects"].data_validations.dataValidation
    assert any("Codes!" in v.formula1 for v in validations)


def test_csv_template_is_the_header_of_keys(client, editor_a):
    response = client_for(client, editor_a).get(f"{BASE}partnerships/template.csv")
    assert response["Content-Type"].startswith("text/csv")
    header = response.content.decode("utf-8-sig").splitlines()[0].split(",")
    assert header[:5] == ["identifier", "title", "description", "language", "kind"]


def test_export_shows_codes_for_the_machine_and_names_for_people(client, editor_a, project):
    response = client_for(client, editor_a).get(f"{BASE}partnerships/export.csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0]["identifier"] == f"coopdec:partnership:{project.partnership_id}"
    assert rows[0]["parties"] == "FR-REG-11|AM-ER"
    assert rows[0]["parties_names"] == "Île-de-France|Yerevan"
    assert rows[0]["kind"] == "convention" and rows[0]["kind_label"] == "Cooperation convention"
    assert rows[0]["themes"] == "water" and rows[0]["themes_labels"] == "Water"


def test_export_holds_only_what_the_user_sees_in_the_workspace(client, editor_b, project):
    Partnership.objects.update(visibility=Visibility.PRIVATE)
    response = client_for(client, editor_b).get(f"{BASE}partnerships/export.csv")
    assert len(response.content.decode("utf-8-sig").splitlines()) == 1


def test_a_private_project_of_another_authority_is_unknown_to_the_import(client, editor_a, editor_b, project):
    exported = client_for(client, editor_a).get(f"{BASE}projects/export.csv").content
    Project.objects.update(visibility=Visibility.PRIVATE)
    checked = _upload(client_for(client, editor_b), "projects", exported, "p.csv", "update")
    assert _errors(checked) == [("Projects", 2, "identifier", "No project of yours has this identifier.")]


def test_visitor_is_sent_to_the_login_page(client, project):
    response = client.get(f"{BASE}projects/export.xlsx")
    assert response.status_code == 302 and "/login/" in response["Location"]


# Round trip


def test_xlsx_export_reimported_changes_nothing_then_one_edited_cell_changes_that_field_only(client, editor_a, project):
    client = client_for(client, editor_a)
    exported = client.get(f"{BASE}projects/export.xlsx").content
    before = _history_size()

    checked = _upload(client, "projects", exported, "projects.xlsx", "update")
    assert _errors(checked) == []
    assert _counts(checked, "Projects") == (0, 0, 1, 0)
    assert _counts(checked, "Funding lines") == (0, 0, 1, 0)
    done = _confirm(client, "projects", checked)
    assert "The file was imported." in done.content.decode()
    assert _history_size() == before

    workbook = load_workbook(io.BytesIO(exported))
    sheet = workbook["Projects"]
    header = [c.value for c in sheet[1]]
    sheet.cell(row=2, column=header.index("budget") + 1, value=120000)
    edited = io.BytesIO()
    workbook.save(edited)
    fields = ["title", "kind", "status", "planned_start", "currency", "partnership_id", "lead_authority_id"]
    previous = Project.objects.values(*fields).get()
    checked = _upload(client, "projects", edited.getvalue(), "projects.xlsx", "update")
    assert _counts(checked, "Projects") == (0, 1, 0, 0)
    _confirm(client, "projects", checked)

    project.refresh_from_db()
    assert project.budget == Decimal("120000")
    assert Project.objects.values(*fields).get() == previous
    assert project.history.first().history_user == editor_a
    assert _history_size() == before + 1
    assert list(project.themes.values_list("code", flat=True)) == ["water"]
    assert project.participants.count() == 2 and project.fundings.get().amount == Decimal("40000")


def test_semicolon_csv_export_reimported_is_unchanged(client, editor_a, project):
    client = client_for(client, editor_a)
    text = client.get(f"{BASE}partnerships/export.csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    checked = _upload(client, "partnerships", _csv(rows, delimiter=";"), "p.csv", "update")
    assert _errors(checked) == []
    assert _counts(checked, "Partnerships") == (0, 0, 1, 0)


def test_csv_projects_with_a_funding_file_update_add_and_remove_lines(client, editor_a, project):
    funding_services.add_funding(project=project, author=editor_a, instrument=Instrument.EU, amount=Decimal("7"))
    client = client_for(client, editor_a)
    projects_csv = client.get(f"{BASE}projects/export.csv").content
    funding_text = client.get(f"{BASE}funding-lines/export.csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(funding_text)))
    rows[1][rows[0].index("amount")] = "45 000,50"
    del rows[2]  # the EU line
    rows.append([project.iati_identifier or f"coopdec:project:{project.pk}", "", "FR-REG-11", "", "afd", "", "10000"])
    checked = _upload(client, "projects", projects_csv, "projects.csv", "update", funding=_csv(rows))
    assert _errors(checked) == []
    assert _counts(checked, "Funding lines") == (1, 1, 0, 1)
    _confirm(client, "projects", checked)
    assert sorted(project.fundings.values_list("amount", flat=True)) == [Decimal("10000"), Decimal("45000.50")]


# The two steps


def test_the_check_writes_nothing_and_the_confirmation_writes_with_the_user_as_author(client, editor_a, yerevan, water):
    client = client_for(client, editor_a)
    checked = _upload(client, "partnerships", _new_partnership_csv(themes="water"), "p.csv", "add")
    assert _counts(checked, "Partnerships") == (1, 0, 0, 0)
    assert not Partnership.objects.exists() and not Partnership.history.exists()
    done = _confirm(client, "partnerships", checked)
    partnership = Partnership.objects.get()
    assert _counts(done, "Partnerships") == (1, 0, 0, 0)
    assert partnership.kind == "twinning" and list(partnership.themes.all()) == [water]
    assert partnership.history.get().history_user == editor_a


def test_a_token_cannot_be_confirmed_by_another_user(client, editor_a, coordinator, yerevan):
    checked = _upload(client_for(client, editor_a), "partnerships", _new_partnership_csv(), "p.csv", "add")
    client.force_login(coordinator)
    response = _confirm(client, "partnerships", checked)
    assert response.status_code == 400
    assert not Partnership.objects.exists()


def test_add_mode_refuses_an_identifier_that_exists(client, editor_a, partnership):
    data = _new_partnership_csv(identifier=f"coopdec:partnership:{partnership.pk}")
    checked = _upload(client_for(client, editor_a), "partnerships", data, "p.csv", "add")
    assert _errors(checked) == [
        ("Partnerships", 2, "identifier", "This partnership already exists: choose “update existing” to change it.")
    ]


def test_update_mode_refuses_an_unknown_identifier(client, editor_a, yerevan):
    data = _new_partnership_csv(identifier="coopdec:partnership:999")
    checked = _upload(client_for(client, editor_a), "partnerships", data, "p.csv", "update")
    assert _errors(checked) == [("Partnerships", 2, "identifier", "No partnership of yours has this identifier.")]
    assert "token" not in checked.context


# Bad files and bad rows


def test_an_exe_renamed_csv_is_refused_by_its_content(client, editor_a):
    checked = _upload(client_for(client, editor_a), "partnerships", b"MZ\x90\x00\x03\x00\x00\x00", "p.csv", "add")
    assert "neither a CSV file" in checked.content.decode()
    assert "report" not in checked.context


def test_an_xlsx_without_a_required_column_is_refused_before_any_row(client, editor_a, project):
    client = client_for(client, editor_a)
    workbook = load_workbook(io.BytesIO(client.get(f"{BASE}partnerships/export.xlsx").content))
    sheet = workbook["Partnerships"]
    sheet.delete_cols([c.value for c in sheet[1]].index("kind") + 1)
    edited = io.BytesIO()
    workbook.save(edited)
    checked = _upload(client, "partnerships", edited.getvalue(), "p.xlsx", "update")
    assert _errors(checked) == [("Partnerships", 1, "kind", "This column is missing.")]


def test_wrong_codes_and_an_impossible_date_are_listed_with_row_and_column(client, editor_a, yerevan):
    rows = [
        ["title", "kind", "parties", "themes", "signed_on"],
        ["A", "conventionn", "FR-REG-11|AM-ER", "", ""],
        ["B", "convention", "FR-REG-11|XX-NOPE", "nope", ""],
        ["C", "convention", "FR-REG-11|AM-ER", "", "31/02/2024"],
    ]
    checked = _upload(client_for(client, editor_a), "partnerships", _csv(rows), "p.csv", "add")
    errors = {(row, column): message for _sheet, row, column, message in _errors(checked)}
    assert errors[(2, "kind")].startswith("“conventionn” is not allowed here; use one of: convention, twinning")
    assert errors[(3, "parties")].startswith("Nothing has the code “XX-NOPE”")
    assert errors[(4, "signed_on")] == "“31/02/2024” is not a date: write it as YYYY-MM-DD (or DD/MM/YYYY)."
    assert not Partnership.objects.exists()


def test_a_foreign_state_in_a_french_convention_gives_the_services_message(client, editor_a, yerevan):
    CountryFactory(code="AM")
    data = _new_partnership_csv(parties="FR-REG-11|state:AM")
    checked = _upload(client_for(client, editor_a), "partnerships", data, "p.csv", "add")
    [(sheet, row, column, message)] = _errors(checked)
    assert (sheet, row, column) == ("Partnerships", 2, "parties")
    assert "never with a foreign State: Armenia cannot be a party" in message


def test_a_negative_amount_gives_the_services_message_and_nothing_is_written(client, editor_a, project):
    client = client_for(client, editor_a)
    workbook = load_workbook(io.BytesIO(client.get(f"{BASE}projects/export.xlsx").content))
    lines = workbook["Funding lines"]
    lines.cell(row=2, column=[c.value for c in lines[1]].index("amount") + 1, value=-5)
    projects = workbook["Projects"]
    projects.cell(row=2, column=2, value="A new title")
    edited = io.BytesIO()
    workbook.save(edited)
    checked = _upload(client, "projects", edited.getvalue(), "p.xlsx", "update")
    assert _errors(checked) == [("Funding lines", 2, "amount", "An amount cannot be negative.")]
    assert Project.objects.get().title == "Eau potable à Erevan"


# Who may import


@pytest.mark.parametrize(
    ("role", "written"),
    [
        ("visitor", False),
        ("editor_a", True),
        ("admin_a", True),
        ("editor_b", False),
        ("coordinator", True),
        ("platform_admin", True),
    ],
)
def test_who_may_add_a_partnership_of_authority_a(client, cast, yerevan, role, written):
    client = client_for(client, cast[role])
    checked = _upload(client, "partnerships", _new_partnership_csv(parties="FR-REG-11|AM-ER"), "p.csv", "add")
    if role == "visitor":
        assert checked.status_code == 302
        assert client.post(f"{BASE}partnerships/import/confirm/", {"token": "x"}).status_code == 302
    elif not written:
        [(_sheet, row, _column, message)] = _errors(checked)
        assert row == 2 and message.startswith("You may only write the partnerships of your own authorities")
    else:
        _confirm(client, "partnerships", checked)
    assert Partnership.objects.exists() is written
    if written:
        assert Partnership.history.get().history_user == cast[role]


@pytest.mark.parametrize("role", ["editor_b", "visitor"])
def test_others_cannot_update_authority_a_public_project(client, cast, editor_a, project, role):
    exported = client_for(client, editor_a).get(f"{BASE}projects/export.csv").content.decode("utf-8-sig")
    client.logout()
    edited = exported.replace("Eau potable à Erevan", "Hijacked").encode()
    checked = _upload(client_for(client, cast[role]), "projects", edited, "p.csv", "update")
    if role == "visitor":
        assert checked.status_code == 302
    else:
        [(_sheet, row, _column, message)] = _errors(checked)
        assert row == 2 and message.startswith("You may only write the projects your authorities lead")
    assert Project.objects.get().title == "Eau potable à Erevan"


def test_a_user_without_authority_may_not_open_the_import(client, db):
    response = client_for(client, UserFactory()).get(f"{BASE}projects/import/")
    assert response.status_code == 403


@pytest.mark.parametrize("path", ["/en/workspace/projects/", "/en/workspace/partnerships/"])
def test_the_workspace_lists_link_to_the_spreadsheets(client, editor_a, path):
    response = client_for(client, editor_a).get(path)
    assert f'href="{BASE}"' in response.content.decode()
