"""How coopdec's choices map onto IATI codes, both ways (the tables of docs/iati.md)."""

from coopdec.organizations.enums import OrganizationKind
from coopdec.projects.enums import ParticipantRole

# coopdec's own extension namespace: attributes IATI allows on its elements (anyAttribute ##other),
# so that what IATI has no code for (a partner, an instrument) survives export → import.
NS = "https://coopdec.org/ns/iati/1"
C = f"{{{NS}}}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# OrganisationRole: 1 Funding, 2 Accountable, 3 Extending, 4 Implementing. IATI has no "partner" nor
# "beneficiary": they go out as implementing, and coopdec:role keeps the exact role.
IATI_ROLE = {
    ParticipantRole.FUNDER: "1",
    ParticipantRole.LEAD: "2",
    ParticipantRole.OPERATOR: "4",
    ParticipantRole.PARTNER: "4",
    ParticipantRole.BENEFICIARY: "4",
}
COOPDEC_ROLE = {
    "1": ParticipantRole.FUNDER,
    "2": ParticipantRole.LEAD,
    "3": ParticipantRole.PARTNER,
    "4": ParticipantRole.OPERATOR,
}

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

# ActivityDateType: 1 planned start, 2 actual start, 3 planned end, 4 actual end.
DATE_FIELDS = {"1": "planned_start", "2": "actual_start", "3": "planned_end", "4": "actual_end"}

COMMITMENT = "2"
DISBURSEMENT = "3"
DAC_VOCABULARY = "1"
THEME_VOCABULARY = "99"
GEONAMES = "G1"
POINT_SRS = "http://www.opengis.net/def/crs/EPSG/0/4326"
# The platform's theme list as an IATI sector vocabulary 99 ("reporting organisation's own").
THEME_VOCABULARY_URI = f"{NS}/themes"
