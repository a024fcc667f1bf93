"""Submitting, the PDF receipt, returning, validating and opening a correction from the pages — for every role."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from conftest import client_for
from coopdec.declarations import services
from coopdec.declarations.enums import DeclarationStatus, LineKind
from coopdec.declarations.receipt import receipt_html

pytestmark = pytest.mark.django_db

DURING = dt.date(2026, 5, 10)  # the campaign fixture runs from 15 April to 31 May 2026
AFTER = dt.date(2026, 6, 15)
REFUSED = [("visitor", None), ("editor_b", 403)]


def on(monkeypatch, day):
    monkeypatch.setattr(services.timezone, "localdate", lambda *args, **kwargs: day)


@pytest.fixture
def declaration(campaign, editor_a, authority_a, monkeypatch):
    on(monkeypatch, DURING)
    declaration = services.start_declaration(author=editor_a, authority=authority_a, year=2025)
    services.add_line(
        author=editor_a,
        declaration=declaration,
        kind=LineKind.AWARENESS,
        description="Festival des solidarités",
        value_date=dt.date(2025, 11, 20),
        original_amount=Decimal("12345.67"),
        original_currency="EUR",
    )
    return declaration


@pytest.fixture
def submitted(declaration, editor_a):
    services.submit(author=editor_a, declaration=declaration)
    declaration.refresh_from_db()
    return declaration


@pytest.fixture
def validated(submitted, coordinator):
    services.validate_declaration(author=coordinator, declaration=submitted)
    submitted.refresh_from_db()
    return submitted


def assert_refused(response, status):
    if status is None:
        assert response.status_code == 302 and "/accounts/login/" in response.url
    else:
        assert response.status_code == status


def url(name, declaration, *args):
    return reverse(f"declarations:{name}", args=[declaration.pk, *args])


# Submit -----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "status"), [*REFUSED, ("coordinator", 403), ("editor_a", 200), ("admin_a", 200)])
def test_who_opens_the_submit_confirmation(client, cast, role, status, declaration):
    assert_refused(client_for(client, cast[role]).get(url("submit", declaration)), status)


@pytest.mark.parametrize("role", ["visitor", "editor_b", "coordinator"])
def test_only_the_authoritys_members_submit(client, cast, role, declaration):
    client_for(client, cast[role]).post(url("submit", declaration))
    declaration.refresh_from_db()
    assert declaration.status == DeclarationStatus.DRAFT and not declaration.versions.exists()


def test_the_confirmation_shows_the_totals_and_the_number_of_lines(client, editor_a, declaration):
    page = client_for(client, editor_a).get(url("submit", declaration)).content.decode()
    assert page.count("12\u00a0345,67\u00a0€") == 2  # all, and ODA (awareness-raising is ODA)
    assert re.search(r"Lignes comptées</dt>\s*<dd[^>]*>\s*1\s*</dd>", page)


def test_the_confirmation_says_what_still_lacks_and_submitting_is_refused(client, editor_a, declaration):
    services.add_line(author=editor_a, declaration=declaration, kind=LineKind.NGO_GRANT, description="Eau Vive")
    page = client_for(client, editor_a).get(url("submit", declaration)).content.decode()
    assert "1 ligne manque encore de quelque chose." in page and "Eau Vive" in page and "le bénéficiaire" in page
    response = client.post(url("submit", declaration))
    assert response.status_code == 200 and not declaration.versions.exists()


def test_submitting_gives_the_receipt_number_and_a_link_to_the_receipt(client, editor_a, declaration):
    response = client_for(client, editor_a).post(url("submit", declaration), follow=True)
    version = declaration.versions.get()
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == url("detail", declaration)
    assert f"numéro d’accusé de réception {version.receipt_number}" in page
    assert f'<a href="{url("receipt", declaration, 1)}">' in page
    assert version.receipt_number == "APD-2025-FR-REG-11-V1"


def test_a_closed_campaign_without_an_extended_deadline_shows_the_services_message(
    client, editor_a, declaration, monkeypatch
):
    on(monkeypatch, AFTER)
    response = client_for(client, editor_a).post(url("submit", declaration))
    assert "La campagne a été close le 31 mai 2026" in response.content.decode()
    assert not declaration.versions.exists()


def test_an_extended_deadline_lets_the_authority_submit_after_the_closing(
    client, editor_a, coordinator, declaration, monkeypatch
):
    services.extend_deadline(
        author=coordinator, campaign=declaration.campaign, authority=declaration.authority, until=dt.date(2026, 6, 30)
    )
    on(monkeypatch, AFTER)
    client_for(client, editor_a).post(url("submit", declaration))
    assert declaration.versions.count() == 1


def test_a_submitted_declaration_cannot_be_submitted_again(client, editor_a, submitted):
    assert client_for(client, editor_a).get(url("submit", submitted)).status_code == 403


# Receipt ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "status"), [*REFUSED, ("coordinator", 200), ("editor_a", 200), ("admin_a", 200)])
def test_who_downloads_the_receipt(client, cast, role, status, submitted):
    response = client_for(client, cast[role]).get(url("receipt", submitted, 1))
    assert_refused(response, status)
    if status == 200:
        assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
        assert "APD-2025-FR-REG-11-V1.pdf" in response["Content-Disposition"]


def test_a_version_that_does_not_exist_has_no_receipt(client, editor_a, submitted):
    assert client_for(client, editor_a).get(url("receipt", submitted, 2)).status_code == 404


def test_the_receipt_holds_its_number_the_authority_the_totals_and_the_lines(submitted):
    html = receipt_html(submitted.versions.get())
    assert "APD-2025-FR-REG-11-V1" in html and "Île-de-France" in html and "Accusé de réception" in html
    assert html.count("12\u00a0345,67\u00a0€") == 3  # total, ODA, the line
    assert "99820 — " in html and "H01 — " in html and "Festival des solidarités" in html
    assert re.search(r"Lignes comptées</dt>\s*<dd>\s*1\s*</dd>", html)
    assert submitted.versions.get().submitted_by.get_full_name() in html


def test_the_receipt_is_in_the_readers_language(submitted):
    with translation.override("en"):
        html = receipt_html(submitted.versions.get())
    assert 'lang="en"' in html and "Receipt of the declaration" in html and "12,345.67\u00a0€" in html


def test_the_declaration_page_links_each_versions_receipt(client, editor_a, submitted):
    page = client_for(client, editor_a).get(url("detail", submitted)).content.decode()
    assert url("receipt", submitted, 1) in page and "APD-2025-FR-REG-11-V1" in page


# Return, validate, correct ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["return", "validate"])
@pytest.mark.parametrize(("role", "status"), [*REFUSED, ("editor_a", 403), ("coordinator", 200)])
def test_only_a_coordinator_opens_the_decisions(client, cast, role, status, name, submitted):
    assert_refused(client_for(client, cast[role]).get(url(name, submitted)), status)


@pytest.mark.parametrize("role", ["visitor", "editor_b", "editor_a", "admin_a"])
def test_no_one_but_a_coordinator_validates_or_returns(client, cast, role, submitted):
    client_for(client, cast[role]).post(url("validate", submitted))
    client.post(url("return", submitted), {"comment": "Corrigez"})
    submitted.refresh_from_db()
    assert submitted.status == DeclarationStatus.SUBMITTED


def test_returning_asks_for_a_comment(client, coordinator, submitted):
    response = client_for(client, coordinator).post(url("return", submitted), {"comment": "  "})
    assert 'id="id_comment_error"' in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == DeclarationStatus.SUBMITTED


def test_a_coordinator_returns_a_declaration_with_a_comment(client, coordinator, editor_a, submitted):
    client_for(client, coordinator).post(url("return", submitted), {"comment": "Précisez le festival."})
    submitted.refresh_from_db()
    assert submitted.status == DeclarationStatus.RETURNED
    page = client_for(client, editor_a).get(url("detail", submitted)).content.decode()
    assert page.count("Précisez le festival.") == 2  # above the lines, and in the versions' table
    assert url("submit", submitted) in page


def test_validating_asks_for_a_confirmation_then_validates(client, coordinator, submitted):
    page = client_for(client, coordinator).get(url("validate", submitted)).content.decode()
    assert "Valider la version soumise" in page and '<form method="post">' in page
    submitted.refresh_from_db()
    assert submitted.status == DeclarationStatus.SUBMITTED
    client.post(url("validate", submitted))
    submitted.refresh_from_db()
    assert submitted.status == DeclarationStatus.VALIDATED and submitted.validated_version.number == 1


def test_a_coordinator_sees_the_decisions_on_a_submitted_declaration_only(client, coordinator, submitted):
    page = client_for(client, coordinator).get(url("detail", submitted)).content.decode()
    assert url("validate", submitted) in page and url("return", submitted) in page
    services.validate_declaration(author=coordinator, declaration=submitted)
    page = client.get(url("detail", submitted)).content.decode()
    assert url("validate", submitted) not in page and url("correct", submitted) not in page


@pytest.mark.parametrize(("role", "status"), [*REFUSED, ("coordinator", 403), ("editor_a", 200)])
def test_who_opens_a_correction(client, cast, role, status, validated):
    assert_refused(client_for(client, cast[role]).get(url("correct", validated)), status)
    client.post(url("correct", validated))
    validated.refresh_from_db()
    assert (validated.status == DeclarationStatus.DRAFT) is (status == 200)


def test_after_validation_the_editor_sees_open_a_correction(client, editor_a, validated):
    page = client_for(client, editor_a).get(url("detail", validated)).content.decode()
    assert url("correct", validated) in page and url("submit", validated) not in page
    assert "Ouvrir une correction" in client.get(url("correct", validated)).content.decode()
