"""Adding, changing, removing and restoring a declaration's lines — for every role, and each rule."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import client_for
from coopdec.declarations import services
from coopdec.declarations.enums import DeclarationStatus, LineKind, LineSource, Recipient
from coopdec.declarations.models import Declaration, DeclarationLine
from coopdec.declarations.tests.conftest import project_in

pytestmark = pytest.mark.django_db

ROLES = [("visitor", None), ("editor_b", 403), ("coordinator", 403), ("editor_a", 200), ("admin_a", 200)]


@pytest.fixture
def declaration(campaign, editor_a, authority_a):
    return services.start_declaration(author=editor_a, authority=authority_a, year=2025)


@pytest.fixture
def prefilled(campaign, editor_a, authority_a, oda_2025):
    project_in(authority_a, oda_2025["AM"], title="Erevan", amount="40000", paid_on=dt.date(2025, 3, 1))
    declaration = services.start_declaration(author=editor_a, authority=authority_a, year=2025)
    return declaration, declaration.lines.get()


def added(declaration, editor, **fields):
    fields = {"original_amount": Decimal("1200"), "original_currency": "EUR", **fields}
    return services.add_line(author=editor, declaration=declaration, kind=LineKind.AWARENESS, **fields)


def line_data(**overrides):
    data = {
        "kind": LineKind.NGO_GRANT,
        "description": "Subvention à Eau Vive",
        "recipient": Recipient.COUNTRY,
        "country": "AM",
        "purpose_code": "14030",
        "aid_type": "C01",
        "channel_code": "22000",
        "finance_type": "110",
        "value_date": "2025-05-10",
        "original_amount": "5000",
        "original_currency": "EUR",
        "amount_eur": "",
    }
    return {**data, **overrides}


def assert_refused(response, status):
    if status is None:
        assert response.status_code == 302 and "/accounts/login/" in response.url
    else:
        assert response.status_code == status


# Add --------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "status"), ROLES)
def test_who_opens_the_add_a_line_page(client, cast, role, status, declaration):
    response = client_for(client, cast[role]).get(reverse("declarations:line_add", args=[declaration.pk]))
    assert_refused(response, status)


@pytest.mark.parametrize("role", ["visitor", "editor_b", "coordinator"])
def test_only_the_authoritys_members_add_a_line(client, cast, role, declaration, oda_2025):
    client_for(client, cast[role]).post(reverse("declarations:line_add", args=[declaration.pk]), line_data())
    assert not declaration.lines.exists()


def test_an_editor_adds_a_grant_to_an_ngo(client, editor_a, declaration, oda_2025):
    response = client_for(client, editor_a).post(reverse("declarations:line_add", args=[declaration.pk]), line_data())
    assert response.url == reverse("declarations:detail", args=[declaration.pk])
    line = declaration.lines.get()
    assert (line.source, line.kind, line.country_id, line.purpose_code) == ("added", "ngo_grant", "AM", "14030")
    assert line.amount_eur == Decimal("5000.00") and line.is_oda
    page = client.get(response.url).content.decode()
    assert "La ligne a été ajoutée." in page and "Subvention à Eau Vive" in page


def test_the_form_offers_each_code_from_its_official_list_and_starts_from_the_kinds_codes(
    client, editor_a, declaration
):
    page = (
        client_for(client, editor_a)
        .get(reverse("declarations:line_add", args=[declaration.pk]) + "?kind=refugees")
        .content.decode()
    )
    assert '<select name="purpose_code"' in page and '<select name="aid_type"' in page
    assert '<select name="channel_code"' in page and '<select name="country"' in page
    assert '<option value="93010" selected>93010 — ' in page
    assert '<option value="H02" selected>H02 — ' in page
    assert '<option value="france" selected>' in page
    assert '<input type="text" name="purpose_code"' not in page


def test_the_kinds_offered_are_those_with_official_codes(client, editor_a, declaration):
    page = client_for(client, editor_a).get(reverse("declarations:line_add", args=[declaration.pk])).content.decode()
    for kind in ("ngo_grant", "awareness", "refugees", "students", "administrative"):
        assert f'<option value="{kind}"' in page


def test_a_code_outside_the_official_list_is_refused_beside_its_field(client, editor_a, declaration, oda_2025):
    response = client_for(client, editor_a).post(
        reverse("declarations:line_add", args=[declaration.pk]), line_data(purpose_code="99999")
    )
    assert response.status_code == 200 and not declaration.lines.exists()
    assert 'id="id_purpose_code_error"' in response.content.decode()


def test_a_date_outside_the_year_is_refused_beside_the_date(client, editor_a, declaration, oda_2025):
    response = client_for(client, editor_a).post(
        reverse("declarations:line_add", args=[declaration.pk]), line_data(value_date="2024-12-31")
    )
    page = response.content.decode()
    assert not declaration.lines.exists()
    assert 'id="id_value_date_error"' in page and "doit être datée de 2025" in page


def test_a_country_recipient_without_a_country_is_refused_beside_the_country(client, editor_a, declaration, oda_2025):
    response = client_for(client, editor_a).post(
        reverse("declarations:line_add", args=[declaration.pk]), line_data(country="")
    )
    page = response.content.decode()
    assert not declaration.lines.exists()
    assert 'id="id_country_error"' in page and "Choisissez le pays bénéficiaire." in page


def test_a_negative_amount_is_refused(client, editor_a, declaration, oda_2025):
    response = client_for(client, editor_a).post(
        reverse("declarations:line_add", args=[declaration.pk]), line_data(original_amount="-5")
    )
    assert 'id="id_original_amount_error"' in response.content.decode()
    assert not declaration.lines.exists()


def test_no_line_is_added_to_a_submitted_declaration(client, editor_a, declaration, oda_2025):
    Declaration.objects.filter(pk=declaration.pk).update(status=DeclarationStatus.SUBMITTED)
    response = client_for(client, editor_a).post(reverse("declarations:line_add", args=[declaration.pk]), line_data())
    assert response.status_code == 403 and not declaration.lines.exists()


# Change -----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "status"), ROLES)
def test_who_opens_the_change_a_line_page(client, cast, role, status, declaration, editor_a):
    line = added(declaration, editor_a)
    response = client_for(client, cast[role]).get(reverse("declarations:line_change", args=[declaration.pk, line.pk]))
    assert_refused(response, status)


def test_the_change_form_is_pre_filled(client, editor_a, declaration):
    line = added(declaration, editor_a, description="Festival des solidarités")
    page = (
        client_for(client, editor_a)
        .get(reverse("declarations:line_change", args=[declaration.pk, line.pk]))
        .content.decode()
    )
    assert 'value="Festival des solidarités"' in page and '<option value="99820" selected>' in page
    assert 'name="reason"' not in page  # a line added by hand changes without a reason


def test_an_editor_changes_a_line_added_by_hand(client, editor_a, declaration):
    line = added(declaration, editor_a)
    data = line_data(recipient=Recipient.FRANCE, country="", purpose_code="99820", aid_type="H01")
    data.pop("kind")
    response = client_for(client, editor_a).post(
        reverse("declarations:line_change", args=[declaration.pk, line.pk]), data
    )
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.description == "Subvention à Eau Vive" and line.amount_eur == Decimal("5000.00")


def test_a_changed_pre_filled_line_asks_for_a_reason(client, editor_a, prefilled):
    declaration, line = prefilled
    url = reverse("declarations:line_change", args=[declaration.pk, line.pk])
    data = {
        "description": "Erevan — eau potable",
        "recipient": Recipient.COUNTRY,
        "country": "AM",
        "purpose_code": line.purpose_code,
        "aid_type": line.aid_type,
        "channel_code": line.channel_code,
        "finance_type": "110",
        "value_date": "2025-03-01",
        "original_amount": "40000",
        "original_currency": "EUR",
    }
    page = client_for(client, editor_a).post(url, data).content.decode()
    assert 'id="id_reason_error"' in page
    line.refresh_from_db()
    assert line.description == "Erevan"
    assert client.post(url, {**data, "reason": "Intitulé précisé"}).status_code == 302
    line.refresh_from_db()
    assert (line.description, line.reason) == ("Erevan — eau potable", "Intitulé précisé")


def test_a_line_of_another_declaration_is_not_found(client, editor_a, editor_b, declaration, authority_b):
    other = services.start_declaration(author=editor_b, authority=authority_b, year=2025)
    line = added(other, editor_b)
    response = client_for(client, editor_a).get(reverse("declarations:line_change", args=[declaration.pk, line.pk]))
    assert response.status_code == 404


# Remove and restore -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "status"), ROLES)
def test_who_opens_the_remove_confirmation(client, cast, role, status, declaration, editor_a):
    line = added(declaration, editor_a)
    response = client_for(client, cast[role]).get(reverse("declarations:line_remove", args=[declaration.pk, line.pk]))
    assert_refused(response, status)
    assert declaration.lines.exists()


def test_removing_asks_for_a_confirmation_with_a_reason(client, editor_a, prefilled):
    declaration, line = prefilled
    url = reverse("declarations:line_remove", args=[declaration.pk, line.pk])
    page = client_for(client, editor_a).get(url).content.decode()
    assert "Retirer la ligne" in page and '<textarea name="reason"' in page
    response = client.post(url, {"reason": ""})
    assert 'id="id_reason_error"' in response.content.decode()
    line.refresh_from_db()
    assert not line.removed


def test_a_removed_pre_filled_line_stays_struck_out_and_is_restored(client, editor_a, prefilled):
    declaration, line = prefilled
    client_for(client, editor_a).post(
        reverse("declarations:line_remove", args=[declaration.pk, line.pk]), {"reason": "Payé en 2024"}
    )
    line.refresh_from_db()
    assert line.removed and line.reason == "Payé en 2024"
    page = client.get(reverse("declarations:detail", args=[declaration.pk])).content.decode()
    assert "Payé en 2024" in page and "Rétablir" in page and "0,00\u00a0€" in page
    client.post(reverse("declarations:line_restore", args=[declaration.pk, line.pk]))
    line.refresh_from_db()
    assert not line.removed


def test_a_removed_line_added_by_hand_is_deleted(client, editor_a, declaration):
    line = added(declaration, editor_a)
    client_for(client, editor_a).post(
        reverse("declarations:line_remove", args=[declaration.pk, line.pk]), {"reason": "Doublon"}
    )
    assert not DeclarationLine.objects.filter(pk=line.pk).exists()


@pytest.mark.parametrize("role", ["visitor", "editor_b", "coordinator"])
def test_only_the_authoritys_members_remove_and_restore(client, cast, role, prefilled, editor_a):
    declaration, line = prefilled
    client_for(client, cast[role]).post(
        reverse("declarations:line_remove", args=[declaration.pk, line.pk]), {"reason": "x"}
    )
    line.refresh_from_db()
    assert not line.removed
    services.remove_line(author=editor_a, line=line, reason="Payé en 2024")
    client.post(reverse("declarations:line_restore", args=[declaration.pk, line.pk]))
    line.refresh_from_db()
    assert line.removed


def test_restoring_needs_a_post(client, editor_a, prefilled):
    declaration, line = prefilled
    services.remove_line(author=editor_a, line=line, reason="Payé en 2024")
    response = client_for(client, editor_a).get(reverse("declarations:line_restore", args=[declaration.pk, line.pk]))
    assert response.status_code == 405


# The buttons on the declaration's page ------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "shown"), [("editor_a", True), ("admin_a", True), ("coordinator", False)])
def test_the_page_shows_the_writing_buttons_to_who_may_write(client, cast, role, shown, prefilled):
    declaration, line = prefilled
    page = client_for(client, cast[role]).get(reverse("declarations:detail", args=[declaration.pk])).content.decode()
    assert (reverse("declarations:line_add", args=[declaration.pk]) in page) is shown
    assert (reverse("declarations:line_change", args=[declaration.pk, line.pk]) in page) is shown


def test_a_submitted_declaration_shows_no_writing_button(client, editor_a, prefilled):
    declaration, line = prefilled
    Declaration.objects.filter(pk=declaration.pk).update(status=DeclarationStatus.SUBMITTED)
    page = client_for(client, editor_a).get(reverse("declarations:detail", args=[declaration.pk])).content.decode()
    assert reverse("declarations:line_add", args=[declaration.pk]) not in page
    assert line.source == LineSource.DISBURSEMENT


def test_the_declarations_page_makes_as_many_queries_for_ten_lines_as_for_one(client, editor_a, declaration):
    added(declaration, editor_a)
    client_for(client, editor_a)
    page_url = reverse("declarations:detail", args=[declaration.pk])
    client.get(page_url)  # the session, the codelists and the ODA list read once
    with CaptureQueriesContext(connection) as one:
        client.get(page_url)
    for _ in range(9):
        added(declaration, editor_a)
    with CaptureQueriesContext(connection) as ten:
        client.get(page_url)
    assert len(ten) == len(one) <= 12, len(one)
