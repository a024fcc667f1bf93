"""The lines a declaration opens with, read from what the authority recorded for the year declared.

One line per disbursement of the year that the authority paid (a disbursement of its own project with no
funding line, or one charged to a funding line it funds), and one per yearly contribution to an international
organisation. Codes are suggested from the project (themes → purpose, kind → type of aid, operator → channel);
the recipient is the one foreign country the project takes place in, France when it happens only in France,
and left for the editor to choose otherwise. Queries do not grow with the number of projects.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from django.db.models import Prefetch, Q

from coopdec.partnerships.models import AffiliationContribution
from coopdec.projects.enums import ParticipantRole
from coopdec.projects.models import Disbursement, Participant, Place, Project

from .codes import (
    AID_TYPE_OF_PROJECT_KIND,
    CHANNEL_OF_OPERATOR,
    CORE_MULTILATERAL,
    LOCAL_GOVERNMENT,
    OTHER_MULTILATERAL,
    SECTORS_NOT_SPECIFIED,
)
from .enums import LineSource, Recipient
from .lines import OdaList, apply_oda, convert
from .models import DeclarationLine

if TYPE_CHECKING:
    from .models import Declaration


def _project_facts(project: Project) -> tuple[str, str | None, str, str, str]:
    """(recipient, country, purpose, aid type, channel) suggested for a project."""
    foreign: set[str] = set()
    in_france = False
    for place in project.places.all():
        authority = place.authority
        if authority is not None:
            if authority.is_french:
                in_france = True
            else:
                foreign.add(authority.country_id)
        elif place.country_id:
            if place.country_id == "FR":
                in_france = True
            else:
                foreign.add(place.country_id)
    for participant in project.participants.all():
        if participant.authority is not None and not participant.authority.is_french:
            foreign.add(participant.authority.country_id)
    if len(foreign) == 1:
        recipient, country = Recipient.COUNTRY, next(iter(foreign))
    elif not foreign and in_france:
        recipient, country = Recipient.FRANCE, None
    else:  # several countries, or none known: the editor says
        recipient, country = "", None
    purpose = next((theme.dac_codes[0] for theme in project.themes.all() if theme.dac_codes), "")
    channel = LOCAL_GOVERNMENT
    for participant in project.participants.all():
        if participant.role == ParticipantRole.OPERATOR and participant.organization is not None:
            channel = CHANNEL_OF_OPERATOR.get(participant.organization.kind, channel)
            break
    return recipient, country, purpose, AID_TYPE_OF_PROJECT_KIND.get(project.kind, ""), channel


def prefilled_lines(declaration: Declaration) -> list[DeclarationLine]:
    """The unsaved lines the declaration of ``declaration.authority`` for ``declaration.year`` starts with."""
    authority, year = declaration.authority, declaration.year
    oda_list = OdaList(year)
    disbursements = (
        Disbursement.objects.filter(year=year)
        .filter(Q(funding__funder_authority=authority) | Q(funding__isnull=True, project__lead_authority=authority))
        .select_related("project")
        .prefetch_related(
            Prefetch("project__places", queryset=Place.objects.select_related("authority")),
            Prefetch("project__participants", queryset=Participant.objects.select_related("authority", "organization")),
            "project__themes",
        )
        .order_by("project__title", "paid_on", "pk")
    )
    lines: list[DeclarationLine] = []
    facts: dict[int, tuple[str, str | None, str, str, str]] = {}
    for disbursement in disbursements:
        project = disbursement.project
        if project.pk not in facts:
            facts[project.pk] = _project_facts(project)
        recipient, country, purpose, aid_type, channel = facts[project.pk]
        line = DeclarationLine(
            declaration=declaration,
            source=LineSource.DISBURSEMENT,
            project=project,
            disbursement=disbursement,
            description=project.title[:300],
            recipient=recipient,
            country_id=country,
            purpose_code=purpose,
            aid_type=aid_type,
            channel_code=channel,
            value_date=disbursement.paid_on,
        )
        convert(line, disbursement.amount, disbursement.currency, disbursement.paid_on)
        apply_oda(line, oda_list)
        lines.append(line)
    contributions = (
        AffiliationContribution.objects.filter(affiliation__authority=authority, year=year)
        .select_related("affiliation__organization")
        .order_by("affiliation__organization__name")
    )
    for contribution in contributions:
        line = DeclarationLine(
            declaration=declaration,
            source=LineSource.CONTRIBUTION,
            contribution=contribution,
            description=str(contribution.affiliation.organization)[:300],
            recipient=Recipient.MULTILATERAL,
            purpose_code=SECTORS_NOT_SPECIFIED,
            aid_type=CORE_MULTILATERAL,
            channel_code=OTHER_MULTILATERAL,
        )
        convert(line, contribution.amount, contribution.currency, None)
        apply_oda(line, oda_list)
        lines.append(line)
    for position, line in enumerate(lines, start=1):
        line.position = position
    return lines


def recurring_lines(previous: Declaration, into: Declaration, already: list[DeclarationLine]) -> list[DeclarationLine]:
    """Last year's lines that recur (added by hand, or a membership fee not recorded this year), unsaved.

    Amounts are last year's, for the editor to confirm; dates are cleared, since none is known for this year.
    """
    oda_list = OdaList(into.year)
    organizations_this_year = {
        line.contribution.affiliation.organization_id for line in already if line.contribution is not None
    }
    copies = []
    by_organization: dict[int, bool] = defaultdict(bool)
    for line in previous.lines.filter(version__isnull=True, removed=False).select_related("contribution__affiliation"):
        if line.source == LineSource.CONTRIBUTION:
            organization = line.contribution.affiliation.organization_id if line.contribution else None
            if organization in organizations_this_year or by_organization[organization or 0]:
                continue
            by_organization[organization or 0] = True
        elif line.source != LineSource.ADDED:
            continue
        copy = DeclarationLine(
            declaration=into,
            source=LineSource.ADDED if line.source == LineSource.ADDED else LineSource.CONTRIBUTION,
            kind=line.kind,
            contribution=None,
            description=line.description,
            recipient=line.recipient,
            country_id=line.country_id,
            purpose_code=line.purpose_code,
            aid_type=line.aid_type,
            channel_code=line.channel_code,
            finance_type=line.finance_type,
            original_amount=line.original_amount,
            original_currency=line.original_currency,
            amount_eur=line.amount_eur if line.original_currency in ("EUR", "") else None,
            reason="",
        )
        if copy.original_amount is not None and copy.original_currency not in ("EUR", ""):
            convert(copy, copy.original_amount, copy.original_currency, None)
        apply_oda(copy, oda_list)
        copies.append(copy)
    return copies
