import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from conftest import client_for
from coopdec.accounts.factories import MembershipFactory
from coopdec.declarations import selectors, services
from coopdec.declarations.models import Campaign, Invitation
from coopdec.territories.factories import AuthorityFactory

pytestmark = pytest.mark.urls("coopdec.declarations.tests.urls")
OPEN_DAY = dt.date(2026, 4, 20)
NOT_COORDINATORS = ["editor_a", "admin_a", "editor_b"]  # a platform administrator acts as a coordinator


@pytest.fixture
def departement(authority_a):
    """Essonne, in Île-de-France, with a commune (Évry) whose parent it is."""
    essonne = AuthorityFactory(code="FR-DEP-91", name="Essonne", kind="departement", parent=authority_a)
    evry = AuthorityFactory(code="FR-COM-91228", name="Évry-Courcouronnes", parent=essonne)
    MembershipFactory(authority=evry, user__email="evry@example.org")
    return essonne, evry


def test_the_follow_up_finds_the_region_of_an_authority_through_its_parents(coordinator, departement, authority_a):
    _essonne, evry = departement
    campaign = services.open_campaign(
        author=coordinator, year=2025, opens_on=dt.date(2026, 4, 15), closes_on=dt.date(2026, 5, 31)
    )
    in_region = selectors.follow_up(campaign, region=authority_a)
    assert [i.authority.name for i in in_region] == ["Évry-Courcouronnes"]
    row = in_region.get()
    assert (row.region_name, row.departement_name, row.state) == ("Île-de-France", "Essonne", "not_started")
    assert [i.authority_id for i in selectors.follow_up(campaign, departement=_essonne)] == [evry.pk]


def test_the_follow_up_reads_the_state_and_totals_of_the_last_version(campaign, editor_a, authority_a, authority_b):
    declaration = services.start_declaration(author=editor_a, authority=authority_a, year=2025)
    services.submit(author=editor_a, declaration=declaration, today=OPEN_DAY)
    rows = {row.authority_id: row for row in selectors.follow_up(campaign)}
    assert rows[authority_a.pk].state == "submitted" and rows[authority_a.pk].total == 0
    assert rows[authority_a.pk].region_name == "Île-de-France"  # from the declaration
    assert rows[authority_b.pk].state == "not_started" and rows[authority_b.pk].total is None
    counts = selectors.state_counts(campaign)
    assert (counts["submitted"], counts["not_started"], selectors.response_rate(counts)) == (1, 1, 0.5)


@pytest.mark.parametrize("role", NOT_COORDINATORS)
@pytest.mark.parametrize("name", ["list", "new"])
def test_only_coordinators_see_the_campaign_pages(client, cast, role, name):
    response = client_for(client, cast[role]).get(reverse(f"campaigns:{name}"))
    assert response.status_code == 403


def test_a_visitor_is_sent_to_sign_in(visitor, campaign):
    response = visitor.get(reverse("campaigns:detail", args=[campaign.pk]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_list_shows_campaigns_with_their_response_rate(client, coordinator, campaign, editor_a, authority_a):
    declaration = services.start_declaration(author=editor_a, authority=authority_a, year=2025)
    services.submit(author=editor_a, declaration=declaration, today=OPEN_DAY)
    response = client_for(client, coordinator).get(reverse("campaigns:list"))
    page = response.content.decode()
    assert "2025" in page and "50\xa0%" in page and "Nouvelle campagne" in page


@pytest.mark.parametrize("role", [*NOT_COORDINATORS, "visitor"])
def test_no_one_but_a_coordinator_opens_a_campaign(client, cast, role):
    client_for(client, cast[role]).post(
        reverse("campaigns:new"), {"year": 2025, "opens_on": "2026-04-15", "closes_on": "2026-05-31"}
    )
    assert not Campaign.objects.exists()


def test_a_coordinator_opens_a_campaign_with_an_authority_asked_by_hand(client, coordinator, editor_a):
    lonely = AuthorityFactory(name="Saint-Denis", code="FR-COM-93066")
    data = {"year": 2025, "opens_on": "2026-04-15", "closes_on": "2026-05-31", "also_ask": [lonely.pk]}
    response = client_for(client, coordinator).post(reverse("campaigns:new"), data)
    campaign = Campaign.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("campaigns:detail", args=[campaign.pk])
    assert Invitation.objects.get(campaign=campaign, authority=lonely).added_by_hand


def test_the_picker_search_keeps_what_was_ticked(client, coordinator):
    lonely = AuthorityFactory(name="Saint-Denis", code="FR-COM-93066")
    AuthorityFactory(name="Saint-Ouen", code="FR-COM-93070")
    data = {"year": 2025, "also_ask": [lonely.pk], "also_ask_q": "Saint", "_search": "also_ask"}
    page = client_for(client, coordinator).post(reverse("campaigns:new"), data).content.decode()
    assert f'value="{lonely.pk}"\n                       checked' in page and "Saint-Ouen" in page
    assert not Campaign.objects.exists()


def test_the_services_refusal_shows_beside_its_field(client, coordinator, campaign):
    data = {"year": 2025, "opens_on": "2026-04-15", "closes_on": "2026-05-31"}
    response = client_for(client, coordinator).post(reverse("campaigns:new"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["year"] == ["Une campagne 2025 existe déjà."]


def test_the_follow_up_filters_counts_and_links(client, coordinator, campaign, editor_a, authority_a):
    declaration = services.start_declaration(author=editor_a, authority=authority_a, year=2025)
    client = client_for(client, coordinator)
    response = client.get(reverse("campaigns:detail", args=[campaign.pk]), {"state": "draft"})
    page = response.content.decode()
    assert [row.authority.name for row in response.context["rows"]] == ["Île-de-France"]
    assert "Brouillon" in page and "Taux de réponse (déclarations soumises ou validées)" in page
    assert reverse("declarations:detail", args=[declaration.pk]) in page
    assert [(state.value, n) for state, n in response.context["counts"]][:2] == [("not_started", 1), ("draft", 1)]


def test_the_follow_up_page_takes_a_fixed_number_of_queries(client, coordinator, campaign, django_assert_num_queries):
    client = client_for(client, coordinator)
    url = reverse("campaigns:detail", args=[campaign.pk])
    client.get(url)
    for _n in range(30):
        Invitation.objects.create(campaign=campaign, authority=AuthorityFactory())
    # session, user, campaign, count, page, state counts, région and département choices
    with django_assert_num_queries(8):
        assert client.get(url).status_code == 200


def test_the_export_follows_the_filters_and_defuses_formulas(client, coordinator, campaign, authority_b):
    evil = AuthorityFactory(name='=HYPERLINK("x")', code="FR-COM-00001")
    services.ask_authority(author=coordinator, campaign=campaign, authority=evil)
    client = client_for(client, coordinator)
    response = client.get(reverse("campaigns:export", args=[campaign.pk, "csv"]), {"kind": "commune"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Collectivité", "Code", "Type de collectivité"]
    assert [row[0] for row in rows[1:]] == ['\'=HYPERLINK("x")']
    response = client.get(reverse("campaigns:export", args=[campaign.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sorted(row[0].value for row in sheet.iter_rows(min_row=2)) == [
        '\'=HYPERLINK("x")',
        "Hauts-de-France",
        "Île-de-France",
    ]


@pytest.mark.parametrize("role", [*NOT_COORDINATORS, "visitor"])
def test_no_one_but_a_coordinator_asks_an_authority(client, cast, role, campaign):
    lonely = AuthorityFactory(name="Saint-Denis")
    client_for(client, cast[role]).post(reverse("campaigns:ask", args=[campaign.pk]), {"authority": lonely.pk})
    assert not Invitation.objects.filter(authority=lonely).exists()


def test_a_coordinator_asks_an_authority(client, coordinator, campaign):
    lonely = AuthorityFactory(name="Saint-Denis")
    client = client_for(client, coordinator)
    assert "Saint-Denis" in client.get(reverse("campaigns:ask", args=[campaign.pk]), {"q": "saint"}).content.decode()
    response = client.post(reverse("campaigns:ask", args=[campaign.pk]), {"authority": lonely.pk}, follow=True)
    assert "Saint-Denis est sollicitée pour déclarer." in response.content.decode()
    assert Invitation.objects.get(authority=lonely).added_by_hand


@pytest.mark.parametrize("role", [*NOT_COORDINATORS, "visitor"])
def test_no_one_but_a_coordinator_extends_a_deadline(client, cast, role, campaign, authority_b):
    url = reverse("campaigns:extend", args=[campaign.pk, authority_b.pk])
    client_for(client, cast[role]).post(url, {"until": "2026-06-15", "confirm": "1"})
    assert Invitation.objects.get(authority=authority_b).extended_to is None


def test_a_coordinator_extends_a_deadline_after_confirming(client, coordinator, campaign, authority_b):
    url = reverse("campaigns:extend", args=[campaign.pk, authority_b.pk])
    client = client_for(client, coordinator)
    early = client.post(url, {"until": "2026-05-30"})
    assert "Le nouveau délai doit suivre la clôture de la campagne." in early.content.decode()
    confirm = client.post(url, {"until": "2026-06-15"})
    assert "jusqu’au 15 juin 2026 pour soumettre sa déclaration" in confirm.content.decode()
    assert Invitation.objects.get(authority=authority_b).extended_to is None
    done = client.post(url, {"until": "2026-06-15", "confirm": "1"}, follow=True)
    assert "Hauts-de-France a désormais jusqu’au 15 juin 2026." in done.content.decode()
    assert Invitation.objects.get(authority=authority_b).extended_to == dt.date(2026, 6, 15)
