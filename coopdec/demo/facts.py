"""The public facts the demonstration dataset is built from, as plain data (sources in docs/demo-data.md).

Authorities and countries are named by their reference codes (``manage.py load_reference``); the demo never
creates them. Organisations are demo objects and are named here by a stable key.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from coopdec.organizations.enums import OrganizationKind
from coopdec.partnerships.enums import AffiliationStatus, LegalForm, PartnershipKind, PartnershipMode, PartnershipStatus
from coopdec.partnerships.enums import PartyRole as P
from coopdec.projects.enums import Instrument, ParticipantRole, ProjectKind, ProjectStatus

DEMO_LABEL = "Données de démonstration"

# Reference authorities the facts need: code → the name a reader expects (used in the "missing" error).
AUTHORITIES = {
    "FR-REG-11": "Île-de-France",
    "FR-REG-32": "Hauts-de-France (ex-Nord-Pas de Calais)",
    "FR-COM-59350": "Lille",
    "FR-OM-977": "Saint-Barthélemy",
    "FR-OM-978": "Saint-Martin",
    "FR-OM-988": "Nouvelle-Calédonie",
    "AM-ER": "Erevan",
    "CN-ZJ": "Zhejiang",
    "DZ-16": "Alger (wilaya)",
    "TN-11": "Tunis (gouvernorat)",
    "KR-41": "Gyeonggi",
    "MA-06": "Casablanca-Settat",
    "ES-CT": "Catalogne",
    "CA-QC": "Québec",
    "BR-MG": "Minas Gerais",
    "MA-07": "Marrakech-Safi",
    "TN-61": "Sfax (gouvernorat)",
    "DZ-13": "Tlemcen (wilaya)",
    "LB-BA": "Beyrouth (gouvernorat)",
    "PL-24": "Silésie (Śląskie)",
    "DE-NW": "Rhénanie-du-Nord-Westphalie",
    "GEONAMES-282615": "Naplouse",
    "GEONAMES-2540483": "Oujda",
    "GEONAMES-2475687": "Tlemcen (ville)",
}

# Reference countries the facts need as States (parties), seats or delegates' posts.
COUNTRIES = {
    "FR": "France",
    "AU": "Australie",
    "NZ": "Nouvelle-Zélande",
    "JP": "Japon",
    "VU": "Vanuatu",
    "FJ": "Fidji",
    "PG": "Papouasie-Nouvelle-Guinée",
    "NC": "Nouvelle-Calédonie",
    "WS": "Samoa",
    "BE": "Belgique",
}


@dataclass(frozen=True)
class OrganizationFact:
    key: str  # stable: the demo looks organisations up by (name, is_demo)
    name: str
    kind: str
    acronym: str = ""
    country: str | None = None
    authority: str | None = None
    description: str = ""
    website: str = ""


@dataclass(frozen=True)
class PartyFact:
    role: str = P.SIGNATORY
    authority: str | None = None
    organization: str | None = None
    country: str | None = None


@dataclass(frozen=True)
class PartnershipFact:
    title: str
    title_en: str
    kind: str
    status: str
    parties: tuple[PartyFact, ...]
    description: str
    themes: tuple[str, ...] = ()
    mode: str = PartnershipMode.PEER
    legal_form: str = ""
    signed_on: date | None = None
    starts_on: date | None = None
    renewal_of: str | None = None  # title of the partnership it renews
    planned_commitment: Decimal | None = None


@dataclass(frozen=True)
class FundingFact:
    instrument: str
    amount: Decimal
    funder_authority: str | None = None
    value_date: date | None = None


@dataclass(frozen=True)
class DisbursementFact:
    """Money paid out in a year; no payment day is given where none is known."""

    year: int
    amount: Decimal
    paid_on: date | None = None


# Public sources give the cooperation, not what the Région paid in 2025: these amounts are synthetic, said so on
# the project's page, so that the yearly declaration of 2025 opens with something to show (docs/demo-data.md).
SYNTHETIC_2025 = (
    "Versement 2025 : montant synthétique (illustratif, non publié par la Région), pour la démonstration de la "
    "déclaration annuelle."
)


@dataclass(frozen=True)
class ParticipantFact:
    role: str
    authority: str | None = None
    organization: str | None = None


@dataclass(frozen=True)
class ProjectFact:
    slug: str  # the project's IATI identifier is FR-DEMO-<slug>
    title: str
    title_en: str
    description: str
    kind: str
    lead: str
    status: str
    themes: tuple[str, ...] = ()
    partnership: str | None = None  # title of its partnership
    participants: tuple[ParticipantFact, ...] = ()
    place_authorities: tuple[str, ...] = ()
    actual_start: date | None = None
    budget: Decimal | None = None
    fundings: tuple[FundingFact, ...] = field(default=())
    disbursements: tuple[DisbursementFact, ...] = field(default=())


@dataclass(frozen=True)
class AffiliationFact:
    authority: str
    organization: str
    status: str = AffiliationStatus.MEMBER
    since: date | None = None
    notes: str = ""


@dataclass(frozen=True)
class DelegateFact:
    authority: str
    country: str
    post: str
    host_organization: str
    person: str = "Délégué(e) pour la Nouvelle-Calédonie"
    starts_on: date | None = None


IDF, HDF, NC = "FR-REG-11", "FR-REG-32", "FR-OM-988"
K = OrganizationKind

ORGANIZATIONS = [
    OrganizationFact(
        "CE-CPLP",
        "Confédération des entreprises de la Communauté des pays de langue portugaise",
        K.CHAMBER,
        acronym="CE-CPLP",
        description="Confédération d'entreprises des pays de langue portugaise. " + DEMO_LABEL + ".",
    ),
    OrganizationFact(
        "CD2E",
        "Création Développement Éco-Entreprises",
        K.CLUSTER,
        acronym="CD2E",
        country="FR",
        authority=HDF,
        description="Pôle d'excellence des éco-industries, à Loos-en-Gohelle. " + DEMO_LABEL + ".",
    ),
    OrganizationFact(
        "EURATECHNOLOGIES",
        "EuraTechnologies",
        K.CLUSTER,
        country="FR",
        authority="FR-COM-59350",
        description="Pôle d'excellence du numérique et incubateur, à Lille. " + DEMO_LABEL + ".",
    ),
    OrganizationFact(
        "SPC",
        "Communauté du Pacifique",
        K.INTERNATIONAL,
        acronym="CPS",
        country="NC",
        description="Pacific Community (SPC), siège à Nouméa. " + DEMO_LABEL + ".",
    ),
    OrganizationFact(
        "PIF",
        "Forum des îles du Pacifique",
        K.INTERNATIONAL,
        acronym="FIP",
        country="FJ",
        description="Pacific Islands Forum (PIF), secrétariat à Suva. " + DEMO_LABEL + ".",
    ),
    OrganizationFact(
        "SPREP",
        "Programme régional océanien de l'environnement",
        K.INTERNATIONAL,
        acronym="PROE",
        country="WS",
        description="Secretariat of the Pacific Regional Environment Programme (SPREP), à Apia. " + DEMO_LABEL + ".",
    ),
    OrganizationFact(
        "OCTA",
        "Association des pays et territoires d'outre-mer de l'Union européenne",
        K.INTERNATIONAL,
        acronym="OCTA",
        country="BE",
        description="Overseas Countries and Territories Association (OCTA), à Bruxelles. " + DEMO_LABEL + ".",
    ),
    OrganizationFact(
        "EU",
        "Union européenne",
        K.INTERNATIONAL,
        acronym="UE",
        country="BE",
        description="Union européenne (Commission européenne), partenaire des pays et territoires d'outre-mer. "
        + DEMO_LABEL
        + ".",
    ),
    *[
        OrganizationFact(
            f"EMBASSY-{code}",
            f"Ambassade de France {where}",
            K.EMBASSY,
            country=code,
            description=f"Ambassade de France {where}, à {city}. {DEMO_LABEL}.",
        )
        for code, where, city in [
            ("NZ", "en Nouvelle-Zélande", "Wellington"),
            ("AU", "en Australie", "Canberra"),
            ("FJ", "aux Fidji", "Suva"),
            ("VU", "au Vanuatu", "Port-Vila"),
            ("PG", "en Papouasie-Nouvelle-Guinée", "Port Moresby"),
        ]
    ],
]

PS, PT = PartnershipStatus, PartnershipKind
YEREVAN_2011 = "Coopération Île-de-France – Erevan (2011)"
YEREVAN_2018 = "Accord de coopération Île-de-France – Erevan (2018)"
CATALONIA = "Accord de coopération Île-de-France – Catalogne (2016)"


def _bilateral(french: str, foreign: str, **kwargs) -> tuple[PartyFact, ...]:
    return (PartyFact(authority=french), PartyFact(authority=foreign, role=kwargs.get("role", P.SIGNATORY)))


def _idf_agreement(title, title_en, foreign, year, themes=(), **kwargs) -> PartnershipFact:
    return PartnershipFact(
        title=title,
        title_en=title_en,
        kind=PT.CONVENTION,
        status=PS.IN_FORCE,
        parties=_bilateral(IDF, foreign),
        description=f"Accord de coopération signé en {year}. {DEMO_LABEL} : l'année est exacte, "
        "le jour de début (1er janvier) est conventionnel.",
        themes=themes,
        legal_form=LegalForm.INTERREGIONAL,
        starts_on=date(year, 1, 1),
        **kwargs,
    )


def _hdf_agreement(title, title_en, foreign, description, themes, mode=PartnershipMode.PEER, **kwargs):
    return PartnershipFact(
        title=title,
        title_en=title_en,
        kind=PT.CONVENTION,
        status=PS.IN_FORCE,
        parties=_bilateral(HDF, foreign),
        description=f"{description} {DEMO_LABEL}.",
        themes=themes,
        mode=mode,
        legal_form=LegalForm.DEVELOPMENT_AID if mode == PartnershipMode.DEVELOPMENT_AID else LegalForm.INTERREGIONAL,
        **kwargs,
    )


def _nc_state(country: str, name: str, name_en: str, **kwargs) -> PartnershipFact:
    return PartnershipFact(
        title=f"Coopération bilatérale Nouvelle-Calédonie – {name}",
        title_en=f"New Caledonia – {name_en} bilateral cooperation",
        kind=kwargs.pop("kind", PT.CONVENTION),
        status=PS.IN_FORCE,
        parties=(PartyFact(authority=NC), PartyFact(country=country, role=P.PARTNER)),
        description=kwargs.pop(
            "description",
            f"Coopération régionale de la Nouvelle-Calédonie avec l'État ({name}), menée par son service de la "
            f"coopération régionale et des relations extérieures. {DEMO_LABEL} : la forme de l'accord est "
            "illustrative, aucune date n'est renseignée.",
        ),
        legal_form=LegalForm.REGIONAL_COOPERATION,
        **kwargs,
    )


PARTNERSHIPS = [
    # Île-de-France
    PartnershipFact(
        title=YEREVAN_2011,
        title_en="Île-de-France – Yerevan cooperation (2011)",
        kind=PT.CONVENTION,
        status=PS.ENDED,
        parties=_bilateral(IDF, "AM-ER"),
        description="Coopération engagée en 2011 avec la ville d'Erevan, prolongée par le nouvel accord de 2018. "
        f"{DEMO_LABEL} : l'année est exacte, le jour de début (1er janvier) est conventionnel.",
        themes=("culture-francophonie",),
        legal_form=LegalForm.INTERREGIONAL,
        starts_on=date(2011, 1, 1),
    ),
    PartnershipFact(
        title=YEREVAN_2018,
        title_en="Île-de-France – Yerevan cooperation agreement (2018)",
        kind=PT.CONVENTION,
        status=PS.IN_FORCE,
        parties=_bilateral(IDF, "AM-ER"),
        description="Nouvel accord signé le 19 novembre 2018 : innovation et nouvelles technologies ; culture, "
        f"éducation et francophonie ; urbanisme durable. {DEMO_LABEL}.",
        themes=("innovation-digital", "culture-francophonie", "education", "urban-planning"),
        legal_form=LegalForm.INTERREGIONAL,
        signed_on=date(2018, 11, 19),
        starts_on=date(2018, 11, 19),
        renewal_of=YEREVAN_2011,
    ),
    PartnershipFact(
        title="Accord de coopération Île-de-France – Zhejiang (2018)",
        title_en="Île-de-France – Zhejiang cooperation agreement (2018)",
        kind=PT.CONVENTION,
        status=PS.IN_FORCE,
        parties=_bilateral(IDF, "CN-ZJ"),
        description=f"Accord signé en juin 2018 avec la province du Zhejiang. {DEMO_LABEL} : le mois est exact, "
        "le jour (1er juin) est conventionnel.",
        legal_form=LegalForm.INTERREGIONAL,
        starts_on=date(2018, 6, 1),
    ),
    _idf_agreement(
        "Accord de coopération Île-de-France – Wilaya d'Alger (2017)",
        "Île-de-France – Wilaya of Algiers cooperation agreement (2017)",
        "DZ-16",
        2017,
    ),
    _idf_agreement(
        "Accord de coopération Île-de-France – Grand Tunis (2017)",
        "Île-de-France – Greater Tunis cooperation agreement (2017)",
        "TN-11",
        2017,
    ),
    _idf_agreement(
        "Accord de coopération Île-de-France – Gyeonggi (2016)",
        "Île-de-France – Gyeonggi cooperation agreement (2016)",
        "KR-41",
        2016,
    ),
    _idf_agreement(
        "Accord de coopération Île-de-France – Casablanca-Settat (2016)",
        "Île-de-France – Casablanca-Settat cooperation agreement (2016)",
        "MA-06",
        2016,
    ),
    _idf_agreement(
        CATALONIA,
        "Île-de-France – Catalonia cooperation agreement (2016)",
        "ES-CT",
        2016,
        themes=("health", "innovation-digital", "economic-development"),
    ),
    PartnershipFact(
        title="Déclaration d'intention Île-de-France – CE-CPLP (2017)",
        title_en="Île-de-France – CE-CPLP declaration of intent (2017)",
        kind=PT.DECLARATION_OF_INTENT,
        status=PS.IN_FORCE,
        parties=(PartyFact(authority=IDF), PartyFact(organization="CE-CPLP")),
        description="Déclaration d'intention avec la Confédération des entreprises de la Communauté des pays de "
        f"langue portugaise, juillet 2017. {DEMO_LABEL} : le mois est exact, le jour (1er juillet) est "
        "conventionnel.",
        themes=("economic-development",),
        starts_on=date(2017, 7, 1),
    ),
    # Nord-Pas de Calais, now Hauts-de-France: decentralised economic cooperation
    _hdf_agreement(
        "Coopération Nord-Pas de Calais – Québec",
        "Nord-Pas de Calais – Québec cooperation",
        "CA-QC",
        "Coopération économique avec le Québec (éco-industries, avec le CD2E).",
        ("economic-development", "environment-climate"),
    ),
    _hdf_agreement(
        "Accord de coopération Nord-Pas de Calais – Minas Gerais (2009)",
        "Nord-Pas de Calais – Minas Gerais cooperation agreement (2009)",
        "BR-MG",
        "Accord signé en 2009 avec l'État du Minas Gerais : reconversion des territoires miniers, recherche, "
        "échanges économiques. L'année est exacte, le jour de début (1er janvier) est conventionnel.",
        ("economic-development", "urban-planning", "higher-education-research"),
        starts_on=date(2009, 1, 1),
    ),
    _hdf_agreement(
        "Coopération Nord-Pas de Calais – Marrakech-Safi (ex-Doukkala-Abda)",
        "Nord-Pas de Calais – Marrakech-Safi cooperation (formerly Doukkala-Abda)",
        "MA-07",
        "Coopération engagée en 2005 avec la région de Doukkala-Abda, partagée depuis 2015 entre Casablanca-Settat "
        "et Marrakech-Safi ; la région partenaire retenue ici est illustrative. Le jour de début est conventionnel.",
        ("economic-development", "tourism"),
        mode=PartnershipMode.DEVELOPMENT_AID,
        starts_on=date(2005, 1, 1),
    ),
    _hdf_agreement(
        "Coopération Nord-Pas de Calais – Sfax (illustrative)",
        "Nord-Pas de Calais – Sfax cooperation (illustrative)",
        "TN-61",
        "Coopération économique avec la Tunisie (éco-industries, avec le CD2E) ; le gouvernorat partenaire est "
        "illustratif.",
        ("economic-development", "environment-climate"),
        mode=PartnershipMode.DEVELOPMENT_AID,
    ),
    _hdf_agreement(
        "Coopération Nord-Pas de Calais – Tlemcen (illustrative)",
        "Nord-Pas de Calais – Tlemcen cooperation (illustrative)",
        "DZ-13",
        "Coopération économique avec l'Algérie ; la wilaya partenaire est illustrative (la ville de Lille a un "
        "accord-cadre avec la ville de Tlemcen).",
        ("economic-development", "innovation-digital"),
        mode=PartnershipMode.DEVELOPMENT_AID,
    ),
    _hdf_agreement(
        "Coopération Nord-Pas de Calais – Beyrouth (illustrative)",
        "Nord-Pas de Calais – Beirut cooperation (illustrative)",
        "LB-BA",
        "Coopération économique avec le Liban ; le gouvernorat partenaire est illustratif.",
        ("economic-development",),
        mode=PartnershipMode.DEVELOPMENT_AID,
    ),
    PartnershipFact(
        title="Accord de coopération Nord-Pas de Calais – Silésie (1999)",
        title_en="Nord-Pas de Calais – Silesia cooperation agreement (1999)",
        kind=PT.CONVENTION,
        status=PS.ENDED,
        parties=_bilateral(HDF, "PL-24"),
        description=f"Accord signé à Katowice le 16 juillet 1999 avec la voïvodie de Silésie. {DEMO_LABEL}.",
        themes=("economic-development", "urban-planning"),
        legal_form=LegalForm.INTERREGIONAL,
        signed_on=date(1999, 7, 16),
        starts_on=date(1999, 7, 16),
    ),
    PartnershipFact(
        title="Accord de coopération Nord-Pas de Calais – Silésie (2012)",
        title_en="Nord-Pas de Calais – Silesia cooperation agreement (2012)",
        kind=PT.CONVENTION,
        status=PS.IN_FORCE,
        parties=_bilateral(HDF, "PL-24"),
        description=f"Nouvel accord signé à Katowice le 18 juillet 2012. {DEMO_LABEL}.",
        themes=("economic-development", "urban-planning"),
        legal_form=LegalForm.INTERREGIONAL,
        signed_on=date(2012, 7, 18),
        starts_on=date(2012, 7, 18),
        renewal_of="Accord de coopération Nord-Pas de Calais – Silésie (1999)",
    ),
    PartnershipFact(
        title="Accord de coopération Hauts-de-France – Rhénanie-du-Nord-Westphalie (2021)",
        title_en="Hauts-de-France – North Rhine-Westphalia cooperation agreement (2021)",
        kind=PT.CONVENTION,
        status=PS.IN_FORCE,
        parties=_bilateral(HDF, "DE-NW"),
        description="Coopération renouvelée le 9 juillet 2021 à Aix-la-Chapelle : langues, mobilité des jeunes, "
        f"économie et innovation, reconversion des anciens bassins charbonniers, climat. {DEMO_LABEL}.",
        themes=("economic-development", "innovation-digital", "youth-sport", "environment-climate"),
        legal_form=LegalForm.INTERREGIONAL,
        signed_on=date(2021, 7, 9),
        starts_on=date(2021, 7, 9),
    ),
    # New Caledonia: regional cooperation with the States of the region, and the EU
    _nc_state("AU", "Australie", "Australia"),
    _nc_state(
        "NZ",
        "Nouvelle-Zélande",
        "New Zealand",
        description="Plan conjoint de coopération Nouvelle-Calédonie – Nouvelle-Zélande signé le 10 septembre 2016 : "
        "économie et commerce, éducation, santé, sport, environnement, recherche et innovation. " + DEMO_LABEL + ".",
        kind=PT.FRAMEWORK_AGREEMENT,
        signed_on=date(2016, 9, 10),
        starts_on=date(2016, 9, 10),
        themes=("economic-development", "education", "health", "environment-climate", "higher-education-research"),
    ),
    _nc_state("JP", "Japon", "Japan"),
    _nc_state("VU", "Vanuatu", "Vanuatu"),
    _nc_state("FJ", "Fidji", "Fiji"),
    _nc_state("PG", "Papouasie-Nouvelle-Guinée", "Papua New Guinea"),
    PartnershipFact(
        title="Nouvelle-Calédonie – Union européenne : pays et territoire d'outre-mer (FED)",
        title_en="New Caledonia – European Union: overseas country and territory (EDF)",
        kind=PT.FRAMEWORK_AGREEMENT,
        status=PS.IN_FORCE,
        parties=(PartyFact(authority=NC), PartyFact(organization="EU", role=P.PARTNER)),
        description="Relation de la Nouvelle-Calédonie avec l'Union européenne comme pays et territoire d'outre-mer "
        "(PTOM) : enveloppe territoriale du Fonds européen de développement. " + DEMO_LABEL + " : le montant de "
        "l'enveloppe n'est pas renseigné faute de chiffre sûr.",
        mode=PartnershipMode.DEVELOPMENT_AID,
        legal_form=LegalForm.REGIONAL_COOPERATION,
    ),
]

PROJECTS = [
    ProjectFact(
        slug="idf-irma-saint-barthelemy",
        title="Aide d'urgence à Saint-Barthélemy après l'ouragan Irma",
        title_en="Emergency aid to Saint-Barthélemy after hurricane Irma",
        description="Aide humanitaire d'urgence de 100 000 € votée le 21 septembre 2017 par la Région Île-de-France "
        "sur son fonds d'aide humanitaire, élargi aux outre-mer. " + DEMO_LABEL + ".",
        kind=ProjectKind.EMERGENCY_HUMANITARIAN,
        lead=IDF,
        status=ProjectStatus.CLOSED,
        themes=("emergency-humanitarian",),
        participants=(ParticipantFact(ParticipantRole.BENEFICIARY, authority="FR-OM-977"),),
        place_authorities=("FR-OM-977",),
        actual_start=date(2017, 9, 21),
        budget=Decimal("100000"),
        fundings=(FundingFact(Instrument.EMERGENCY_FUND, Decimal("100000"), IDF, date(2017, 9, 21)),),
    ),
    ProjectFact(
        slug="idf-irma-saint-martin",
        title="Aide d'urgence à Saint-Martin après l'ouragan Irma",
        title_en="Emergency aid to Saint-Martin after hurricane Irma",
        description="Aide humanitaire d'urgence de 100 000 € votée le 21 septembre 2017 par la Région Île-de-France "
        "sur son fonds d'aide humanitaire, élargi aux outre-mer. " + DEMO_LABEL + ".",
        kind=ProjectKind.EMERGENCY_HUMANITARIAN,
        lead=IDF,
        status=ProjectStatus.CLOSED,
        themes=("emergency-humanitarian",),
        participants=(ParticipantFact(ParticipantRole.BENEFICIARY, authority="FR-OM-978"),),
        place_authorities=("FR-OM-978",),
        actual_start=date(2017, 9, 21),
        budget=Decimal("100000"),
        fundings=(FundingFact(Instrument.EMERGENCY_FUND, Decimal("100000"), IDF, date(2017, 9, 21)),),
    ),
    ProjectFact(
        slug="idf-catalonia-2017",
        title="Coopération économique Île-de-France – Catalogne : biomédical, jeux vidéo, cybersécurité, usine du "
        "futur",
        title_en="Île-de-France – Catalonia economic cooperation: biomedical, video games, cybersecurity, factory of "
        "the future",
        description="Programme de coopération engagé en 2017 avec le Gouvernement de Catalogne sur quatre filières. "
        + DEMO_LABEL
        + " : aucun budget n'est renseigné. "
        + SYNTHETIC_2025,
        kind=ProjectKind.ECONOMIC,
        lead=IDF,
        status=ProjectStatus.IMPLEMENTATION,
        themes=("health", "innovation-digital", "economic-development"),
        partnership=CATALONIA,
        participants=(ParticipantFact(ParticipantRole.PARTNER, authority="ES-CT"),),
        place_authorities=("ES-CT",),
        actual_start=date(2017, 1, 1),
        disbursements=(DisbursementFact(2025, Decimal("25000")),),
    ),
    ProjectFact(
        slug="idf-yerevan-2018",
        title="Coopération Île-de-France – Erevan : culture, éducation et francophonie",
        title_en="Île-de-France – Yerevan cooperation: culture, education and Francophonie",
        description="Actions menées au titre de l'accord du 19 novembre 2018 avec la ville d'Erevan (culture, "
        f"éducation et francophonie). {DEMO_LABEL} : le projet regroupe les actions de l'accord. " + SYNTHETIC_2025,
        kind=ProjectKind.DEVELOPMENT,
        lead=IDF,
        status=ProjectStatus.IMPLEMENTATION,
        themes=("culture-francophonie", "education"),
        partnership=YEREVAN_2018,
        participants=(ParticipantFact(ParticipantRole.PARTNER, authority="AM-ER"),),
        place_authorities=("AM-ER",),
        actual_start=date(2018, 11, 19),
        disbursements=(DisbursementFact(2025, Decimal("40000")),),
    ),
    ProjectFact(
        slug="idf-gyeonggi-2016",
        title="Coopération Île-de-France – Gyeonggi : innovation et numérique",
        title_en="Île-de-France – Gyeonggi cooperation: innovation and digital",
        description="Actions menées au titre de l'accord de 2016 avec la province de Gyeonggi. "
        f"{DEMO_LABEL} : le projet regroupe les actions de l'accord. " + SYNTHETIC_2025,
        kind=ProjectKind.ECONOMIC,
        lead=IDF,
        status=ProjectStatus.IMPLEMENTATION,
        themes=("innovation-digital",),
        partnership="Accord de coopération Île-de-France – Gyeonggi (2016)",
        participants=(ParticipantFact(ParticipantRole.PARTNER, authority="KR-41"),),
        place_authorities=("KR-41",),
        actual_start=date(2016, 1, 1),
        disbursements=(DisbursementFact(2025, Decimal("15000")),),
    ),
    *[
        ProjectFact(
            slug=f"hdf-cd2e-{slug}",
            title=f"Éco-industries : le CD2E avec {where}",
            title_en=f"Eco-industries: CD2E with {where_en}",
            description=f"Coopération du pôle d'excellence CD2E avec {where} dans le cadre de la coopération "
            f"économique décentralisée du Nord-Pas de Calais. {DEMO_LABEL} : aucun budget n'est renseigné.",
            kind=ProjectKind.ECONOMIC,
            lead=HDF,
            status=ProjectStatus.IMPLEMENTATION,
            themes=("economic-development", "environment-climate"),
            partnership=partnership,
            participants=(
                ParticipantFact(ParticipantRole.OPERATOR, organization="CD2E"),
                ParticipantFact(ParticipantRole.PARTNER, authority=foreign),
            ),
            place_authorities=(foreign,),
        )
        for slug, where, where_en, foreign, partnership in [
            ("quebec", "le Québec", "Québec", "CA-QC", "Coopération Nord-Pas de Calais – Québec"),
            (
                "bresil",
                "le Brésil (Minas Gerais)",
                "Brazil (Minas Gerais)",
                "BR-MG",
                "Accord de coopération Nord-Pas de Calais – Minas Gerais (2009)",
            ),
            (
                "maroc",
                "le Maroc",
                "Morocco",
                "MA-07",
                "Coopération Nord-Pas de Calais – Marrakech-Safi (ex-Doukkala-Abda)",
            ),
            ("tunisie", "la Tunisie", "Tunisia", "TN-61", "Coopération Nord-Pas de Calais – Sfax (illustrative)"),
        ]
    ],
    ProjectFact(
        slug="hdf-euratechnologies-accueil",
        title="EuraTechnologies : accueil d'entreprises de Naplouse, Oujda et Tlemcen",
        title_en="EuraTechnologies: hosting companies from Nablus, Oujda and Tlemcen",
        description="Le pôle EuraTechnologies, à Lille, héberge des entreprises du numérique venues de Naplouse, "
        f"d'Oujda et de Tlemcen. {DEMO_LABEL} : aucun budget n'est renseigné.",
        kind=ProjectKind.ECONOMIC,
        lead=HDF,
        status=ProjectStatus.IMPLEMENTATION,
        themes=("innovation-digital", "economic-development"),
        participants=(
            ParticipantFact(ParticipantRole.OPERATOR, organization="EURATECHNOLOGIES"),
            ParticipantFact(ParticipantRole.BENEFICIARY, authority="GEONAMES-282615"),
            ParticipantFact(ParticipantRole.BENEFICIARY, authority="GEONAMES-2540483"),
            ParticipantFact(ParticipantRole.BENEFICIARY, authority="GEONAMES-2475687"),
        ),
        place_authorities=("FR-COM-59350",),
    ),
]

AFFILIATIONS = [
    AffiliationFact(NC, "SPC", notes="Membre de la Communauté du Pacifique (CPS). " + DEMO_LABEL + "."),
    AffiliationFact(
        NC,
        "PIF",
        since=date(2016, 9, 1),
        notes="Membre à part entière du Forum des îles du Pacifique depuis septembre 2016 (membre associé "
        "auparavant). " + DEMO_LABEL + " : le mois est exact, le jour (1er) est conventionnel.",
    ),
    AffiliationFact(NC, "SPREP", notes="Membre du PROE (SPREP). " + DEMO_LABEL + "."),
    AffiliationFact(NC, "OCTA", notes="Membre de l'association des PTOM (OCTA). " + DEMO_LABEL + "."),
]

DELEGATES = [
    DelegateFact(
        NC,
        "NZ",
        "Délégué(e) pour la Nouvelle-Calédonie auprès de l'ambassade de France en Nouvelle-Zélande (Wellington)",
        "EMBASSY-NZ",
        starts_on=date(2012, 11, 1),
    ),
    *[
        DelegateFact(NC, code, f"Délégué(e) pour la Nouvelle-Calédonie auprès de l'ambassade de France {where}", host)
        for code, where, host in [
            ("AU", "en Australie (Canberra)", "EMBASSY-AU"),
            ("FJ", "aux Fidji (Suva)", "EMBASSY-FJ"),
            ("VU", "au Vanuatu (Port-Vila)", "EMBASSY-VU"),
            ("PG", "en Papouasie-Nouvelle-Guinée (Port Moresby)", "EMBASSY-PG"),
        ]
    ],
]
