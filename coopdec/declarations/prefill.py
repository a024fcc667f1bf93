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

from django.db.models import Q

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


def _facts_of_projects(project_ids: set[int]) -> dict[int, tuple[str, str | None, str, str]]:
    """Project id → (recipient, country, purpose, channel) suggested, read in three queries of plain values."""
    foreign: dict[int, set[str]] = defaultdict(set)
    in_france: set[int] = set()
    places = Place.objects.filter(project_id__in=project_ids).values_list(
        "project_id", "authority__is_french", "authority__country_id", "country_id"
    )
    for project_id, authority_french, authority_country, place_country in places:
        if authority_country is not None:
            if authority_french:
                in_france.add(project_id)
            else:
                foreign[project_id].add(authority_country)
        elif place_country == "FR":
            in_france.add(project_id)
        elif place_country:
            foreign[project_id].add(place_country)
    channels: dict[int, str] = {}
    participants = Participant.objects.filter(project_id__in=project_ids).values_list(
        "project_id", "role", "authority__is_french", "authority__country_id", "organization__kind"
    )
    for project_id, role, authority_french, authority_country, organization_kind in participants:
        if authority_country is not None and not authority_french:
            foreign[project_id].add(authority_country)
        if role == ParticipantRole.OPERATOR and organization_kind and project_id not in channels:
            channels[project_id] = CHANNEL_OF_OPERATOR.get(organization_kind, LOCAL_GOVERNMENT)
    purposes: dict[int, str] = {}
    themes = (
        Project.themes.through.objects.filter(project_id__in=project_ids)
        .order_by("theme__position", "theme__code")
        .values_list("project_id", "theme__dac_codes")
    )
    for project_id, dac_codes in themes:
        if dac_codes and project_id not in purposes:
            purposes[project_id] = dac_codes[0]
    facts: dict[int, tuple[str, str | None, str, str]] = {}
    recipient: str
    country: str | None
    for project_id in project_ids:
        countries = foreign.get(project_id, set())
        if len(countries) == 1:
            recipient, country = Recipient.COUNTRY, next(iter(countries))
        elif not countries and project_id in in_france:
            recipient, country = Recipient.FRANCE, None
        else:  # several countries, or none known: the editor says
            recipient, country = "", None
        facts[project_id] = (
            recipient,
            country,
            purposes.get(project_id, ""),
            channels.get(project_id, LOCAL_GOVERNMENT),
        )
    return facts


def prefilled_lines(declaration: Declaration) -> list[DeclarationLine]:
    """The unsaved lines the declaration of ``declaration.authority`` for ``declaration.year`` starts with."""
    authority, year = declaration.authority, declaration.year
    oda_list = OdaList(year)
    disbursements = list(
        Disbursement.objects.filter(year=year)
        .filter(Q(funding__funder_authority=authority) | Q(funding__isnull=True, project__lead_authority=authority))
        .order_by("project__title", "paid_on", "pk")
        .values_list("pk", "project_id", "project__title", "project__kind", "amount", "currency", "paid_on")
    )
    facts = _facts_of_projects({row[1] for row in disbursements})
    lines: list[DeclarationLine] = []
    for pk, project_id, title, kind, amount, currency, paid_on in disbursements:
        recipient, country, purpose, channel = facts[project_id]
        line = DeclarationLine(
            declaration=declaration,
            source=LineSource.DISBURSEMENT,
            project_id=project_id,
            disbursement_id=pk,
            description=title[:300],
            recipient=recipient,
            country_id=country,
            purpose_code=purpose,
            aid_type=AID_TYPE_OF_PROJECT_KIND.get(kind, ""),
            channel_code=channel,
            value_date=paid_on,
        )
        convert(line, amount, currency, paid_on)
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
