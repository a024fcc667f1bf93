"""Reports on awarded applications (intermediate and final): filed by the authority's editors — a narrative, the
actual spending by co-financer and by budget line against the submitted plan, the indicators of the project's
results, attachments — then accepted (which releases the tranche that waits for it) or returned by a coordinator."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coopdec.projects.models import Result

from . import emails, perms, workflow
from .enums import ExpenseKind, Source
from .models import Application, Report, ReportDocument
from .tranches import release_waiting_on

if TYPE_CHECKING:
    from coopdec.accounts.models import User

COFINANCER, EXPENSE = "cofinancer", "expense"


@dataclass(frozen=True)
class PlannedLine:
    """One line of the plan a report answers: a co-financer (``source:funder``) or a kind of expense."""

    axis: str
    key: str
    label: str
    planned: Decimal


def plan_of(application: Application) -> list[PlannedLine]:
    """The submitted plan (the last version's frozen budget), summed by co-financer and by kind of expense."""
    version = application.versions.order_by("-number").first()
    content: dict[str, Any] = version.content if version else {}
    lines: dict[tuple[str, str], PlannedLine] = {}
    for row in content.get("resources", []):
        key = f"{row['source']}:{row['funder']}"
        label = row["funder"] or str(Source(row["source"]).label)
        old = lines.get((COFINANCER, key))
        planned = Decimal(row["amount"]) + (old.planned if old else Decimal("0"))
        lines[(COFINANCER, key)] = PlannedLine(COFINANCER, key, label, planned)
    for row in content.get("expenses", []):
        old = lines.get((EXPENSE, row["kind"]))
        planned = Decimal(row["amount"]) + (old.planned if old else Decimal("0"))
        lines[(EXPENSE, row["kind"])] = PlannedLine(EXPENSE, row["kind"], str(ExpenseKind(row["kind"]).label), planned)
    return list(lines.values())


def _locked(report: Report) -> Report:
    return (
        Report.objects.select_for_update(of=("self",))
        .select_related("application__call", "application__authority", "application__project")
        .get(pk=report.pk)
    )


def _spending(
    application: Application, by_cofinancer: Mapping[str, Decimal], by_expense: Mapping[str, Decimal]
) -> list[dict[str, str]]:
    plan = plan_of(application)
    known = {(line.axis, line.key) for line in plan}
    given = {
        **{(COFINANCER, k): v for k, v in by_cofinancer.items()},
        **{(EXPENSE, k): v for k, v in by_expense.items()},
    }
    unknown = sorted(key for axis, key in set(given) - known)
    if unknown:
        raise ValidationError(
            _("Not a line of the plan: %(lines)s."), params={"lines": ", ".join(unknown)}, code="unknown_line"
        )
    if any(amount < 0 for amount in given.values()):
        raise ValidationError(_("An amount cannot be negative."), code="negative")
    return [
        {"axis": line.axis, "key": line.key, "label": line.label, "planned": str(line.planned),
         "actual": str(given.get((line.axis, line.key), Decimal("0")))}
        for line in plan
    ]  # fmt: skip


def _indicators(application: Application, achieved: Mapping[int, Decimal]) -> list[dict[str, Any]]:
    if application.project_id is None:
        return []
    results = list(Result.objects.filter(project_id=application.project_id).order_by("pk"))
    if set(achieved) - {result.pk for result in results}:
        raise ValidationError(_("This result belongs to another project."), code="other_project")
    return [
        {"result": r.pk, "indicator": r.indicator, "unit": r.unit,
         "target": None if r.target is None else str(r.target),
         "achieved": str(achieved[r.pk]) if r.pk in achieved else (None if r.achieved is None else str(r.achieved))}
        for r in results
    ]  # fmt: skip


@transaction.atomic
def file_report(
    *,
    author: User,
    report: Report,
    narrative: str,
    actual_by_cofinancer: Mapping[str, Decimal] | None = None,
    actual_by_expense: Mapping[str, Decimal] | None = None,
    achieved: Mapping[int, Decimal] | None = None,
) -> Report:
    """File a report (due, or returned for changes): its narrative, what was actually spent by co-financer and by
    kind of expense (keys of ``plan_of``; a line left out spent nothing), what the project's results achieved."""
    report = _locked(report)
    if not perms.can_file_report(author, report):
        raise PermissionDenied
    if not narrative.strip():
        raise ValidationError(
            {"narrative": ValidationError(_("Tell what the project did."), code="narrative_required")}
        )
    application = report.application
    report.spending = _spending(application, actual_by_cofinancer or {}, actual_by_expense or {})
    report.indicators = _indicators(application, achieved or {})
    report.narrative = narrative.strip()
    report.status = workflow.REPORT_TRANSITIONS["file"].target
    report.filed_at, report.filed_by = timezone.now(), author
    report.full_clean()
    report.save()
    return report


@transaction.atomic
def attach_report_document(*, author: User, report: Report, file: Any, original_name: str) -> ReportDocument:
    """Attach a checked upload (``lib/uploads``) to a report while its authority may file it."""
    if not perms.can_file_report(author, report):
        raise PermissionDenied
    return ReportDocument.objects.create(report=report, file=file, original_name=original_name, uploaded_by=author)


def _review(report: Report, author: User, action: str, comment: str) -> None:
    report.status = workflow.REPORT_TRANSITIONS[action].target
    report.reviewed_at, report.reviewed_by, report.comment = timezone.now(), author, comment
    report.save(update_fields=["status", "reviewed_at", "reviewed_by", "comment"])


@transaction.atomic
def accept_report(*, author: User, report: Report, today: dt.date | None = None) -> Report:
    """Accept a filed report; the tranche that waits for it is released (a disbursement of the project)."""
    report = _locked(report)
    if not perms.can_review_report(author, report):
        raise PermissionDenied
    _review(report, author, "accept", "")
    tranche = release_waiting_on(report, today or timezone.localdate(), author)
    context = {"report": report, "tranche": tranche}
    transaction.on_commit(lambda: emails.tell_members("report_accepted", report.application, context))
    return report


@transaction.atomic
def return_report(*, author: User, report: Report, comment: str) -> Report:
    """Return a filed report to its authority with what to change; it is filed again."""
    report = _locked(report)
    if not perms.can_review_report(author, report):
        raise PermissionDenied
    if not comment.strip():
        raise ValidationError(
            {"comment": ValidationError(_("Say what the report should change."), code="comment_required")}
        )
    _review(report, author, "return", comment.strip())
    transaction.on_commit(lambda: emails.tell_members("report_returned", report.application, {"report": report}))
    return report
