"""The proportions and words the synthetic generator draws from, kept apart so a reader can judge them."""

from coopdec.partnerships.enums import PartnershipKind as PK
from coopdec.projects.enums import ProjectKind as K

TITLE_PREFIX = "[Synthétique] "
TITLE_PREFIX_EN = "[Synthetic] "

# Where French authorities' partners are, roughly in proportion to the partnerships the national atlas counts.
COUNTRY_WEIGHTS = {
    "MA": 10, "SN": 9, "BF": 8, "DE": 9, "ML": 5, "MG": 6, "TN": 6, "DZ": 4, "LB": 4, "AM": 3, "VN": 5, "CN": 5,
    "CA": 4, "PL": 4, "RO": 5, "IT": 6, "HT": 3, "BJ": 5, "CM": 4, "NE": 3, "ES": 4, "GB": 4, "BE": 3, "US": 3,
    "MR": 3, "CI": 3, "TG": 3, "GN": 2, "CD": 2, "KH": 2, "LA": 2, "PS": 2, "IL": 1, "JP": 2, "BR": 2, "CL": 1,
    "MX": 1, "PT": 2, "HU": 1, "CZ": 1, "UA": 2, "MD": 1, "RU": 1, "IN": 1, "KR": 1, "TD": 2, "CF": 1, "CG": 1,
    "GA": 1, "CV": 1, "KM": 1, "DJ": 1, "EG": 1, "JO": 1, "GE": 1, "BO": 1, "PE": 1, "NI": 1, "CU": 1, "AR": 1,
}  # fmt: skip
OTHER_COUNTRY_WEIGHT = 0.15
# Within Canada, French authorities' partners are overwhelmingly in Québec.
QUEBEC_BONUS = 8.0
NEIGHBOURS = {"DE", "BE", "LU", "CH", "IT", "ES", "AD", "MC", "GB"}

# How much more often than a commune of the same size each kind of French authority partners abroad.
FRENCH_LEVEL_FACTOR = {
    "region": 8.0,
    "sui_generis": 6.0,
    "overseas_collectivity": 5.0,
    "province": 4.0,
    "departement": 3.0,
    "epci": 1.5,
    "commune": 1.0,
    "syndicat": 0.5,
}
# Comparable tier: 0 regional, 1 intermediate, 2 local; partners are paired mostly within a tier.
TIER = {"regional": 0, "national": 0, "intermediate": 1, "local": 2, "grouping": 2}

# (kind, weight) among conventions, by whether both sides are local authorities.
PARTNERSHIP_KINDS_LOCAL = [
    (PK.TWINNING, 35), (PK.CONVENTION, 45), (PK.FRIENDSHIP, 8), (PK.DECLARATION_OF_INTENT, 7), (PK.INFORMAL, 5),
]  # fmt: skip
PARTNERSHIP_KINDS_OTHER = [
    (PK.CONVENTION, 60), (PK.FRAMEWORK_AGREEMENT, 15), (PK.DECLARATION_OF_INTENT, 15), (PK.INFORMAL, 5),
    (PK.TWINNING, 5),
]  # fmt: skip
PARTNERSHIP_TITLES = {
    PK.CONVENTION: ("Convention de coopération", "Cooperation convention"),
    PK.TWINNING: ("Jumelage", "Twinning"),
    PK.DECLARATION_OF_INTENT: ("Déclaration d'intention", "Declaration of intent"),
    PK.FRAMEWORK_AGREEMENT: ("Accord-cadre de coopération", "Cooperation framework agreement"),
    PK.FRIENDSHIP: ("Pacte d'amitié", "Friendship pact"),
    PK.INFORMAL: ("Contacts de coopération", "Cooperation contacts"),
}

AID_THEMES = [
    ("water-sanitation", 14), ("health", 8), ("education", 10), ("agriculture-food", 9), ("governance", 10),
    ("waste", 5), ("energy", 5), ("environment-climate", 6), ("gender-equality", 4), ("economic-development", 6),
    ("culture-francophonie", 5), ("youth-sport", 4), ("urban-planning", 4), ("migration-codevelopment", 3),
    ("global-citizenship", 3), ("transport", 1),
]  # fmt: skip
PEER_THEMES = [
    ("culture-francophonie", 12), ("economic-development", 12), ("youth-sport", 10), ("education", 8),
    ("higher-education-research", 7), ("innovation-digital", 6), ("tourism", 6), ("environment-climate", 6),
    ("urban-planning", 5), ("governance", 3), ("health", 3), ("energy", 2), ("transport", 2),
    ("global-citizenship", 2),
]  # fmt: skip

AID_PROJECT_KINDS = [
    (K.DEVELOPMENT, 45), (K.INSTITUTIONAL_SUPPORT, 20), (K.EDUCATION_RESEARCH, 10), (K.CULTURAL, 10),
    (K.ECONOMIC, 10), (K.AWARENESS, 5),
]  # fmt: skip
PEER_PROJECT_KINDS = [
    (K.CULTURAL, 30), (K.ECONOMIC, 25), (K.EDUCATION_RESEARCH, 25), (K.INSTITUTIONAL_SUPPORT, 10),
    (K.AWARENESS, 5), (K.DEVELOPMENT, 5),
]  # fmt: skip

# Median budget (euros) of a project by the lead authority's kind; budgets spread log-normally around it.
MEDIAN_BUDGET = {"region": 150_000, "sui_generis": 120_000, "departement": 80_000, "epci": 60_000}
DEFAULT_MEDIAN_BUDGET = 30_000

# What a project does, by theme: (French, English) with {place}.
PROJECT_TITLES = {
    "water-sanitation": [
        ("Accès à l'eau potable à {place}", "Access to drinking water in {place}"),
        ("Assainissement et hygiène à {place}", "Sanitation and hygiene in {place}"),
    ],
    "energy": [("Électrification solaire à {place}", "Solar electrification in {place}")],
    "waste": [("Gestion des déchets ménagers à {place}", "Household waste management in {place}")],
    "health": [("Appui au centre de santé de {place}", "Support to the health centre of {place}")],
    "education": [
        ("Construction et équipement d'écoles à {place}", "Building and equipping schools in {place}"),
        ("Formation professionnelle des jeunes de {place}", "Vocational training for the young people of {place}"),
    ],
    "culture-francophonie": [
        ("Échanges culturels avec {place}", "Cultural exchanges with {place}"),
        ("Médiathèque et francophonie à {place}", "Library and Francophonie in {place}"),
    ],
    "economic-development": [
        ("Mission d'entreprises à {place}", "Business mission to {place}"),
        ("Appui aux filières économiques de {place}", "Support to the economic sectors of {place}"),
    ],
    "agriculture-food": [
        ("Maraîchage et sécurité alimentaire à {place}", "Market gardening and food security in {place}"),
    ],
    "governance": [
        ("Appui à la maîtrise d'ouvrage communale de {place}", "Support to municipal project management in {place}"),
        ("Modernisation de l'état civil de {place}", "Modernising the civil registry of {place}"),
    ],
    "environment-climate": [("Plan climat et reboisement à {place}", "Climate plan and reforestation in {place}")],
    "urban-planning": [("Aménagement urbain durable de {place}", "Sustainable urban planning of {place}")],
    "innovation-digital": [("Coopération numérique avec {place}", "Digital cooperation with {place}")],
    "tourism": [("Développement du tourisme à {place}", "Tourism development in {place}")],
    "youth-sport": [("Échanges de jeunes avec {place}", "Youth exchanges with {place}")],
    "gender-equality": [("Autonomie économique des femmes à {place}", "Women's economic empowerment in {place}")],
    "migration-codevelopment": [
        ("Codéveloppement avec la diaspora de {place}", "Co-development with the diaspora of {place}"),
    ],
    "emergency-humanitarian": [("Aide d'urgence à {place}", "Emergency aid to {place}")],
    "higher-education-research": [("Partenariat universitaire avec {place}", "University partnership with {place}")],
    "transport": [("Mobilité et transports publics à {place}", "Mobility and public transport in {place}")],
    "global-citizenship": [
        ("Éducation à la citoyenneté mondiale avec {place}", "Global citizenship education with {place}")
    ],
}  # fmt: skip
