"""Tranches released when their condition is met, each recorded as a disbursement of the project; the hourly task
that releases the tranches due on a date and reminds the members of a report due within 14 days, once."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from coopdec.calls import decisions, perms, tranches
from coopdec.calls.enums import ReportStatus
from coopdec.calls.tasks import release_tranches_and_remind
from coopdec.lib.queue.schedules import SCHEDULES
from coopdec.projects.models import Disbursement

from .conftest import AWARD_DAY, FIRST_TRANCHE_DAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def awarded(coordinator, submitted):
    return decisions.award_application(
        author=coordinator, application=submitted, amount=Decimal("50000"), today=AWARD_DAY
    )


def first(award, number=1):
    return award.tranches.get(number=number)


def test_a_tranche_on_a_date_is_not_released_before_it(coordinator, awarded):
    with pytest.raises(ValidationError) as error:
        tranches.release_tranche(author=coordinator, tranche=first(awarded), today=FIRST_TRANCHE_DAY - dt.timedelta(1))

    assert error.value.code == "condition_not_met"
    assert error.value.messages == ["La tranche 1 est versée à partir du 1 septembre 2025, pas avant."]
    assert not Disbursement.objects.exists()


def test_a_released_tranche_is_a_disbursement_of_the_project_on_the_awards_funding_line(coordinator, awarded):
    tranche = tranches.release_tranche(author=coordinator, tranche=first(awarded), today=FIRST_TRANCHE_DAY)

    disbursement = Disbursement.objects.get()
    assert (disbursement.project, disbursement.funding, disbursement.amount, disbursement.year,
            disbursement.paid_on) == (awarded.application.project, awarded.funding, Decimal("25000"), 2025,
                                      FIRST_TRANCHE_DAY)  # fmt: skip
    assert (tranche.released_on, tranche.disbursement) == (FIRST_TRANCHE_DAY, disbursement)


def test_a_tranche_is_released_once(coordinator, awarded):
    tranches.release_tranche(author=coordinator, tranche=first(awarded), today=FIRST_TRANCHE_DAY)
    with pytest.raises(ValidationError) as error:
        tranches.release_tranche(author=coordinator, tranche=first(awarded), today=FIRST_TRANCHE_DAY)
    assert error.value.code == "released_already"
    assert Disbursement.objects.count() == 1


def test_a_tranche_on_a_report_waits_for_it_to_be_accepted(coordinator, awarded):
    with pytest.raises(ValidationError) as error:
        tranches.release_tranche(author=coordinator, tranche=first(awarded, 2), today=dt.date(2030, 1, 1))
    assert error.value.messages == ["La tranche 2 est versée une fois le rapport intermédiaire accepté."]

    report = first(awarded, 2).report
    report.status = ReportStatus.ACCEPTED
    report.save()
    released = tranches.release_tranche(author=coordinator, tranche=first(awarded, 2), today=dt.date(2026, 7, 20))
    assert released.disbursement.amount == Decimal("15000")


@pytest.mark.parametrize("role", ["editor_a", "admin_a", "editor_b", "reviewer", "visitor"])
def test_only_a_coordinator_releases_a_tranche(roles, awarded, role):
    with pytest.raises(PermissionDenied):
        tranches.release_tranche(author=roles[role], tranche=first(awarded), today=FIRST_TRANCHE_DAY)
    allowed = sorted(r for r, user in roles.items() if perms.can_release_tranche(user, first(awarded)))
    assert allowed == ["coordinator", "platform_admin"]


def test_the_task_releases_the_tranches_whose_date_is_reached_once(awarded):
    assert tranches.release_due_tranches(FIRST_TRANCHE_DAY - dt.timedelta(1)) == 0
    assert tranches.release_due_tranches(FIRST_TRANCHE_DAY) == 1
    assert tranches.release_due_tranches(FIRST_TRANCHE_DAY + dt.timedelta(1)) == 0

    disbursement = Disbursement.objects.get()
    assert (disbursement.amount, first(awarded).disbursement) == (Decimal("25000"), disbursement)


def test_a_report_is_reminded_14_days_before_it_is_due_once(awarded, editor_a, admin_a, editor_b, mailoutbox):
    due = first(awarded, 2).report.due_on
    assert tranches.send_report_reminders(due - dt.timedelta(15)) == 0

    assert tranches.send_report_reminders(due - dt.timedelta(14)) == 2
    assert tranches.send_report_reminders(due - dt.timedelta(13)) == 0
    assert tranches.send_report_reminders(due) == 0

    assert sorted(mail.to[0] for mail in mailoutbox) == [admin_a.email, editor_a.email]
    mail = mailoutbox[0]
    assert mail.subject == "Un rapport est attendu le 10 juillet 2026"
    assert "La tranche 2 (15\xa0000,00\xa0€) est versée une fois le rapport accepté." in mail.body
    assert f"http://testserver/workspace/applications/{awarded.application_id}/" in mail.body


def test_a_filed_report_is_not_reminded(awarded, editor_a, mailoutbox):
    report = first(awarded, 2).report
    report.status = ReportStatus.FILED
    report.save()
    assert tranches.send_report_reminders(report.due_on - dt.timedelta(7)) == 0


def test_the_task_runs_hourly_from_the_schedule():
    schedule = next(s for s in SCHEDULES if s.name == "call-tranches")
    assert schedule.every == dt.timedelta(hours=1)
    assert schedule.task == "coopdec.calls.tasks.release_tranches_and_remind"


def test_the_task_releases_the_tranches_due_by_today(awarded):
    """Today is after 1 September 2025 and no report is due within 14 days of it."""
    assert release_tranches_and_remind.call() == {"released": 1, "reminders": 0}
    assert release_tranches_and_remind.call() == {"released": 0, "reminders": 0}
