"""An authority's yearly declarations: the campaigns that ask it, starting one, reading one."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coopdec.accounts.perms import authority_ids_of, signed_in
from coopdec.declarations import perms, services
from coopdec.declarations.enums import DeclarationStatus, NotOdaReason
from coopdec.declarations.lines import OdaList, recipient_label, totals
from coopdec.declarations.models import Declaration, Invitation
from coopdec.lib.codelists import label
from coopdec.lib.money import display_amount
from coopdec.territories.models import Authority

from . import forms


@login_required
def declaration_list(request: HttpRequest) -> HttpResponse:
    """For each of the member's authorities, the campaigns that ask it and where its declaration stands."""
    authority_ids = authority_ids_of(request.user)
    invitations = (
        Invitation.objects.filter(authority_id__in=authority_ids)
        .select_related("campaign", "authority")
        .order_by("-campaign__year", "authority__name")
    )
    declarations = {(d.authority_id, d.year): d for d in Declaration.objects.filter(authority_id__in=authority_ids)}
    rows = []
    for invitation in invitations:
        year = invitation.campaign.year
        rows.append(
            {
                "invitation": invitation,
                "declaration": declarations.get((invitation.authority_id, year)),
                "has_previous": (invitation.authority_id, year - 1) in declarations,
            }
        )
    return render(request, "workspace/declarations/list.html", {"rows": rows})


@login_required
@require_POST
def declaration_start(request: HttpRequest) -> HttpResponse:
    authority = get_object_or_404(Authority, pk=request.POST.get("authority", "0") or "0")
    user = request.user
    if not signed_in(user) or not perms.can_declare_for(user, authority):
        raise PermissionDenied
    try:
        year = int(request.POST.get("year", ""))
    except ValueError as error:
        raise Http404 from error
    try:
        declaration = services.start_declaration(
            author=user, authority=authority, year=year, from_last_year=bool(request.POST.get("from_last_year"))
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("declarations:mine")
    return redirect("declarations:detail", declaration.pk)


def _why_not_oda(line, oda_list: OdaList) -> str:
    if line.is_oda or not line.not_oda_reason:
        return ""
    if line.not_oda_reason == NotOdaReason.NOT_ELIGIBLE and line.country is not None:
        return _("%(country)s is not on the DAC list of ODA recipients for %(year)s.") % {
            "country": line.country.name,
            "year": oda_list.year,
        }
    return str(NotOdaReason(line.not_oda_reason).label)


def _by(lines, key) -> list[tuple[str, str]]:
    sums: dict[str, Decimal] = defaultdict(Decimal)
    for line in lines:
        if not line.removed:
            sums[key(line)] += line.euros()
    return [(name, display_amount(amount)) for name, amount in sorted(sums.items(), key=lambda item: -item[1])]


def _versions(declaration: Declaration) -> list[Any]:
    """The submitted versions, latest first, each with the number of the one before it (to compare with)."""
    versions: list[Any] = list(declaration.versions.select_related("submitted_by", "decided_by").order_by("-number"))
    for index, version in enumerate(versions):
        version.previous_number = versions[index + 1].number if index + 1 < len(versions) else None
    return versions


def _returned_comment(declaration: Declaration, versions: list[Any]) -> str:
    """What the coordinator asked to correct, while the declaration waits for that correction."""
    if declaration.status != DeclarationStatus.RETURNED or not versions:
        return ""
    comment: str = versions[0].comment
    return comment


@login_required
def declaration_detail(request: HttpRequest, pk: int) -> HttpResponse:
    declaration = get_object_or_404(Declaration.objects.select_related("authority", "campaign"), pk=pk)
    if not perms.can_view_declaration(request.user, declaration):
        raise PermissionDenied
    lines = list(services.working_lines(declaration))
    oda_list = OdaList(declaration.year)
    lacking = services.problems(declaration, lines)
    rows = [
        {
            "line": line,
            "recipient": recipient_label(line),
            "purpose": label("Sector", line.purpose_code) if line.purpose_code else "—",
            "aid_type": label("AidType", line.aid_type) if line.aid_type else "—",
            "channel": label("CRSChannelCode", line.channel_code) if line.channel_code else "—",
            "amount": display_amount(line.amount_eur) if line.amount_eur is not None else "—",
            "original": (
                display_amount(line.original_amount, line.original_currency)
                if line.original_amount is not None and line.original_currency not in ("", "EUR")
                else ""
            ),
            "why_not_oda": _why_not_oda(line, oda_list),
            "lacks": lacking.get(line.pk, []),
        }
        for line in lines
    ]
    total, oda = totals(lines)
    versions = _versions(declaration)
    context = {
        "declaration": declaration,
        "rows": rows,
        "total": display_amount(total),
        "oda_total": display_amount(oda),
        "by_recipient": _by(lines, recipient_label),
        "by_purpose": _by(lines, lambda line: label("Sector", line.purpose_code) if line.purpose_code else "—"),
        "by_aid_type": _by(lines, lambda line: label("AidType", line.aid_type) if line.aid_type else "—"),
        "lacking": len(lacking),
        "oda_list_year": oda_list.year,
        "versions": versions,
        "events": declaration.events.select_related("by")[:50],
        "deadline": services.deadline_of(declaration.campaign, declaration.authority),
        "can_edit": perms.can_edit_declaration(request.user, declaration),
        "returned_comment": _returned_comment(declaration, versions),
        "can_submit": perms.can_submit_declaration(request.user, declaration),
        "can_decide": perms.can_decide_declaration(request.user, declaration),
        "can_correct": perms.can_correct_declaration(request.user, declaration),
        "added_kinds": forms.ADDED_KINDS,
        "attachments": declaration.attachments.select_related("uploaded_by"),
        "form": forms.AttachmentForm(),
    }
    return render(request, "workspace/declarations/detail.html", context)
