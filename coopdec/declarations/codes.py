"""The official codes a declaration's lines carry, and what the platform suggests for each kind of line.

Every code is an item of an official codelist (``lib/codelists.py``: AidType, CRSChannelCode, Sector, FlowType,
FinanceType); a suggestion is only a starting point the editor changes. docs/declaration.md lists them.
"""

from __future__ import annotations

from dataclasses import dataclass

from coopdec.organizations.enums import OrganizationKind
from coopdec.projects.enums import ProjectKind

from .enums import LineKind, Recipient

AID_TYPE, CHANNEL, SECTOR, FLOW_TYPE, FINANCE_TYPE = "AidType", "CRSChannelCode", "Sector", "FlowType", "FinanceType"
CODELISTS = (AID_TYPE, CHANNEL, SECTOR, FLOW_TYPE, FINANCE_TYPE)

ODA_FLOW = "10"  # FlowType: ODA
STANDARD_GRANT = "110"  # FinanceType: standard grant — what authorities give
LOCAL_GOVERNMENT = "11002"  # CRSChannelCode: (donor) local government — the authority itself
DONOR_NGO = "22000"  # donor country-based NGO
PUBLIC_SECTOR = "10000"  # public sector institutions
OTHER_MULTILATERAL = "47000"  # other multilateral institutions
UNIVERSITY = "51000"
PRIVATE_SECTOR = "60000"
CORE_MULTILATERAL = "B02"  # AidType: core contributions to multilateral institutions
SECTORS_NOT_SPECIFIED = "99810"

# The channel of a project carried out by an operator, from the operator's kind.
CHANNEL_OF_OPERATOR: dict[str, str] = {
    OrganizationKind.ASSOCIATION: DONOR_NGO,
    OrganizationKind.PUBLIC_AGENCY: PUBLIC_SECTOR,
    OrganizationKind.UNIVERSITY: UNIVERSITY,
    OrganizationKind.RESEARCH_LAB: UNIVERSITY,
    OrganizationKind.INTERNATIONAL: OTHER_MULTILATERAL,
    OrganizationKind.COMPANY: PRIVATE_SECTOR,
}

# The type of aid a project of each kind usually is.
AID_TYPE_OF_PROJECT_KIND: dict[str, str] = {
    ProjectKind.DEVELOPMENT: "C01",  # project-type interventions
    ProjectKind.ECONOMIC: "C01",
    ProjectKind.CULTURAL: "C01",
    ProjectKind.EDUCATION_RESEARCH: "D02",  # other technical assistance
    ProjectKind.INSTITUTIONAL_SUPPORT: "D02",
    ProjectKind.EMERGENCY_HUMANITARIAN: "C01",
    ProjectKind.AWARENESS: "H01",  # development awareness
}

# Spent in France and still ODA in the DAC's rules: awareness-raising, refugees in the donor country, scholarships
# and imputed student costs, administrative costs.
IN_DONOR_ODA_AID_TYPES = frozenset({"H01", "H02", "E01", "E02", "G01"})


@dataclass(frozen=True)
class Preset:
    """The codes a line added by hand starts with."""

    recipient: str = ""
    purpose_code: str = ""
    aid_type: str = ""
    channel_code: str = LOCAL_GOVERNMENT


ADDED_LINE_CODES: dict[str, Preset] = {
    LineKind.NGO_GRANT: Preset(aid_type="C01", channel_code=DONOR_NGO),
    LineKind.AWARENESS: Preset(Recipient.FRANCE, "99820", "H01"),
    LineKind.REFUGEES: Preset(Recipient.FRANCE, "93010", "H02"),
    LineKind.STUDENTS: Preset(Recipient.FRANCE, "11420", "E01"),
    LineKind.ADMINISTRATIVE: Preset(Recipient.FRANCE, "91010", "G01"),
    LineKind.OTHER: Preset(),
}
