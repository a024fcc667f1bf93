"""Writes on declarations and campaigns: every function checks ``perms`` (``PermissionDenied``), then the rules
of docs/declaration.md (``ValidationError`` with a code), and writes in one transaction, recording who did what.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from coopdec.accounts.enums import MembershipStatus
from coopdec.accounts.models import Membership
from coopdec.lib.codelists import validate_code
from coopdec.territories.enums import AuthorityKind
from coopdec.territories.models import Authority

from . import follow, perms, workflow
from .codes import ADDED_LINE_CODES, AID_TYPE, CHANNEL, FINANCE_TYPE, SECTOR
from .enums import DeclarationStatus, LineKind, LineSource, Recipient
from .lines import OdaList, apply_oda, convert, lacks, totals
from .models import Attachment, Campaign, Declaration, DeclarationLine, DeclarationVersion, Event, Invitation
from .prefill import prefilled_lines, recurring_lines

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from coopdec.accounts.models import User

Action = Event.Action

# What an editor may set on a line.
LINE_FIELDS = frozenset(
    {
        "kind",
        "description",
        "recipient",
        "country",
        "purpose_code",
        "aid_type",
        "channel_code",
        "finance_type",
        "value_date",
        "original_amount",
        "original_currency",
        "amount_eur",
    }
)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _log(declaration: Declaration, action: str, by: User | None, detail: str = "", version: int | None = None) -> None:
    Event.objects.create(declaration=declaration, action=action, by=by, detail=detail, version=version)


def region_of(authority: Authority) -> Authority | None:
    """The région an authority belongs to (itself for a région), following its parents."""
    current: Authority | None = authority
    for _depth in range(6):
        if current is None:
            return None
        if current.kind == AuthorityKind.REGION:
            return current
        current = current.parent
    return None


# Campaigns -------------------------------------------------------------------------------------------------------


def authorities_to_ask() -> Iterable[Authority]:
    """Every French authority with at least one approved member."""
    return Authority.objects.french().filter(memberships__status=MembershipStatus.APPROVED).distinct()


@transaction.atomic
def open_campaign(
    *,
    author: User,
    year: int,
    opens_on: dt.date,
    closes_on: dt.date,
    introduction_fr: str = "",
    introduction_en: str = "",
    also_ask: Iterable[Authority] = (),
    is_synthetic: bool = False,
) -> Campaign:
    """Open the campaign for ``year``; ask every French authority with a member, and those of ``also_ask``."""
    _require(perms.can_manage_campaigns(author))
    if Campaign.objects.filter(year=year).exists():
        raise ValidationError(
            {
                "year": ValidationError(
                    _("A campaign for %(year)s exists already."), params={"year": year}, code="exists"
                )
            }
        )
    if year >= opens_on.year or year < 2000:
        raise ValidationError(
            {
                "year": ValidationError(
                    _("A campaign asks for a year that has ended when it opens."), code="year_not_ended"
                )
            }
        )
    campaign = Campaign(
        year=year,
        opens_on=opens_on,
        closes_on=closes_on,
        introduction_fr=introduction_fr,
        introduction_en=introduction_en,
        created_by=author,
        is_synthetic=is_synthetic,
    )
    if closes_on < opens_on:
        raise ValidationError(
            {"closes_on": ValidationError(_("The campaign closes after it opens."), code="closes_before_opening")}
        )
    campaign.full_clean()
    campaign.save()
    asked = {authority.pk for authority in authorities_to_ask()}
    by_hand = {authority.pk for authority in also_ask} - asked
    Invitation.objects.bulk_create(
        [Invitation(campaign=campaign, authority_id=pk) for pk in sorted(asked)]
        + [Invitation(campaign=campaign, authority_id=pk, added_by_hand=True) for pk in sorted(by_hand)]
    )
    follow.refresh(campaign)
    return campaign


@transaction.atomic
def ask_authority(*, author: User, campaign: Campaign, authority: Authority) -> Invitation:
    """Add an authority to those a campaign asks."""
    _require(perms.can_manage_campaigns(author))
    if not authority.is_french:
        raise ValidationError(_("Only French authorities declare their aid."), code="not_french")
    invitation, _created = Invitation.objects.get_or_create(
        campaign=campaign, authority=authority, defaults={"added_by_hand": True}
    )
    if _created:
        follow.refresh(campaign, [authority.pk])
        invitation.refresh_from_db()
    return invitation


@transaction.atomic
def extend_deadline(*, author: User, campaign: Campaign, authority: Authority, until: dt.date) -> Invitation:
    """Give one authority until ``until`` (after the campaign's own closing) to submit."""
    _require(perms.can_manage_campaigns(author))
    invitation = Invitation.objects.select_for_update().filter(campaign=campaign, authority=authority).first()
    if invitation is None:
        raise ValidationError(_("This authority is not asked to declare in this campaign."), code="not_asked")
    if until <= campaign.closes_on:
        raise ValidationError(
            {"until": ValidationError(_("An extended deadline comes after the campaign closes."), code="not_later")}
        )
    invitation.extended_to = until
    invitation.save(update_fields=["extended_to"])
    declaration = Declaration.objects.filter(campaign=campaign, authority=authority).first()
    if declaration is not None:
        _log(declaration, Action.EXTENDED, author, until.isoformat())
    return invitation


def deadline_of(campaign: Campaign, authority: Authority) -> dt.date:
    invitation = Invitation.objects.filter(campaign=campaign, authority=authority).select_related("campaign").first()
    return invitation.deadline if invitation else campaign.closes_on


# Declarations ----------------------------------------------------------------------------------------------------


@transaction.atomic
def start_declaration(
    *, author: User | None, authority: Authority, year: int, from_last_year: bool = False, is_synthetic: bool = False
) -> Declaration:
    """Open the authority's declaration of ``year``, pre-filled from its records (and last year's recurring lines).

    ``author`` None: the synthetic-data generator, which writes without a person.
    """
    if author is not None:
        _require(perms.can_declare_for(author, authority))
    campaign = Campaign.objects.filter(year=year).first()
    if campaign is None:
        raise ValidationError(_("No campaign asks for the aid of %(year)s."), params={"year": year}, code="no_campaign")
    if not Invitation.objects.filter(campaign=campaign, authority=authority).exists():
        raise ValidationError(
            _("%(authority)s is not asked to declare in the campaign of %(year)s."),
            params={"authority": authority, "year": year},
            code="not_asked",
        )
    if Declaration.objects.filter(authority=authority, year=year).exists():
        raise ValidationError(_("This declaration exists already."), code="exists")
    declaration = Declaration.objects.create(
        campaign=campaign,
        authority=authority,
        year=year,
        region=region_of(authority),
        created_by=author,
        is_synthetic=is_synthetic,
    )
    lines = prefilled_lines(declaration)
    if from_last_year:
        previous = Declaration.objects.filter(authority=authority, year=year - 1).first()
        if previous is None:
            raise ValidationError(
                _("There is no declaration of %(year)s to start from."), params={"year": year - 1}, code="no_previous"
            )
        declaration.started_from = previous
        declaration.save(update_fields=["started_from"])
        copies = recurring_lines(previous, declaration, lines)
        for position, line in enumerate(copies, start=len(lines) + 1):
            line.position = position
        lines += copies
    DeclarationLine.objects.bulk_create(lines, batch_size=500)
    _log(declaration, Action.CREATED, author, str(len(lines)))
    follow.follow(declaration)
    return declaration


def working_lines(declaration: Declaration) -> QuerySet[DeclarationLine]:
    return declaration.lines.filter(version__isnull=True).select_related("country", "project")


def _locked(declaration: Declaration) -> Declaration:
    return Declaration.objects.select_for_update().get(pk=declaration.pk)


def _check_line(line: DeclarationLine, year: int) -> None:
    errors: dict[str, list[ValidationError]] = {}

    def refuse(field: str, message: str, code: str) -> None:
        errors.setdefault(field, []).append(ValidationError(message, code=code))

    for field, codelist in (
        ("purpose_code", SECTOR),
        ("aid_type", AID_TYPE),
        ("channel_code", CHANNEL),
        ("finance_type", FINANCE_TYPE),
    ):
        value = getattr(line, field)
        if value:
            try:
                validate_code(codelist, value)
            except ValidationError as error:
                errors.setdefault(field, []).extend(error.error_list)
    for field in ("amount_eur", "original_amount"):
        value = getattr(line, field)
        if value is not None and value < 0:
            refuse(field, _("An amount cannot be negative."), "negative")
    if line.value_date and line.value_date.year != year:
        refuse(
            "value_date",
            _("A line of the declaration of %(year)s is dated in %(year)s.") % {"year": year},
            "date_outside_year",
        )
    if line.recipient == Recipient.COUNTRY and not line.country_id:
        refuse("country", _("Choose the recipient country."), "no_country")
    if line.recipient != Recipient.COUNTRY and line.country_id:
        line.country = None
    if line.country_id == "FR":
        refuse("country", _("For what is spent in France, choose “Spent in France” as the recipient."), "france")
    if not (line.description or "").strip():
        refuse("description", _("Say what the line is."), "required")
    if errors:
        raise ValidationError(errors)


def _set_amount(line: DeclarationLine, changes: dict[str, Any]) -> None:
    """Euros typed by the editor are kept; otherwise an amount in another currency is converted at the ECB rate."""
    amount, currency = changes.get("original_amount"), changes.get("original_currency") or "EUR"
    typed_euros = changes.get("amount_eur")
    if amount is not None:
        convert(line, Decimal(amount), currency, line.value_date)
    if typed_euros is not None and (amount is None or line.amount_eur is None):
        line.amount_eur = Decimal(typed_euros)
        if amount is None:
            line.original_amount, line.original_currency, line.rate, line.rate_on = None, "", None, None


@transaction.atomic
def add_line(*, author: User, declaration: Declaration, kind: str, **fields: Any) -> DeclarationLine:
    """Add a line no record carries (a grant to an NGO, refugees hosted in France…), with its kind's codes."""
    declaration = _locked(declaration)
    _require(perms.can_edit_declaration(author, declaration))
    unknown = set(fields) - LINE_FIELDS
    if unknown:
        raise TypeError(f"not a line field: {sorted(unknown)}")
    preset = ADDED_LINE_CODES[LineKind(kind)]
    line = DeclarationLine(
        declaration=declaration,
        source=LineSource.ADDED,
        kind=kind,
        recipient=preset.recipient,
        purpose_code=preset.purpose_code,
        aid_type=preset.aid_type,
        channel_code=preset.channel_code,
        description=str(LineKind(kind).label),
    )
    for field, value in fields.items():
        if field not in ("original_amount", "original_currency", "amount_eur") and value not in (None, ""):
            setattr(line, field, value)
    _set_amount(line, fields)
    _check_line(line, declaration.year)
    apply_oda(line, OdaList(declaration.year))
    # After every position used so far, submitted copies included: a position is never reused, so that two
    # versions compare line by line (``history.line_key``).
    line.position = (declaration.lines.aggregate(last=Max("position"))["last"] or 0) + 1
    line.save()
    _log(declaration, Action.LINE_ADDED, author, line.description)
    follow.follow(declaration, touched=True)
    return line


@transaction.atomic
def change_line(*, author: User, line: DeclarationLine, reason: str = "", **changes: Any) -> DeclarationLine:
    """Change a line of the working copy; a pre-filled line changes only with a reason."""
    declaration = _locked(line.declaration)
    _require(perms.can_edit_declaration(author, declaration) and line.version_id is None)
    unknown = set(changes) - LINE_FIELDS
    if unknown:
        raise TypeError(f"not a line field: {sorted(unknown)}")
    line = DeclarationLine.objects.select_for_update().get(pk=line.pk)
    if line.source != LineSource.ADDED and not reason.strip():
        raise ValidationError(
            {"reason": ValidationError(_("Say why a pre-filled line changes."), code="reason_required")}
        )
    for field, value in changes.items():
        if field not in ("original_amount", "original_currency", "amount_eur"):
            setattr(line, field, value)
    if {"original_amount", "original_currency", "amount_eur"} & set(changes) or "value_date" in changes:
        amount_changes = {
            "original_amount": changes.get("original_amount", line.original_amount),
            "original_currency": changes.get("original_currency", line.original_currency),
            "amount_eur": changes.get("amount_eur"),
        }
        _set_amount(line, amount_changes)
    if reason.strip():
        line.reason = reason.strip()
    _check_line(line, declaration.year)
    apply_oda(line, OdaList(declaration.year))
    line.save()
    _log(declaration, Action.LINE_CHANGED, author, f"{line.description} — {reason}".strip(" —"))
    follow.follow(declaration, touched=True)
    return line


@transaction.atomic
def remove_line(*, author: User, line: DeclarationLine, reason: str) -> DeclarationLine:
    """Take a line out of the totals, with a reason; a line added by hand is deleted instead."""
    declaration = _locked(line.declaration)
    _require(perms.can_edit_declaration(author, declaration) and line.version_id is None)
    if line.source == LineSource.ADDED:
        description = line.description
        line.delete()
        _log(declaration, Action.LINE_REMOVED, author, description)
        follow.follow(declaration, touched=True)
        return line
    if not reason.strip():
        raise ValidationError(
            {"reason": ValidationError(_("Say why a pre-filled line is removed."), code="reason_required")}
        )
    line.removed, line.reason = True, reason.strip()
    line.save(update_fields=["removed", "reason"])
    _log(declaration, Action.LINE_REMOVED, author, f"{line.description} — {line.reason}")
    follow.follow(declaration, touched=True)
    return line


@transaction.atomic
def restore_line(*, author: User, line: DeclarationLine) -> DeclarationLine:
    declaration = _locked(line.declaration)
    _require(perms.can_edit_declaration(author, declaration) and line.version_id is None)
    line.removed, line.reason = False, ""
    line.save(update_fields=["removed", "reason"])
    _log(declaration, Action.LINE_RESTORED, author, line.description)
    follow.follow(declaration, touched=True)
    return line


@transaction.atomic
def attach(*, author: User, declaration: Declaration, file: Any, original_name: str, content_type: str) -> Attachment:
    """Attach a checked upload (``lib/uploads``) to the declaration."""
    declaration = _locked(declaration)
    _require(perms.can_edit_declaration(author, declaration))
    attachment = Attachment.objects.create(
        declaration=declaration,
        file=file,
        original_name=original_name,
        content_type=content_type,
        size=file.size,
        uploaded_by=author,
    )
    _log(declaration, Action.ATTACHED, author, original_name)
    follow.follow(declaration, touched=True)
    return attachment


def problems(declaration: Declaration, lines: Iterable[DeclarationLine] | None = None) -> dict[int, list[str]]:
    """Line id → what it lacks, for the lines that lack something."""
    found = {}
    for line in working_lines(declaration) if lines is None else lines:
        missing = lacks(line, declaration.year)
        if missing:
            found[line.pk] = missing
    return found


def receipt_number(declaration: Declaration, number: int) -> str:
    return f"APD-{declaration.year}-{declaration.authority.code}-V{number}"


@transaction.atomic
def submit(*, author: User, declaration: Declaration, today: dt.date | None = None) -> DeclarationVersion:
    """Freeze the working copy as a new version, with its receipt number; the campaign must accept it."""
    declaration = _locked(declaration)
    _require(perms.can_submit_declaration(author, declaration))
    today = today or timezone.localdate()
    campaign = declaration.campaign
    if today < campaign.opens_on:
        raise ValidationError(
            _("The campaign opens on %(date)s."), params={"date": date_format(campaign.opens_on)}, code="not_open"
        )
    deadline = deadline_of(campaign, declaration.authority)
    if today > deadline:
        raise ValidationError(
            _("The campaign closed on %(date)s: ask the coordinator to extend your deadline."),
            params={"date": date_format(deadline)},
            code="closed",
        )
    lines = list(working_lines(declaration))
    incomplete = problems(declaration, lines)
    if incomplete:
        raise ValidationError(
            _("%(count)s lines still lack something: complete or remove them before submitting."),
            params={"count": len(incomplete)},
            code="incomplete",
        )
    version = freeze(declaration, lines, by=author)
    from .emails import send_receipt

    transaction.on_commit(lambda: send_receipt(version))
    return version


def freeze(declaration: Declaration, lines: list[DeclarationLine], *, by: User | None) -> DeclarationVersion:
    """Copy the working lines into a new submitted version (``submit`` checks the rules first; the synthetic-data
    generator calls it without a person)."""
    total, oda = totals(lines)
    number = (declaration.versions.aggregate(last=Max("number"))["last"] or 0) + 1
    version = DeclarationVersion.objects.create(
        declaration=declaration,
        number=number,
        receipt_number=receipt_number(declaration, number),
        submitted_at=timezone.now(),
        submitted_by=by,
        total=total,
        oda_total=oda,
    )
    copies = []
    for line in lines:
        line.pk = None
        line.version = version
        copies.append(line)
    DeclarationLine.objects.bulk_create(copies, batch_size=500)
    declaration.status = DeclarationStatus.SUBMITTED
    declaration.save(update_fields=["status", "updated_at"])
    _log(declaration, Action.SUBMITTED, by, version.receipt_number, number)
    follow.follow(declaration)
    return version


def _pending_version(declaration: Declaration) -> DeclarationVersion:
    version = declaration.versions.select_for_update().order_by("-number").first()
    assert version is not None and version.outcome == DeclarationStatus.SUBMITTED, "a submitted declaration has one"
    return version


@transaction.atomic
def return_declaration(*, author: User, declaration: Declaration, comment: str) -> DeclarationVersion:
    """Send a submitted declaration back to its authority with what to correct; they are told by e-mail."""
    declaration = _locked(declaration)
    _require(perms.can_decide_declaration(author, declaration))
    if not comment.strip():
        raise ValidationError(
            {"comment": ValidationError(_("Say what the authority should correct."), code="comment_required")}
        )
    version = _pending_version(declaration)
    DeclarationVersion.objects.filter(pk=version.pk).update(
        outcome=DeclarationStatus.RETURNED, decided_at=timezone.now(), decided_by=author, comment=comment.strip()
    )
    version.refresh_from_db()
    declaration.status = DeclarationStatus.RETURNED
    declaration.save(update_fields=["status", "updated_at"])
    _log(declaration, Action.RETURNED, author, comment.strip(), version.number)
    follow.follow(declaration)
    from .emails import send_returned

    transaction.on_commit(lambda: send_returned(version))
    return version


@transaction.atomic
def validate_declaration(*, author: User, declaration: Declaration) -> DeclarationVersion:
    """Accept a submitted declaration: it is locked and counts in the national figures."""
    declaration = _locked(declaration)
    _require(perms.can_decide_declaration(author, declaration))
    version = accept(declaration, by=author)
    from .emails import send_validated

    transaction.on_commit(lambda: send_validated(version))
    return version


def accept(declaration: Declaration, *, by: User | None) -> DeclarationVersion:
    """Mark the pending version validated (``validate_declaration`` checks who acts; the generator calls it too)."""
    version = _pending_version(declaration)
    DeclarationVersion.objects.filter(pk=version.pk).update(
        outcome=DeclarationStatus.VALIDATED, decided_at=timezone.now(), decided_by=by
    )
    version.refresh_from_db()
    declaration.status = DeclarationStatus.VALIDATED
    declaration.validated_version = version
    declaration.save(update_fields=["status", "validated_version", "updated_at"])
    _log(declaration, Action.VALIDATED, by, "", version.number)
    follow.follow(declaration)
    return version


@transaction.atomic
def open_correction(*, author: User, declaration: Declaration) -> Declaration:
    """Reopen a validated declaration for a correction; the validated version keeps counting until the next one."""
    declaration = _locked(declaration)
    _require(perms.can_correct_declaration(author, declaration))
    declaration.status = workflow.TRANSITIONS["correct"].target
    declaration.save(update_fields=["status", "updated_at"])
    _log(declaration, Action.CORRECTION, author)
    follow.follow(declaration)
    return declaration


def members_to_tell(authority: Authority) -> list[User]:
    """The approved members of an authority, who receive its declaration's e-mails."""
    return [
        membership.user
        for membership in Membership.objects.filter(
            authority=authority, status=MembershipStatus.APPROVED, user__is_active=True
        ).select_related("user")
    ]
