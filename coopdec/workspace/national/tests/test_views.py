"""The national view and its exports: who gets them, what they show."""

import pytest
from django.urls import reverse
from django.utils import translation

from conftest import client_for
from coopdec.lib.money import display_amount

NOT_COORDINATORS = ["editor_a", "admin_a", "editor_b"]
COORDINATORS = ["coordinator", "platform_admin"]


def urls():
    return [
        reverse("national:overview"),
        reverse("national:lines_export", args=[2025, "csv"]),
        reverse("national:lines_export", args=[2025, "xlsx"]),
        reverse("national:crs_export", args=[2025]),
    ]


def test_a_visitor_is_sent_to_sign_in(visitor, national_data):
    for url in urls():
        response = visitor.get(url)
        assert response.status_code == 302 and "login" in response["Location"], url


@pytest.mark.parametrize("role", NOT_COORDINATORS)
def test_members_of_an_authority_are_refused(client, cast, role, national_data):
    client = client_for(client, cast[role])
    for url in urls():
        assert client.get(url).status_code == 403, url


@pytest.mark.parametrize("role", COORDINATORS)
def test_coordinators_and_platform_admins_see_the_national_view_and_its_exports(client, cast, role, national_data):
    client = client_for(client, cast[role])
    for url in urls():
        assert client.get(url).status_code == 200, url


def test_the_overview_shows_the_latest_year_its_totals_and_its_breakdowns(client, coordinator, national_data):
    page = client_for(client, coordinator).get(reverse("national:overview")).content.decode()
    assert "Aide déclarée pour 2025" in page
    assert display_amount(2350) in page and display_amount(1950) in page
    assert "Île-de-France" in page and "Sénégal" in page and "Dépensé en France" in page
    assert "14030 — " in page and 'id="by_channel"' in page
    # 1,000 € to Senegal (least developed) of 1,950 € of ODA.
    assert "51,3\u00a0%" in page or "51,3\u202f%" in page
    assert reverse("national:crs_export", args=[2025]) in page
    assert reverse("national:lines_export", args=[2025, "xlsx"]) in page


def test_the_overview_follows_the_year_and_the_filters(client, coordinator, national_data, authority_b):
    client = client_for(client, coordinator)
    page = client.get(reverse("national:overview"), {"year": 2024}).content.decode()
    assert "Aide déclarée pour 2024" in page and display_amount(800) in page
    page = client.get(reverse("national:overview"), {"year": 2025, "region": authority_b.pk}).content.decode()
    totals = page.split('id="national-totals"')[1].split("</dl>")[0]
    assert display_amount(350) in totals and display_amount(2350) not in totals
    page = client.get(reverse("national:overview"), {"year": 2025, "kind": "commune"}).content.decode()
    assert "Aucune ligne validée ne correspond à ces filtres." in page


def test_a_year_without_validated_declarations_is_refused_beside_its_field(client, coordinator, national_data):
    page = client_for(client, coordinator).get(reverse("national:overview"), {"year": 1999, "kind": "commune"})
    page = page.content.decode()
    assert "Sélectionnez un choix valide." in page and "Aide déclarée pour 2025" in page
    assert "Aucune ligne validée ne correspond à ces filtres." in page  # the type of authority is kept


def test_the_series_lists_every_year_with_validated_declarations(client, coordinator, national_data):
    page = client_for(client, coordinator).get(reverse("national:overview")).content.decode()
    series = page.split('id="series"')[1].split("</table>")[0]
    assert series.index("2024") < series.index("2025") and display_amount(800) in series


def test_without_validated_declarations_the_page_says_so(client, coordinator):
    page = client_for(client, coordinator).get(reverse("national:overview")).content.decode()
    assert 'id="no-validated"' in page and "Aucune déclaration n’a encore été validée." in page


def test_a_year_without_validated_declarations_has_no_export(client, coordinator, national_data):
    client = client_for(client, coordinator)
    assert client.get(reverse("national:crs_export", args=[2019])).status_code == 404
    assert client.get(reverse("national:lines_export", args=[2025, "pdf"])).status_code == 404


def test_the_exports_are_streamed_in_the_readers_language(client, coordinator, national_data):
    client = client_for(client, coordinator)
    with translation.override("en"):
        url = reverse("national:lines_export", args=[2025, "csv"])
    response = client.get(url)
    assert response.streaming
    text = b"".join(response.streaming_content).decode()
    assert "Amount in euros" in text and "Senegal" in text


def test_the_page_takes_a_handful_of_queries(client, coordinator, national_data, django_assert_max_num_queries):
    client = client_for(client, coordinator)
    with django_assert_max_num_queries(14):
        client.get(reverse("national:overview"))


def test_the_coordinators_dashboard_links_to_the_national_view_and_the_campaigns(client, coordinator):
    page = client_for(client, coordinator).get(reverse("workspace:dashboard")).content.decode()
    links = page.split('id="coordination-links"')[1].split("</nav>")[0]
    assert reverse("national:overview") in links and reverse("campaigns:list") in links


def test_an_editor_has_no_link_to_the_national_view(client, editor_a):
    page = client_for(client, editor_a).get(reverse("workspace:dashboard")).content.decode()
    assert reverse("national:overview") not in page
