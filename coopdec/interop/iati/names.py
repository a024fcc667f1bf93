"""IATI's element, attribute and code names the reader needs, without Django: the reading process imports only this.

``codes`` re-exports them beside the mappings onto coopdec's choices (which need Django's models).
"""

ACCEPTED_VERSIONS = ("2.01", "2.02", "2.03")

# coopdec's own extension namespace: attributes IATI allows on its elements (anyAttribute ##other),
# so that what IATI has no code for (a partner, an instrument) survives export → import.
NS = "https://coopdec.org/ns/iati/1"
C = f"{{{NS}}}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# OrganisationRole: 1 Funding, 2 Accountable, 3 Extending, 4 Implementing → ParticipantRole's values
# (codes.COOPDEC_ROLE checks them against the enum).
COOPDEC_ROLE = {"1": "funder", "2": "lead", "3": "partner", "4": "operator"}

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
