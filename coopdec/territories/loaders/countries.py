"""Countries from pycountry (ISO 3166-1) and babel (names), zones from UN M49, ODA categories from the DAC list."""

import csv
import gettext
from collections import defaultdict

import pycountry
from babel import Locale

from coopdec.lib.text import fold

from ..enums import OdaCategory, Zone
from ..models import Country, OdaStatus
from . import DATA_DIR

SUBREGION_ZONES = {
    "Northern Africa": Zone.NORTH_AFRICA,
    "Eastern Africa": Zone.SUB_SAHARAN_AFRICA,
    "Middle Africa": Zone.SUB_SAHARAN_AFRICA,
    "Southern Africa": Zone.SUB_SAHARAN_AFRICA,
    "Western Africa": Zone.SUB_SAHARAN_AFRICA,
    "Western Asia": Zone.MIDDLE_EAST,
    "Central Asia": Zone.ASIA,
    "Eastern Asia": Zone.ASIA,
    "South-eastern Asia": Zone.ASIA,
    "Southern Asia": Zone.ASIA,
    "Northern America": Zone.NORTH_AMERICA,
    "Caribbean": Zone.LATIN_AMERICA,
    "Central America": Zone.LATIN_AMERICA,
    "South America": Zone.LATIN_AMERICA,
    "Eastern Europe": Zone.EUROPE,
    "Northern Europe": Zone.EUROPE,
    "Southern Europe": Zone.EUROPE,
    "Western Europe": Zone.EUROPE,
    "Australia and New Zealand": Zone.OCEANIA,
    "Melanesia": Zone.OCEANIA,
    "Micronesia": Zone.OCEANIA,
    "Polynesia": Zone.OCEANIA,
}


def read_data_csv(name: str) -> list[dict]:
    """Rows of a CSV shipped in ``territories/data``, skipping the ``#`` comment lines of its header."""
    with open(DATA_DIR / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(line for line in handle if not line.startswith("#")))


def zone_for(code: str, subregions: dict[str, str]) -> str:
    if code == "AQ":
        return Zone.ANTARCTICA
    return SUBREGION_ZONES.get(subregions.get(code, ""), "")


def read_oda_statuses() -> dict[int, dict[str, str]]:
    """Year → {ISO alpha-2 → category} for the eligible countries of each year's DAC list."""
    years: dict[int, dict[str, str]] = defaultdict(dict)
    valid = set(OdaCategory.values)
    for row in read_data_csv("dac_oda_recipients.csv"):
        if row["category"] not in valid:
            raise ValueError(f"Unknown ODA category {row['category']!r} for {row['iso2']} in {row['year']}")
        years[int(row["year"])][row["iso2"]] = row["category"]
    return dict(years)


def country_records() -> list[dict]:
    """Every ISO 3166-1 country with its French, English and Arabic names and its zone."""
    french = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    names_fr, names_en, names_ar = (Locale(lang).territories for lang in ("fr", "en", "ar"))
    subregions = {row["iso2"]: row["subregion"] for row in read_data_csv("un_m49_subregions.csv")}
    records = []
    for country in pycountry.countries:
        code = country.alpha_2
        english = getattr(country, "common_name", None) or country.name
        name_en = names_en.get(code, english).replace(" & ", " and ")
        records.append(
            {
                "code": code,
                "iso3": country.alpha_3,
                "numeric": country.numeric,
                "name_fr": names_fr.get(code) or french.gettext(country.name),
                "name_en": name_en,
                "names": {"ar": names_ar[code]} if code in names_ar else {},
                "zone": zone_for(code, subregions),
            }
        )
    return records


def load_countries() -> int:
    """Create or update every country and its yearly ODA statuses; returns the number of countries."""
    statuses = read_oda_statuses()
    latest = statuses[max(statuses)] if statuses else {}
    existing = {country.code: country for country in Country.objects.all()}
    to_create, to_update = [], []
    fields = ["iso3", "numeric", "name_fr", "name_en", "names", "zone", "oda_category", "search_text"]
    for record in country_records():
        record["oda_category"] = latest.get(record["code"], OdaCategory.NOT_ELIGIBLE)
        # Country.save() would compute it, but bulk writes bypass save().
        record["search_text"] = fold(" ".join([record["name_fr"], record["name_en"], *record["names"].values()]))
        country = existing.get(record["code"])
        if country is None:
            to_create.append(Country(**record))
        elif any(getattr(country, field) != record[field] for field in fields):
            for field in fields:
                setattr(country, field, record[field])
            to_update.append(country)
    Country.objects.bulk_create(to_create)
    Country.objects.bulk_update(to_update, fields)
    load_oda_statuses(statuses)
    return len(existing) + len(to_create)


def load_oda_statuses(statuses: dict[int, dict[str, str]]) -> None:
    """One status per country and listed year; a country absent from a year's list is not eligible that year."""
    codes = list(Country.objects.values_list("code", flat=True))
    existing = {(status.country_id, status.year): status for status in OdaStatus.objects.filter(year__in=statuses)}
    to_create, to_update = [], []
    for year, categories in statuses.items():
        for code in codes:
            category = categories.get(code, OdaCategory.NOT_ELIGIBLE)
            status = existing.get((code, year))
            if status is None:
                to_create.append(OdaStatus(country_id=code, year=year, category=category))
            elif status.category != category:
                status.category = category
                to_update.append(status)
    OdaStatus.objects.bulk_create(to_create)
    OdaStatus.objects.bulk_update(to_update, ["category"])
