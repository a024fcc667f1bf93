"""An authority's declaration pages: the campaigns that ask it, starting, reading — for every role."""

import datetime as dt

import pytest
from django.urls import reverse

from conftest import client_for
from coopdec.declarations import services
from coopdec.declarations.models import Declaration
from coopdec.declarations.tests.conftest import project_in

pytestmark = pytest.mark.django_db


def test_a_member_sees_the_campaign_that_asks_their_authority_and_starts_it(client, campaign, editor_a, authority_a):
    page = client_for(client, editor_a).get(reverse("declarations:mine")).content.decode()
    assert "Île-de-France" in page and "Commencer la déclaration" in page and "Hauts-de-France" not in page
    response = client.post(reverse("declarations:start"), {"authority": authority_a.pk, "year": 2025})
    declaration = Declaration.objects.get(authority=authority_a, year=2025)
    assert response.url == reverse("declarations:detail", args=[declaration.pk])


@pytest.mark.parametrize("role", ["visitor", "editor_b", "coordinator"])
def test_only_the_authoritys_members_start_its_declaration(client, campaign, cast, role, authority_a):
    response = client_for(client, cast[role]).post(
        reverse("declarations:start"), {"authority": authority_a.pk, "year": 2025}
    )
    assert response.status_code in (302, 403)
    if role == "visitor":
        assert "/accounts/login/" in response.url
    assert not Declaration.objects.exists()


def test_the_page_says_why_a_line_is_not_oda_and_shows_french_amounts(
    client, campaign, editor_a, authority_a, oda_2025
):
    project_in(authority_a, oda_2025["KR"], title="Gyeonggi", amount="15000", paid_on=dt.date(2025, 6, 1))
    project_in(authority_a, oda_2025["AM"], title="Erevan", amount="40000", paid_on=dt.date(2025, 3, 1))
    declaration = services.start_declaration(author=editor_a, authority=authority_a, year=2025)
    page = client_for(client, editor_a).get(reverse("declarations:detail", args=[declaration.pk])).content.decode()
    assert "Corée du Sud\u202f: pays absent de la liste des bénéficiaires de l’APD du CAD pour 2025" in page
    assert "55\u00a0000,00\u00a0€" in page and "40\u00a0000,00\u00a0€" in page


@pytest.mark.parametrize(
    ("role", "status"), [("editor_a", 200), ("admin_a", 200), ("coordinator", 200), ("editor_b", 403)]
)
def test_who_reads_a_declaration(client, campaign, cast, role, status, authority_a, editor_a):
    declaration = services.start_declaration(author=editor_a, authority=authority_a, year=2025)
    assert (
        client_for(client, cast[role]).get(reverse("declarations:detail", args=[declaration.pk])).status_code == status
    )


def test_a_visitor_is_sent_to_sign_in(client, campaign, authority_a, editor_a):
    declaration = services.start_declaration(author=editor_a, authority=authority_a, year=2025)
    assert "/accounts/login/" in client.get(reverse("declarations:detail", args=[declaration.pk])).url
