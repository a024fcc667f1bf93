"""A country's name inside a sentence of the active language: « l’Arménie », « le Maroc », « les Comores » in French.

French puts the definite article before most country names (« plafond pour l’Arménie »); the reference data
holds the bare names. The rule of thumb (feminine when the name ends in -e, elided before a vowel, plural for the
names in -s) and its usual exceptions are here; other languages take the name as it is.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.conf import settings
from django.utils.translation import get_language

# Names that take no article (islands and city-states, mostly), masculine names ending in -e, plural names.
NO_ARTICLE = frozenset(
    {
        "Andorre", "Antigua-et-Barbuda", "Bahreïn", "Brunei", "Chypre", "Cuba", "Djibouti", "Haïti", "Israël",
        "Kiribati", "Macao", "Madagascar", "Malte", "Maurice", "Monaco", "Nauru", "Oman", "Porto Rico",
        "Saint-Kitts-et-Nevis", "Saint-Marin", "Saint-Vincent-et-les-Grenadines", "Sainte-Lucie", "Samoa",
        "Sao Tomé-et-Principe", "Singapour", "Sri Lanka", "Taïwan", "Tonga", "Trinité-et-Tobago", "Tuvalu",
        "Vanuatu", "Hong Kong",
    }
)  # fmt: skip
MASCULINE_IN_E = frozenset({"Belize", "Cambodge", "Mexique", "Mozambique", "Suriname", "Zimbabwe", "Zaïre"})
SINGULAR_IN_S = frozenset({"Honduras", "Laos", "Bélarus", "Belarus"})
VOWELS = tuple("AEIOUYÂÉÈÊÎÏÔÖÛÜ")


def with_article(name: str) -> str:
    """The French name with its definite article: ``Arménie`` → ``l’Arménie``, ``Maroc`` → ``le Maroc``."""
    if not name or name in NO_ARTICLE:
        return name
    head = name.split(" ")[0].split("-")[0]
    if (head.endswith("s") and name not in SINGULAR_IN_S) or head in {
        "Îles",
        "Fidji",
        "Palaos",
        "Seychelles",
        "Maldives",
        "Comores",
    }:
        return f"les {name}"
    if name.startswith(VOWELS):
        return f"l’{name}"
    if head.endswith("e") and head not in MASCULINE_IN_E:
        return f"la {name}"
    return f"le {name}"


def country_in_sentence(names: Mapping[str, str], fallback: str) -> str:
    """The country's name as a sentence of the active language uses it (``names``: language → name)."""
    language = (get_language() or settings.LANGUAGE_CODE)[:2]
    name = names.get(language) or names.get("fr") or fallback
    return with_article(name) if language == "fr" else name
