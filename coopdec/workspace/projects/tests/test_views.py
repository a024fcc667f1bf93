"""The workspace's project pages: list, export, sheet, create and edit — for every role of the cast."""

import csv
import io
import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from conftest import client_for
from coopdec.partnerships.enums import Visibility
from coopdec.partnerships.factories import partnership_between
from coopdec.projects.enums import Instrument, ParticipantRole, ProjectKind, ProjectStatus
from coopdec.projects.factories import FundingFactory, ProjectFactory
from coopdec.projects.models import Participant, Place, Project
from coopdec.territories.factories import AuthorityFactory, CountryFactory, ForeignCityFactory
from coopdec.themes.models import Theme

# The status a write gets from each role on a public project of authority A (302: done, then redirected).
WRITE_STATUS = {
    "visitor": 302,
    "editor_a": 302,
    "admin_a": 302,
    "editor_b": 403,
    "coordinator": 302,
    "platform_admin": 302,
}
WRITES = {role: status == 302 and role != "visitor" for role, status in WRITE_STATUS.items()}


def url(name, *args, query=""):
    with translation.override("en"):
        return reverse(f"projects:{name}", args=args) + query


@pytest.fixture
def project_a(authority_a):
    return ProjectFactory(lead_authority=authority_a, title="Eau potable à Erevan", budget=Decimal("100000"))


def project_form(lead, **overrides):
    data = {
        "lead_authority": lead.pk,
        "title": "Accès à l'eau",
        "language": "fr",
        "kind": ProjectKind.EMERGENCY_HUMANITARIAN,
        "status": ProjectStatus.PIPELINE,
        "currency": "EUR",
        "visibility": Visibility.PUBLIC,
    }
    data.update(overrides)
    return data


# --- list -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["list", "create"])
def test_visitors_are_sent_to_the_login_page(client, name):
    response = client.get(url(name))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_list_shows_projects_led_by_or_involving_the_users_authorities(client, editor_a, authority_a, authority_b):
    ProjectFactory(lead_authority=authority_a, title="Led by A")
    involving = ProjectFactory(lead_authority=authority_b, title="B with A as beneficiary")
    Participant.objects.create(project=involving, authority=authority_a, role=ParticipantRole.BENEFICIARY)
    ProjectFactory(lead_authority=authority_b, title="B alone")
    content = client_for(client, editor_a).get(url("list")).content.decode()
    assert "Led by A" in content
    assert "B with A as beneficiary" in content
    assert "B alone" not in content


def test_a_private_project_where_the_authority_is_only_beneficiary_stays_hidden(
    client, editor_a, authority_a, authority_b
):
    private = ProjectFactory(lead_authority=authority_b, title="Private of B", visibility=Visibility.PRIVATE)
    Participant.objects.create(project=private, authority=authority_a, role=ParticipantRole.BENEFICIARY)
    assert "Private of B" not in client_for(client, editor_a).get(url("list")).content.decode()


def test_a_coordinator_lists_every_project(client, coordinator, authority_a, authority_b):
    ProjectFactory(lead_authority=authority_b, title="B alone", visibility=Visibility.PRIVATE)
    ProjectFactory(lead_authority=authority_a, title="A alone")
    content = client_for(client, coordinator).get(url("list")).content.decode()
    assert "B alone" in content and "A alone" in content


def test_an_authority_without_projects_sees_an_empty_state(client, editor_a):
    content = client_for(client, editor_a).get(url("list")).content.decode()
    assert "Your authority has no project yet." in content


@pytest.mark.parametrize(
    "query, expected",
    [("erevan", "Eau potable à Erevan"), ("forages", "Eau potable à Erevan"), ("ILE-DE", "Eau potable à Erevan")],
)
def test_the_search_looks_in_title_description_and_lead_name(client, coordinator, project_a, query, expected):
    project_a.description = "Des forages"
    project_a.save()
    ProjectFactory(title="Autre chose")
    content = client_for(client, coordinator).get(url("list", query=f"?q={query}")).content.decode()
    assert expected in content
    assert "Autre chose" not in content


def _titles(client, query):
    response = client.get(url("list", query=query + "&export=csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    return sorted(row[0] for row in rows[1:])


def test_the_filters_narrow_the_list(client, coordinator, authority_a):
    theme = Theme.objects.first()
    morocco = CountryFactory(code="MA")
    partnership = partnership_between(authority_a)
    match = ProjectFactory(
        lead_authority=authority_a,
        title="Match",
        status=ProjectStatus.CLOSED,
        kind=ProjectKind.CULTURAL,
        partnership=partnership,
        planned_start=date(2023, 1, 1),
        planned_end=date(2025, 12, 31),
    )
    match.themes.add(theme)
    Place.objects.create(project=match, country=morocco)
    FundingFactory(project=match, instrument=Instrument.AFD)
    ProjectFactory(lead_authority=authority_a, title="Other", planned_start=date(2026, 1, 1))
    client = client_for(client, coordinator)
    for query in [
        f"?status={ProjectStatus.CLOSED}",
        f"?kind={ProjectKind.CULTURAL}",
        f"?theme={theme.pk}",
        "?country=MA",
        f"?instrument={Instrument.AFD}",
        "?year=2024",
        f"?partnership={partnership.pk}",
    ]:
        assert _titles(client, query) == ["Match"], query
    assert _titles(client, "?year=2026") == ["Other"]


def test_the_list_sorts_by_a_column_both_ways(client, coordinator):
    for title, budget in [("Small", "10"), ("Large", "1000"), ("Medium", "100")]:
        ProjectFactory(title=title, budget=Decimal(budget))
    client = client_for(client, coordinator)
    for sort, expected in [("budget", ["Small", "Medium", "Large"]), ("-budget", ["Large", "Medium", "Small"])]:
        response = client.get(url("list", query=f"?sort={sort}&export=csv"))
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert [row[0] for row in rows[1:]] == expected


def test_the_list_pages_rows(client, coordinator):
    for n in range(30):
        ProjectFactory(title=f"P{n:02}")
    content = client_for(client, coordinator).get(url("list", query="?page=2")).content.decode()
    assert "P29" in content and "P00" not in content
    assert "30 results" in content


def _populate(count: int, authority) -> None:
    theme = Theme.objects.first()
    for n in range(count):
        project = ProjectFactory(lead_authority=authority, title=f"Project {n}")
        project.themes.add(theme)
        Place.objects.create(project=project, country_id="FR")
        Participant.objects.create(project=project, authority=ForeignCityFactory(), role=ParticipantRole.PARTNER)
        FundingFactory(project=project)


@pytest.mark.parametrize("export", ["", "&export=csv"])
def test_the_list_runs_the_same_number_of_queries_for_3_or_30_projects(
    client, editor_a, authority_a, django_assert_num_queries, export
):
    client = client_for(client, editor_a)
    _populate(3, authority_a)
    with CaptureCount() as small:
        client.get(url("list", query=f"?size=50{export}"))
    _populate(27, authority_a)
    with django_assert_num_queries(small.count):
        response = client.get(url("list", query=f"?size=50{export}"))
    assert response.status_code == 200


class CaptureCount:
    """Counts the queries of a block (the first run fixes what the second must match)."""

    def __enter__(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        self._context = CaptureQueriesContext(connection)
        self._context.__enter__()
        return self

    def __exit__(self, *exc):
        self._context.__exit__(*exc)
        self.count = len(self._context.captured_queries)


def test_the_csv_export_has_labels_and_figures(client, editor_a, project_a):
    project_a.themes.add(Theme.objects.get(code=Theme.objects.first().code))
    FundingFactory(project=project_a, amount=Decimal("88000"))
    response = client_for(client, editor_a).get(url("list", query="?export=csv"))
    assert response["Content-Disposition"] == 'attachment; filename="projects.csv"'
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0]["Title"] == "Eau potable à Erevan"
    assert rows[0]["Lead authority"] == "Île-de-France"
    assert rows[0]["Kind"] == "Development"
    assert rows[0]["Status"] == "Implementation"
    assert rows[0]["Themes"] == Theme.objects.first().label_en
    assert rows[0]["Total funded (€)"] == "88000.00"
    assert rows[0]["Gap to the budget (€)"] == "12000.00"


def test_the_xlsx_export_keeps_numbers_typed(client, editor_a, project_a):
    response = client_for(client, editor_a).get(url("list", query="?export=xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    row = dict(zip(header, [cell.value for cell in sheet[2]], strict=True))
    assert row["Title"] == "Eau potable à Erevan"
    assert row["Budget"] == 100000


# --- the project's page -------------------------------------------------------------------------------


def test_a_private_project_is_hidden_from_another_authoritys_editor(client, editor_b, authority_a):
    private = ProjectFactory(lead_authority=authority_a, visibility=Visibility.PRIVATE)
    assert client_for(client, editor_b).get(url("detail", private.pk)).status_code == 404
    assert client.get(url("edit", private.pk)).status_code == 404


def test_a_public_project_of_another_authority_is_read_only(client, editor_b, project_a):
    response = client_for(client, editor_b).get(url("detail", project_a.pk))
    assert response.status_code == 200
    assert url("edit", project_a.pk) not in response.content.decode()
    assert client.get(url("edit", project_a.pk)).status_code == 403


def test_the_project_page_shows_the_edit_link_to_its_editors(client, editor_a, project_a):
    content = client_for(client, editor_a).get(url("detail", project_a.pk)).content.decode()
    assert "Eau potable à Erevan" in content
    assert url("edit", project_a.pk) in content


# --- create ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["visitor", "editor_a", "admin_a", "editor_b", "coordinator", "platform_admin"])
def test_creating_a_project_for_authority_a_by_role(client, cast, authority_a, role):
    user = cast[role]
    data = project_form(authority_a)
    if role in ("coordinator", "platform_admin"):
        data["lead_authority"] = f"authority:{authority_a.pk}"
    response = client_for(client, user).post(url("create"), data)
    created = Project.objects.filter(title="Accès à l'eau").first()
    if WRITES[role]:
        assert response.status_code == 302
        assert response["Location"] == url("detail", created.pk)
        assert created.lead_authority == authority_a
        assert created.created_by == user
        assert list(created.participants.values_list("authority", "role")) == [(authority_a.pk, "lead")]
    elif role == "visitor":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        assert created is None
    else:  # editor_b may create projects, but only for authority B: A is not among the choices
        assert response.status_code == 200
        assert "Select a valid choice" in response.content.decode()
        assert created is None


def test_a_user_without_an_authority_cannot_create_a_project(client, db):
    from coopdec.accounts.factories import UserFactory

    user = UserFactory()
    assert client_for(client, user).get(url("create")).status_code == 403


def test_the_lead_authority_defaults_to_the_users_authority(client, editor_a, authority_a):
    content = client_for(client, editor_a).get(url("create")).content.decode()
    assert f'<option value="{authority_a.pk}" selected>' in content


def test_a_development_project_without_partnership_is_created_with_a_visible_warning(client, editor_a, authority_a):
    data = project_form(authority_a, kind=ProjectKind.DEVELOPMENT)
    response = client_for(client, editor_a).post(url("create"), data, follow=True)
    assert Project.objects.filter(title="Accès à l'eau").exists()
    assert "is not attached to any partnership" in response.content.decode()


def test_emergency_humanitarian_aid_is_created_without_a_warning(client, editor_a, authority_a):
    response = client_for(client, editor_a).post(url("create"), project_form(authority_a), follow=True)
    assert "is not attached to any partnership" not in response.content.decode()
    assert "The project has been created." in response.content.decode()


def test_a_project_created_from_a_partnership_starts_with_it(client, editor_a, authority_a):
    partnership = partnership_between(authority_a, title="Convention Île-de-France – Erevan")
    client = client_for(client, editor_a)
    content = client.get(url("create", query=f"?partnership={partnership.pk}")).content.decode()
    assert f'<option value="{partnership.pk}" selected>' in content
    data = project_form(authority_a, kind=ProjectKind.DEVELOPMENT, partnership=partnership.pk)
    response = client.post(url("create"), data, follow=True)
    assert Project.objects.get(title="Accès à l'eau").partnership == partnership
    assert "is not attached to any partnership" not in response.content.decode()


def test_translations_are_stored_beside_the_original(client, editor_a, authority_a):
    data = project_form(authority_a, title_en="Access to water", description_en="Wells")
    client_for(client, editor_a).post(url("create"), data)
    project = Project.objects.get(title="Accès à l'eau")
    assert project.language == "fr"
    assert project.translations == {"en": {"title": "Access to water", "description": "Wells"}}


def test_a_translation_into_the_text_own_language_is_refused_rather_than_dropped(client, editor_a, authority_a):
    """A French text's "title in French" used to vanish on saving; now the form says why and writes nothing."""
    data = project_form(authority_a, title_en="Access to water", title_fr="Accès à l'eau potable")

    response = client_for(client, editor_a).post(url("create"), data)

    assert response.status_code == 200
    assert response.context["form"].errors["title_fr"] == [
        "The text is already in this language: put this in the title and description above, or choose the "
        "language the text is written in."
    ]
    assert not Project.objects.filter(title="Accès à l'eau").exists()


def test_themes_and_money_are_saved(client, editor_a, authority_a):
    themes = list(Theme.objects.all()[:2])
    data = project_form(
        authority_a,
        themes=[t.pk for t in themes],
        budget="25000.50",
        currency="XOF",
        planned_start="2025-01-01",
        planned_end="2026-06-30",
        visibility=Visibility.PRIVATE,
    )
    client_for(client, editor_a).post(url("create"), data)
    project = Project.objects.get(title="Accès à l'eau")
    assert set(project.themes.all()) == set(themes)
    assert (project.budget, project.currency, project.visibility) == (Decimal("25000.50"), "XOF", "private")
    assert (project.planned_start, project.planned_end) == (date(2025, 1, 1), date(2026, 6, 30))


def test_an_end_before_the_start_is_refused_with_the_services_message(client, editor_a, authority_a):
    data = project_form(authority_a, planned_start="2025-06-01", planned_end="2025-01-01")
    response = client_for(client, editor_a).post(url("create"), data)
    assert response.status_code == 200
    assert "The end date (2025-01-01) is before the start date (2025-06-01)." in response.content.decode()
    assert not Project.objects.exists()


def test_a_coordinator_finds_the_lead_authority_by_searching_without_javascript(client, coordinator, authority_a):
    data = project_form(authority_a, lead_authority="", lead_authority_q="ile de", _search="lead_authority")
    response = client_for(client, coordinator).post(url("create"), data)
    assert response.status_code == 200
    assert f'value="authority:{authority_a.pk}"' in response.content.decode()
    assert not Project.objects.exists()


# --- edit ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["visitor", "editor_a", "admin_a", "editor_b", "coordinator", "platform_admin"])
def test_editing_a_project_by_role(client, cast, project_a, authority_a, role):
    lead = f"authority:{authority_a.pk}" if role in ("coordinator", "platform_admin") else authority_a.pk
    data = project_form(authority_a, lead_authority=lead, title="Renamed", kind=ProjectKind.DEVELOPMENT)
    response = client_for(client, cast[role]).post(url("edit", project_a.pk), data)
    assert response.status_code == WRITE_STATUS[role]
    project_a.refresh_from_db()
    assert (project_a.title == "Renamed") is WRITES[role]


def test_the_edit_form_starts_from_the_project(client, editor_a, project_a):
    project_a.translations = {"en": {"title": "Drinking water in Yerevan"}}
    project_a.save()
    content = client_for(client, editor_a).get(url("edit", project_a.pk)).content.decode()
    assert 'value="Eau potable à Erevan"' in content
    assert 'value="Drinking water in Yerevan"' in content


def test_a_coordinator_moves_the_lead_and_the_former_lead_stays_a_partner(client, coordinator, project_a, authority_a):
    other = AuthorityFactory(name="Lyon")
    data = project_form(authority_a, lead_authority=f"authority:{other.pk}", title=project_a.title)
    client_for(client, coordinator).post(url("edit", project_a.pk), data)
    project_a.refresh_from_db()
    assert project_a.lead_authority == other
    assert set(project_a.participants.values_list("authority", "role")) == {
        (other.pk, "lead"),
        (authority_a.pk, "partner"),
    }


def _fill(project, count: int) -> None:
    for n in range(count):
        Participant.objects.create(project=project, authority=ForeignCityFactory(), role=ParticipantRole.PARTNER)
        Place.objects.create(project=project, authority=ForeignCityFactory())
        FundingFactory(project=project, funder_authority=project.lead_authority, amount=Decimal(n + 1))
        project.results.create(indicator=f"Indicator {n}", target=n)
        project.disbursements.create(year=2025, amount=Decimal(n + 1))


def test_the_project_page_runs_the_same_number_of_queries_for_3_or_30_lines(
    client, editor_a, project_a, django_assert_num_queries
):
    client = client_for(client, editor_a)
    _fill(project_a, 3)
    with CaptureCount() as small:
        client.get(url("detail", project_a.pk))
    _fill(project_a, 27)
    with django_assert_num_queries(small.count):
        response = client.get(url("detail", project_a.pk))
    assert response.content.decode().count("<td>Indicator ") == 30


def test_the_history_link_is_shown_to_the_lead_authoritys_administrators_only(client, admin_a, editor_a, project_a):
    with translation.override("en"):
        history = reverse("workspace:history", args=["project", project_a.pk])
    assert history in client_for(client, admin_a).get(url("detail", project_a.pk)).content.decode()
    client.logout()
    assert "/history/" not in client_for(client, editor_a).get(url("detail", project_a.pk)).content.decode()


def test_the_project_form_lists_the_themes_as_a_fieldset_of_labelled_checkboxes(client, editor_a):
    """The themes were drawn as one checkbox holding the whole list, which overlapped the fields below it."""
    from lxml import html

    page = html.fromstring(client_for(client, editor_a).get("/en/workspace/projects/new/").content)

    fieldset = page.xpath("//fieldset[legend='Themes']")[0]
    boxes = fieldset.xpath(".//input[@type='checkbox'][@name='themes']")
    assert len(boxes) == Theme.objects.count() > 0
    for box in boxes:
        assert "form-check-input" in box.get("class")
        assert box.getparent().get("class") == "form-check"  # one box per .form-check, its label beside it
        assert fieldset.xpath(f".//label[@for='{box.get('id')}']")[0].text_content().strip()
    assert not page.xpath("//div[contains(@class, 'form-check')][count(.//input[@type='checkbox']) > 1]")


def test_the_list_shows_amounts_with_thousands_grouped(client, editor_a, authority_a):
    project = ProjectFactory(lead_authority=authority_a, budget=Decimal("100000"), currency="EUR")
    FundingFactory(project=project, amount=Decimal("60000"))
    client = client_for(client, editor_a)

    english = client.get("/en/workspace/projects/").text
    assert "100,000.00 EUR" in english and "60,000.00 €" in english and "40,000.00 €" in english
    french = client.get("/workspace/projects/").text
    assert re.search(r"100[\u202f\xa0 ]000,00 EUR", french)
