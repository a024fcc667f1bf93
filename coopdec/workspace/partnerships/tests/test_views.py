"""The partnership pages of the workspace: list, page, record and edit, for every role of the cast."""

from datetime import date, timedelta

import pytest
from lxml import html

from conftest import client_for
from coopdec.partnerships.enums import PartnershipStatus, Visibility
from coopdec.partnerships.factories import PartnershipFactory, PartyFactory, partnership_between
from coopdec.partnerships.models import Partnership
from coopdec.territories.enums import AuthorityStatus, Level
from coopdec.territories.factories import AuthorityFactory, CountryFactory, ForeignCityFactory
from coopdec.themes.models import Theme

LIST = "/en/workspace/partnerships/"
CREATE = "/en/workspace/partnerships/new/"

pytestmark = pytest.mark.django_db


@pytest.fixture
def yerevan():
    return ForeignCityFactory(name="Érevan", code="GEONAMES-616052")


@pytest.fixture
def partnership_a(authority_a, yerevan):
    return partnership_between(authority_a, yerevan, title="Île-de-France — Erevan", visibility=Visibility.PRIVATE)


@pytest.fixture
def partnership_b(authority_b):
    return partnership_between(authority_b, title="Hauts-de-France — Tlemcen", visibility=Visibility.PRIVATE)


def form_data(*parties, **fields):
    data = {"title": "Convention Île-de-France — Erevan", "kind": "convention", "currency": "EUR"}
    data["visibility"] = "public"
    data.update(fields)
    data["party"] = [f"authority:{a.pk}" for a in parties]
    return data


# List


def test_a_visitor_is_sent_to_log_in(visitor):
    response = visitor.get(LIST)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_an_editor_sees_the_partnerships_of_their_authority_only(client, editor_a, partnership_a, partnership_b):
    response = client_for(client, editor_a).get(LIST)
    assert response.status_code == 200
    assert "Île-de-France — Erevan" in response.text
    assert "Hauts-de-France — Tlemcen" not in response.text


def test_a_coordinator_sees_every_partnership(client, coordinator, partnership_a, partnership_b):
    response = client_for(client, coordinator).get(LIST)
    assert "Île-de-France — Erevan" in response.text
    assert "Hauts-de-France — Tlemcen" in response.text


def test_the_list_finds_a_partnership_by_a_party_name_without_accents(
    client, coordinator, partnership_a, partnership_b
):
    response = client_for(client, coordinator).get(LIST, {"q": "erevan"})
    assert "Île-de-France — Erevan" in response.text
    assert "Hauts-de-France — Tlemcen" not in response.text


def test_the_list_filters_by_status_and_ending_within_six_months(client, coordinator, authority_a):
    ending = partnership_between(authority_a, title="Ending soon", ends_on=date.today() + timedelta(days=60))
    partnership_between(authority_a, title="Ending later", ends_on=date.today() + timedelta(days=400))
    partnership_between(authority_a, title="Draft one", status=PartnershipStatus.DRAFT)
    client = client_for(client, coordinator)
    response = client.get(LIST, {"ending": "6m"})
    assert ending.title in response.text and "Ending later" not in response.text
    response = client.get(LIST, {"status": "draft"})
    assert "Draft one" in response.text and "Ending soon" not in response.text


def test_the_list_filters_by_country_and_theme(client, coordinator, authority_a):
    theme = Theme.objects.first()
    moroccan = AuthorityFactory(name="Tanger", country=CountryFactory(code="MA"), is_french=False)
    with_theme = partnership_between(authority_a, moroccan, title="With Tanger")
    with_theme.themes.add(theme)
    partnership_between(authority_a, title="With Armenia")
    client = client_for(client, coordinator)
    response = client.get(LIST, {"country": "ma"})
    assert "With Tanger" in response.text and "With Armenia" not in response.text
    response = client.get(LIST, {"theme": theme.code})
    assert "With Tanger" in response.text and "With Armenia" not in response.text


def test_the_list_sorts_by_title(client, coordinator, authority_a):
    partnership_between(authority_a, title="Bravo")
    partnership_between(authority_a, title="Alpha")
    text = client_for(client, coordinator).get(LIST, {"sort": "-title"}).text
    assert text.index("Bravo") < text.index("Alpha")


def test_the_csv_export_holds_the_filtered_list_with_labels(client, editor_a, partnership_a, partnership_b):
    response = client_for(client, editor_a).get(LIST, {"export": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Title,Kind,Parties,Status")
    assert "Cooperation convention" in text and "In force" in text and "Érevan" in text
    assert "Tlemcen" not in text


def test_the_xlsx_export_is_a_workbook(client, editor_a, partnership_a):
    response = client_for(client, editor_a).get(LIST, {"export": "xlsx"})
    assert response.content[:2] == b"PK"


def test_the_list_runs_the_same_number_of_queries_for_3_or_30_rows(
    client, coordinator, authority_a, django_assert_num_queries
):
    client = client_for(client, coordinator)

    def count_queries(n):
        for i in range(n):
            partnership_between(authority_a, title=f"P{n}-{i}").themes.add(Theme.objects.first())
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(LIST, {"size": 100}).status_code == 200
        return len(queries)

    few = count_queries(3)
    Partnership.objects.all().delete()
    many = count_queries(30)
    assert few == many
    with django_assert_num_queries(many):
        client.get(LIST, {"size": 100})


def test_a_member_of_no_authority_is_told_to_join_one(client, db):
    from coopdec.accounts.factories import UserFactory

    response = client_for(client, UserFactory()).get(LIST)
    assert "does not belong to an authority yet" in response.text


# Detail


def test_a_signed_french_convention_says_to_send_it_to_the_prefect(client, editor_a, partnership_a):
    partnership_a.status = PartnershipStatus.SIGNED
    partnership_a.signed_on = date(2024, 3, 1)
    partnership_a.save()
    response = client_for(client, editor_a).get(f"{LIST}{partnership_a.pk}/")
    assert "Signed — not yet in force" in response.text
    assert "send it to the préfet" in response.text
    assert "Record the date sent to the préfet" in response.text


def test_an_editor_of_another_authority_cannot_see_a_private_partnership(client, editor_b, partnership_a):
    assert client_for(client, editor_b).get(f"{LIST}{partnership_a.pk}/").status_code == 403


def test_the_page_links_a_renewal_to_the_previous_convention(client, editor_a, partnership_a):
    renewal = PartnershipFactory(title="Renewed convention", renewal_of=partnership_a)
    PartyFactory(partnership=renewal, authority=partnership_a.parties.first().authority)
    response = client_for(client, editor_a).get(f"{LIST}{partnership_a.pk}/")
    assert f'href="/en/workspace/partnerships/{renewal.pk}/"' in response.text
    response = client_for(client, editor_a).get(f"{LIST}{renewal.pk}/")
    assert f'href="/en/workspace/partnerships/{partnership_a.pk}/"' in response.text


# Create


@pytest.mark.parametrize(
    ("role", "status", "created"),
    [
        ("visitor", 302, False),
        ("editor_a", 302, True),
        ("admin_a", 302, True),
        ("editor_b", 200, False),
        ("coordinator", 302, True),
        ("platform_admin", 302, True),
    ],
)
def test_recording_a_partnership_of_authority_a(client, cast, authority_a, yerevan, role, status, created):
    response = client_for(client, cast[role]).post(CREATE, form_data(authority_a, yerevan))
    assert response.status_code == status
    partnership = Partnership.objects.filter(title="Convention Île-de-France — Erevan").first()
    assert (partnership is not None) == created
    if created:
        assert response["Location"] == f"/en/workspace/partnerships/{partnership.pk}/"
        assert {p.authority for p in partnership.parties.all()} == {authority_a, yerevan}
        assert partnership.history.first().history_user == cast[role]


def test_the_editor_of_another_authority_is_told_to_keep_their_own_among_the_parties(
    client, editor_b, authority_a, yerevan
):
    response = client_for(client, editor_b).post(CREATE, form_data(authority_a, yerevan))
    assert "Your own authority must be one of the parties." in response.text


def test_a_signed_convention_with_its_date_sent_to_the_prefect_is_in_force(client, editor_a, authority_a, yerevan):
    data = form_data(authority_a, yerevan, signed_on="2024-03-01", sent_to_prefect_on="2024-03-10")
    data[f"role-authority:{yerevan.pk}"] = "partner"
    client_for(client, editor_a).post(CREATE, data)
    partnership = Partnership.objects.get()
    assert partnership.status == PartnershipStatus.IN_FORCE
    assert partnership.parties.get(authority=yerevan).role == "partner"


def test_a_foreign_state_as_a_party_is_refused_with_the_rule(client, editor_a, authority_a):
    armenia = AuthorityFactory(
        name="Republic of Armenia", country=CountryFactory(code="AM"), level=Level.NATIONAL, is_french=False
    )
    response = client_for(client, editor_a).post(CREATE, form_data(authority_a, armenia))
    assert response.status_code == 200
    assert "never with a foreign State" in response.text
    assert not Partnership.objects.exists()


def test_a_party_of_an_unrecognised_country_is_refused_with_the_rule(client, editor_a, authority_a):
    country = CountryFactory(code="XK", recognised_by_france=False)
    city = AuthorityFactory(name="Somewhere", country=country, is_french=False)
    response = client_for(client, editor_a).post(CREATE, form_data(authority_a, city))
    assert "which France does not recognise" in response.text
    assert not Partnership.objects.exists()


def test_an_end_before_the_start_is_shown_beside_the_end_date(client, editor_a, authority_a, yerevan):
    data = form_data(authority_a, yerevan, starts_on="2024-05-01", ends_on="2024-01-01")
    response = client_for(client, editor_a).post(CREATE, data)
    assert 'id="id_ends_on_error"' in response.text
    assert "is before the start date" in response.text
    assert not Partnership.objects.exists()


def test_sent_to_the_prefect_before_the_signature_is_refused(client, editor_a, authority_a, yerevan):
    data = form_data(authority_a, yerevan, signed_on="2024-05-01", sent_to_prefect_on="2024-04-01")
    response = client_for(client, editor_a).post(CREATE, data)
    assert 'id="id_sent_to_prefect_on_error"' in response.text
    assert not Partnership.objects.exists()


def test_a_proposed_authority_of_another_member_cannot_be_picked(client, editor_a, authority_a, authority_b):
    proposed = ForeignCityFactory(name="Proposed by B", status=AuthorityStatus.PROPOSED, proposed_for=authority_b)
    response = client_for(client, editor_a).post(CREATE, form_data(authority_a, proposed))
    assert "not available to you" in response.text
    assert not Partnership.objects.exists()


def test_without_javascript_the_search_button_lists_matching_parties_and_saves_nothing(
    client, editor_a, authority_a, yerevan
):
    data = form_data(authority_a, party_query="erevan", party_search="1")
    response = client_for(client, editor_a).post(CREATE, data)
    assert response.status_code == 200
    assert f'value="authority:{yerevan.pk}"' in response.text
    assert not Partnership.objects.exists()


def test_the_form_starts_with_the_editors_authority_as_a_party_and_themes_as_checkboxes(client, editor_a, authority_a):
    response = client_for(client, editor_a).get(CREATE)
    assert f'value="authority:{authority_a.pk}"' in response.text
    assert 'type="checkbox" name="themes"' in response.text
    assert "partnerships/picker.js" in response.text
    # Each theme box is Bootstrap's .form-check-input, which sets it beside its label (long labels fell under it)
    boxes = html.fromstring(response.content).xpath("//input[@type='checkbox'][@name='themes']")
    assert len(boxes) == Theme.objects.count() > 0
    assert all("form-check-input" in box.get("class", "") for box in boxes)


# Edit


@pytest.mark.parametrize(
    ("role", "status", "saved"),
    [
        ("visitor", 302, False),
        ("editor_a", 302, True),
        ("admin_a", 302, True),
        ("editor_b", 403, False),
        ("coordinator", 302, True),
        ("platform_admin", 302, True),
    ],
)
def test_editing_a_partnership_of_authority_a(client, cast, authority_a, yerevan, partnership_a, role, status, saved):
    data = form_data(authority_a, yerevan, title="New title", visibility="private")
    response = client_for(client, cast[role]).post(f"{LIST}{partnership_a.pk}/edit/", data)
    assert response.status_code == status
    partnership_a.refresh_from_db()
    assert (partnership_a.title == "New title") == saved


def test_removing_ones_own_authority_from_the_parties_is_refused(client, editor_a, yerevan, partnership_a):
    other = ForeignCityFactory()
    response = client_for(client, editor_a).post(f"{LIST}{partnership_a.pk}/edit/", form_data(yerevan, other))
    assert "Keep your own authority among the parties" in response.text
    assert partnership_a.parties.count() == 2


def test_the_authoritys_administrator_finds_the_history_and_an_editor_does_not(
    client, admin_a, editor_a, partnership_a
):
    history = f'href="/en/workspace/history/partnership/{partnership_a.pk}/"'
    assert history in client_for(client, admin_a).get(f"{LIST}{partnership_a.pk}/").text
    client.logout()
    assert history not in client_for(client, editor_a).get(f"{LIST}{partnership_a.pk}/").text


def test_coordinators_find_the_proposed_authorities_from_the_list(client, coordinator, editor_a):
    link = 'href="/en/workspace/authorities/proposed/"'
    assert link in client_for(client, coordinator).get(LIST).text
    client.logout()
    assert link not in client_for(client, editor_a).get(LIST).text
