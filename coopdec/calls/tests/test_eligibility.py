"""Each rule of a call, as ``eligibility.check`` reads it: what it measures, when it holds, what the reader sees.

These tests need no database: the check reads plain data, as it does on every keystroke.
"""

from decimal import Decimal

import pytest
from django.utils import translation

from coopdec.calls.eligibility import Budget, Expense, Resource, Rules, check
from coopdec.calls.enums import ExpenseKind, GroupRule, Source

from .conftest import LDC, NOT_ELIGIBLE, OTHER, budget

NAMES = {
    "AM": {"fr": "Arménie", "en": "Armenia"},
    "SN": {"fr": "Sénégal", "en": "Senegal"},
    "KR": {"fr": "Corée du Sud", "en": "South Korea"},
}
CEILINGS_2025 = {LDC: Decimal("70"), OTHER: Decimal("50"), NOT_ELIGIBLE: Decimal("30")}


def rules(**values):
    values.setdefault("ceilings", CEILINGS_2025)
    values.setdefault("oda_categories", {"AM": OTHER, "SN": LDC, "KR": NOT_ELIGIBLE})
    return Rules(year=2025, country_names=NAMES, **values)


def application(asked="60000", own="40000", countries=("AM",), **values):
    values.setdefault("resources", tuple(budget(asked, own)))
    return Budget(countries=countries, **values)


def test_the_share_asked_is_refused_above_the_ceiling_of_the_countrys_category_in_french():
    result = check(rules(), application("60000", "40000"))

    ceiling = result.by_code("ceiling")
    assert not ceiling.holds and not result.eligible
    assert ceiling.message == (
        "part demandée 60\xa0% (60\xa0000,00\xa0€ sur 100\xa0000,00\xa0€)\u202f; plafond pour l’Arménie, "
        "autre pays éligible à l’APD, dans cet appel\u202f: 50\xa0%"
    )
    assert ceiling.figures["share"] == Decimal("0.6") and ceiling.figures["ceiling"] == Decimal("50")


def test_the_ceilings_message_in_english():
    with translation.override("en"):
        message = check(rules(), application("60000", "40000")).by_code("ceiling").message
    assert message == (
        "share asked 60% (60,000.00\xa0€ of 100,000.00\xa0€); ceiling for Armenia, other ODA-eligible, "
        "in this call: 50%"
    )


def test_the_share_asked_at_the_ceiling_holds_and_a_cent_above_fails():
    assert check(rules(), application("50000", "50000")).by_code("ceiling").holds
    assert not check(rules(), application("50000.01", "49999.99")).by_code("ceiling").holds


def test_the_ceiling_is_the_one_of_the_countrys_category():
    assert check(rules(), application("70000", "30000", countries=("SN",))).by_code("ceiling").holds
    korea = check(rules(), application("31000", "69000", countries=("KR",))).by_code("ceiling")
    assert not korea.holds and "plafond pour la Corée du Sud, pays non éligible à l’APD" in korea.message


def test_a_project_in_several_countries_takes_the_flat_rate():
    several = rules(multi_country_ceiling=Decimal("60"))
    result = check(several, application("60000", "40000", countries=("AM", "SN"))).by_code("ceiling")
    assert result.holds and result.figures["ceiling"] == Decimal("60")
    assert "plafond pour un projet dans plusieurs pays, dans cet appel\u202f: 60\xa0%" in result.message
    assert not check(several, application("61000", "39000", countries=("AM", "SN"))).by_code("ceiling").holds


def test_without_a_flat_rate_several_countries_take_the_strictest_ceiling():
    result = check(rules(), application("55000", "45000", countries=("AM", "SN"))).by_code("ceiling")
    assert not result.holds and result.figures["ceiling"] == Decimal("50")


def test_the_french_authorities_bring_at_least_their_minimum_share():
    minimum = rules(min_own_share=Decimal("10"))
    assert check(minimum, application("50000", "10000", resources=tuple(budget("50000", "10000", partner="40000"))))\
        .by_code("own_share").holds  # fmt: skip
    short = check(minimum, application(resources=tuple(budget("50000", "9000", partner="41000")))).by_code("own_share")
    assert not short.holds
    assert short.message == (
        "part des collectivités françaises 9\xa0% (9\xa0000,00\xa0€ sur 100\xa0000,00\xa0€)\u202f; "
        "minimum dans cet appel\u202f: 10\xa0%"
    )


def test_in_kind_is_at_most_a_share_of_the_french_authorities_own_contribution():
    at_most_half = rules(max_in_kind_share=Decimal("50"))
    half = application(resources=tuple(budget("50000", "25000", own_in_kind="25000")))
    more = application(resources=tuple(budget("50000", "20000", own_in_kind="30000")))
    assert check(at_most_half, half).by_code("in_kind").holds
    refused = check(at_most_half, more).by_code("in_kind")
    assert not refused.holds and refused.figures["share"] == Decimal("0.6")
    assert "60\xa0% de la contribution des collectivités françaises (30\xa0000,00\xa0€ sur 50\xa0000,00\xa0€)" in (
        refused.message
    )


def test_the_call_pays_cash_only():
    in_kind = application(resources=(Resource(2025, Source.CALL, Decimal("1000"), in_kind=True),
                                     Resource(2025, Source.FRENCH_AUTHORITY, Decimal("9000"))))  # fmt: skip
    assert not check(rules(cash_only=True), in_kind).by_code("cash_only").holds
    assert check(rules(cash_only=True), application("5000", "5000")).by_code("cash_only").holds
    assert "cash_only" not in {c.code for c in check(rules(cash_only=False), in_kind).checks}


def test_the_grant_asked_is_between_the_minimum_and_the_maximum():
    bounds = rules(min_grant=Decimal("10000"), max_grant=Decimal("50000"))
    assert not check(bounds, application("9999", "90001")).by_code("min_grant").holds
    assert check(bounds, application("10000", "90000")).by_code("min_grant").holds
    too_much = check(bounds, application("50001", "49999")).by_code("max_grant")
    assert not too_much.holds
    assert (
        too_much.message
        == "montant demandé 50\xa0001,00\xa0€\u202f; subvention maximale dans cet appel\u202f: 50\xa0000,00\xa0€"
    )


def test_monitoring_and_evaluation_take_at_least_their_share_of_the_expenses():
    seven = rules(min_monitoring_share=Decimal("7"))

    def spending(monitoring):
        return application(expenses=(Expense(2025, ExpenseKind.ACTIVITIES, Decimal(100000 - monitoring)),
                                     Expense(2025, ExpenseKind.MONITORING, Decimal(monitoring))))  # fmt: skip

    assert check(seven, spending(7000)).by_code("monitoring").holds
    short = check(seven, spending(6999)).by_code("monitoring")
    assert not short.holds and "suivi et évaluation 6,99\xa0% des dépenses" in short.message  # rounded down
    assert not check(seven, application()).by_code("monitoring").holds  # no expense at all


def test_a_group_of_two_french_authorities_is_required_or_a_bonus():
    required = rules(group_rule=GroupRule.REQUIRED)
    alone = check(required, application(french_authorities=1))
    assert not alone.by_code("group").holds and not alone.eligible
    assert alone.by_code("group").message == (
        "1 collectivité française candidate\u202f; cet appel demande un groupe d’au moins deux"
    )
    assert check(required, application(french_authorities=2)).by_code("group").holds
    bonus = check(rules(group_rule=GroupRule.BONUS), application("50000", "50000", french_authorities=1))
    assert not bonus.by_code("group").holds and bonus.eligible  # a bonus missed never blocks


def test_the_recipient_country_is_in_the_calls_list_or_categories():
    listed = rules(eligible_countries=frozenset({"SN"}))
    refused = check(listed, application("50000", "50000")).by_code("countries")
    assert not refused.holds and refused.message == "non éligible dans cet appel\u202f: Arménie"
    assert check(listed, application("50000", "50000", countries=("SN",))).by_code("countries").holds
    by_category = rules(eligible_categories=frozenset({OTHER, LDC}))
    assert check(by_category, application("50000", "50000")).by_code("countries").holds
    assert not check(by_category, application("30000", "70000", countries=("KR",))).by_code("countries").holds
    assert not check(by_category, application("30000", "70000", countries=())).by_code("countries").holds


def test_a_theme_of_the_project_is_one_of_the_calls():
    water = rules(themes={7: {"fr": "Eau et assainissement", "en": "Water and sanitation"}})
    assert check(water, application("50000", "50000", themes=frozenset({7, 8}))).by_code("themes").holds
    refused = check(water, application("50000", "50000", themes=frozenset({8}))).by_code("themes")
    assert not refused.holds and "Eau et assainissement" in refused.message


@pytest.mark.parametrize(
    ("rule", "fact", "code", "refusal"),
    [
        ("requires_convention", "convention_signed", "convention",
         "aucune convention signée avec la collectivité partenaire n’est jointe"),
        ("requires_council_decision", "council_decision", "council_decision",
         "joignez la délibération ou les lettres d’intention"),
        ("requires_last_declaration", "declaration_submitted", "declaration",
         "la déclaration annuelle de 2024 n’est pas transmise"),
    ],
)  # fmt: skip
def test_each_precondition_holds_only_with_its_record(rule, fact, code, refusal):
    assert check(rules(**{rule: True}), application("50000", "50000", **{fact: True})).by_code(code).holds
    missing = check(rules(**{rule: True}), application("50000", "50000", **{fact: False})).by_code(code)
    assert not missing.holds and missing.message == refusal
    assert code not in {c.code for c in check(rules(), application("50000", "50000")).checks}


def test_reports_of_earlier_calls_must_be_filed():
    assert check(rules(requires_earlier_reports=True), application("50000", "50000")).by_code("earlier_reports").holds
    late = check(rules(requires_earlier_reports=True), application("50000", "50000", late_reports=2))
    assert not late.by_code("earlier_reports").holds
    assert late.by_code("earlier_reports").message == "2 rapports sur des projets d’appels précédents sont en retard"


def test_the_same_budget_is_eligible_under_one_calls_rules_and_not_under_anothers():
    project = application("60000", "40000")
    assert check(rules(ceilings={LDC: Decimal("90"), OTHER: Decimal("70")}), project).eligible
    assert not check(rules(), project).eligible


def test_a_rule_a_call_leaves_empty_is_not_checked():
    assert [c.code for c in check(Rules(year=2025), application()).checks] == []


def test_every_document_the_call_asks_for_is_attached():
    asked = rules(documents=("budget", "project_sheet"))
    missing = check(asked, application("50000", "50000", documents=frozenset({"budget"}))).by_code("documents")
    assert not missing.holds and missing.message == "pièces encore à joindre\u202f: Fiche projet"
    complete = application("50000", "50000", documents=frozenset({"budget", "project_sheet", "other"}))
    assert check(asked, complete).by_code("documents").holds
