"""The NACE vocabulary: codes and English titles from ``naceconverter``, French labels of sections and divisions.

``naceconverter`` 1.0.1 ships **NACE Rev. 2.1** (Regulation (EU) 2023/137, in use since 2025: 22 sections A–V,
87 divisions, 287 groups, 651 classes) — not Rev. 2 (21 sections, 88 divisions, 615 classes). Most class codes
are the same in both; sections from J onwards and some classes (e.g. Rev. 2 62.01 → Rev. 2.1 62.10) differ.
The French labels below are INSEE's wording for the divisions of the NAF 2025 (NAF rév. 2.1), shortened where
INSEE's title runs long; groups and classes have English titles only.
"""

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources

NACE_REVISION = "2.1"

SECTIONS_FR = {
    "A": "Agriculture, sylviculture et pêche",
    "B": "Industries extractives",
    "C": "Industrie manufacturière",
    "D": "Production et distribution d'électricité, de gaz, de vapeur et d'air conditionné",
    "E": "Production et distribution d'eau ; assainissement, gestion des déchets et dépollution",
    "F": "Construction",
    "G": "Commerce de gros et de détail",
    "H": "Transports et entreposage",
    "I": "Hébergement et restauration",
    "J": "Édition, diffusion, production et distribution de contenus",
    "K": "Télécommunications, programmation et conseil informatiques, infrastructures informatiques "
    "et autres services d'information",
    "L": "Activités financières et d'assurance",
    "M": "Activités immobilières",
    "N": "Activités spécialisées, scientifiques et techniques",
    "O": "Activités de services administratifs et de soutien",
    "P": "Administration publique et défense ; sécurité sociale obligatoire",
    "Q": "Enseignement",
    "R": "Santé humaine et action sociale",
    "S": "Arts, sports et activités récréatives",
    "T": "Autres activités de services",
    "U": "Activités des ménages en tant qu'employeurs ; activités indifférenciées des ménages "
    "en tant que producteurs de biens et services pour usage propre",
    "V": "Activités extra-territoriales",
}

DIVISIONS_FR = {
    "01": "Culture et production animale, chasse et services annexes",
    "02": "Sylviculture et exploitation forestière",
    "03": "Pêche et aquaculture",
    "05": "Extraction de houille et de lignite",
    "06": "Extraction d'hydrocarbures",
    "07": "Extraction de minerais métalliques",
    "08": "Autres industries extractives",
    "09": "Services de soutien aux industries extractives",
    "10": "Industries alimentaires",
    "11": "Fabrication de boissons",
    "12": "Fabrication de produits à base de tabac",
    "13": "Fabrication de textiles",
    "14": "Industrie de l'habillement",
    "15": "Industrie du cuir et de la chaussure",
    "16": "Travail du bois et fabrication d'articles en bois et en liège, à l'exception des meubles ; "
    "fabrication d'articles en vannerie et sparterie",
    "17": "Industrie du papier et du carton",
    "18": "Imprimerie et reproduction d'enregistrements",
    "19": "Cokéfaction et raffinage",
    "20": "Industrie chimique",
    "21": "Industrie pharmaceutique",
    "22": "Fabrication de produits en caoutchouc et en plastique",
    "23": "Fabrication d'autres produits minéraux non métalliques",
    "24": "Métallurgie",
    "25": "Fabrication de produits métalliques, à l'exception des machines et des équipements",
    "26": "Fabrication de produits informatiques, électroniques et optiques",
    "27": "Fabrication d'équipements électriques",
    "28": "Fabrication de machines et équipements n.c.a.",
    "29": "Industrie automobile",
    "30": "Fabrication d'autres matériels de transport",
    "31": "Fabrication de meubles",
    "32": "Autres industries manufacturières",
    "33": "Réparation, entretien et installation de machines et d'équipements",
    "35": "Production et distribution d'électricité, de gaz, de vapeur et d'air conditionné",
    "36": "Captage, traitement et distribution d'eau",
    "37": "Collecte et traitement des eaux usées",
    "38": "Collecte, traitement et élimination des déchets ; récupération",
    "39": "Dépollution et autres services de gestion des déchets",
    "41": "Construction de bâtiments résidentiels et non résidentiels",
    "42": "Génie civil",
    "43": "Travaux de construction spécialisés",
    "46": "Commerce de gros",
    "47": "Commerce de détail",
    "49": "Transports terrestres et transport par conduites",
    "50": "Transports par eau",
    "51": "Transports aériens",
    "52": "Entreposage et services auxiliaires des transports",
    "53": "Activités de poste et de courrier",
    "55": "Hébergement",
    "56": "Restauration",
    "58": "Édition",
    "59": "Production de films cinématographiques, de vidéo et de programmes de télévision ; "
    "enregistrement sonore et édition musicale",
    "60": "Programmation, diffusion, agences de presse et autres activités de distribution de contenus",
    "61": "Télécommunications",
    "62": "Programmation, conseil et autres activités informatiques",
    "63": "Infrastructures informatiques, traitement de données, hébergement et autres services d'information",
    "64": "Activités des services financiers, hors assurance et caisses de retraite",
    "65": "Assurance, réassurance et caisses de retraite, à l'exclusion de la sécurité sociale obligatoire",
    "66": "Activités auxiliaires de services financiers et d'assurance",
    "68": "Activités immobilières",
    "69": "Activités juridiques et comptables",
    "70": "Activités des sièges sociaux ; conseil de gestion",
    "71": "Activités d'architecture et d'ingénierie ; activités de contrôle et analyses techniques",
    "72": "Recherche-développement scientifique",
    "73": "Publicité, études de marché et relations publiques",
    "74": "Autres activités spécialisées, scientifiques et techniques",
    "75": "Activités vétérinaires",
    "77": "Activités de location et location-bail",
    "78": "Activités liées à l'emploi",
    "79": "Activités des agences de voyage, voyagistes, services de réservation et activités connexes",
    "80": "Enquêtes et sécurité",
    "81": "Services relatifs aux bâtiments et aménagement paysager",
    "82": "Activités administratives et autres activités de soutien aux entreprises",
    "84": "Administration publique et défense ; sécurité sociale obligatoire",
    "85": "Enseignement",
    "86": "Activités pour la santé humaine",
    "87": "Hébergement médico-social et social",
    "88": "Action sociale sans hébergement",
    "90": "Création artistique et arts du spectacle",
    "91": "Bibliothèques, archives, musées et autres activités culturelles",
    "92": "Organisation de jeux de hasard et d'argent",
    "93": "Activités sportives, récréatives et de loisirs",
    "94": "Activités des organisations associatives",
    "95": "Réparation et maintenance d'ordinateurs, de biens personnels et domestiques, "
    "de véhicules automobiles et de motocycles",
    "96": "Services personnels",
    "97": "Activités des ménages en tant qu'employeurs de personnel domestique",
    "98": "Activités indifférenciées des ménages en tant que producteurs de biens et services pour usage propre",
    "99": "Activités des organisations et organismes extraterritoriaux",
}

# naceconverter's levels: 1 section, 2 division, 3 group, 4 class (5 is a national sub-class we do not use).
LEVELS = {"1": "section", "2": "division", "3": "group", "4": "class"}


@dataclass(frozen=True)
class NaceEntry:
    code: str
    parent: str
    level: str
    name_en: str
    name_fr: str


def nace_entries() -> Iterator[NaceEntry]:
    """Sections, divisions, groups and classes in the order ``naceconverter`` lists them (parents first)."""
    source = resources.files("naceconverter").joinpath("nacecodes.csv")
    with source.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter=";"):
            level = LEVELS.get(row["level"])
            if level is None:
                continue
            code = row["code"]
            yield NaceEntry(
                code=code,
                parent=row["parentCode"],
                level=level,
                name_en=row["name"],
                name_fr=SECTIONS_FR.get(code, "") if level == "section" else DIVISIONS_FR.get(code, ""),
            )


def division_of(code: str) -> str:
    return code[:2]


def group_of(code: str) -> str:
    return code[:4]
