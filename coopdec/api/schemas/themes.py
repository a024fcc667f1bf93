"""Cooperation themes."""

from ninja import Schema


class ThemeOut(Schema):
    code: str
    label_fr: str
    label_en: str
    dac_codes: list[str]
    sdgs: list[int]
