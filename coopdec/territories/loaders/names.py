"""Cleaning the names of the reference sources: ISO 3166-2 spellings, GeoNames alternate names, native scripts."""

import re
import unicodedata
from functools import cache

import pycountry
from babel.core import get_global

from coopdec.lib.text import fold

_BRACKETS = re.compile(r"\s*[\[(]([^\])]*)[\])]")
_CODE = re.compile(r"\b[A-Z]{2}-[A-Z0-9]+\b")
# "Madrid, Comunidad de" is ISO's way of sorting "Comunidad de Madrid" under M.
_INVERTED_HEADS = ("Région", "Región", "Comunidad", "Principado", "Hlavní město", "Unitatea", "unitatea", "Région de")
_LATIN = re.compile(r"^[\u0020-\u024F\u1E00-\u1EFF\u2018-\u201F]+$")
# A few ISO 15924 scripts whose Unicode character names start differently from the script's name.
_SCRIPT_WORDS = {"Hans": "CJK", "Hant": "CJK", "Jpan": "CJK", "Kore": "HANGUL", "Arab": "ARABIC", "Cyrl": "CYRILLIC"}


def clean_subdivision_name(raw: str) -> tuple[str, list[str]]:
    """The display name of an ISO 3166-2 subdivision and the alternates hidden in its spelling.

    "Catalunya [Cataluña]" → ("Catalunya", ["Cataluña"]); "Madrid, Comunidad de" → ("Comunidad de Madrid",
    ["Madrid", "Madrid, Comunidad de"]); "Wales [Cymru GB-CYM]" → ("Wales", ["Cymru"]).
    """
    alternates = [" ".join(_CODE.sub("", inner).split()) for inner in _BRACKETS.findall(raw)]
    name = " ".join(_BRACKETS.sub("", raw).split())
    if ", " in name:
        head, tail = name.split(", ", 1)
        if tail.startswith(_INVERTED_HEADS):
            alternates.append(head)
            name = f"{tail} {head}"
    alternates = [alternate for alternate in alternates if alternate and alternate != name]
    if name != raw:
        alternates.append(raw)
    return name, alternates


def is_latin(text: str) -> bool:
    return bool(_LATIN.match(text))


@cache
def native_script_word(country_code: str) -> str:
    """First word of the Unicode character names of the country's usual script ("ARMENIAN" for AM), "" for Latin."""
    likely = get_global("likely_subtags").get(f"und_{country_code}", "")
    parts = likely.split("_")
    script = parts[1] if len(parts) > 2 else ""
    if not script or script == "Latn":
        return ""
    if script in _SCRIPT_WORDS:
        return _SCRIPT_WORDS[script]
    record = pycountry.scripts.get(alpha_4=script)
    return record.name.split()[0].upper() if record else ""


def _script_word(text: str) -> str:
    for char in text:
        if char.isalpha():
            return unicodedata.name(char, "").split(" ")[0]
    return ""


def useful_alternates(
    names: list[str], country_code: str, *, latin_limit: int = 30, native_limit: int = 5
) -> list[str]:
    """GeoNames alternate names worth searching: Latin-script spellings and names in the country's own script.

    Airport and station codes ("EVN"), lower-case transliterations ("ma li ge") and names in unrelated
    scripts are left out.
    """
    latin: list[str] = []
    native: list[str] = []
    script = native_script_word(country_code)
    for name in names:
        if len(name) > 60 or "  " in name:
            continue
        if is_latin(name):
            if name[:1].isupper() and not name.isupper() and len(latin) < latin_limit:
                latin.append(name)
        elif script and len(native) < native_limit and _script_word(name) == script:
            native.append(name)
    return latin + native


def match_keys(name: str) -> set[str]:
    """Folded forms under which a city-like subdivision may be known.

    "Seoul-teukbyeolsi" → {"seoul teukbyeolsi", "seoul"}; "Horad Minsk" → {"horad minsk", "minsk"}.
    """
    folded = fold(name)
    keys = {folded}
    for prefix in ("horad ", "grad ", "city of ", "ciudad autonoma de ", "distrito capital de "):
        if folded.startswith(prefix):
            keys.add(folded.removeprefix(prefix))
    for suffix in (" teukbyeolsi", " gwangyeoksi", " shaary", " shi", " city", " hlavni mesto"):
        if folded.endswith(suffix):
            keys.add(folded.removesuffix(suffix))
    return keys
