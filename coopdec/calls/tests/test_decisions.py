"""Decisions on submitted applications: award (within what was asked and what is left of the envelope), refusal
with a reason, waiting list; the e-mails in each member's language; the award letter."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from coopdec.accounts.enums import Role
from coopdec.accounts.factories import MembershipFactory
from coopdec.calls import decisions, letter, perms
from coopdec.calls.enums import ApplicationStatus, ReportKind, TrancheCondition
from coopdec.calls.models import Award
from coopdec.calls.selectors import envelope_use
from coopdec.calls.tranches import split
from coopdec.projects.enums import Instrument

from .conftest import AWARD_DAY, FIRST_TRANCHE_DAY

pytestmark = pytest.mark.django_db


def award(coordinator, application, amount="50000", **kwargs):
    return decisions.award_application(
        author=coordinator, application=application, amount=Decimal(amount), today=AWARD_DAY, **kwargs
    )


def test_an_award_writes_the_projects_funding_line_from_the_calls_funder(coordinator, submitted, ministry, project):
    given = award(coordinator, submitted, "45000", conditions="Associer la municipalité au comité de pilotage.")

    submitted.refresh_from_db()
    version = submitted.versions.get()
    assert submitted.status == ApplicationStatus.AWARDED
    assert (version.outcome, version.decided_by, version.comment) == (
        ApplicationStatus.AWARDED, coordinator, "Associer la municipalité au comité de pilotage.")  # fmt: skip
    funding = given.funding
    assert (funding.project, funding.instrument, funding.amount, funding.funder, funding.year) == (
        project, Instrument.MINISTRY_CALL, Decimal("45000"), ministry, 2025)  # fmt: skip
    assert given.number == f"AAP-2025-{submitted.call_id}-{submitted.pk}-D"
    # The line the project's plan asked for (60,000 € from the call) became the award: the budget counts it once.
    assert list(project.fundings.filter(instrument=Instrument.MINISTRY_CALL).values_list("pk", "amount")) == [
        (funding.pk, Decimal("45000"))]  # fmt: skip


def test_an_award_adds_a_funding_line_when_the_project_planned_none_from_the_call(coordinator, submitted, project):
    project.fundings.filter(instrument=Instrument.MINISTRY_CALL).delete()
    given = award(coordinator, submitted, "45000")
    assert list(project.fundings.filter(instrument=Instrument.MINISTRY_CALL)) == [given.funding]


def test_an_award_plans_the_calls_tranches_with_their_reports(coordinator, submitted):
    given = award(coordinator, submitted)

    rows = [(t.number, t.share, t.amount, t.condition, t.due_on, t.report and t.report.kind)
            for t in given.tranches.select_related("report")]  # fmt: skip
    assert rows == [
        (1, Decimal("50"), Decimal("25000"), TrancheCondition.ON_DATE, FIRST_TRANCHE_DAY, None),
        (2, Decimal("30"), Decimal("15000"), TrancheCondition.INTERMEDIATE_REPORT, AWARD_DAY.replace(year=2026),
         ReportKind.INTERMEDIATE),
        (3, Decimal("20"), Decimal("10000"), TrancheCondition.FINAL_REPORT, AWARD_DAY.replace(year=2027),
         ReportKind.FINAL),
    ]  # fmt: skip


def test_the_tranches_add_up_to_the_award_to_the_cent_the_last_taking_the_remainder(coordinator, submitted):
    given = award(coordinator, submitted, "33333.33")

    amounts = [t.amount for t in given.tranches.all()]
    assert amounts == [Decimal("16666.67"), Decimal("10000.00"), Decimal("6666.66")]
    assert sum(amounts) == Decimal("33333.33")
    assert split(Decimal("100"), [Decimal("33.33"), Decimal("33.33"), Decimal("33.34")]) == [
        Decimal("33.33"), Decimal("33.33"), Decimal("33.34")]  # fmt: skip
    assert sum(split(Decimal("0.05"), [Decimal("50"), Decimal("50")])) == Decimal("0.05")


def test_an_award_above_what_was_asked_is_refused(coordinator, submitted):
    with pytest.raises(ValidationError) as error:
        award(coordinator, submitted, "50000.01")

    assert error.value.error_dict["amount"][0].code == "above_asked"
    assert error.value.error_dict["amount"][0].messages == [
        "50\xa0000,01\xa0€ est plus que ce que la candidature demandait (50\xa0000,00\xa0€)."]  # fmt: skip
    assert not Award.objects.exists() and not submitted.project.fundings.filter(amount=Decimal("50000.01")).exists()


def test_an_award_above_what_is_left_of_the_envelope_is_refused(coordinator, submitted, awarding_call):
    awarding_call.envelope = Decimal("40000")
    awarding_call.save()

    with pytest.raises(ValidationError) as error:
        award(coordinator, submitted, "40000.01")
    assert error.value.error_dict["amount"][0].code == "above_envelope"

    award(coordinator, submitted, "40000")
    assert envelope_use(awarding_call).left == Decimal("0")


def test_the_envelopes_use_counts_what_was_awarded_and_paid(coordinator, submitted, awarding_call):
    assert envelope_use(awarding_call).left == Decimal("2000000")
    given = award(coordinator, submitted, "40000")
    given.tranches.filter(number=1).update(released_on=FIRST_TRANCHE_DAY)

    use = envelope_use(awarding_call)
    assert (use.envelope, use.awarded, use.paid, use.left) == (
        Decimal("2000000"), Decimal("40000"), Decimal("20000"), Decimal("1960000"))  # fmt: skip


def test_an_award_is_above_zero(coordinator, submitted):
    with pytest.raises(ValidationError) as error:
        award(coordinator, submitted, "0")
    assert error.value.error_dict["amount"][0].code == "amount_not_positive"


def test_a_refusal_says_why(coordinator, submitted):
    with pytest.raises(ValidationError) as error:
        decisions.refuse_application(author=coordinator, application=submitted, reason="  ")
    assert error.value.error_dict["reason"][0].code == "reason_required"

    version = decisions.refuse_application(author=coordinator, application=submitted, reason="Budget insuffisant.")
    submitted.refresh_from_db()
    assert (submitted.status, version.outcome, version.comment) == (
        ApplicationStatus.REFUSED, ApplicationStatus.REFUSED, "Budget insuffisant.")  # fmt: skip


def test_an_application_on_the_waiting_list_may_still_be_awarded_but_not_twice(coordinator, submitted):
    decisions.put_on_waiting_list(author=coordinator, application=submitted)
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.WAITING_LIST
    with pytest.raises(PermissionDenied):
        decisions.put_on_waiting_list(author=coordinator, application=submitted)

    award(coordinator, submitted)
    with pytest.raises(PermissionDenied):
        award(coordinator, submitted)
    with pytest.raises(PermissionDenied):
        decisions.refuse_application(author=coordinator, application=submitted, reason="Trop tard.")


@pytest.mark.parametrize("role", ["editor_a", "admin_a", "editor_b", "reviewer", "visitor"])
def test_only_a_coordinator_decides(roles, submitted, role):
    user = roles[role]
    with pytest.raises(PermissionDenied):
        award(user, submitted)
    with pytest.raises(PermissionDenied):
        decisions.refuse_application(author=user, application=submitted, reason="Non.")
    with pytest.raises(PermissionDenied):
        decisions.put_on_waiting_list(author=user, application=submitted)
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.SUBMITTED


def test_deciding_is_for_coordinators_and_the_platform_administrator(roles, submitted):
    for action in ("award", "refuse", "wait"):
        allowed = sorted(r for r, user in roles.items() if perms.can_decide_application(user, submitted, action))
        assert allowed == ["coordinator", "platform_admin"]
    assert not perms.can_decide_application(roles["coordinator"], submitted, "submit")


def test_the_award_is_read_by_the_authority_and_coordinators(roles, submitted):
    allowed = sorted(role for role, user in roles.items() if perms.can_view_award(user, submitted))
    assert allowed == ["admin_a", "coordinator", "editor_a", "platform_admin"]


@pytest.fixture
def english_member(authority_a):
    return MembershipFactory(
        authority=authority_a, role=Role.EDITOR, user__email="english@example.org", user__language="en"
    ).user


def test_the_award_is_told_to_each_member_in_their_language_with_a_link(
    coordinator, submitted, project, english_member, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        award(coordinator, submitted, "45000", conditions="Rapport en français.")

    mails = {mail.to[0]: mail for mail in mailoutbox}
    assert set(mails) == {"editor-a@example.org", "english@example.org"}
    french, english = mails["editor-a@example.org"], mails["english@example.org"]
    assert french.subject == "Votre candidature à Appel à projets 2025 est retenue"
    assert "45\xa0000,00\xa0€" in french.body and "Rapport en français." in french.body
    assert f"http://testserver/workspace/applications/{submitted.pk}/" in french.body
    assert english.subject == "Your application to Call for projects 2025 is awarded"
    assert "45,000.00\xa0€" in english.body and "On the intermediate report" in english.body
    assert f"http://testserver/en/workspace/applications/{submitted.pk}/" in english.body


def test_a_refusal_is_told_with_its_reason(coordinator, submitted, english_member, mailoutbox,
                                           django_capture_on_commit_callbacks):  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        decisions.refuse_application(author=coordinator, application=submitted, reason="Budget insuffisant.")

    english = next(mail for mail in mailoutbox if mail.to == ["english@example.org"])
    assert english.subject == "Your application to Call for projects 2025 is not awarded"
    assert "Reason: Budget insuffisant." in english.body


def test_the_waiting_list_is_told(coordinator, submitted, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        decisions.put_on_waiting_list(author=coordinator, application=submitted)

    assert [mail.subject for mail in mailoutbox] == ["Votre candidature à Appel à projets 2025 est sur liste d’attente"]


def test_the_award_letter_states_the_call_authority_project_amount_conditions_and_tranches(coordinator, submitted):
    given = award(coordinator, submitted, "45000", conditions="Associer la municipalité.")

    html = letter.letter_html(given)
    for text in ("Appel à projets 2025", "Ministère de l’Europe et des Affaires étrangères", "Île-de-France",
                 "Eau potable à Erevan", "45\xa0000,00\xa0€", "Associer la municipalité.", given.number,
                 "22\xa0500,00\xa0€", "13\xa0500,00\xa0€", "9\xa0000,00\xa0€", "50\xa0%",
                 "Sur le rapport intermédiaire", "10 juillet 2025", "1 septembre 2025"):  # fmt: skip
        assert text in html, text
    with translation.override("en"):
        assert "Award letter" in letter.letter_html(given) and "45,000.00\xa0€" in letter.letter_html(given)


def test_the_award_letter_prints_as_a_pdf(coordinator, submitted):
    pdf = letter.letter_pdf(award(coordinator, submitted))
    assert pdf.startswith(b"%PDF-") and len(pdf) > 2000
