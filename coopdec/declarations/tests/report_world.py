"""A small world whose state of decentralised cooperation for 2025 is known by hand (report and atlas tests).

Countries: France, Armenia (ODA), Morocco, South Korea. French: Lyon (commune), Auvergne (région), Dijon
(département, a declaration only), Privas (commune, a private project only), Brest (commune, a declaration not
validated). Foreign: Erevan (AM), Busan (KR).

Projects (2025):
- P1 public, Lyon with Erevan (partner and place) and a Moroccan NGO, 2024-03 → 2026-12: running.
- P2 public, Auvergne in Morocco (a place by country) with a French NGO, from 2025-06, no end: running.
- P3 public, Lyon, 2021 → 2023, closed: not running. P5 public, pipeline, planned in 2025: not running.
  P6 public, cancelled, 2025: not running.
- P4 private, Privas with Busan: running but never counted.

Declarations of 2025:
- Lyon, validated: L1 AM 14030 C01 1,000.00 € ODA (P1) · L2 France 99820 H01 250.50 € ODA · L3 KR 14030 C01
  400.00 € not ODA (P4, private: left out) · L4 removed (999 €). Its working copy has 5,000 € more: not counted.
- Dijon, version 1 validated: L5 AM 15110 D02 300.00 € ODA · L6 multilateral 99810 B02 100.00 € not ODA; its
  version 2 (7,000 €) is submitted, not yet validated: not counted.
- Brest, submitted, not validated (8,000 €): not counted. Auvergne's validated declaration of 2024 (50 €): not 2025.

So, for 2025: 2 projects; French authorities engaged 3 (Lyon, Auvergne through projects; Lyon, Dijon declared);
foreign partners 2 (Erevan, the Moroccan NGO); countries 2 (AM, MA); 2 declarations; 4 public lines,
1,650.50 € declared, 1,550.50 € ODA; 1 line (400.00 €) left out.
"""

import datetime as dt
from decimal import Decimal

from coopdec.declarations import services
from coopdec.declarations.enums import DeclarationStatus, LineSource, NotOdaReason, Recipient
from coopdec.declarations.factories import CampaignFactory
from coopdec.declarations.models import Declaration, DeclarationLine
from coopdec.organizations.factories import OrganizationFactory
from coopdec.partnerships.enums import Visibility
from coopdec.projects.enums import ParticipantRole, ProjectStatus
from coopdec.projects.factories import ProjectFactory
from coopdec.projects.models import Participant, Place
from coopdec.territories.enums import AuthorityKind, Level
from coopdec.territories.factories import AuthorityFactory, CountryFactory, ForeignCityFactory

YEAR = 2025


def project(lead, *, start=None, end=None, status=ProjectStatus.IMPLEMENTATION, visibility=Visibility.PUBLIC, **kw):
    return ProjectFactory(
        lead_authority=lead, actual_start=start, planned_end=end, status=status, visibility=visibility, **kw
    )


def line(declaration, amount, *, recipient=Recipient.COUNTRY, country=None, oda=True, reason="", **codes):
    return DeclarationLine.objects.create(
        declaration=declaration,
        source=LineSource.ADDED,
        description="Ligne",
        recipient=recipient,
        country=country,
        amount_eur=Decimal(amount),
        original_amount=Decimal(amount),
        is_oda=oda,
        not_oda_reason="" if oda else reason,
        value_date=dt.date(declaration.year, 6, 1),
        **codes,
    )


def declaration_of(authority, year=YEAR):
    return Declaration.objects.create(campaign=CampaignFactory(year=year), authority=authority, year=year)


def submit(declaration, *, validate: bool):
    services.freeze(declaration, list(declaration.lines.filter(version=None)), by=None)
    if validate:
        services.accept(declaration, by=None)


def build() -> dict:
    france = CountryFactory(code="FR")
    armenia = CountryFactory(code="AM")
    morocco = CountryFactory(code="MA")
    korea = CountryFactory(code="KR", iso3="KOR", name_fr="Corée du Sud", name_en="South Korea")
    lyon = AuthorityFactory(code="FR-COM-69123", name="Lyon", country=france)
    auvergne = AuthorityFactory(
        code="FR-REG-84", name="Auvergne", kind=AuthorityKind.REGION, level=Level.REGIONAL, country=france
    )
    dijon = AuthorityFactory(code="FR-DEP-21", name="Côte-d’Or", kind=AuthorityKind.DEPARTEMENT, country=france)
    privas = AuthorityFactory(code="FR-COM-07186", name="Privas", country=france)
    brest = AuthorityFactory(code="FR-COM-29019", name="Brest", country=france)
    erevan = ForeignCityFactory(code="AM-ER", name="Erevan", country=armenia)
    busan = ForeignCityFactory(code="KR-26", name="Busan", country=korea)
    ngo_ma = OrganizationFactory(name="Association marocaine", country=morocco)
    ngo_fr = OrganizationFactory(name="Association française", country=france)

    p1 = project(lyon, start=dt.date(2024, 3, 1), end=dt.date(2026, 12, 31), title="Eau à Erevan")
    Participant.objects.create(project=p1, authority=erevan, role=ParticipantRole.PARTNER)
    Participant.objects.create(project=p1, organization=ngo_ma, role=ParticipantRole.OPERATOR)
    Place.objects.create(project=p1, authority=erevan)
    p2 = project(auvergne, start=dt.date(2025, 6, 1), title="Écoles au Maroc")
    Participant.objects.create(project=p2, organization=ngo_fr, role=ParticipantRole.OPERATOR)
    Place.objects.create(project=p2, country=morocco)
    p3 = project(lyon, start=dt.date(2021, 1, 1), status=ProjectStatus.CLOSED, title="Ancien projet")
    p3.actual_end = dt.date(2023, 6, 30)
    p3.save()
    p4 = project(privas, start=dt.date(2025, 1, 1), visibility=Visibility.PRIVATE, title="Projet privé")
    Participant.objects.create(project=p4, authority=busan, role=ParticipantRole.PARTNER)
    project(lyon, start=dt.date(2025, 1, 1), status=ProjectStatus.PIPELINE, title="En préparation")
    project(lyon, start=dt.date(2025, 1, 1), status=ProjectStatus.CANCELLED, title="Annulé")

    declared = declaration_of(lyon)
    line(declared, "1000.00", country=armenia, purpose_code="14030", aid_type="C01", project=p1)
    line(declared, "250.50", recipient=Recipient.FRANCE, purpose_code="99820", aid_type="H01")
    line(
        declared, "400.00", country=korea, oda=False, reason=NotOdaReason.NOT_ELIGIBLE, purpose_code="14030",
        aid_type="C01", project=p4,
    )  # fmt: skip
    removed = line(declared, "999.00", country=armenia, purpose_code="14030", aid_type="C01")
    removed.removed, removed.reason = True, "Doublon"
    removed.save()
    submit(declared, validate=True)
    line(declared, "5000.00", country=armenia, purpose_code="14030", aid_type="C01")  # the working copy only

    second = declaration_of(dijon)
    line(second, "300.00", country=armenia, purpose_code="15110", aid_type="D02")
    line(
        second, "100.00", recipient=Recipient.MULTILATERAL, oda=False, reason=NotOdaReason.MULTILATERAL,
        purpose_code="99810", aid_type="B02",
    )  # fmt: skip
    submit(second, validate=True)
    line(second, "7000.00", country=armenia, purpose_code="14030", aid_type="C01")
    submit(second, validate=False)  # a correction submitted: version 1 still counts

    pending = declaration_of(brest)
    line(pending, "8000.00", country=armenia, purpose_code="14030", aid_type="C01")
    submit(pending, validate=False)

    earlier = declaration_of(auvergne, 2024)
    line(earlier, "50.00", country=armenia, purpose_code="14030", aid_type="C01")
    submit(earlier, validate=True)
    assert Declaration.objects.get(pk=second.pk).status == DeclarationStatus.SUBMITTED

    return {
        "lyon": lyon,
        "auvergne": auvergne,
        "dijon": dijon,
        "privas": privas,
        "erevan": erevan,
        "busan": busan,
        "armenia": armenia,
        "morocco": morocco,
        "korea": korea,
        "p1": p1,
        "p2": p2,
        "p4": p4,
    }
