"""The follow-up columns kept on each invitation follow every change of its declaration."""

import datetime as dt
from decimal import Decimal

from coopdec.declarations import follow, services
from coopdec.declarations.enums import LineKind
from coopdec.declarations.models import Invitation
from coopdec.territories.factories import AuthorityFactory

OPEN_DAY = dt.date(2026, 5, 1)


def _row(campaign, authority):
    return Invitation.objects.get(campaign=campaign, authority=authority)


def _columns(invitation):
    return (
        invitation.declaration_id,
        invitation.state,
        invitation.last_change,
        invitation.total,
        invitation.oda_total,
        invitation.region_id,
        invitation.departement_id,
    )


def test_an_invited_authority_starts_not_started_in_its_region(campaign, authority_a):
    row = _row(campaign, authority_a)
    assert (row.state, row.declaration_id, row.total, row.region_id) == ("not_started", None, None, authority_a.pk)


def test_a_commune_asked_by_hand_is_placed_in_its_departement_and_region(campaign, coordinator, authority_a):
    departement = AuthorityFactory(code="FR-DEP-91", name="Essonne", kind="departement", parent=authority_a)
    commune = AuthorityFactory(code="FR-COM-91228", name="Évry", kind="commune", parent=departement)
    row = services.ask_authority(author=coordinator, campaign=campaign, authority=commune)
    assert (row.region_id, row.departement_id) == (authority_a.pk, departement.pk)


def test_each_step_of_the_declaration_moves_its_follow_up_row(campaign, editor_a, coordinator, authority_a):
    declaration = services.start_declaration(author=editor_a, authority=authority_a, year=2025)
    row = _row(campaign, authority_a)
    assert (row.state, row.declaration_id, row.total) == ("draft", declaration.pk, None)
    started = row.last_change

    services.add_line(author=editor_a, declaration=declaration, kind=LineKind.REFUGEES, amount_eur=Decimal("2500"))
    assert _row(campaign, authority_a).last_change > started

    services.submit(author=editor_a, declaration=declaration, today=OPEN_DAY)
    row = _row(campaign, authority_a)
    assert (row.state, row.total, row.oda_total) == ("submitted", Decimal("2500.00"), Decimal("2500.00"))

    services.return_declaration(author=coordinator, declaration=declaration, comment="Joindre la convention.")
    assert _row(campaign, authority_a).state == "returned"

    services.submit(author=editor_a, declaration=declaration, today=OPEN_DAY)
    services.validate_declaration(author=coordinator, declaration=declaration)
    assert _row(campaign, authority_a).state == "validated"

    services.open_correction(author=editor_a, declaration=declaration)
    row = _row(campaign, authority_a)
    assert row.state == "draft"
    assert row.total == Decimal("2500.00")  # the totals of the last version stay until the next one


def test_refresh_computes_what_the_services_kept(campaign, editor_a, authority_a, authority_b):
    declaration = services.start_declaration(author=editor_a, authority=authority_a, year=2025)
    services.add_line(author=editor_a, declaration=declaration, kind=LineKind.AWARENESS, amount_eur=Decimal("700"))
    services.submit(author=editor_a, declaration=declaration, today=OPEN_DAY)
    kept = {row.authority_id: _columns(row) for row in Invitation.objects.filter(campaign=campaign)}
    Invitation.objects.filter(campaign=campaign).update(state="not_started", total=None, region=None, declaration=None)

    assert follow.refresh(campaign) == 2

    assert {row.authority_id: _columns(row) for row in Invitation.objects.filter(campaign=campaign)} == kept
