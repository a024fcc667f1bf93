"""The readable part of a sheet's URL, shared by the sheets and the open-data pages."""

from django.utils.text import slugify


def slug_of(item) -> str:
    """The readable part of a sheet's URL (the id alone finds the item; the slug is for people)."""
    return slugify(item.title)[:80].strip("-") or "-"
