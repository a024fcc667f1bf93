"""A small national picture of validated declarations, its sums computed by hand (tests of the national view)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from coopdec.declarations.enums import DeclarationStatus, Recipient
from coopdec.declarations.factories import CampaignFactory
from coopdec.declarations.lines import totals
from coopdec.declarations.models import Declaration, DeclarationLine, DeclarationVersion
from coopdec.territories.enums import OdaCategory
from coopdec.territories.factories import AuthorityFactory, CountryFactory
from coopdec.territories.models import OdaStatus


def line(declaration, version, amount, *, recipient=Recipient.COUNTRY, country=None, oda=True, **codes):
    fields = {"purpose_code": "43010", "aid_type": "C01", "channel_code": "11002", **codes}
    return DeclarationLine(
        declaration=declaration,
        version=version,
        source="added",
        kind="other",
        description=codes.pop("description", f"Line of {amount}"),
        recipient=recipient,
        country=country,
        amount_eur=Decimal(amount),
        original_amount=Decimal(amount),
        is_oda=oda,
        not_oda_reason="" if oda else "not_eligible",
        flow_type="10" if oda else "",
        **{k: v for k, v in fields.items() if k != "description"},
    )


def settle_totals() -> None:
    """Each version's totals from its lines, as ``services.freeze`` computes them when it makes the version."""
    for version in DeclarationVersion.objects.all():
        version.total, version.oda_total = totals(version.lines.all())
        version.save(update_fields=["total", "oda_total"])


def declared(authority, year, *, region=None, validated=True, number=1, declaration=None):
    """A declaration (or its next version) submitted, validated unless told otherwise, without lines yet."""
    campaign = CampaignFactory(year=year, opens_on=dt.date(year + 1, 4, 15), closes_on=dt.date(year + 1, 5, 31))
    if declaration is None:
        declaration = Declaration.objects.create(campaign=campaign, authority=authority, year=year, region=region)
    outcome = DeclarationStatus.VALIDATED if validated else DeclarationStatus.SUBMITTED
    version = DeclarationVersion.objects.create(
        declaration=declaration,
        number=number,
        receipt_number=f"APD-{year}-{authority.code}-V{number}",
        submitted_at=timezone.now(),
        outcome=outcome,
        total=0,
        oda_total=0,
    )
    declaration.status = outcome
    if validated:
        declaration.validated_version = version
    declaration.save()
    return declaration, version


@pytest.fixture
def national_data(authority_a, authority_b):
    """2025: Île-de-France (2,000 €, 1,700 ODA), Hauts-de-France (350 €, 250 ODA); 2024: Île-de-France 800 €.

    Out of every figure: a removed line, the working copy, Hauts-de-France's earlier version, a commune's
    declaration submitted but not validated.
    """
    senegal = CountryFactory(code="SN", iso3="SEN", name_fr="Sénégal", name_en="Senegal")
    armenia = CountryFactory(code="AM")
    korea = CountryFactory(code="KR", iso3="KOR", name_fr="Corée du Sud", name_en="South Korea")
    for country, category in ((senegal, "ldc"), (armenia, "oda"), (korea, "not_eligible")):
        OdaStatus.objects.create(country=country, year=2025, category=OdaCategory(category))
    a, version_a = declared(authority_a, 2025, region=authority_a)
    DeclarationLine.objects.bulk_create(
        [
            line(a, version_a, "1000.00", country=senegal, purpose_code="14030", description="=HYPERLINK(1)"),
            line(a, version_a, "500.00", country=armenia, purpose_code="15150", aid_type="D02"),
            line(a, version_a, "300.00", country=korea, oda=False, purpose_code="25010"),
            line(a, version_a, "200.00", recipient=Recipient.FRANCE, purpose_code="99820", aid_type="H01"),
        ]
    )
    removed = line(a, version_a, "999.00", country=senegal)
    removed.removed, removed.reason = True, "Counted twice"
    removed.save()
    line(a, None, "7777.00", country=senegal).save()  # the working copy
    b, old = declared(authority_b, 2025, region=authority_b)
    line(b, old, "4000.00", country=senegal).save()
    b, version_b = declared(authority_b, 2025, number=2, declaration=b)
    DeclarationLine.objects.bulk_create(
        [
            line(b, version_b, "250.00", recipient=Recipient.UNSPECIFIED, channel_code="22000"),
            line(b, version_b, "100.00", recipient=Recipient.MULTILATERAL, oda=False, aid_type="B02",
                 channel_code="47000"),
        ]
    )  # fmt: skip
    commune = AuthorityFactory(code="FR-COM-1", name="Commune pending", parent=authority_a)
    c, version_c = declared(commune, 2025, region=authority_a, validated=False)
    line(c, version_c, "5000.00", country=senegal).save()
    earlier, version_earlier = declared(authority_a, 2024, region=authority_a)
    line(earlier, version_earlier, "800.00", country=senegal).save()
    settle_totals()
    return {"SN": senegal, "AM": armenia, "KR": korea, "commune": commune}
