"""The coordinator's decision on a submitted application — award, refuse, waiting list — each recorded on the
submitted version and told to the authority's members by e-mail; an award writes the project's funding line and its
planned tranches (docs/calls.md, "Decisions, tranches and reports")."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coopdec.funding import services as funding_services
from coopdec.lib.money import display_amount
from coopdec.projects.enums import Instrument

from . import emails, perms, workflow
from .models import Application, ApplicationVersion, Award, Call
from .selectors import envelope_use
from .tranches import create_tranches

if TYPE_CHECKING:
    from coopdec.accounts.models import User
    from coopdec.projects.models import Funding


def _decidable(author: User, application: Application, action: str) -> tuple[Application, ApplicationVersion]:
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("call", "authority", "project")
        .get(pk=application.pk)
    )
    if not perms.can_decide_application(author, application, action):
        raise PermissionDenied
    version = application.versions.select_for_update().order_by("-number").first()
    assert version is not None, "a submitted application has a version"
    return application, version


def _record(application: Application, version: ApplicationVersion, author: User, action: str, comment: str) -> None:
    target = workflow.TRANSITIONS[action].target
    version.outcome, version.decided_at, version.decided_by, version.comment = target, timezone.now(), author, comment
    version.save(update_fields=["outcome", "decided_at", "decided_by", "comment"])
    application.status = target
    application.save(update_fields=["status", "updated_at"])


def _check_amount(application: Application, version: ApplicationVersion, amount: Decimal) -> None:
    if amount <= 0:
        raise ValidationError(
            {"amount": ValidationError(_("An award is an amount above zero."), code="amount_not_positive")}
        )
    if amount > version.asked:
        raise ValidationError(
            {
                "amount": ValidationError(
                    _("%(amount)s is more than the application asked (%(asked)s)."),
                    params={"amount": display_amount(amount), "asked": display_amount(version.asked)},
                    code="above_asked",
                )
            }
        )
    # The call's row is locked first: two awards decided at once cannot both fit in what is left.
    Call.objects.select_for_update().filter(pk=application.call_id).first()
    left = envelope_use(application.call, exclude=application).left
    if amount > left:
        raise ValidationError(
            {
                "amount": ValidationError(
                    _("%(amount)s is more than what is left of the call's envelope (%(left)s)."),
                    params={"amount": display_amount(amount), "left": display_amount(left)},
                    code="above_envelope",
                )
            }
        )


def _planned_line(application: Application) -> Funding | None:
    """The project's own line for this call's grant, when it has exactly one: from the call's instrument, with no
    funder or the call's, of no year or the call's, nothing paid on it and no other award's."""
    call, project = application.call, application.project
    assert project is not None
    funder = call.funder_organization or call.funder_authority
    lines = [
        line
        for line in project.fundings.filter(instrument=Instrument.MINISTRY_CALL, disbursements__isnull=True)
        .exclude(pk__in=Award.objects.filter(funding__isnull=False).values("funding_id"))
        .select_related("funder_authority", "funder_organization")
        if line.funder in (None, funder) and line.year in (None, call.year)
    ]
    return lines[0] if len(lines) == 1 else None


def _write_funding(author: User, application: Application, amount: Decimal) -> Funding:
    """The project's funding line from the call: the line its plan asked for becomes the award, or a new one."""
    call, project = application.call, application.project
    assert project is not None
    line = {"amount": amount, "funder_authority": call.funder_authority,
            "funder_organization": call.funder_organization, "year": call.year, "in_kind": False}  # fmt: skip
    planned = _planned_line(application)
    if planned is not None:
        return funding_services.update_funding(funding=planned, author=author, **line).funding
    return funding_services.add_funding(
        project=project, author=author, instrument=Instrument.MINISTRY_CALL, amount=amount,
        funder_authority=call.funder_authority, funder_organization=call.funder_organization, year=call.year,
    ).funding  # fmt: skip


@transaction.atomic
def award_application(
    *,
    author: User,
    application: Application,
    amount: Decimal,
    conditions: str = "",
    today: dt.date | None = None,
    report_dates: Mapping[int, dt.date] | None = None,
) -> Award:
    """Award ``amount`` (at most what was asked, at most what is left of the envelope) with its conditions: the
    project's funding line from the call (the one its plan asked for, else a new one) takes the amount and the
    call's funder; the award gets its tranches from the call's schedule.

    ``report_dates`` (tranche number → date) overrides when a tranche's report is due (by default the n-th
    report n years after the decision)."""
    application, version = _decidable(author, application, "award")
    if application.project is None:
        raise ValidationError(
            _("This application names no project: record its project before awarding it."), code="no_project"
        )
    _check_amount(application, version, amount)
    call = application.call
    today = today or timezone.localdate()
    funding = _write_funding(author, application, amount)
    award = Award(
        application=application, amount=amount, conditions=conditions.strip(), funding=funding, decided_on=today,
        decided_by=author, number=f"AAP-{call.year}-{call.pk}-{application.pk}-D",
    )  # fmt: skip
    award.full_clean()
    award.save()
    tranches = create_tranches(award, list(call.tranches.all()), report_dates=report_dates)
    _record(application, version, author, "award", award.conditions)
    transaction.on_commit(lambda: emails.tell_members("awarded", application, {"award": award, "tranches": tranches}))
    return award


@transaction.atomic
def refuse_application(*, author: User, application: Application, reason: str) -> ApplicationVersion:
    """Refuse an application, saying why: the authority's members read the reason."""
    application, version = _decidable(author, application, "refuse")
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            {"reason": ValidationError(_("Say why the application is refused."), code="reason_required")}
        )
    _record(application, version, author, "refuse", reason)
    transaction.on_commit(lambda: emails.tell_members("refused", application, {"reason": reason}))
    return version


@transaction.atomic
def put_on_waiting_list(*, author: User, application: Application, comment: str = "") -> ApplicationVersion:
    """Keep an application on the waiting list: it may still be awarded or refused."""
    application, version = _decidable(author, application, "wait")
    comment = comment.strip()
    _record(application, version, author, "wait", comment)
    transaction.on_commit(lambda: emails.tell_members("waiting_list", application, {"comment": comment}))
    return version
