"""How coopdec's choices map onto IATI codes, both ways (the tables of docs/iati.md)."""

from coopdec.organizations.enums import OrganizationKind
from coopdec.projects.enums import ParticipantRole

from . import names
from .names import (  # noqa: F401 — re-exported: the names the reader uses live in a Django-free module
    COMMITMENT,
    DAC_VOCABULARY,
    DATE_FIELDS,
    DISBURSEMENT,
    GEONAMES,
    NS,
    POINT_SRS,
    THEME_VOCABULARY,
    THEME_VOCABULARY_URI,
    XML_LANG,
    C,
)

# OrganisationRole: 1 Funding, 2 Accountable, 3 Extending, 4 Implementing. IATI has no "partner" nor
# "beneficiary": they go out as implementing, and coopdec:role keeps the exact role.
IATI_ROLE = {
    ParticipantRole.FUNDER: "1",
    ParticipantRole.LEAD: "2",
    ParticipantRole.OPERATOR: "4",
    ParticipantRole.PARTNER: "4",
    ParticipantRole.BENEFICIARY: "4",
}
COOPDEC_ROLE = {code: ParticipantRole(value) for code, value in names.COOPDEC_ROLE.items()}

ORG_TYPE = {
    OrganizationKind.COMPANY: "70",
    OrganizationKind.CLUSTER: "90",
    OrganizationKind.UNIVERSITY: "80",
    OrganizationKind.RESEARCH_LAB: "80",
    OrganizationKind.ASSOCIATION: "22",
    OrganizationKind.CHAMBER: "90",
    OrganizationKind.PUBLIC_AGENCY: "15",
    OrganizationKind.INTERNATIONAL: "40",
    OrganizationKind.EMBASSY: "10",
    OrganizationKind.NETWORK: "90",
    OrganizationKind.FUNDER: "60",
    OrganizationKind.GOVERNMENT: "10",
}
ORG_KIND = {
    "10": OrganizationKind.GOVERNMENT,
    "11": OrganizationKind.PUBLIC_AGENCY,
    "15": OrganizationKind.PUBLIC_AGENCY,
    "21": OrganizationKind.ASSOCIATION,
    "22": OrganizationKind.ASSOCIATION,
    "23": OrganizationKind.ASSOCIATION,
    "24": OrganizationKind.ASSOCIATION,
    "30": OrganizationKind.COMPANY,
    "40": OrganizationKind.INTERNATIONAL,
    "60": OrganizationKind.FUNDER,
    "70": OrganizationKind.COMPANY,
    "71": OrganizationKind.COMPANY,
    "72": OrganizationKind.COMPANY,
    "73": OrganizationKind.COMPANY,
    "80": OrganizationKind.UNIVERSITY,
}
DEFAULT_ORG_KIND = OrganizationKind.ASSOCIATION
