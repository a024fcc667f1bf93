"""The partnership services: who may write, which parties a French convention admits, when it takes effect."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from coopdec.organizations.factories import OrganizationFactory
from coopdec.partnerships import services
from coopdec.partnerships.enums import LegalForm, PartnershipKind, PartnershipStatus
from coopdec.partnerships.factories import partnership_between
from coopdec.partnerships.models import Partnership, Party
from coopdec.partnerships.services import PartySpec
from coopdec.territories.enums import AuthorityKind, Level
from coopdec.territories.factories import CountryFactory, ForeignCityFactory
from coopdec.themes.models import Theme

ROLES_FOR_A = {
    "visitor": False,
    "editor_a": True,
    "admin_a": True,
    "editor_b": False,
    "coordinator": True,
    "platform_admin": True,
}


@pytest.fixture(autouse=True)
def in_english():
    """The messages asserted here are the English source text, whatever language another test left active."""
    with translation.override("en"):
        yield


@pytest.fixture
def yerevan(db):
    return ForeignCityFactory(name="Erevan")


@pytest.fixture
def armenia(db):
    return CountryFactory(code="AM")


def convention(author, french, *others, **kwargs):
    kwargs.setdefault("kind", PartnershipKind.CONVENTION)
    kwargs.setdefault("title", "Convention Île-de-France – Erevan")
    parties = [PartySpec(authority=french), *others]
    return services.create_partnership(author=author, parties=parties, **kwargs)


# Rule 1 — a French convention is with foreign local authorities, never a foreign State.


def test_a_french_convention_with_a_foreign_city_is_recorded(editor_a, authority_a, yerevan):
    partnership = convention(editor_a, authority_a, PartySpec(authority=yerevan))
    assert {party.authority for party in partnership.parties.all()} == {authority_a, yerevan}
    assert partnership.status == PartnershipStatus.DRAFT
    assert partnership.created_by == editor_a


@pytest.mark.parametrize("kind", ["convention", "twinning", "framework_agreement", "declaration_of_intent"])
def test_a_french_convention_with_a_foreign_state_is_refused_naming_the_state(editor_a, authority_a, armenia, kind):
    with pytest.raises(ValidationError) as refused:
        convention(editor_a, authority_a, PartySpec(country=armenia), kind=kind)
    assert "never with a foreign State: Armenia cannot be a party" in " ".join(refused.value.messages)
    assert not Partnership.objects.exists()


def test_a_foreign_authority_at_the_national_level_counts_as_a_state(editor_a, authority_a):
    state = ForeignCityFactory(name="République d'Armenia", level=Level.NATIONAL, kind=AuthorityKind.OTHER)
    with pytest.raises(ValidationError, match="République d'Armenia cannot be a party"):
        convention(editor_a, authority_a, PartySpec(authority=state))


def test_overseas_regional_cooperation_may_bind_a_state(editor_a, authority_a):
    vanuatu = CountryFactory(code="VU", name_fr="Vanuatu")
    partnership = convention(
        editor_a, authority_a, PartySpec(country=vanuatu), legal_form=LegalForm.REGIONAL_COOPERATION
    )
    assert partnership.parties.filter(country=vanuatu).exists()


def test_a_friendship_agreement_is_not_a_convention_and_may_name_a_state(editor_a, authority_a, armenia):
    partnership = convention(editor_a, authority_a, PartySpec(country=armenia), kind=PartnershipKind.FRIENDSHIP)
    assert partnership.parties.count() == 2


def test_a_party_of_a_country_france_does_not_recognise_is_refused(editor_a, authority_a):
    unrecognised = CountryFactory(
        code="XK", name_fr="Pays non reconnu", name_en="Unrecognised country", recognised_by_france=False
    )
    city = ForeignCityFactory(name="Ville", country=unrecognised)
    with pytest.raises(ValidationError, match="Ville belongs to Unrecognised country, which France does not recognise"):
        convention(editor_a, authority_a, PartySpec(authority=city))
    organization = OrganizationFactory(name="Association", country=unrecognised)
    with pytest.raises(ValidationError, match="Association belongs to Unrecognised country"):
        convention(editor_a, authority_a, PartySpec(organization=organization))


def test_changing_the_kind_to_a_convention_checks_the_parties_again(editor_a, authority_a, armenia):
    partnership = convention(editor_a, authority_a, PartySpec(country=armenia), kind=PartnershipKind.FRIENDSHIP)
    with pytest.raises(ValidationError, match="Armenia cannot be a party"):
        services.update_partnership(partnership=partnership, author=editor_a, kind=PartnershipKind.CONVENTION)
    partnership.refresh_from_db()
    assert partnership.kind == PartnershipKind.FRIENDSHIP


def test_a_state_cannot_be_added_to_a_french_convention_by_editing_its_parties(editor_a, authority_a, yerevan, armenia):
    partnership = convention(editor_a, authority_a, PartySpec(authority=yerevan))
    parties = [PartySpec(authority=authority_a), PartySpec(authority=yerevan), PartySpec(country=armenia)]
    with pytest.raises(ValidationError, match="Armenia"):
        services.update_partnership(partnership=partnership, author=editor_a, parties=parties)
    assert partnership.parties.count() == 2


# Rule 2 — a French convention takes effect once sent to the préfet.


def test_a_signed_french_convention_is_not_in_force_until_sent_to_the_prefect(editor_a, authority_a, yerevan):
    partnership = convention(editor_a, authority_a, PartySpec(authority=yerevan))
    partnership = services.sign_partnership(partnership=partnership, author=editor_a, signed_on=date(2025, 3, 1))
    assert partnership.status == PartnershipStatus.SIGNED
    assert partnership.get_status_display() == "Signed — not yet in force"
    partnership = services.record_sent_to_prefect(partnership=partnership, on=date(2025, 3, 10), author=editor_a)
    partnership.refresh_from_db()
    assert partnership.status == PartnershipStatus.IN_FORCE
    assert partnership.sent_to_prefect_on == date(2025, 3, 10)


def test_a_partnership_without_a_french_authority_is_in_force_once_signed(coordinator):
    foreign = ForeignCityFactory()
    partnership = services.create_partnership(
        author=coordinator,
        title="Jumelage",
        kind=PartnershipKind.TWINNING,
        parties=[PartySpec(authority=foreign), PartySpec(authority=ForeignCityFactory())],
    )
    partnership = services.sign_partnership(partnership=partnership, author=coordinator, signed_on=date(2025, 1, 1))
    assert partnership.status == PartnershipStatus.IN_FORCE
    with pytest.raises(ValidationError, match="Only a French authority's convention is sent to the préfet"):
        services.record_sent_to_prefect(partnership=partnership, on=date(2025, 1, 5), author=coordinator)


def test_a_convention_recorded_with_its_dates_gets_its_status_from_them(editor_a, authority_a, yerevan):
    signed = convention(editor_a, authority_a, PartySpec(authority=yerevan), signed_on=date(2024, 1, 1))
    assert signed.status == PartnershipStatus.SIGNED
    in_force = convention(
        editor_a,
        authority_a,
        PartySpec(authority=ForeignCityFactory()),
        signed_on=date(2024, 1, 1),
        sent_to_prefect_on=date(2024, 1, 15),
    )
    assert in_force.status == PartnershipStatus.IN_FORCE


def test_a_convention_cannot_be_sent_to_the_prefect_before_it_is_signed(editor_a, authority_a, yerevan):
    partnership = convention(editor_a, authority_a, PartySpec(authority=yerevan), signed_on=date(2025, 3, 1))
    with pytest.raises(ValidationError, match=r"sent to the préfet \(2025-02-20\) before it is signed \(2025-03-01\)"):
        services.record_sent_to_prefect(partnership=partnership, on=date(2025, 2, 20), author=editor_a)
    partnership.refresh_from_db()
    assert partnership.sent_to_prefect_on is None
    assert partnership.status == PartnershipStatus.SIGNED


def test_a_draft_is_signed_before_it_is_sent_to_the_prefect(editor_a, authority_a, yerevan):
    partnership = convention(editor_a, authority_a, PartySpec(authority=yerevan))
    with pytest.raises(ValidationError, match="cannot be sent to the préfet"):
        services.record_sent_to_prefect(partnership=partnership, on=date(2025, 2, 20), author=editor_a)


def test_a_partnership_cannot_end_before_it_starts(editor_a, authority_a, yerevan):
    with pytest.raises(ValidationError, match=r"end date \(2024-12-31\) is before the start date \(2025-01-01\)"):
        convention(
            editor_a, authority_a, PartySpec(authority=yerevan), starts_on=date(2025, 1, 1), ends_on=date(2024, 12, 31)
        )


def test_a_partnership_is_signed_by_at_least_two_parties(editor_a, authority_a):
    partnership = services.create_partnership(
        author=editor_a, title="Projet de convention", kind="convention", parties=[PartySpec(authority=authority_a)]
    )
    with pytest.raises(ValidationError, match="at least two parties"):
        services.sign_partnership(partnership=partnership, author=editor_a, signed_on=date(2025, 1, 1))


def test_suspend_resume_and_end(editor_a, authority_a, yerevan):
    partnership = convention(
        editor_a, authority_a, PartySpec(authority=yerevan), signed_on=date(2024, 1, 1), starts_on=date(2024, 1, 1)
    )
    services.record_sent_to_prefect(partnership=partnership, on=date(2024, 1, 10), author=editor_a)
    partnership = services.suspend_partnership(partnership=partnership, author=editor_a, reason="Elections")
    assert partnership.status == PartnershipStatus.SUSPENDED
    assert partnership.history.first().history_change_reason == "Elections"
    partnership = services.resume_partnership(partnership=partnership, author=editor_a)
    assert partnership.status == PartnershipStatus.IN_FORCE
    with pytest.raises(ValidationError, match="cannot end on 2023-06-30, before it began"):
        services.end_partnership(partnership=partnership, author=editor_a, on=date(2023, 6, 30))
    partnership = services.end_partnership(partnership=partnership, author=editor_a, on=date(2025, 6, 30))
    assert (partnership.status, partnership.ends_on) == (PartnershipStatus.ENDED, date(2025, 6, 30))
    with pytest.raises(ValidationError, match="cannot be suspended"):
        services.suspend_partnership(partnership=partnership, author=editor_a)


def test_a_renewal_links_to_the_previous_convention_which_ends_and_keeps_its_history(editor_a, authority_a, yerevan):
    theme = Theme.objects.create(code="water-test", label_fr="Eau", label_en="Water")
    previous = convention(
        editor_a,
        authority_a,
        PartySpec(authority=yerevan),
        signed_on=date(2021, 1, 1),
        sent_to_prefect_on=date(2021, 1, 5),
        starts_on=date(2021, 1, 1),
        themes=[theme],
        technical_terms="Échanges d'experts",
    )
    renewal = services.renew_partnership(
        previous=previous, author=editor_a, signed_on=date(2024, 1, 15), starts_on=date(2024, 2, 1)
    )
    previous.refresh_from_db()
    assert renewal.renewal_of == previous
    assert {p.authority for p in renewal.parties.all()} == {authority_a, yerevan}
    assert list(renewal.themes.all()) == [theme]
    assert renewal.technical_terms == "Échanges d'experts"
    assert renewal.status == PartnershipStatus.SIGNED  # a French convention: waits for the préfet
    assert (previous.status, previous.ends_on) == (PartnershipStatus.ENDED, date(2024, 1, 31))
    assert [h.status for h in previous.history.order_by("history_date")] == ["in_force", "ended"]
    with pytest.raises(ValidationError, match="already renewed"):
        services.renew_partnership(previous=previous, author=editor_a, signed_on=date(2024, 2, 1))


# Permissions, and the history of who changed what.


@pytest.mark.parametrize(("role", "allowed"), ROLES_FOR_A.items())
def test_who_may_record_a_partnership_of_authority_a(cast, role, allowed, authority_a, yerevan):
    if allowed:
        partnership = convention(cast[role], authority_a, PartySpec(authority=yerevan))
        assert partnership.history.get().history_user == cast[role]
    else:
        with pytest.raises(PermissionDenied):
            convention(cast[role], authority_a, PartySpec(authority=yerevan))
        assert not Partnership.objects.exists()


@pytest.mark.parametrize(("role", "allowed"), ROLES_FOR_A.items())
def test_who_may_sign_and_end_a_partnership_of_authority_a(cast, role, allowed, authority_a):
    partnership = partnership_between(authority_a, status=PartnershipStatus.DRAFT)
    if allowed:
        services.sign_partnership(partnership=partnership, author=cast[role], signed_on=date(2025, 1, 1))
        services.end_partnership(partnership=partnership, author=cast[role], on=date(2025, 12, 31))
        partnership.refresh_from_db()
        assert partnership.status == PartnershipStatus.ENDED
        assert partnership.history.first().history_user == cast[role]
    else:
        with pytest.raises(PermissionDenied):
            services.sign_partnership(partnership=partnership, author=cast[role], signed_on=date(2025, 1, 1))
        partnership.refresh_from_db()
        assert (partnership.status, partnership.signed_on) == (PartnershipStatus.DRAFT, None)


def test_an_editor_keeps_their_authority_among_the_parties(editor_a, authority_a, yerevan):
    partnership = convention(editor_a, authority_a, PartySpec(authority=yerevan))
    with pytest.raises(ValidationError, match="Keep your own authority among the parties"):
        services.update_partnership(partnership=partnership, author=editor_a, parties=[PartySpec(authority=yerevan)])
    assert partnership.parties.filter(authority=authority_a).exists()


def test_removing_a_party_is_recorded_with_its_author(editor_a, authority_a, yerevan):
    other = ForeignCityFactory(name="Gyumri")
    partnership = convention(editor_a, authority_a, PartySpec(authority=yerevan), PartySpec(authority=other))
    services.update_partnership(
        partnership=partnership,
        author=editor_a,
        parties=[PartySpec(authority=authority_a), PartySpec(authority=yerevan)],
        title="Convention Île-de-France – Erevan (révisée)",
    )
    deleted = Party.history.filter(authority=other, history_type="-").get()
    assert deleted.history_user == editor_a
    assert partnership.history.first().title == "Convention Île-de-France – Erevan (révisée)"


REVERT_A = {
    "visitor": False,
    "editor_a": False,
    "admin_a": True,
    "editor_b": False,
    "coordinator": True,
    "platform_admin": True,
}


@pytest.mark.parametrize(("role", "allowed"), REVERT_A.items())
def test_administrators_and_coordinators_revert_a_partnership(cast, role, allowed, authority_a, yerevan, editor_a):
    partnership = convention(editor_a, authority_a, PartySpec(authority=yerevan), title="Titre d'origine")
    first_version = partnership.history.get().history_id
    services.update_partnership(partnership=partnership, author=editor_a, title="Titre erroné")
    if allowed:
        services.revert(obj=partnership, to_history_id=first_version, author=cast[role])
        partnership.refresh_from_db()
        assert partnership.title == "Titre d'origine"
        assert partnership.history.first().history_user == cast[role]
    else:
        with pytest.raises(PermissionDenied):
            services.revert(obj=partnership, to_history_id=first_version, author=cast[role])
        partnership.refresh_from_db()
        assert partnership.title == "Titre erroné"


def test_a_revert_obeys_the_rules_of_today(editor_a, admin_a, authority_a, yerevan, armenia):
    partnership = convention(editor_a, authority_a, PartySpec(authority=yerevan))
    as_a_convention = partnership.history.get().history_id
    services.update_partnership(partnership=partnership, author=editor_a, kind=PartnershipKind.FRIENDSHIP)
    parties = [PartySpec(authority=authority_a), PartySpec(authority=yerevan), PartySpec(country=armenia)]
    services.update_partnership(partnership=partnership, author=editor_a, parties=parties)
    with pytest.raises(ValidationError, match="Armenia cannot be a party"):
        services.revert(obj=partnership, to_history_id=as_a_convention, author=admin_a)
    partnership.refresh_from_db()
    assert partnership.kind == PartnershipKind.FRIENDSHIP


def test_a_version_of_another_partnership_is_refused(admin_a, editor_a, authority_a, yerevan):
    one = convention(editor_a, authority_a, PartySpec(authority=yerevan))
    other = convention(editor_a, authority_a, PartySpec(authority=ForeignCityFactory()))
    with pytest.raises(ValidationError, match="is not a version of"):
        services.revert(obj=one, to_history_id=other.history.get().history_id, author=admin_a)
