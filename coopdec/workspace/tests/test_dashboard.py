"""The dashboard: who sees which authority, what it shows, and a number of queries that does not grow with rows."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import client_for
from coopdec.accounts.enums import Role
from coopdec.accounts.factories import MembershipFactory, UserFactory
from coopdec.organizations.factories import OrganizationFactory
from coopdec.partnerships.enums import PartnershipStatus
from coopdec.partnerships.factories import partnership_between
from coopdec.partnerships.models import Affiliation, AffiliationContribution
from coopdec.projects.enums import ProjectStatus
from coopdec.projects.factories import FundingFactory, ProjectFactory
from coopdec.projects.models import Disbursement
from coopdec.territories.factories import AuthorityFactory
from coopdec.themes.models import Theme

URL = "/en/workspace/"
TODAY = timezone.localdate()


def test_a_visitor_is_sent_to_log_in(visitor):
    response = visitor.get(URL)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_an_editor_sees_their_authority_dashboard(client, editor_a, authority_a):
    response = client_for(client, editor_a).get(URL)
    assert response.status_code == 200
    assert "Île-de-France" in response.content.decode()


def test_an_editor_cannot_open_another_authority_dashboard(client, editor_a, authority_b):
    response = client_for(client, editor_a).get(URL, {"authority": authority_b.pk})
    assert response.status_code == 403


def test_a_member_of_two_authorities_chooses_between_them(client, editor_a, authority_b):
    MembershipFactory(user=editor_a, authority=authority_b, role=Role.EDITOR)
    client = client_for(client, editor_a)
    page = client.get(URL).content.decode()
    assert 'id="authority-select"' in page
    assert "Hauts-de-France" in client.get(URL, {"authority": authority_b.pk}).content.decode()
    # The choice is remembered for the next workspace page.
    assert "Hauts-de-France</small>" in client.get(URL).content.decode()


def test_a_coordinator_picks_any_authority_by_searching(client, coordinator, authority_b):
    client = client_for(client, coordinator)
    page = client.get(URL).content.decode()
    assert "Choose an authority" in page and "Hauts-de-France</small>" not in page
    assert f'href="?authority={authority_b.pk}"' in client.get(URL, {"q": "hauts"}).content.decode()
    assert "Hauts-de-France</small>" in client.get(URL, {"authority": authority_b.pk}).content.decode()


def test_a_signed_in_user_without_membership_is_invited_to_join(client, db):
    page = client_for(client, UserFactory()).get(URL).content.decode()
    assert "You are not a member of any authority yet." in page
    assert "My workspace</a>" not in page  # no navigation link without a membership


def test_the_navigation_offers_the_workspace_to_members(client, editor_a):
    page = client_for(client, editor_a).get("/en/").content.decode()
    assert 'href="/en/workspace/">My workspace</a>' in page


def test_partnerships_ending_within_six_months_are_flagged(client, editor_a, authority_a):
    partnership_between(authority_a, title="Ends soon", ends_on=TODAY + timedelta(days=90))
    partnership_between(authority_a, title="Ends later", ends_on=TODAY + timedelta(days=400))
    partnership_between(authority_a, title="Already ended", ends_on=TODAY - timedelta(days=1))
    page = client_for(client, editor_a).get(URL).content.decode()
    section = page[page.index('id="active-partnerships"') :]
    section = section[: section.index("</ul>")]
    assert "Ends soon" in section and "Ends later" in section and "Already ended" not in section
    soon = section[section.index("Ends soon") : section.index("Ends later")]
    assert "badge text-bg-warning" in soon
    assert "badge" not in section[section.index("Ends later") :]


def test_projects_are_counted_by_status(client, editor_a, authority_a):
    ProjectFactory.create_batch(2, lead_authority=authority_a, status=ProjectStatus.IMPLEMENTATION)
    ProjectFactory(lead_authority=authority_a, status=ProjectStatus.CLOSED)
    ProjectFactory(status=ProjectStatus.CLOSED)  # another authority's
    page = client_for(client, editor_a).get(URL).content.decode()
    table = page[page.index('id="projects-by-status"') :]
    assert 'Implementation</th>\n                <td class="text-end">2</td>' in table
    assert 'Closed</th>\n                <td class="text-end">1</td>' in table


def test_money_committed_and_disbursed_this_year_are_in_euros(client, editor_a, authority_a):
    project = ProjectFactory(lead_authority=authority_a)
    FundingFactory(project=project, funder_authority=authority_a, year=TODAY.year, amount=Decimal("1000"))
    FundingFactory(project=project, funder_authority=authority_a, year=TODAY.year, amount=Decimal("250"), in_kind=True)
    FundingFactory(project=project, funder_authority=authority_a, year=TODAY.year - 1, amount=Decimal("99999"))
    Disbursement.objects.create(project=project, year=TODAY.year, amount=Decimal("400"))
    response = client_for(client, editor_a).get(URL)
    committed = response.context["committed"]
    assert (committed.cash, committed.in_kind) == (Decimal("1000"), Decimal("250"))
    assert response.context["disbursed"].cash == Decimal("400")
    assert "1,000.00 €" in response.content.decode()


def test_the_checklist_writes_a_funding_gap_as_the_page_language_does(client, editor_a, authority_a):
    gap = ProjectFactory(lead_authority=authority_a, title="Gap", budget=Decimal("13345.67"))
    FundingFactory(project=gap, amount=Decimal("1000"))
    over = ProjectFactory(lead_authority=authority_a, title="Over", budget=Decimal("1000"))
    FundingFactory(project=over, amount=Decimal("2500.5"))
    client = client_for(client, editor_a)
    english = client.get(URL).content.decode()
    french = client.get("/workspace/").content.decode()
    assert "gap of 12,345.67\xa0€" in english and "over-funded by 1,500.50\xa0€" in english
    assert "écart de 12\xa0345,67\xa0€" in french and "surfinancé de 1\xa0500,50\xa0€" in french


def test_memberships_show_this_years_fee(client, editor_a, authority_a, uclg):
    affiliation = Affiliation.objects.create(authority=authority_a, organization=uclg, representative="M. Dupont")
    AffiliationContribution.objects.create(affiliation=affiliation, year=TODAY.year, amount=Decimal("3200"))
    AffiliationContribution.objects.create(affiliation=affiliation, year=TODAY.year - 1, amount=Decimal("3000"))
    page = client_for(client, editor_a).get(URL).content.decode()
    table = page[page.index('id="affiliations"') :]
    assert "United Cities and Local Governments" in table
    assert "3,200.00\xa0€" in table and "3,000.00" not in table


def _check(response, key):
    return next(check for check in response.context["checklist"] if check.key == key)


def test_the_checklist_lists_what_the_declaration_lacks_with_links(client, editor_a, authority_a):
    last_year = TODAY.year - 1
    ProjectFactory(lead_authority=authority_a, title="No budget", budget=None)
    no_lines = ProjectFactory(lead_authority=authority_a, title="No lines")
    gap = ProjectFactory(lead_authority=authority_a, title="Gap", budget=Decimal("1000"))
    FundingFactory(project=gap, amount=Decimal("600"))
    ProjectFactory(
        lead_authority=authority_a,
        title="Silent",
        planned_start=date(last_year, 3, 1),
        status=ProjectStatus.IMPLEMENTATION,
    )
    paid = ProjectFactory(lead_authority=authority_a, title="Paid", planned_start=date(last_year, 3, 1))
    Disbursement.objects.create(project=paid, year=last_year, amount=Decimal("1"))
    partnership_between(authority_a, title="Awaiting the préfet", status=PartnershipStatus.SIGNED)
    response = client_for(client, editor_a).get(URL)
    titles = lambda key: [item["label"] for item in _check(response, key).items]  # noqa: E731
    assert "No budget" in titles("no_budget") and "No lines" not in titles("no_budget")
    assert "No lines" in titles("no_funding") and "Gap" not in titles("no_funding")
    assert titles("funding_gap") == ["Gap"]
    assert "gap of 400.00\xa0€" in response.content.decode()
    assert "Silent" in titles("no_disbursement") and "Paid" not in titles("no_disbursement")
    assert titles("not_sent_to_prefect") == ["Awaiting the préfet"]
    assert {"No budget", "No lines", "Gap"} <= set(titles("no_theme"))
    page = response.content.decode()
    assert f'href="/en/workspace/projects/{no_lines.pk}/"' in page


def test_a_complete_project_leaves_the_checklist_empty(client, editor_a, authority_a):
    project = ProjectFactory(lead_authority=authority_a, planned_start=TODAY, budget=Decimal("500"))
    project.themes.add(Theme.objects.create(code="water-test", label_fr="Eau", label_en="Water"))
    FundingFactory(project=project, amount=Decimal("500"))
    response = client_for(client, editor_a).get(URL)
    assert all(check.done for check in response.context["checklist"])
    assert response.content.decode().count("— complete") == len(response.context["checklist"])


def _populate(authority, n):
    partner = AuthorityFactory(code=f"AM-{n}", country__code="AM", is_french=False)
    for index in range(n):
        project = ProjectFactory(
            lead_authority=authority, budget=Decimal("1000"), planned_start=date(TODAY.year - 1, 1, 1)
        )
        FundingFactory(project=project, funder_authority=authority, year=TODAY.year, amount=Decimal("10"))
        Disbursement.objects.create(project=project, year=TODAY.year, amount=Decimal("5"))
        partnership_between(authority, partner if index == 0 else None, status=PartnershipStatus.SIGNED)
        affiliation = Affiliation.objects.create(
            authority=authority, organization=OrganizationFactory(kind="international")
        )
        AffiliationContribution.objects.create(affiliation=affiliation, year=TODAY.year, amount=Decimal("7"))


@pytest.mark.parametrize("role", ["editor_a", "coordinator"])
def test_the_dashboard_runs_the_same_number_of_queries_for_3_or_30_rows(
    client, cast, authority_a, django_assert_num_queries, role
):
    client = client_for(client, cast[role])
    _populate(authority_a, 3)
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL, {"authority": authority_a.pk}).status_code == 200
    _populate(authority_a, 27)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(URL, {"authority": authority_a.pk})
    assert len(response.context["partnerships"]) == 30
