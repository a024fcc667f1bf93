"""Calls and applications as the services write them: copying a call, taking a project over, submitting."""

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from coopdec.calls import services
from coopdec.calls.eligibility import Expense, Resource, check
from coopdec.calls.enums import ApplicationStatus, DocumentKind, ExpenseKind, ReportKind, Source, Step
from coopdec.calls.models import Call, FrozenVersion, Report
from coopdec.calls.selectors import budget_of, categories_of, eligibility_of, rules_of
from coopdec.declarations.factories import CampaignFactory
from coopdec.declarations.lines import OdaList
from coopdec.declarations.models import Declaration, DeclarationVersion
from coopdec.partnerships.enums import PartnershipStatus
from coopdec.partnerships.factories import PartnershipFactory
from coopdec.territories.factories import CountryFactory
from coopdec.territories.models import OdaStatus

from .conftest import LDC, NOT_ELIGIBLE, OPEN_DAY, OTHER, budget

pytestmark = pytest.mark.django_db


def ceilings(call):
    return {row.oda_category: row.percent for row in call.ceilings.all()}


def test_only_a_coordinator_creates_a_call(editor_a):
    with pytest.raises(PermissionDenied):
        services.create_call(author=editor_a, year=2025, name_fr="A", name_en="A", opens_on=dt.date(2025, 3, 1),
                             closes_on=dt.date(2025, 6, 30), envelope=Decimal("1"))  # fmt: skip


def test_a_calls_tranches_add_up_to_the_whole_grant(coordinator):
    with pytest.raises(ValidationError) as error:
        services.create_call(
            author=coordinator, year=2025, name_fr="A", name_en="A", opens_on=dt.date(2025, 3, 1),
            closes_on=dt.date(2025, 6, 30), envelope=Decimal("1"),
            tranches=[services.TrancheSpec(1, Decimal("80")), services.TrancheSpec(2, Decimal("10"))],
        )  # fmt: skip
    assert error.value.error_dict["tranches"][0].code == "tranches_not_100"


def test_a_joint_fund_names_its_partner_country(coordinator):
    with pytest.raises(ValidationError) as error:
        services.create_call(author=coordinator, year=2025, name_fr="A", name_en="A", opens_on=dt.date(2025, 3, 1),
                             closes_on=dt.date(2025, 6, 30), envelope=Decimal("1"), kind="joint_fund")  # fmt: skip
    assert error.value.error_dict["partner_country"][0].code == "no_partner_country"


def test_copying_a_call_copies_its_rules_tranches_and_grid_into_one_new_call(coordinator, call_2024):
    copy = services.copy_call(author=coordinator, call=call_2024, year=2025)

    assert Call.objects.count() == 2 and copy.copied_from == call_2024
    assert (copy.name_fr, copy.opens_on, copy.closes_on) == ("Appel à projets 2025", dt.date(2025, 3, 1),
                                                             dt.date(2025, 6, 30))  # fmt: skip
    assert ceilings(copy) == {LDC: Decimal("90"), OTHER: Decimal("70")} and copy.min_own_share == Decimal("10")
    assert [(t.number, t.share, t.condition, t.due_on) for t in copy.tranches.all()] == [
        (1, Decimal("80"), "on_date", dt.date(2025, 9, 1)), (2, Decimal("20"), "final_report", None)]  # fmt: skip
    assert [(c.label_fr, c.weight, c.scale) for c in copy.criteria.all()] == [
        ("Pertinence", Decimal("2"), 5), ("Partenariat", Decimal("1"), 5)]  # fmt: skip
    assert ceilings(call_2024) == {LDC: Decimal("90"), OTHER: Decimal("70")}  # the original is untouched
    with pytest.raises(ValidationError) as error:
        services.copy_call(author=coordinator, call=call_2024, year=2025)
    assert error.value.error_dict["year"][0].code == "copied_already"


def test_changing_the_copys_ceilings_leaves_last_years_call_alone(call_2024, call_2025):
    assert ceilings(call_2025) == {LDC: Decimal("70"), OTHER: Decimal("50"), NOT_ELIGIBLE: Decimal("30")}
    assert call_2025.multi_country_ceiling == Decimal("60") and call_2024.multi_country_ceiling is None


def test_the_oda_category_is_the_one_of_the_calls_year_or_the_latest_list_before(call_2025, armenia):
    OdaStatus.objects.filter(country=armenia, year=2025).delete()
    OdaStatus.objects.filter(country=armenia, year=2024).update(category=LDC)
    assert rules_of(call_2025).oda_categories["AM"] == LDC


def test_an_application_from_a_project_takes_over_its_places_partners_and_funding(
    editor_a, authority_a, call_2025, project, yerevan
):
    application = services.start_application(
        author=editor_a, call=call_2025, authority=authority_a, project=project
    ).application

    assert application.title == "Eau potable à Erevan" and application.status == ApplicationStatus.DRAFT
    assert list(application.countries.values_list("code", flat=True)) == ["AM"]
    assert list(application.partners.all()) == [yerevan]
    assert sorted((r.source, r.amount, r.in_kind) for r in application.resources.all()) == [
        (Source.CALL, Decimal("60000.00"), False),
        (Source.FRENCH_AUTHORITY, Decimal("10000.00"), True),
        (Source.FRENCH_AUTHORITY, Decimal("30000.00"), False),
    ]


def test_an_editor_applies_only_for_their_own_authority(editor_b, authority_a, call_2025):
    with pytest.raises(PermissionDenied):
        services.start_application(author=editor_b, call=call_2025, authority=authority_a, title="X")


def test_submission_is_refused_at_60_percent_then_accepted_at_50(editor_a, authority_a, call_2025, project):
    application = services.start_application(
        author=editor_a, call=call_2025, authority=authority_a, project=project
    ).application

    with pytest.raises(ValidationError) as error:
        services.submit_application(author=editor_a, application=application, today=OPEN_DAY)
    assert [(e.code, e.message) for e in error.value.error_list] == [(
        "ceiling",
        "part demandée 60\xa0% (60\xa0000,00\xa0€ sur 100\xa0000,00\xa0€)\u202f; plafond pour l’Arménie, "
        "autre pays éligible à l’APD, dans cet appel\u202f: 50\xa0%",
    )]  # fmt: skip
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT and not application.versions.exists()

    services.save_draft(
        author=editor_a, application=application, resources=budget("50000", "40000", own_in_kind="10000")
    )
    version = services.submit_application(author=editor_a, application=application, today=OPEN_DAY)

    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert (version.number, version.asked, version.total) == (1, Decimal("50000.00"), Decimal("100000.00"))
    assert version.receipt_number == f"AAP-2025-{call_2025.pk}-{application.pk}-V1"
    assert version.content["countries"] == ["AM"]
    assert {c["code"]: c["holds"] for c in version.content["eligibility"]} == {
        "ceiling": True,
        "own_share": True,
        "cash_only": True,
    }


def test_a_draft_is_saved_even_while_a_rule_fails(editor_a, authority_a, call_2025, armenia):
    application = services.start_application(
        author=editor_a, call=call_2025, authority=authority_a, title="T"
    ).application
    services.save_draft(author=editor_a, application=application, resources=budget("90000", "10000"),
                        countries=[armenia])  # fmt: skip
    assert application.resources.count() == 2 and not eligibility_of(application).eligible


def test_a_submitted_version_keeps_its_budget_when_changes_are_asked_and_made(
    editor_a, coordinator, authority_a, call_2025, armenia
):
    application = services.start_application(
        author=editor_a, call=call_2025, authority=authority_a, title="T"
    ).application
    services.save_draft(author=editor_a, application=application, resources=budget("50000", "50000"),
                        countries=[armenia])  # fmt: skip
    version = services.submit_application(author=editor_a, application=application, today=OPEN_DAY)
    with pytest.raises(PermissionDenied):
        services.save_draft(author=editor_a, application=application, title="Changed")
    with pytest.raises(ValidationError):
        services.request_changes(author=coordinator, application=application, comment=" ")

    services.request_changes(author=coordinator, application=application, comment="Détaillez le suivi.")
    services.save_draft(author=editor_a, application=application, resources=budget("40000", "60000"))
    version.refresh_from_db()

    assert (version.outcome, version.comment) == (ApplicationStatus.CHANGES_REQUESTED, "Détaillez le suivi.")
    assert [line["amount"] for line in version.content["resources"]] == ["50000.00", "50000.00"]
    assert services.submit_application(author=editor_a, application=application, today=OPEN_DAY).number == 2
    version.content["resources"] = []
    with pytest.raises(FrozenVersion):
        version.save()


def test_an_application_is_submitted_only_while_the_call_is_open(editor_a, authority_a, call_2025, armenia):
    application = services.start_application(
        author=editor_a, call=call_2025, authority=authority_a, title="T"
    ).application
    services.save_draft(author=editor_a, application=application, resources=budget("50000", "50000"),
                        countries=[armenia])  # fmt: skip
    for day, code in ((dt.date(2025, 2, 28), "not_open"), (dt.date(2025, 7, 1), "closed")):
        with pytest.raises(ValidationError) as error:
            services.submit_application(author=editor_a, application=application, today=day)
        assert error.value.code == code


def test_the_eligibility_rules_no_longer_change_once_an_application_is_submitted(
    editor_a, coordinator, authority_a, call_2025, armenia
):
    application = services.start_application(
        author=editor_a, call=call_2025, authority=authority_a, title="T"
    ).application
    services.save_draft(author=editor_a, application=application, resources=budget("50000", "50000"),
                        countries=[armenia])  # fmt: skip
    services.submit_application(author=editor_a, application=application, today=OPEN_DAY)
    with pytest.raises(ValidationError) as error:
        services.change_rules(author=coordinator, call=call_2025, ceilings={OTHER: Decimal("40")})
    assert error.value.code == "applications_submitted"
    services.change_rules(author=coordinator, call=call_2025, introduction_fr="Bienvenue.")  # the text still may


def test_the_preconditions_read_the_declaration_and_the_earlier_reports(
    editor_a, coordinator, authority_a, call_2024, call_2025, armenia
):
    call_2025 = services.change_rules(author=coordinator, call=call_2025, requires_last_declaration=True,
                          requires_earlier_reports=True)  # fmt: skip
    application = services.start_application(
        author=editor_a, call=call_2025, authority=authority_a, title="T"
    ).application
    services.save_draft(author=editor_a, application=application, resources=budget("50000", "50000"),
                        countries=[armenia])  # fmt: skip
    earlier = services.start_application(
        author=editor_a, call=call_2024, authority=authority_a, title="2024"
    ).application
    earlier.status = ApplicationStatus.AWARDED
    earlier.save()
    Report.objects.create(application=earlier, kind=ReportKind.INTERMEDIATE, due_on=dt.date(2025, 3, 31))

    result = eligibility_of(application, on=OPEN_DAY)
    assert not result.by_code("declaration").holds and not result.by_code("earlier_reports").holds

    Report.objects.update(filed_at=dt.datetime(2025, 3, 30, tzinfo=dt.UTC))
    declaration = Declaration.objects.create(campaign=CampaignFactory(year=2024), authority=authority_a, year=2024)
    submitted_at = dt.datetime(2025, 5, 2, tzinfo=dt.UTC)
    DeclarationVersion.objects.create(
        declaration=declaration, number=1, receipt_number="APD-2024-V1", submitted_at=submitted_at, total=0, oda_total=0
    )
    assert eligibility_of(application, on=OPEN_DAY).eligible


def test_the_monitoring_share_reads_the_expense_lines(editor_a, coordinator, authority_a, call_2025, armenia):
    call_2025 = services.change_rules(author=coordinator, call=call_2025, min_monitoring_share=Decimal("7"))
    application = services.start_application(
        author=editor_a, call=call_2025, authority=authority_a, title="T"
    ).application
    services.save_draft(
        author=editor_a, application=application, resources=budget("50000", "50000"), countries=[armenia],
        expenses=[Expense(2025, ExpenseKind.ACTIVITIES, Decimal("93000")),
                  Expense(2025, ExpenseKind.MONITORING, Decimal("7000"))],
    )  # fmt: skip
    assert eligibility_of(application).by_code("monitoring").holds


def test_a_reviewer_scores_within_the_scale_of_the_grid(editor_a, reviewer, authority_a, call_2025, armenia):
    application = services.start_application(
        author=editor_a, call=call_2025, authority=authority_a, title="T"
    ).application
    services.save_draft(author=editor_a, application=application, resources=budget("50000", "50000"),
                        countries=[armenia])  # fmt: skip
    services.submit_application(author=editor_a, application=application, today=OPEN_DAY)
    relevance, partnership = call_2025.criteria.all()
    with pytest.raises(ValidationError) as error:
        services.score_application(author=reviewer, application=application, marks={relevance: 6})
    assert error.value.code == "out_of_scale"
    scores = services.score_application(author=reviewer, application=application, marks={relevance: 4, partnership: 3})
    assert sorted(score.mark for score in scores) == [3, 4]


def test_resources_over_three_years_count_together(editor_a, authority_a, call_2025, armenia):
    application = services.start_application(
        author=editor_a, call=call_2025, authority=authority_a, title="T"
    ).application
    lines = [line for year in (2025, 2026, 2027) for line in budget("16000", "17000", year=year)]
    services.save_draft(author=editor_a, application=application, resources=lines, countries=[armenia])
    ceiling = eligibility_of(application).by_code("ceiling")
    assert (
        ceiling.holds and ceiling.figures["total"] == Decimal("99000") and ceiling.figures["asked"] == Decimal("48000")
    )
    assert isinstance(lines[0], Resource)


def test_the_same_project_is_eligible_under_2024s_rules_and_not_under_2025s(
    editor_a, authority_a, call_2024, call_2025, project
):
    """No code changes between the two: only the ceilings' rows differ (70 % then 50 % for Armenia)."""
    under_2024 = services.start_application(author=editor_a, call=call_2024, authority=authority_a, project=project)
    under_2025 = services.start_application(author=editor_a, call=call_2025, authority=authority_a, project=project)

    assert eligibility_of(under_2024.application).eligible
    assert not eligibility_of(under_2025.application).eligible
    assert [c.code for c in eligibility_of(under_2025.application).failures] == ["ceiling"]


def test_the_convention_and_the_council_decision_are_read_from_the_application(
    editor_a, coordinator, authority_a, call_2025, armenia
):
    call_2025 = services.change_rules(
        author=coordinator, call=call_2025, requires_convention=True, requires_council_decision=True
    )
    application = services.start_application(
        author=editor_a, call=call_2025, authority=authority_a, title="T"
    ).application
    services.save_draft(
        author=editor_a, application=application, resources=budget("50000", "50000"), countries=[armenia]
    )
    result = eligibility_of(application)
    assert not result.by_code("convention").holds and not result.by_code("council_decision").holds

    convention = PartnershipFactory(status=PartnershipStatus.IN_FORCE, signed_on=dt.date(2023, 5, 1))
    application = services.save_draft(author=editor_a, application=application, partnership=convention)
    services.attach_document(
        author=editor_a, application=application, kind=DocumentKind.LETTER_OF_INTENT,
        file=SimpleUploadedFile("lettre.pdf", b"%PDF-1.4"), original_name="lettre.pdf",
    )  # fmt: skip
    assert eligibility_of(application).eligible


def test_an_unsigned_partnership_is_no_convention(editor_a, coordinator, authority_a, call_2025, armenia):
    call_2025 = services.change_rules(author=coordinator, call=call_2025, requires_convention=True)
    application = services.start_application(
        author=editor_a, call=call_2025, authority=authority_a, title="T"
    ).application
    draft = PartnershipFactory(status=PartnershipStatus.DRAFT, signed_on=None)
    application = services.save_draft(author=editor_a, application=application, partnership=draft, countries=[armenia])
    assert not eligibility_of(application).by_code("convention").holds


def test_checking_an_application_again_makes_no_query_once_the_rules_are_loaded(
    editor_a, authority_a, call_2025, project, django_assert_num_queries
):
    application = services.start_application(author=editor_a, call=call_2025, authority=authority_a, project=project)
    rules, typed = rules_of(call_2025), budget_of(application.application)
    with django_assert_num_queries(0):
        for asked in range(50000, 60001, 1000):
            check(rules, replace(typed, resources=tuple(budget(str(asked), "40000"))))


def test_a_two_step_call_takes_expressions_of_interest_in_its_first_window(
    editor_a, coordinator, authority_a, call_2025, armenia
):
    call_2025 = services.change_rules(
        author=coordinator, call=call_2025, two_steps=True, closes_on=dt.date(2025, 4, 30),
        full_opens_on=dt.date(2025, 6, 1), full_closes_on=dt.date(2025, 9, 30),
    )  # fmt: skip
    application = services.start_application(
        author=editor_a, call=call_2025, authority=authority_a, title="T"
    ).application
    services.save_draft(
        author=editor_a, application=application, resources=budget("50000", "50000"), countries=[armenia]
    )
    assert application.step == Step.EXPRESSION_OF_INTEREST
    version = services.submit_application(author=editor_a, application=application, today=dt.date(2025, 4, 30))
    assert version.step == Step.EXPRESSION_OF_INTEREST


@pytest.mark.parametrize(
    ("listed", "senegal_in_2025", "category"),
    [
        ({2024: LDC, 2025: OTHER}, False, OTHER),  # the list of the call's year
        ({2023: OTHER, 2024: LDC}, False, LDC),  # the latest list before it
        ({2026: LDC}, False, LDC),  # none older: the earliest
        ({2024: LDC}, True, NOT_ELIGIBLE),  # the 2025 list exists and Armenia is off it
    ],
)
def test_a_few_countries_categories_are_read_as_the_whole_dac_list_of_the_year(
    armenia, listed, senegal_in_2025, category
):
    OdaStatus.objects.all().delete()
    for year, value in listed.items():
        OdaStatus.objects.create(country=armenia, year=year, category=value)
    if senegal_in_2025:
        OdaStatus.objects.create(country=CountryFactory(code="SN"), year=2025, category=LDC)
    assert categories_of(2025, {"AM"}).get("AM", NOT_ELIGIBLE) == OdaList(2025).category("AM") == category
