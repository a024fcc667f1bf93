"""The declaration's rules, as the services enforce them."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from coopdec.declarations import services
from coopdec.declarations.enums import DeclarationStatus, LineKind, NotOdaReason, Recipient
from coopdec.declarations.models import DeclarationLine, FrozenLine

from .conftest import project_in

pytestmark = pytest.mark.django_db
OPEN_DAY = dt.date(2026, 5, 2)


def test_campaign_asks_every_french_authority_with_a_member(campaign, authority_a, authority_b):
    assert set(campaign.invitations.values_list("authority_id", flat=True)) == {authority_a.pk, authority_b.pk}


def test_only_a_coordinator_opens_a_campaign(editor_a):
    with pytest.raises(PermissionDenied):
        services.open_campaign(
            author=editor_a, year=2025, opens_on=dt.date(2026, 4, 15), closes_on=dt.date(2026, 5, 31)
        )


def test_campaign_cannot_ask_for_a_year_not_yet_ended(coordinator):
    with pytest.raises(ValidationError) as error:
        services.open_campaign(
            author=coordinator, year=2026, opens_on=dt.date(2026, 4, 15), closes_on=dt.date(2026, 5, 31)
        )
    assert error.value.error_dict["year"][0].code == "year_not_ended"


def test_prefill_decides_oda_by_the_recipients_category_of_the_year(campaign, editor_a, authority_a, oda_2025):
    project_in(authority_a, oda_2025["AM"], title="Erevan", amount="10000", paid_on=dt.date(2025, 3, 1))
    project_in(authority_a, oda_2025["KR"], title="Gyeonggi", amount="5000", paid_on=dt.date(2025, 6, 1))
    declaration = services.start_declaration(author=editor_a, authority=authority_a, year=2025)
    lines = {line.description: line for line in services.working_lines(declaration)}
    assert lines["Erevan"].is_oda and lines["Erevan"].country_id == "AM" and lines["Erevan"].flow_type == "10"
    assert not lines["Gyeonggi"].is_oda and lines["Gyeonggi"].not_oda_reason == NotOdaReason.NOT_ELIGIBLE
    assert lines["Erevan"].amount_eur == Decimal("10000.00") and lines["Erevan"].aid_type == "C01"


def test_prefill_takes_only_the_declared_years_disbursements(campaign, editor_a, authority_a, oda_2025):
    project_in(authority_a, oda_2025["AM"], title="Old", amount="1", paid_on=dt.date(2024, 3, 1))
    declaration = services.start_declaration(author=editor_a, authority=authority_a, year=2025)
    assert not services.working_lines(declaration).exists()


def test_prefill_converts_at_the_ecb_rate_of_the_payment_date(campaign, editor_a, authority_a, oda_2025):
    project_in(authority_a, oda_2025["AM"], title="USD", amount="1000", currency="USD", paid_on=dt.date(2025, 3, 3))
    line = services.working_lines(services.start_declaration(author=editor_a, authority=authority_a, year=2025)).get()
    assert line.rate_on == dt.date(2025, 3, 3) and line.rate is not None
    assert line.amount_eur == (Decimal("1000") * line.rate).quantize(Decimal("0.01"))
    assert Decimal("850") < line.amount_eur < Decimal("1000")


def test_an_editor_of_another_authority_cannot_write_the_declaration(campaign, editor_a, editor_b, authority_a):
    declaration = services.start_declaration(author=editor_a, authority=authority_a, year=2025)
    with pytest.raises(PermissionDenied):
        services.add_line(author=editor_b, declaration=declaration, kind=LineKind.REFUGEES, amount_eur=Decimal("1"))
    with pytest.raises(PermissionDenied):
        services.start_declaration(author=editor_b, authority=authority_a, year=2024)


def test_refugees_hosted_in_france_are_oda_with_their_official_codes(campaign, editor_a, authority_a):
    declaration = services.start_declaration(author=editor_a, authority=authority_a, year=2025)
    line = services.add_line(
        author=editor_a, declaration=declaration, kind=LineKind.REFUGEES, amount_eur=Decimal("2500")
    )
    assert (line.recipient, line.purpose_code, line.aid_type, line.is_oda) == (Recipient.FRANCE, "93010", "H02", True)


def test_a_line_cannot_be_negative_nor_dated_outside_the_year(campaign, editor_a, authority_a):
    declaration = services.start_declaration(author=editor_a, authority=authority_a, year=2025)
    with pytest.raises(ValidationError) as error:
        services.add_line(
            author=editor_a,
            declaration=declaration,
            kind=LineKind.AWARENESS,
            amount_eur=Decimal("-1"),
            value_date=dt.date(2024, 12, 31),
        )
    assert set(error.value.error_dict) == {"amount_eur", "value_date"}
    assert not services.working_lines(declaration).exists()


def test_a_code_outside_the_official_list_is_refused(campaign, editor_a, authority_a):
    declaration = services.start_declaration(author=editor_a, authority=authority_a, year=2025)
    with pytest.raises(ValidationError) as error:
        services.add_line(
            author=editor_a, declaration=declaration, kind=LineKind.OTHER, description="X", aid_type="Z99", amount_eur=1
        )
    assert error.value.error_dict["aid_type"][0].code == "unknown_code"


def test_a_prefilled_line_is_removed_only_with_a_reason(campaign, editor_a, authority_a, oda_2025):
    project_in(authority_a, oda_2025["AM"], title="Erevan", amount="10", paid_on=dt.date(2025, 3, 1))
    declaration = services.start_declaration(author=editor_a, authority=authority_a, year=2025)
    line = services.working_lines(declaration).get()
    with pytest.raises(ValidationError):
        services.remove_line(author=editor_a, line=line, reason=" ")
    services.remove_line(author=editor_a, line=line, reason="Paid by the partner")
    line.refresh_from_db()
    assert line.removed and line.reason == "Paid by the partner"


def _submitted(editor, authority, coordinator=None):
    declaration = services.start_declaration(author=editor, authority=authority, year=2025)
    services.add_line(author=editor, declaration=declaration, kind=LineKind.AWARENESS, amount_eur=Decimal("300"))
    return declaration, services.submit(author=editor, declaration=declaration, today=OPEN_DAY)


def test_submitting_freezes_a_version_that_is_never_changed_in_place(campaign, editor_a, authority_a):
    declaration, version = _submitted(editor_a, authority_a)
    frozen = version.lines.get()
    assert version.total == Decimal("300.00") and version.oda_total == Decimal("300.00")
    with pytest.raises(FrozenLine):
        frozen.save()
    declaration.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.add_line(author=editor_a, declaration=declaration, kind=LineKind.AWARENESS, amount_eur=1)


def test_a_closed_campaign_accepts_no_submission_unless_the_deadline_was_extended(
    campaign, editor_a, authority_a, coordinator
):
    declaration = services.start_declaration(author=editor_a, authority=authority_a, year=2025)
    late = dt.date(2026, 6, 3)
    with pytest.raises(ValidationError) as error:
        services.submit(author=editor_a, declaration=declaration, today=late)
    assert error.value.code == "closed"
    services.extend_deadline(author=coordinator, campaign=campaign, authority=authority_a, until=dt.date(2026, 6, 10))
    assert services.submit(author=editor_a, declaration=declaration, today=late).number == 1


def test_return_then_resubmit_then_validate(campaign, editor_a, authority_a, coordinator, mailoutbox):
    declaration, first = _submitted(editor_a, authority_a)
    with pytest.raises(PermissionDenied):
        services.validate_declaration(author=editor_a, declaration=declaration)
    services.return_declaration(author=coordinator, declaration=declaration, comment="Ajoutez la cotisation.")
    declaration.refresh_from_db()
    assert declaration.status == DeclarationStatus.RETURNED
    second = services.submit(author=editor_a, declaration=declaration, today=OPEN_DAY)
    services.validate_declaration(author=coordinator, declaration=declaration)
    declaration.refresh_from_db()
    first.refresh_from_db()
    assert (first.outcome, second.number, declaration.validated_version_id) == ("returned", 2, second.pk)
    assert DeclarationLine.objects.filter(version=first).count() == 1


def test_a_correction_after_validation_makes_a_new_version(campaign, editor_a, authority_a, coordinator):
    declaration, first = _submitted(editor_a, authority_a)
    services.validate_declaration(author=coordinator, declaration=declaration)
    declaration.refresh_from_db()
    services.open_correction(author=editor_a, declaration=declaration)
    declaration.refresh_from_db()
    assert declaration.status == DeclarationStatus.DRAFT and declaration.validated_version_id == first.pk
    assert services.submit(author=editor_a, declaration=declaration, today=OPEN_DAY).number == 2


def test_incomplete_lines_block_the_submission(campaign, editor_a, authority_a, oda_2025):
    project = project_in(authority_a, oda_2025["AM"], title="No theme", amount="10", paid_on=dt.date(2025, 3, 1))
    assert not project.themes.exists()
    declaration = services.start_declaration(author=editor_a, authority=authority_a, year=2025)
    with pytest.raises(ValidationError) as error:
        services.submit(author=editor_a, declaration=declaration, today=OPEN_DAY)
    assert error.value.code == "incomplete"


def test_prefill_suggests_the_channel_of_the_operator_and_leaves_several_countries_to_the_editor(
    campaign, editor_a, authority_a, oda_2025
):
    from coopdec.organizations.models import Organization
    from coopdec.projects.enums import ParticipantRole
    from coopdec.projects.models import Participant, Place
    from coopdec.territories.factories import ForeignCityFactory

    with_ngo = project_in(authority_a, oda_2025["AM"], title="NGO", amount="10", paid_on=dt.date(2025, 3, 1))
    ngo = Organization.objects.create(name="Eau Vive", kind="association", country_id="FR")
    Participant.objects.create(project=with_ngo, organization=ngo, role=ParticipantRole.OPERATOR)
    two = project_in(authority_a, oda_2025["AM"], title="Two countries", amount="10", paid_on=dt.date(2025, 3, 1))
    Place.objects.create(project=two, authority=ForeignCityFactory(country=oda_2025["KR"]))
    declaration = services.start_declaration(author=editor_a, authority=authority_a, year=2025)
    lines = {line.description: line for line in services.working_lines(declaration)}
    assert lines["NGO"].channel_code == "22000"
    assert lines["Two countries"].recipient == ""
    assert "le bénéficiaire" in services.problems(declaration)[lines["Two countries"].pk]


def test_what_is_spent_in_france_outside_the_dac_categories_is_not_oda(campaign, editor_a, authority_a):
    declaration = services.start_declaration(author=editor_a, authority=authority_a, year=2025)
    line = services.add_line(
        author=editor_a,
        declaration=declaration,
        kind=LineKind.OTHER,
        description="Salon",
        recipient=Recipient.FRANCE,
        aid_type="C01",
        purpose_code="25010",
        amount_eur=Decimal("100"),
    )
    assert (line.is_oda, line.not_oda_reason) == (False, NotOdaReason.IN_FRANCE)
