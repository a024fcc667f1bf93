"""Text normalisation for search: accent and case folding that works the same on every database."""

import re
import unicodedata

_SPACES = re.compile(r"[\s\-_'’`.,;:/()\[\]]+")


def fold(text: str) -> str:
    """Lower-case, strip accents, and collapse punctuation to single spaces.

    "Wilaya d'Alger" → "wilaya d alger"; "Île-de-France" → "ile de france"; non-Latin scripts are
    kept as they are (lower-cased), so "Ереван" and "الجزائر" stay searchable.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACES.sub(" ", stripped.casefold()).strip()
