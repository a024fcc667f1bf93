"""The platform's cooperation themes: French and English labels, OECD DAC 5-digit purpose codes, SDGs.

The first DAC code of a theme is the one the IATI export reports when only one sector is wanted.
"""

THEMES: list[dict] = [
    {"code": "water-sanitation", "label_fr": "Eau et assainissement", "label_en": "Water and sanitation",
     "dac_codes": ["14030", "14020", "14010"], "sdgs": [6]},
    {"code": "energy", "label_fr": "Énergie", "label_en": "Energy",
     "dac_codes": ["23210", "23110", "23183"], "sdgs": [7]},
    {"code": "waste", "label_fr": "Déchets", "label_en": "Waste management",
     "dac_codes": ["14050"], "sdgs": [11, 12]},
    {"code": "health", "label_fr": "Santé", "label_en": "Health",
     "dac_codes": ["12220", "12110", "12230"], "sdgs": [3]},
    {"code": "education", "label_fr": "Éducation et formation", "label_en": "Education and training",
     "dac_codes": ["11110", "11220", "11330"], "sdgs": [4]},
    {"code": "culture-francophonie", "label_fr": "Culture et francophonie", "label_en": "Culture and Francophonie",
     "dac_codes": ["16061"], "sdgs": [4, 11]},
    {"code": "economic-development", "label_fr": "Développement économique", "label_en": "Economic development",
     "dac_codes": ["25010", "32130", "33110"], "sdgs": [8, 9]},
    {"code": "agriculture-food", "label_fr": "Agriculture et sécurité alimentaire",
     "label_en": "Agriculture and food security", "dac_codes": ["31120", "31110", "43071"], "sdgs": [2]},
    {"code": "governance", "label_fr": "Gouvernance et appui institutionnel",
     "label_en": "Governance and institutional support", "dac_codes": ["15112", "15110", "15150"], "sdgs": [16, 17]},
    {"code": "environment-climate", "label_fr": "Environnement et climat", "label_en": "Environment and climate",
     "dac_codes": ["41010", "41030", "43060"], "sdgs": [13, 15]},
    {"code": "urban-planning", "label_fr": "Urbanisme et aménagement durable",
     "label_en": "Sustainable urban planning", "dac_codes": ["43030", "16030"], "sdgs": [11]},
    {"code": "innovation-digital", "label_fr": "Innovation et numérique", "label_en": "Innovation and digital",
     "dac_codes": ["22040", "32182"], "sdgs": [9]},
    {"code": "tourism", "label_fr": "Tourisme", "label_en": "Tourism", "dac_codes": ["33210"], "sdgs": [8]},
    {"code": "youth-sport", "label_fr": "Jeunesse et sport", "label_en": "Youth and sport",
     "dac_codes": ["16065", "16020"], "sdgs": [4, 8]},
    {"code": "gender-equality", "label_fr": "Égalité femmes-hommes", "label_en": "Gender equality",
     "dac_codes": ["15170", "15180"], "sdgs": [5]},
    {"code": "migration-codevelopment", "label_fr": "Migrations et codéveloppement",
     "label_en": "Migration and co-development", "dac_codes": ["15190"], "sdgs": [10]},
    {"code": "emergency-humanitarian", "label_fr": "Aide humanitaire d'urgence",
     "label_en": "Emergency humanitarian aid", "dac_codes": ["72010", "72040", "73010"], "sdgs": [1, 11]},
    {"code": "higher-education-research", "label_fr": "Enseignement supérieur et recherche",
     "label_en": "Higher education and research", "dac_codes": ["11420", "43082"], "sdgs": [4, 9]},
    {"code": "transport", "label_fr": "Transports et mobilité", "label_en": "Transport and mobility",
     "dac_codes": ["21010", "21020", "21030"], "sdgs": [9, 11]},
    {"code": "global-citizenship", "label_fr": "Éducation à la citoyenneté mondiale",
     "label_en": "Global citizenship education", "dac_codes": ["99820"], "sdgs": [4, 17]},
]  # fmt: skip


def sync_themes(theme_model) -> int:
    """Create or update every theme of the vocabulary; returns how many there are."""
    for position, theme in enumerate(THEMES, start=1):
        theme_model.objects.update_or_create(code=theme["code"], defaults={**theme, "position": position})
    return len(THEMES)
