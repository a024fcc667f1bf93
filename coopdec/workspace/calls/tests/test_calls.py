"""The calls list, a new call, a call's page with its rules as sentences, "Copy into another year" and "Change the
rules" — the journey's minute: copy the 2024 call into 2025, set its ceilings to 70 / 50 / 30 %."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from conftest import client_for
from coopdec.calls import services
from coopdec.calls.factories import CallFactory
from coopdec.calls.models import Call
from coopdec.territories.enums import OdaCategory

from .conftest import submitted

LDC, OTHER, NOT_ELIGIBLE = OdaCategory.LEAST_DEVELOPED, OdaCategory.OTHER_ELIGIBLE, OdaCategory.NOT_ELIGIBLE
CATEGORIES = [LDC, OTHER, NOT_ELIGIBLE]  # the rows of the ceilings formset, in OdaCategory's order

NEW_CALL = {
    "name_fr": "Appel à projets 2026", "name_en": "Call for projects 2026", "year": 2026, "kind": "yearly",
    "opens_on": "2026-03-01", "closes_on": "2026-06-30", "envelope": "1500000",
    "eligible_categories": ["ldc", "oda"], "documents": ["budget", "project_sheet"],
}  # fmt: skip


def ceilings_of(call):
    return {row.oda_category: row.percent for row in call.ceilings.all()}


def rules_data(call, **changes):
    """The "Change the rules" form as the page shows it for ``call``, with ``changes`` typed over it."""
    data = {
        "multi_country_ceiling": call.multi_country_ceiling or "", "min_own_share": call.min_own_share or "",
        "max_in_kind_share": call.max_in_kind_share or "", "min_grant": call.min_grant or "",
        "max_grant": call.max_grant or "", "min_monitoring_share": call.min_monitoring_share or "",
        "group_rule": call.group_rule,
    }  # fmt: skip
    if call.cash_only:
        data["cash_only"] = "on"
    percents = ceilings_of(call)
    data |= {"ceilings-TOTAL_FORMS": 3, "ceilings-INITIAL_FORMS": 3}
    for index, category in enumerate(CATEGORIES):
        data[f"ceilings-{index}-oda_category"] = category
        data[f"ceilings-{index}-percent"] = percents.get(category, "")
    tranches = list(call.tranches.all())
    data |= {"tranches-TOTAL_FORMS": len(tranches) + 1, "tranches-INITIAL_FORMS": len(tranches)}
    for index, t in enumerate(tranches):
        data |= {f"tranches-{index}-number": t.number, f"tranches-{index}-share": t.share,
                 f"tranches-{index}-condition": t.condition, f"tranches-{index}-due_on": t.due_on or ""}  # fmt: skip
    criteria = list(call.criteria.all())
    data |= {"criteria-TOTAL_FORMS": len(criteria) + 1, "criteria-INITIAL_FORMS": len(criteria)}
    for index, c in enumerate(criteria):
        data |= {f"criteria-{index}-label_fr": c.label_fr, f"criteria-{index}-label_en": c.label_en,
                 f"criteria-{index}-weight": c.weight, f"criteria-{index}-scale": c.scale}  # fmt: skip
    # The empty rows, as a browser posts them: the criterion's default weight and scale, no tranche condition.
    data |= {f"criteria-{len(criteria)}-weight": "1", f"criteria-{len(criteria)}-scale": "5"}
    data |= {f"tranches-{len(tranches)}-condition": ""}
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


# The list ----------------------------------------------------------------------------------------------------------


def test_the_list_shows_each_call_with_its_applications_by_status(client, coordinator, call_2025, application_a):
    response = client_for(client, coordinator).get(reverse("calls:list"))
    page = response.content.decode()
    row = next(call for call in response.context["rows"] if call.pk == call_2025.pk)
    assert [(str(label), n) for label, n in row.counts] == [("Soumise", 1)]
    assert "Appel à projets 2025" in page and "2\xa0000\xa0000,00\xa0€" in page
    assert "Nouvel appel" in page


def test_the_list_says_when_there_is_no_call(client, coordinator):
    page = client_for(client, coordinator).get(reverse("calls:list")).content.decode()
    assert "Aucun appel à projets pour l’instant." in page


def test_the_list_sorts_and_pages(client, coordinator):
    for year in range(2000, 2027):
        CallFactory(year=year, name_fr=f"Appel {year}", name_en=f"Call {year}")
    client = client_for(client, coordinator)
    first = client.get(reverse("calls:list"))
    assert [call.year for call in first.context["rows"]][:2] == [2026, 2025]  # the latest year first
    assert first.context["page"].paginator.num_pages == 2
    by_year = client.get(reverse("calls:list"), {"sort": "year"})
    assert by_year.context["rows"][0].year == 2000


def test_the_list_takes_a_fixed_number_of_queries(client, coordinator, django_assert_max_num_queries):
    for year in range(2000, 2020):
        CallFactory(year=year)
    client = client_for(client, coordinator)
    with django_assert_max_num_queries(8):
        client.get(reverse("calls:list"))


# A new call --------------------------------------------------------------------------------------------------------


def test_a_coordinator_creates_a_call_then_sets_its_rules(client, coordinator):
    response = client_for(client, coordinator).post(reverse("calls:new"), NEW_CALL)
    call = Call.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("calls:rules", args=[call.pk])
    assert (call.year, call.envelope, call.name_en) == (2026, Decimal("1500000"), "Call for projects 2026")
    assert call.eligible_categories == ["ldc", "oda"] and call.documents == ["budget", "project_sheet"]


@pytest.mark.parametrize("role", ["visitor", "editor_a", "editor_b"])
def test_no_one_but_a_coordinator_creates_a_call(client, cast, role):
    client_for(client, cast[role]).post(reverse("calls:new"), NEW_CALL)
    assert not Call.objects.exists()


def test_a_joint_fund_without_its_country_is_refused_beside_the_field(client, coordinator):
    data = {**NEW_CALL, "kind": "joint_fund", "closes_on": "2026-02-01", "two_steps": "on"}
    response = client_for(client, coordinator).post(reverse("calls:new"), data)
    errors = response.context["form"].errors
    assert errors["partner_country"] == ["Un fonds conjoint nomme son pays partenaire."]
    assert errors["closes_on"] == ["L’appel se clôt après son ouverture."]
    assert errors["full_opens_on"] == ["Une seconde étape a ses dates."]
    assert 'id="id_partner_country_error"' in response.content.decode()
    assert not Call.objects.exists()


def test_a_two_step_call_keeps_both_windows(client, coordinator):
    data = {**NEW_CALL, "two_steps": "on", "full_opens_on": "2026-09-01", "full_closes_on": "2026-10-31"}
    client_for(client, coordinator).post(reverse("calls:new"), data)
    call = Call.objects.get()
    assert call.two_steps and call.full_closes_on == dt.date(2026, 10, 31)
    page = client.get(reverse("calls:detail", args=[call.pk])).content.decode()
    assert "Manifestation d’intérêt\u202f: 1 mars 2026 – 30 juin 2026" in page


# The call's page ---------------------------------------------------------------------------------------------------


def test_the_calls_page_reads_every_rule_as_a_sentence(client, coordinator, call_2024):
    services.change_rules(
        author=coordinator, call=call_2024, max_in_kind_share=Decimal("50"), min_monitoring_share=Decimal("7"),
        max_grant=Decimal("150000"), group_rule="bonus", requires_convention=True, requires_last_declaration=True,
    )  # fmt: skip
    response = client_for(client, coordinator).get(reverse("calls:detail", args=[call_2024.pk]))
    page = response.content.decode()
    assert response.context["ceilings"] == [
        ("Pays moins avancé (PMA)", "90\xa0%"),
        ("Autre pays éligible à l’APD", "70\xa0%"),
    ]
    rules = {rule.label: rule.sentence for rule in response.context["rules"]}
    assert rules["Part des collectivités françaises"] == "au moins 10\xa0% du budget, en numéraire et en nature"
    assert rules["Contributions en nature"] == "au plus 50\xa0% de la contribution propre des collectivités françaises"
    assert rules["Subvention maximale"] == "150\xa0000,00\xa0€"
    assert rules["Subvention minimale"] == "ne s’applique pas dans cet appel"
    assert rules["Suivi et évaluation"] == "au moins 7\xa0% des dépenses"
    assert rules["Ce que verse l’appel"] == (
        "du numéraire seulement\u202f: rien de ce qui est demandé à l’appel n’est en nature"
    )
    assert rules["Conditions préalables"] == (
        "une convention signée avec la collectivité étrangère\u202f; la déclaration annuelle de 2023 transmise"
    )
    assert "Tranche 1\u202f: 80\xa0% de la subvention, versée le 1 septembre 2024" in page
    assert "Tranche 2\u202f: 20\xa0% de la subvention, versée sur le rapport final" in page
    assert "Pertinence" in page and "sur 15" in page  # 2 × 5 + 1 × 5


def test_the_calls_page_reads_in_english(client, coordinator, call_2024):
    page = client_for(client, coordinator).get("/en" + reverse("calls:detail", args=[call_2024.pk])).content.decode()
    assert "Least developed country" in page and "90%" in page
    assert "at least 10% of the budget, cash and in kind" in page


# Copy, then change the rules ---------------------------------------------------------------------------------------


def test_copying_2024_into_2025_and_setting_its_ceilings_through_the_pages(client, coordinator, call_2024):
    """The journey's minute: one small form, then the new call's rules page, then the ceilings typed in."""
    client = client_for(client, coordinator)
    response = client.post(reverse("calls:copy", args=[call_2024.pk]), {"year": 2025})
    copy = Call.objects.get(year=2025)
    assert response["Location"] == reverse("calls:rules", args=[copy.pk])
    assert copy.name_fr == "Appel à projets 2025"
    rules_page = client.get(response["Location"])
    assert rules_page.status_code == 200 and "90" in rules_page.content.decode()
    data = rules_data(copy, **{"ceilings-0-percent": "70", "ceilings-1-percent": "50", "ceilings-2-percent": "30",
                               "multi_country_ceiling": "60"})  # fmt: skip
    response = client.post(reverse("calls:rules", args=[copy.pk]), data)
    assert response.status_code == 302, response.context and response.context["refusals"]
    copy.refresh_from_db()
    assert ceilings_of(copy) == {LDC: Decimal("70"), OTHER: Decimal("50"), NOT_ELIGIBLE: Decimal("30")}
    assert copy.multi_country_ceiling == Decimal("60") and copy.min_own_share == Decimal("10")
    assert [(t.number, t.share) for t in copy.tranches.all()] == [(1, Decimal("80")), (2, Decimal("20"))]
    assert [c.label_en for c in copy.criteria.all()] == ["Relevance", "Partnership"]
    assert ceilings_of(call_2024) == {LDC: Decimal("90"), OTHER: Decimal("70")}
    call_2024.refresh_from_db()
    assert call_2024.multi_country_ceiling is None


def test_a_call_is_copied_once_into_a_year(client, coordinator, call_2024, call_2025):
    response = client_for(client, coordinator).post(reverse("calls:copy", args=[call_2024.pk]), {"year": 2025})
    assert response.context["form"].errors["year"] == ["Cet appel a déjà été copié dans 2025."]


def test_the_copy_page_proposes_the_next_year(client, coordinator, call_2024):
    response = client_for(client, coordinator).get(reverse("calls:copy", args=[call_2024.pk]))
    assert response.context["form"]["year"].value() == 2025


@pytest.mark.parametrize("role", ["visitor", "editor_a", "editor_b"])
def test_no_one_but_a_coordinator_copies_a_call(client, cast, call_2024, role):
    client_for(client, cast[role]).post(reverse("calls:copy", args=[call_2024.pk]), {"year": 2025})
    assert not Call.objects.filter(year=2025).exists()


@pytest.mark.parametrize("role", ["visitor", "editor_a", "editor_b"])
def test_no_one_but_a_coordinator_changes_the_rules(client, cast, call_2025, role):
    data = rules_data(call_2025, **{"ceilings-1-percent": "90"})
    client_for(client, cast[role]).post(reverse("calls:rules", args=[call_2025.pk]), data)
    assert ceilings_of(call_2025)[OTHER] == Decimal("50")


def test_an_empty_ceiling_removes_it(client, coordinator, call_2025):
    data = rules_data(call_2025, **{"ceilings-2-percent": ""})
    client_for(client, coordinator).post(reverse("calls:rules", args=[call_2025.pk]), data)
    assert ceilings_of(call_2025) == {LDC: Decimal("70"), OTHER: Decimal("50")}


def test_a_ceiling_above_100_is_refused_beside_its_field(client, coordinator, call_2025):
    data = rules_data(call_2025, **{"ceilings-0-percent": "120"})
    response = client_for(client, coordinator).post(reverse("calls:rules", args=[call_2025.pk]), data)
    assert response.context["ceilings"].forms[0].errors["percent"] == [
        "Assurez-vous que cette valeur est inférieure ou égale à 100."
    ]
    assert ceilings_of(call_2025)[LDC] == Decimal("70")


def test_tranches_that_do_not_add_up_are_refused_above_the_tranches(client, coordinator, call_2025):
    data = rules_data(call_2025, **{"tranches-1-share": "10"})
    response = client_for(client, coordinator).post(reverse("calls:rules", args=[call_2025.pk]), data)
    assert response.context["tranches"].non_form_errors() == [
        "Les parts des tranches font ensemble toute la subvention."
    ]
    assert 'id="tranches-errors"' in response.content.decode()
    assert [t.share for t in call_2025.tranches.all()] == [Decimal("80"), Decimal("20")]


def test_a_tranche_on_a_date_names_it(client, coordinator, call_2025):
    data = rules_data(call_2025, **{"tranches-0-due_on": ""})
    response = client_for(client, coordinator).post(reverse("calls:rules", args=[call_2025.pk]), data)
    assert response.context["tranches"].forms[0].errors["due_on"] == ["Une tranche versée à une date la nomme."]


def test_a_tranche_and_a_criterion_are_added_and_removed(client, coordinator, call_2025):
    data = rules_data(call_2025, **{
        "tranches-1-share": "10", "tranches-2-number": "3", "tranches-2-share": "10",
        "tranches-2-condition": "final_report",
        "criteria-1-DELETE": "on", "criteria-2-label_fr": "Impact", "criteria-2-label_en": "Impact",
        "criteria-2-weight": "3", "criteria-2-scale": "10",
    })  # fmt: skip
    response = client_for(client, coordinator).post(reverse("calls:rules", args=[call_2025.pk]), data)
    assert response.status_code == 302
    assert [(t.number, t.share) for t in call_2025.tranches.all()] == [(1, 80), (2, 10), (3, 10)]
    assert [(c.label_en, c.scale) for c in call_2025.criteria.all()] == [("Relevance", 5), ("Impact", 10)]


def test_the_rules_page_shows_the_refusal_once_applications_are_submitted(
    client, coordinator, editor_a, authority_a, call_2025, armenia
):
    submitted(editor_a, call_2025, authority_a, armenia, title="Eau potable à Erevan")
    client = client_for(client, coordinator)
    data = rules_data(call_2025, **{"ceilings-1-percent": "60"})
    response = client.post(reverse("calls:rules", args=[call_2025.pk]), data)
    assert response.context["refusals"] == [
        "Des candidatures ont été déposées selon ces règles\u202f: elles ne changent plus."
    ]
    assert ceilings_of(call_2025)[OTHER] == Decimal("50")
    # The grid still changes: it judges no eligibility.
    data = rules_data(call_2025, **{"criteria-0-weight": "3"})
    assert client.post(reverse("calls:rules", args=[call_2025.pk]), data).status_code == 302
    assert call_2025.criteria.first().weight == Decimal("3")


def test_the_figures_read_as_a_person_types_them(client, coordinator, call_2025):
    call_2025.criteria.filter(label_en="Partnership").update(weight=Decimal("1.5"))
    client = client_for(client, coordinator)
    rules_page = client.get(reverse("calls:rules", args=[call_2025.pk])).content.decode()
    assert 'name="ceilings-0-percent" value="70"' in rules_page and "70.00" not in rules_page
    detail = client.get(reverse("calls:detail", args=[call_2025.pk])).content.decode()
    assert '<td class="text-end">1,5</td>' in detail and "sur 17,5" in detail
