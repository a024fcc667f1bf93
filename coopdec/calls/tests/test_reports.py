"""Reports: filed by the authority's editors against the submitted plan, accepted or returned by a coordinator;
accepting one releases the tranche that waits for it — and the journey's end."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from coopdec.calls import decisions, perms, reports, tranches
from coopdec.calls.enums import ApplicationStatus, ReportStatus
from coopdec.calls.selectors import envelope_use
from coopdec.projects.models import Disbursement, Result

from .conftest import AWARD_DAY, FIRST_TRANCHE_DAY, OPEN_DAY

pytestmark = pytest.mark.django_db
REPORT_DAY = dt.date(2026, 6, 30)


@pytest.fixture
def awarded(coordinator, submitted):
    return decisions.award_application(
        author=coordinator, application=submitted, amount=Decimal("50000"), today=AWARD_DAY
    )


@pytest.fixture
def intermediate(awarded):
    return awarded.tranches.get(number=2).report


def file(author, report, **kwargs):
    kwargs.setdefault("actual_by_cofinancer", {"call:": Decimal("25000"), "french_authority:": Decimal("20000")})
    kwargs.setdefault("actual_by_expense", {"activities": Decimal("40000"), "monitoring": Decimal("5000")})
    return reports.file_report(author=author, report=report, narrative="Deux forages réalisés.", **kwargs)


def test_the_journeys_end_award_tranche_1_paid_report_accepted_tranche_2_released(
    coordinator, editor_a, submitted, project
):
    """The coordinator awards Île-de-France's application; tranche 1 is paid; the intermediate report is filed and
    accepted; tranche 2 is released."""
    award = decisions.award_application(
        author=coordinator, application=submitted, amount=Decimal("50000"), today=AWARD_DAY
    )
    assert OPEN_DAY < AWARD_DAY < FIRST_TRANCHE_DAY
    tranches.release_tranche(author=coordinator, tranche=award.tranches.get(number=1), today=FIRST_TRANCHE_DAY)

    report = award.tranches.get(number=2).report
    file(editor_a, report)
    reports.accept_report(author=coordinator, report=report, today=REPORT_DAY)

    paid = list(Disbursement.objects.filter(project=project).order_by("paid_on").values_list("amount", "paid_on"))
    assert paid == [(Decimal("25000"), FIRST_TRANCHE_DAY), (Decimal("15000"), REPORT_DAY)]
    second = award.tranches.get(number=2)
    assert (second.released_on, second.disbursement.amount, second.disbursement.funding) == (
        REPORT_DAY, Decimal("15000"), award.funding)  # fmt: skip
    assert award.tranches.get(number=3).released_on is None
    assert envelope_use(submitted.call).paid == Decimal("40000")
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.AWARDED


def test_a_report_sets_the_actual_spending_against_the_plan_and_the_results(editor_a, intermediate, project):
    result = Result.objects.create(project=project, indicator="Habitants raccordés", unit="personnes",
                                   target=Decimal("5000"))  # fmt: skip

    report = file(editor_a, intermediate, achieved={result.pk: Decimal("2100")})

    assert report.status == ReportStatus.FILED and report.filed_by == editor_a and report.filed_at
    assert [(r["axis"], r["key"], r["planned"], r["actual"]) for r in report.spending] == [
        ("cofinancer", "call:", "50000.00", "25000"),
        ("cofinancer", "french_authority:", "50000.00", "20000"),
        ("expense", "activities", "80000.00", "40000"),
        ("expense", "monitoring", "20000.00", "5000"),
    ]
    assert report.spending[1]["label"] == "collectivité française"
    assert report.indicators == [{"result": result.pk, "indicator": "Habitants raccordés", "unit": "personnes",
                                  "target": "5000.00", "achieved": "2100"}]  # fmt: skip


def test_a_report_answers_the_plans_lines_only(editor_a, intermediate):
    with pytest.raises(ValidationError) as error:
        file(editor_a, intermediate, actual_by_expense={"catering": Decimal("1")})
    assert error.value.code == "unknown_line"
    with pytest.raises(ValidationError) as error:
        file(editor_a, intermediate, actual_by_expense={"activities": Decimal("-1")})
    assert error.value.code == "negative"


def test_a_report_tells_what_the_project_did(editor_a, intermediate):
    with pytest.raises(ValidationError) as error:
        reports.file_report(author=editor_a, report=intermediate, narrative=" ")
    assert error.value.error_dict["narrative"][0].code == "narrative_required"


def test_a_returned_report_says_why_is_told_and_is_filed_again(
    coordinator, editor_a, intermediate, mailoutbox, django_capture_on_commit_callbacks
):
    file(editor_a, intermediate)
    with pytest.raises(ValidationError) as error:
        reports.return_report(author=coordinator, report=intermediate, comment="")
    assert error.value.error_dict["comment"][0].code == "comment_required"

    with django_capture_on_commit_callbacks(execute=True):
        reports.return_report(author=coordinator, report=intermediate, comment="Joignez les factures.")
    intermediate.refresh_from_db()
    assert (intermediate.status, intermediate.comment) == (ReportStatus.RETURNED, "Joignez les factures.")
    assert [mail.subject for mail in mailoutbox] == ["Rapport intermédiaire renvoyé pour modification"]
    assert "Joignez les factures." in mailoutbox[0].body
    assert not intermediate.tranche.released_on

    reports.attach_report_document(author=editor_a, report=intermediate, original_name="factures.pdf",
                                   file=SimpleUploadedFile("factures.pdf", b"%PDF-1.4"))  # fmt: skip
    assert file(editor_a, intermediate).status == ReportStatus.FILED
    assert intermediate.documents.get().original_name == "factures.pdf"


def test_an_accepted_report_is_told_with_the_tranche_it_released(
    coordinator, editor_a, intermediate, mailoutbox, django_capture_on_commit_callbacks
):
    file(editor_a, intermediate)
    with django_capture_on_commit_callbacks(execute=True):
        reports.accept_report(author=coordinator, report=intermediate, today=REPORT_DAY)

    assert [mail.subject for mail in mailoutbox] == ["Rapport intermédiaire accepté"]
    assert "La tranche 2 (15\xa0000,00\xa0€) est versée." in mailoutbox[0].body


def test_a_report_is_reviewed_once_filed(coordinator, intermediate):
    with pytest.raises(PermissionDenied):
        reports.accept_report(author=coordinator, report=intermediate)


@pytest.mark.parametrize("role", ["editor_b", "reviewer", "coordinator", "visitor"])
def test_only_the_authoritys_members_file_its_report(roles, intermediate, role):
    with pytest.raises(PermissionDenied):
        file(roles[role], intermediate)


@pytest.mark.parametrize("role", ["editor_a", "admin_a", "editor_b", "reviewer", "visitor"])
def test_only_a_coordinator_accepts_or_returns_a_report(roles, editor_a, intermediate, role):
    file(editor_a, intermediate)
    with pytest.raises(PermissionDenied):
        reports.accept_report(author=roles[role], report=intermediate)
    with pytest.raises(PermissionDenied):
        reports.return_report(author=roles[role], report=intermediate, comment="Non.")


def test_who_files_and_who_reviews_a_report(roles, editor_a, intermediate):
    def allowed(predicate):
        return sorted(role for role, user in roles.items() if predicate(user, intermediate))

    assert allowed(perms.can_file_report) == ["admin_a", "editor_a"]
    assert allowed(perms.can_review_report) == []
    file(editor_a, intermediate)
    intermediate.refresh_from_db()
    assert allowed(perms.can_file_report) == []
    assert allowed(perms.can_review_report) == ["coordinator", "platform_admin"]
