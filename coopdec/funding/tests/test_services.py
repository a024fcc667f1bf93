"""Funding lines, disbursements and the 1 % ceilings: figures, refusals, who may write."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from coopdec.funding import services
from coopdec.funding.enums import Service
from coopdec.funding.factories import ServiceBudgetFactory
from coopdec.funding.models import ServiceBudget
from coopdec.funding.selectors import funding_summary, one_percent_position
from coopdec.organizations.factories import OrganizationFactory
from coopdec.projects.enums import Instrument
from coopdec.projects.factories import FundingFactory, ProjectFactory
from coopdec.projects.models import Disbursement, Funding
from coopdec.territories.factories import ForeignCityFactory

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
def project_a(authority_a):
    return ProjectFactory(lead_authority=authority_a, budget=Decimal("100000"), planned_start=date(2025, 1, 1))


@pytest.fixture
def water_2025(authority_a):
    return ServiceBudgetFactory(authority=authority_a, year=2025, service=Service.WATER)  # ceiling 12,345.67 €


def one_percent(project, author, amount, instrument=Instrument.ONE_PERCENT_WATER, year=2025, **kwargs):
    return services.add_funding(
        project=project,
        author=author,
        instrument=instrument,
        amount=Decimal(amount),
        funder_authority=project.lead_authority,
        year=year,
        **kwargs,
    )


# The 1 % ceilings.


def test_a_1_percent_line_over_the_ceiling_is_refused_with_the_figures(editor_a, project_a, water_2025):
    one_percent(project_a, editor_a, "10000")
    with pytest.raises(ValidationError) as refused:
        one_percent(project_a, editor_a, "3000")
    assert refused.value.messages == [
        "1 % water 2025 ceiling 12,345.67\xa0€, already used 10,000.00\xa0€, "
        "this line 3,000.00\xa0€ would exceed it by 654.33\xa0€."
    ]
    assert Funding.objects.count() == 1


def test_a_1_percent_line_up_to_the_ceiling_exactly_is_accepted(editor_a, project_a, water_2025):
    one_percent(project_a, editor_a, "10000")
    one_percent(project_a, editor_a, "2345.67")
    [water, *_] = one_percent_position(project_a.lead_authority, 2025)
    assert (water.ceiling, water.used, water.left) == (Decimal("12345.67"), Decimal("12345.67"), Decimal("0"))


def test_each_service_budget_has_its_own_ceiling_without_pooling(editor_a, project_a, water_2025, authority_a):
    ServiceBudgetFactory(authority=authority_a, year=2025, service=Service.SANITATION, own_resources=Decimal("1000000"))
    # 12,345.67 € of water ceiling left unused does not help the sanitation budget go past its 10,000 €.
    with pytest.raises(ValidationError) as refused:
        one_percent(project_a, editor_a, "10000.01", instrument=Instrument.ONE_PERCENT_SANITATION)
    assert refused.value.messages[0].startswith("1 % sanitation 2025 ceiling 10,000.00\xa0€,")
    one_percent(project_a, editor_a, "10000", instrument=Instrument.ONE_PERCENT_SANITATION)
    one_percent(project_a, editor_a, "12345.67")


def test_each_year_has_its_own_ceiling(editor_a, project_a, water_2025, authority_a):
    ServiceBudgetFactory(authority=authority_a, year=2026, service=Service.WATER)
    one_percent(project_a, editor_a, "12345.67", year=2025)
    one_percent(project_a, editor_a, "12345.67", year=2026)
    with pytest.raises(ValidationError, match="1 % water 2026 ceiling"):
        one_percent(project_a, editor_a, "0.01", year=2026)


def test_lines_of_every_project_of_the_authority_count(editor_a, project_a, water_2025, authority_a):
    other_project = ProjectFactory(lead_authority=authority_a)
    one_percent(other_project, editor_a, "12000")
    with pytest.raises(ValidationError) as refused:
        one_percent(project_a, editor_a, "500")
    assert "already used 12,000.00\xa0€," in refused.value.messages[0]


def test_a_1_percent_line_needs_a_budget_recorded_for_that_service_and_year(editor_a, project_a, water_2025):
    with pytest.raises(ValidationError, match="No energy budget is recorded for Île-de-France in 2025"):
        one_percent(project_a, editor_a, "100", instrument=Instrument.ONE_PERCENT_ENERGY)
    with pytest.raises(ValidationError, match="No water budget is recorded for Île-de-France in 2024"):
        one_percent(project_a, editor_a, "100", year=2024)
    assert not Funding.objects.exists()


def test_a_1_percent_line_names_its_authority_and_year_and_is_not_in_kind(editor_a, project_a, water_2025):
    with pytest.raises(ValidationError, match="give the year"):
        one_percent(project_a, editor_a, "100", year=None)
    with pytest.raises(ValidationError, match="not a contribution in kind"):
        one_percent(project_a, editor_a, "100", in_kind=True)
    with pytest.raises(ValidationError, match="name the funding authority"):
        services.add_funding(
            project=project_a, author=editor_a, instrument=Instrument.ONE_PERCENT_WATER, amount=Decimal(1), year=2025
        )


def test_editing_a_line_checks_the_ceiling_without_counting_the_line_twice(editor_a, project_a, water_2025):
    line = one_percent(project_a, editor_a, "12000").funding
    services.update_funding(funding=line, author=editor_a, amount=Decimal("12345.67"))
    with pytest.raises(ValidationError) as refused:
        services.update_funding(funding=line, author=editor_a, amount=Decimal("12345.68"))
    assert refused.value.messages[0].endswith("this line 12,345.68\xa0€ would exceed it by 0.01\xa0€.")
    line.refresh_from_db()
    assert line.amount == Decimal("12345.67")


def test_lowering_a_budget_under_what_lines_use_is_refused(editor_a, project_a, water_2025, authority_a):
    one_percent(project_a, editor_a, "10000")
    with pytest.raises(ValidationError) as refused:
        services.record_service_budget(
            authority=authority_a, year=2025, service=Service.WATER, own_resources=Decimal("900000"), author=editor_a
        )
    assert refused.value.messages == [
        "With these own resources the 1 % water 2025 ceiling would be 9,000.00\xa0€, "
        "but funding lines already use 10,000.00\xa0€."
    ]
    water_2025.refresh_from_db()
    assert water_2025.own_resources == Decimal("1234567.00")


def test_the_1_percent_position_shows_each_service(editor_a, project_a, water_2025, authority_a):
    one_percent(project_a, editor_a, "2345.67")
    positions = {p.service: p for p in one_percent_position(authority_a, 2025)}
    assert list(positions) == [Service.WATER, Service.SANITATION, Service.ENERGY, Service.WASTE, Service.TRANSPORT]
    water = positions[Service.WATER]
    assert (water.own_resources, water.ceiling, water.used, water.left) == (
        Decimal("1234567.00"),
        Decimal("12345.67"),
        Decimal("2345.67"),
        Decimal("10000.00"),
    )
    assert positions[Service.ENERGY].budget is None
    assert positions[Service.ENERGY].left == 0


def test_a_new_caledonian_budget_in_francs_pacifique_caps_lines_in_francs_pacifique(coordinator):
    from coopdec.territories.factories import AuthorityFactory, CountryFactory

    province = AuthorityFactory(name="Province Sud", country=CountryFactory(code="NC"), is_french=True)
    services.record_service_budget(
        authority=province,
        year=2025,
        service=Service.WATER,
        own_resources=Decimal("50000000"),
        currency="XPF",
        author=coordinator,
    )
    project = ProjectFactory(lead_authority=province)
    with pytest.raises(ValidationError, match="in the currency of the budget it is charged to"):
        one_percent(project, coordinator, "4000")
    with pytest.raises(ValidationError) as refused:
        one_percent(project, coordinator, "500001", currency="XPF")
    assert refused.value.messages[0].startswith("1 % water 2025 ceiling 500,000.00\xa0XPF,")


def test_the_1_percent_mechanisms_are_for_french_authorities(coordinator):
    with pytest.raises(ValidationError, match="is not a French authority"):
        services.record_service_budget(
            authority=ForeignCityFactory(), year=2025, service="water", own_resources=Decimal(1), author=coordinator
        )


# Funding lines add up.


def test_the_summary_converts_at_the_ecb_rate_and_shows_in_kind_apart_and_the_gap(editor_a, project_a):
    services.add_funding(project=project_a, author=editor_a, instrument="own_budget", amount=Decimal("50000"))
    # ECB rate on 2 January 2024: 1 EUR = 1.0956 USD.
    services.add_funding(
        project=project_a,
        author=editor_a,
        instrument="afd",
        amount=Decimal("10956"),
        currency="USD",
        value_date=date(2024, 1, 2),
        funder_organization=OrganizationFactory(),
    )
    services.add_funding(project=project_a, author=editor_a, instrument="other", amount=Decimal("5000"), in_kind=True)
    summary = funding_summary(project_a)
    assert (summary.cash_eur, summary.in_kind_eur, summary.budget_eur) == (
        Decimal("60000.00"),
        Decimal("5000.00"),
        Decimal("100000.00"),
    )
    assert summary.gap_eur == Decimal("35000.00")
    assert [(c.currency, c.cash, c.in_kind) for c in summary.by_currency] == [
        ("EUR", Decimal("50000"), Decimal("5000")),
        ("USD", Decimal("10956"), Decimal("0")),
    ]


def test_a_line_in_an_unquoted_currency_is_kept_with_a_warning_and_left_out_of_euro_totals(editor_a, project_a):
    outcome = services.add_funding(
        project=project_a, author=editor_a, instrument="partner_contribution", amount=Decimal("1000000"), currency="AMD"
    )
    assert outcome.warnings == ["The ECB publishes no rate for AMD: this line is left out of the totals in euros."]
    assert outcome.funding.value_date is not None
    summary = funding_summary(project_a)
    assert (summary.cash_eur, summary.unconverted) == (Decimal("0"), ["AMD"])


def test_funding_past_the_budget_is_recorded_with_a_warning(editor_a, project_a):
    outcome = services.add_funding(
        project=project_a, author=editor_a, instrument="own_budget", amount=Decimal("120000")
    )
    assert outcome.warnings == [
        "The funding lines (120,000.00\xa0€) now exceed the budget (100,000.00\xa0€) by 20,000.00\xa0€."
    ]


def test_amounts_cannot_be_negative(editor_a, project_a):
    with pytest.raises(ValidationError, match="An amount cannot be negative"):
        services.add_funding(project=project_a, author=editor_a, instrument="own_budget", amount=Decimal("-1"))
    with pytest.raises(ValidationError, match="An amount cannot be negative"):
        services.add_disbursement(project=project_a, author=editor_a, year=2025, amount=Decimal("-1"))
    assert not Funding.objects.exists()
    assert not Disbursement.objects.exists()


def test_a_disbursement_is_made_on_a_line_of_the_same_project(editor_a, project_a):
    line = FundingFactory(project=project_a, amount=Decimal("1000"))
    outcome = services.add_disbursement(
        project=project_a, author=editor_a, year=2025, amount=Decimal("1200"), funding=line, paid_on=date(2026, 1, 5)
    )
    assert outcome.warnings == [
        "Paid on 2026-01-05 but recorded for 2025.",
        "Disbursements on this line (1,200.00\xa0€) exceed its amount (1,000.00\xa0€).",
    ]
    with pytest.raises(ValidationError, match="belongs to another project"):
        services.add_disbursement(
            project=ProjectFactory(lead_authority=project_a.lead_authority),
            author=editor_a,
            year=2025,
            amount=Decimal(1),
            funding=line,
        )


# Who may write, and the history.


@pytest.mark.parametrize(("role", "allowed"), ROLES_FOR_A.items())
def test_who_may_add_funding_and_disbursements_to_a_project_of_authority_a(cast, role, allowed, project_a):
    def write():
        services.add_funding(project=project_a, author=cast[role], instrument="own_budget", amount=Decimal("1000"))
        services.add_disbursement(project=project_a, author=cast[role], year=2025, amount=Decimal("500"))

    if allowed:
        write()
        assert Funding.history.get().history_user == cast[role]
        assert Disbursement.history.get().history_user == cast[role]
    else:
        with pytest.raises(PermissionDenied):
            write()
        assert not Funding.objects.exists()
        assert not Disbursement.objects.exists()


@pytest.mark.parametrize(("role", "allowed"), ROLES_FOR_A.items())
def test_who_may_record_authority_a_s_service_budgets(cast, role, allowed, authority_a):
    def write():
        return services.record_service_budget(
            authority=authority_a, year=2025, service="energy", own_resources=Decimal("200000"), author=cast[role]
        )

    if allowed:
        budget = write()
        assert budget.ceiling == Decimal("2000.00")
        assert budget.history.get().history_user == cast[role]
    else:
        with pytest.raises(PermissionDenied):
            write()
        assert not ServiceBudget.objects.exists()


def test_only_the_funding_authority_charges_its_1_percent(editor_b, water_2025, authority_b):
    # Authority B's editor, on B's own project, cannot spend Île-de-France's water budget.
    project_b = ProjectFactory(lead_authority=authority_b)
    with pytest.raises(PermissionDenied):
        services.add_funding(
            project=project_b,
            author=editor_b,
            instrument=Instrument.ONE_PERCENT_WATER,
            amount=Decimal("100"),
            funder_authority=water_2025.authority,
            year=2025,
        )
    assert not Funding.objects.exists()


REVERT_A = {
    "visitor": False,
    "editor_a": False,
    "admin_a": True,
    "editor_b": False,
    "coordinator": True,
    "platform_admin": True,
}


@pytest.mark.parametrize(("role", "allowed"), REVERT_A.items())
def test_administrators_and_coordinators_revert_a_service_budget(cast, role, allowed, authority_a, editor_a):
    budget = services.record_service_budget(
        authority=authority_a, year=2025, service="waste", own_resources=Decimal("100000"), author=editor_a
    )
    first = budget.history.get().history_id
    services.record_service_budget(
        authority=authority_a, year=2025, service="waste", own_resources=Decimal("900000"), author=editor_a
    )
    if allowed:
        services.revert(obj=budget, to_history_id=first, author=cast[role])
        budget.refresh_from_db()
        assert budget.own_resources == Decimal("100000")
        assert budget.history.first().history_user == cast[role]
    else:
        with pytest.raises(PermissionDenied):
            services.revert(obj=budget, to_history_id=first, author=cast[role])
        budget.refresh_from_db()
        assert budget.own_resources == Decimal("900000")


def test_reverting_a_line_cannot_break_the_ceiling(admin_a, editor_a, project_a, water_2025):
    line = one_percent(project_a, editor_a, "12000").funding
    big = line.history.get().history_id
    services.update_funding(funding=line, author=editor_a, amount=Decimal("2000"))
    one_percent(project_a, editor_a, "10000")
    with pytest.raises(ValidationError, match="would exceed it by"):
        services.revert(obj=line, to_history_id=big, author=admin_a)
    line.refresh_from_db()
    assert line.amount == Decimal("2000")


def test_a_one_percent_line_without_a_year_says_1_percent_not_1_percent_percent(db):
    funding = FundingFactory.build(instrument=Instrument.ONE_PERCENT_WATER, year=None)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services._check_line(funding)
    assert "A 1 % line counts against one budget year: give the year." in refused.value.messages


def test_a_refusal_in_french_writes_its_amounts_the_french_way(editor_a, project_a, water_2025):
    one_percent(project_a, editor_a, "10000")
    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        one_percent(project_a, editor_a, "3000")
    assert refused.value.messages == [
        "Plafond 1\u202f% eau 2025\u202f: 12\xa0345,67\xa0€, déjà utilisé\u202f: 10\xa0000,00\xa0€\u202f; "
        "cette ligne de 3\xa0000,00\xa0€ le dépasserait de 654,33\xa0€."
    ]


def test_a_warning_in_french_writes_its_amounts_the_french_way(editor_a, project_a):
    with translation.override("fr"):
        outcome = services.add_funding(
            project=project_a, author=editor_a, instrument="own_budget", amount=Decimal("120000")
        )
    assert outcome.warnings == [
        "Les lignes de financement (120\xa0000,00\xa0€) dépassent désormais le budget (100\xa0000,00\xa0€) "
        "de 20\xa0000,00\xa0€."
    ]
