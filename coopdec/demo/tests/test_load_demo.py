from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from coopdec.organizations.models import Organization
from coopdec.partnerships.factories import partnership_between
from coopdec.partnerships.models import Affiliation, Delegate, Partnership, Party
from coopdec.projects.factories import ProjectFactory
from coopdec.projects.models import Funding, Participant, Place, Project
from coopdec.territories.models import Authority

pytestmark = pytest.mark.django_db


def load(*args) -> str:
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def snapshot() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Organization, Partnership, Party, Project, Participant, Place, Funding, Affiliation, Delegate)
    }


def partners_of(partnership: Partnership) -> set[str]:
    return {
        str(p.authority.code if p.authority else p.country_id if p.country else p.organization.acronym)
        for p in partnership.parties.select_related("authority", "organization")
    }


def test_ile_de_france_and_yerevan_signed_their_new_agreement_on_19_november_2018_on_four_themes(demo_reference):
    load()

    agreement = Partnership.objects.get(title__contains="Erevan (2018)")
    assert agreement.signed_on == date(2018, 11, 19)
    assert partners_of(agreement) == {"FR-REG-11", "AM-ER"}
    assert set(agreement.themes.values_list("code", flat=True)) == {
        "innovation-digital",
        "culture-francophonie",
        "education",
        "urban-planning",
    }
    assert agreement.renewal_of.starts_on == date(2011, 1, 1)
    assert agreement.translations["en"]["title"].startswith("Île-de-France – Yerevan")


def test_ile_de_france_has_its_partnerships_with_every_region_the_sources_name(demo_reference):
    load()

    partners = {
        party.authority.code
        for party in Party.objects.filter(partnership__in=Partnership.objects.of_authority(demo_reference["FR-REG-11"]))
        if party.authority
    }
    assert partners >= {"FR-REG-11", "AM-ER", "CN-ZJ", "DZ-16", "TN-11", "KR-41", "MA-06", "ES-CT"}
    declaration = Partnership.objects.get(kind="declaration_of_intent", parties__organization__acronym="CE-CPLP")
    assert declaration.starts_on == date(2017, 7, 1)


def test_irma_emergency_aid_is_two_projects_without_partnership_funded_by_the_emergency_fund(demo_reference):
    load()

    aid = Project.objects.filter(kind="emergency_humanitarian", is_demo=True)
    assert {p.places.get().authority.code for p in aid} == {"FR-OM-977", "FR-OM-978"}
    assert all(p.partnership is None for p in aid)
    assert {(f.instrument, f.amount) for f in Funding.objects.filter(project__in=aid)} == {
        ("emergency_fund", Decimal("100000.00"))
    }


def test_hauts_de_france_cooperates_with_partners_in_eight_countries_through_its_clusters(demo_reference):
    load()

    hdf = demo_reference["FR-REG-32"]
    countries = {
        party.authority.country_id
        for party in Party.objects.filter(
            partnership__in=Partnership.objects.of_authority(hdf), authority__isnull=False
        )
        if party.authority != hdf
    }
    assert countries == {"CA", "BR", "TN", "MA", "DZ", "LB", "PL", "DE"}
    cd2e = Organization.objects.get(acronym="CD2E")
    assert {p.project.places.get().authority.country_id for p in cd2e.participations.all()} == {"CA", "BR", "MA", "TN"}
    hosting = Project.objects.get(participants__organization__name="EuraTechnologies")
    assert set(hosting.participants.filter(role="beneficiary").values_list("authority__code", flat=True)) == {
        "GEONAMES-282615",
        "GEONAMES-2540483",
        "GEONAMES-2475687",
    }


def test_new_caledonia_cooperates_with_six_states_belongs_to_four_organisations_and_posts_delegates(demo_reference):
    load()

    nc = demo_reference["FR-OM-988"]
    states = Party.objects.filter(partnership__parties__authority=nc, country__isnull=False)
    assert set(states.values_list("country_id", flat=True)) == {"AU", "NZ", "JP", "VU", "FJ", "PG"}
    memberships = Affiliation.objects.filter(authority=nc)
    assert set(memberships.values_list("organization__acronym", flat=True)) == {"CPS", "FIP", "PROE", "OCTA"}
    assert {a.organization.kind for a in memberships} == {"international"}
    delegates = Delegate.objects.filter(authority=nc)
    assert set(delegates.values_list("country_id", flat=True)) == {"AU", "NZ", "VU", "FJ", "PG"}
    assert {d.person for d in delegates} == {"Délégué(e) pour la Nouvelle-Calédonie"}
    assert all(d.host_organization.kind == "embassy" for d in delegates)
    eu = Partnership.objects.get(kind="framework_agreement", parties__organization__acronym="UE")
    assert eu.planned_commitment is None


def test_every_demonstration_object_is_labelled_demo(demo_reference):
    load()

    for model in (Partnership, Project, Organization, Affiliation, Delegate):
        assert model.objects.exists()
        assert not model.objects.filter(is_demo=False).exists(), model.__name__
    assert all("Données de démonstration" in p.description for p in Partnership.objects.all())
    assert all(p.iati_identifier.startswith("FR-DEMO-") for p in Project.objects.all())


def test_a_second_run_creates_nothing(demo_reference, django_assert_max_num_queries):
    load()
    before = snapshot()

    with django_assert_max_num_queries(88):
        output = load()

    assert snapshot() == before
    assert "nothing created" in output


def test_a_missing_reference_authority_stops_with_a_clear_error_and_writes_nothing(demo_reference):
    Authority.objects.filter(code__in=["AM-ER", "FR-OM-988"]).delete()

    with pytest.raises(CommandError) as error:
        load()

    message = str(error.value)
    assert "AM-ER (Erevan)" in message and "FR-OM-988 (Nouvelle-Calédonie)" in message
    assert "manage.py load_reference" in message
    assert not Organization.objects.exists() and not Partnership.objects.exists()
    assert Authority.objects.count() == len(demo_reference) - 2  # no fake authority created


def test_reset_deletes_the_demonstration_data_and_nothing_else(demo_reference):
    real_partnership = partnership_between(demo_reference["FR-REG-11"], demo_reference["AM-ER"], title="Réelle")
    real_project = ProjectFactory(lead_authority=demo_reference["FR-REG-11"], partnership=real_partnership)
    load()

    output = load("--reset", "--no-input")

    assert "Deleted" in output
    assert list(Partnership.objects.all()) == [real_partnership]
    assert list(Project.objects.all()) == [real_project]
    assert not Organization.objects.exists() and not Affiliation.objects.exists() and not Delegate.objects.exists()
    assert Authority.objects.count() == len(demo_reference)


def test_reset_asks_for_confirmation(demo_reference, monkeypatch):
    load()
    monkeypatch.setattr("builtins.input", lambda prompt: "no")

    with pytest.raises(CommandError, match="cancelled"):
        load("--reset")

    assert Partnership.objects.filter(is_demo=True).exists()


def test_the_2025_declaration_of_ile_de_france_opens_with_yerevan_as_oda_and_gyeonggi_catalonia_not(
    demo_reference, coordinator
):
    """The journey of docs/declaration.md: Armenia is on the DAC list of 2025, Korea and Spain are not."""
    import datetime as dt

    from coopdec.accounts.enums import Role
    from coopdec.accounts.factories import MembershipFactory
    from coopdec.declarations import services
    from coopdec.territories.enums import OdaCategory
    from coopdec.territories.models import OdaStatus

    load()
    OdaStatus.objects.create(country_id="AM", year=2025, category=OdaCategory.OTHER_ELIGIBLE)
    idf = demo_reference["FR-REG-11"]
    editor = MembershipFactory(authority=idf, role=Role.EDITOR).user
    services.open_campaign(author=coordinator, year=2025, opens_on=dt.date(2026, 4, 15), closes_on=dt.date(2026, 5, 31))
    declaration = services.start_declaration(author=editor, authority=idf, year=2025)
    oda = {line.country_id: line.is_oda for line in services.working_lines(declaration)}
    assert oda == {"AM": True, "KR": False, "ES": False}
