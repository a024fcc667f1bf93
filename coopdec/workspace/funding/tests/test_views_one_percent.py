"""The 1 % page: who sees it, the figures (the selector's), recording a budget, refusals shown to the user."""

from decimal import Decimal

import pytest
from django.utils import formats, translation

from conftest import client_for
from coopdec.funding.enums import Service
from coopdec.funding.factories import ServiceBudgetFactory
from coopdec.funding.models import ServiceBudget
from coopdec.funding.selectors import one_percent_position
from coopdec.projects.enums import Instrument
from coopdec.projects.factories import FundingFactory, ProjectFactory

URL = "/en/workspace/one-percent/"
MAY_RECORD_FOR_A = {
    "editor_a": True,
    "admin_a": True,
    "editor_b": False,
    "coordinator": True,
    "platform_admin": True,
}


@pytest.fixture
def water_line(authority_a):
    ServiceBudgetFactory(authority=authority_a, year=2025, service=Service.WATER)  # ceiling 12,345.67
    project = ProjectFactory(lead_authority=authority_a, title="Wells in Kayes")
    return FundingFactory(
        project=project,
        instrument=Instrument.ONE_PERCENT_WATER,
        funder_authority=authority_a,
        year=2025,
        amount=Decimal("2345.67"),
    )


def test_the_page_shows_the_selectors_figures_per_service_and_lists_the_projects(
    client, editor_a, authority_a, water_line
):
    ServiceBudgetFactory(authority=authority_a, year=2025, service=Service.SANITATION, own_resources=Decimal("500000"))
    response = client_for(client, editor_a).get(URL, {"year": 2025})
    page = response.content.decode()
    for position in one_percent_position(authority_a, 2025):
        row = page[page.index(f'id="service-{position.service}"') :]
        row = row[: row.index("</tr>")]
        assert f"{position.ceiling:,.2f} {position.currency}" in row
        assert f"{position.used:,.2f} {position.currency}" in row
        assert f"{position.left:,.2f} {position.currency}" in row
    assert "12,345.67 EUR" in page and "10,000.00 EUR" in page  # water: ceiling and what is left
    assert "5,000.00 EUR" in page  # sanitation's own ceiling: never pooled with water's
    assert f'<a href="/en/workspace/projects/{water_line.project_id}/">Wells in Kayes</a>' in page


def test_another_year_shows_its_own_position(client, editor_a, water_line):
    page = client_for(client, editor_a).get(URL, {"year": 2024}).content.decode()
    assert "Wells in Kayes" not in page and "12,345.67" not in page


def test_amounts_are_grouped_by_thousands_in_the_readers_language(client, editor_a, water_line):
    english = client_for(client, editor_a).get(URL, {"year": 2025}).content.decode()
    french = client.get("/workspace/one-percent/", {"year": 2025}).content.decode()
    assert "12,345.67 EUR" in english and "12345.67" not in english
    with translation.override("fr"):
        grouped = formats.number_format(Decimal("12345.67"), 2, use_l10n=True, force_grouping=True)
    assert grouped in ("12\u202f345,67", "12\xa0345,67") and f"{grouped} EUR" in french


def test_a_visitor_is_sent_to_log_in(visitor):
    assert visitor.get(URL).status_code == 302


def test_an_editor_of_another_authority_cannot_see_a_position(client, editor_b, authority_a):
    assert client_for(client, editor_b).get(URL, {"authority": authority_a.pk}).status_code == 403


@pytest.mark.parametrize("role", MAY_RECORD_FOR_A)
def test_recording_a_service_budget_for_each_role(client, cast, authority_a, role):
    client = client_for(client, cast[role])
    data = {"service": Service.ENERGY, "own_resources": "300000", "currency": "EUR"}
    response = client.post(f"{URL}?authority={authority_a.pk}&year=2025", data)
    recorded = ServiceBudget.objects.filter(authority=authority_a, year=2025, service=Service.ENERGY).first()
    if MAY_RECORD_FOR_A[role]:
        assert response.status_code == 302
        assert recorded.own_resources == Decimal("300000") and recorded.recorded_by == cast[role]
        page = client.get(response["Location"]).content.decode()
        assert "1 % ceiling 3,000.00\u00a0€" in page
    else:
        assert response.status_code == 403
        assert recorded is None


def test_the_visitor_cannot_record_a_budget(visitor, authority_a):
    response = visitor.post(f"{URL}?authority={authority_a.pk}", {"service": "water", "own_resources": "1"})
    assert response.status_code == 302 and not ServiceBudget.objects.exists()


def test_lowering_own_resources_below_what_lines_use_is_refused_with_the_figures(client, editor_a, water_line):
    data = {"service": Service.WATER, "own_resources": "100000", "currency": "EUR"}
    response = client_for(client, editor_a).post(f"{URL}?year=2025", data)
    assert response.status_code == 200
    assert "the 1 % water 2025 ceiling would be 1,000.00\xa0€, but funding lines already use 2,345.67\xa0€" in (
        response.content.decode()
    )
    assert ServiceBudget.objects.get(service=Service.WATER).own_resources == Decimal("1234567.00")


def test_a_foreign_authority_has_no_1_percent_budget(client, coordinator):
    from coopdec.territories.factories import ForeignCityFactory

    city = ForeignCityFactory()
    data = {"service": Service.WATER, "own_resources": "1000", "currency": "EUR"}
    response = client_for(client, coordinator).post(f"{URL}?authority={city.pk}&year=2025", data)
    assert "The 1 % mechanisms are French law" in response.content.decode()
    assert not ServiceBudget.objects.exists()


def test_the_page_runs_the_same_number_of_queries_for_3_or_30_lines(
    client, editor_a, authority_a, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ServiceBudgetFactory(authority=authority_a, year=2025, service=Service.WATER, own_resources=Decimal("10000000"))

    def lines(n):
        for _ in range(n):
            FundingFactory(
                project=ProjectFactory(lead_authority=authority_a),
                instrument=Instrument.ONE_PERCENT_WATER,
                funder_authority=authority_a,
                year=2025,
                amount=Decimal("10"),
            )

    client = client_for(client, editor_a)
    lines(3)
    with CaptureQueriesContext(connection) as few:
        client.get(URL, {"year": 2025})
    lines(27)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(URL, {"year": 2025})
    assert response.content.decode().count("— 10.00 EUR") == 30
