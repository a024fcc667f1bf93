"""An award's planned tranches — computed from the call's ``TrancheRule`` rows — and their release, each recorded as
a disbursement of the project; the scheduled task that releases the tranches due on a date and reminds the
authority's members of a report 14 days before it is due (once)."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import get_connection
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from coopdec.declarations.services import members_to_tell
from coopdec.funding import services as funding_services
from coopdec.lib.history import by
from coopdec.lib.money import CENT
from coopdec.projects.models import Disbursement

from . import emails, perms, workflow
from .enums import ReportKind, TrancheCondition
from .models import Award, Report, Tranche, TrancheRule

if TYPE_CHECKING:
    from coopdec.accounts.models import User

logger = logging.getLogger(__name__)

HUNDRED = Decimal("100")
REMIND_BEFORE = dt.timedelta(days=14)
REPORT_KIND = {
    TrancheCondition.INTERMEDIATE_REPORT: ReportKind.INTERMEDIATE,
    TrancheCondition.FINAL_REPORT: ReportKind.FINAL,
}


def split(amount: Decimal, shares: Sequence[Decimal]) -> list[Decimal]:
    """Each share of ``amount`` to the cent (half up); the last takes the remainder, so they add up exactly."""
    parts = [(amount * share / HUNDRED).quantize(CENT, ROUND_HALF_UP) for share in shares[:-1]]
    return [*parts, amount - sum(parts, Decimal("0"))] if shares else []


def _years_after(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def report_due_dates(rules: Sequence[TrancheRule], decided_on: dt.date) -> dict[int, dt.date]:
    """When each report-conditioned tranche's report is due: the n-th intermediate report n years after the
    decision, the final report a year after the last intermediate one."""
    dates, year = {}, 0
    for rule in rules:
        if rule.condition != TrancheCondition.ON_DATE:
            year += 1
            dates[rule.number] = _years_after(decided_on, year)
    return dates


def create_tranches(
    award: Award, rules: Sequence[TrancheRule], *, report_dates: Mapping[int, dt.date] | None = None
) -> list[Tranche]:
    """The award's tranches from the call's schedule (one tranche paid at once when the call has none), with the
    report each one waits for."""
    if not rules:
        rules = [TrancheRule(number=1, share=HUNDRED, condition=TrancheCondition.ON_DATE, due_on=award.decided_on)]
    dates = {**report_due_dates(rules, award.decided_on), **(report_dates or {})}
    tranches = []
    for rule, amount in zip(rules, split(award.amount, [rule.share for rule in rules]), strict=True):
        report = None
        if rule.condition == TrancheCondition.ON_DATE:
            assert rule.due_on is not None, "a tranche on a date has its date (tranche_on_date_has_date)"
            due_on = max(rule.due_on, award.decided_on)
        else:
            due_on = dates[rule.number]
            report = Report.objects.create(
                application=award.application, kind=REPORT_KIND[TrancheCondition(rule.condition)], due_on=due_on
            )
        tranche = Tranche(award=award, number=rule.number, share=rule.share, amount=amount,
                          condition=rule.condition, due_on=due_on, report=report)  # fmt: skip
        tranche.full_clean()
        tranches.append(tranche)
    return Tranche.objects.bulk_create(tranches)


def condition_met(tranche: Tranche, today: dt.date) -> bool:
    """A tranche on a date is released from that date; one on a report, once the report is accepted."""
    if tranche.condition == TrancheCondition.ON_DATE:
        return today >= tranche.due_on
    return tranche.report is not None and tranche.report.status == workflow.REPORT_ACCEPTED


def _not_met(tranche: Tranche) -> ValidationError:
    if tranche.condition == TrancheCondition.ON_DATE:
        text = _("Tranche %(number)s is released from %(date)s, not before.")
    elif tranche.condition == TrancheCondition.INTERMEDIATE_REPORT:
        text = _("Tranche %(number)s is released once the intermediate report is accepted.")
    else:
        text = _("Tranche %(number)s is released once the final report is accepted.")
    return ValidationError(
        text, params={"number": tranche.number, "date": date_format(tranche.due_on)}, code="condition_not_met"
    )


def _release(tranche: Tranche, today: dt.date, author: User | None) -> Tranche:
    """Record the tranche as a disbursement of the project, on its award's funding line."""
    award = tranche.award
    project = award.application.project
    assert project is not None, "an award has its project (decisions.award_application)"
    if author is not None:
        disbursement = funding_services.add_disbursement(
            project=project, author=author, year=today.year, amount=tranche.amount, funding=award.funding,
            paid_on=today,
        ).disbursement  # fmt: skip
    else:  # the scheduled task: nobody to ask, the condition is the date
        disbursement = Disbursement(project=project, funding=award.funding, year=today.year, amount=tranche.amount,
                                    paid_on=today)  # fmt: skip
        disbursement.full_clean()
        by(disbursement, None, reason=f"Tranche {tranche.number} of {award.number}").save()
    tranche.released_on, tranche.disbursement = today, disbursement
    tranche.save(update_fields=["released_on", "disbursement"])
    return tranche


def _locked(tranche: Tranche) -> Tranche:
    return (
        Tranche.objects.select_for_update(of=("self",))
        .select_related("award__application__project", "award__funding", "report")
        .get(pk=tranche.pk)
    )


@transaction.atomic
def release_tranche(*, author: User, tranche: Tranche, today: dt.date | None = None) -> Tranche:
    """Release a tranche whose condition is met — refused, saying what it waits for, while it is not."""
    today = today or timezone.localdate()
    tranche = _locked(tranche)
    if tranche.released_on is not None:
        raise ValidationError(
            _("Tranche %(number)s was released on %(date)s."),
            params={"number": tranche.number, "date": date_format(tranche.released_on)},
            code="released_already",
        )
    if not perms.can_release_tranche(author, tranche):
        raise PermissionDenied
    if not condition_met(tranche, today):
        raise _not_met(tranche)
    return _release(tranche, today, author)


def release_waiting_on(report: Report, today: dt.date, author: User | None) -> Tranche | None:
    """The tranche that waited for ``report`` (just accepted), released; None when none waits for it."""
    tranche = Tranche.objects.filter(report=report, released_on__isnull=True).first()
    if tranche is None:
        return None
    return _release(_locked(tranche), today, author)


def release_due_tranches(today: dt.date | None = None) -> int:
    """Release every tranche on a date reached and not released yet (each in its own transaction)."""
    today = today or timezone.localdate()
    released = 0
    due = Tranche.objects.filter(condition=TrancheCondition.ON_DATE, due_on__lte=today, released_on__isnull=True)
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            tranche = _locked(Tranche(pk=pk))
            if tranche.released_on is None:
                _release(tranche, today, None)
                released += 1
    logger.info("call tranches released: %s", released)
    return released


def send_report_reminders(today: dt.date | None = None) -> int:
    """Remind the authority's members of each report due within 14 days and not filed — once per report: the
    report is marked in the transaction that sends, and a report already marked is skipped."""
    today = today or timezone.localdate()
    reports = Report.objects.filter(
        status__in=(workflow.REPORT_DUE, workflow.REPORT_RETURNED), reminded_at__isnull=True,
        due_on__gte=today, due_on__lte=today + REMIND_BEFORE,
    ).select_related("application__call", "application__authority")  # fmt: skip
    sent = 0
    with get_connection() as connection:
        for report in reports:
            application = report.application
            tranche = Tranche.objects.filter(report=report).first()
            context = {"application": application, "call": application.call, "report": report, "tranche": tranche}
            mails = [emails.message("report_due", context, user) for user in members_to_tell(application.authority)]
            with transaction.atomic():
                if not Report.objects.filter(pk=report.pk, reminded_at__isnull=True).update(reminded_at=timezone.now()):
                    continue  # another worker sent it first
                connection.send_messages(mails)
            sent += len(mails)
    logger.info("report reminders sent: %s", sent)
    return sent
