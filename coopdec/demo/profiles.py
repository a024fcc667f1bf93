"""Demonstration matchmaking profiles: Nord-Pas de Calais (Hauts-de-France) companies and clusters and their
Maghreb partners (Morocco, Tunisia, Algeria), plus Silesia and Minas Gerais, written in French, Arabic, English,
Portuguese and Polish. Illustrative companies, labelled as demonstration data (``is_demo``); idempotent.
"""

from __future__ import annotations

from dataclasses import dataclass

from coopdec.matchmaking import services
from coopdec.matchmaking.enums import ProfileKind, ProfileStatus
from coopdec.matchmaking.models import Profile
from coopdec.organizations.enums import OrganizationKind
from coopdec.organizations.models import Organization

from .facts import DEMO_LABEL

K, P = OrganizationKind, ProfileKind


@dataclass(frozen=True)
class CompanyFact:
    name: str
    kind: str
    authority: str  # home authority code; its country is the organisation's


@dataclass(frozen=True)
class ProfileFact:
    organization: str  # name of a demo organisation (from here or facts.ORGANIZATIONS)
    kind: str
    language: str
    title: str
    description: str
    sectors: tuple[str, ...]
    partnership_types: tuple[str, ...] = ("commercial",)
    targets: tuple[str, ...] = ()  # target country codes


COMPANIES = [
    CompanyFact("Biscuiterie des Flandres (démo)", K.COMPANY, "FR-REG-32"),
    CompanyFact("Pomme de Terre Hauts-de-France Process (démo)", K.COMPANY, "FR-REG-32"),
    CompanyFact("Textiles de Roubaix (démo)", K.COMPANY, "FR-REG-32"),
    CompanyFact("Huilerie Al Baraka (démo)", K.COMPANY, "MA-07"),
    CompanyFact("Casablanca Solaire (démo)", K.COMPANY, "MA-06"),
    CompanyFact("Sfax Olive Export (démo)", K.COMPANY, "TN-61"),
    CompanyFact("Tunis Digital Services (démo)", K.COMPANY, "TN-11"),
    CompanyFact("Tlemcen Confection (démo)", K.COMPANY, "DZ-13"),
    CompanyFact("Śląskie Recykling (démo)", K.COMPANY, "PL-24"),
    CompanyFact("Café das Gerais (démo)", K.COMPANY, "BR-MG"),
]

PROFILES = [
    ProfileFact(
        "Biscuiterie des Flandres (démo)",
        P.BUSINESS_REQUEST,
        "fr",
        "Recherche d'un fournisseur d'huile d'olive vierge extra",
        "Biscuiterie familiale près de Lille, nous cherchons un producteur d'huile d'olive vierge extra "
        "pour une nouvelle gamme de biscuits salés. Volumes de 20 tonnes par an, certification biologique appréciée.",
        ("10.41", "10.72"),
        targets=("MA", "TN"),
    ),
    ProfileFact(
        "Huilerie Al Baraka (démo)",
        P.BUSINESS_OFFER,
        "ar",
        "زيت زيتون بكر ممتاز من منطقة مراكش",
        "نحن معصرة زيتون عائلية في منطقة مراكش آسفي. ننتج زيت الزيتون البكر الممتاز العضوي ونبحث عن "
        "موزعين وشركاء صناعيين في أوروبا. قدرة إنتاجية تصل إلى مئة طن سنوياً.",
        ("10.41",),
    ),
    ProfileFact(
        "Sfax Olive Export (démo)",
        P.BUSINESS_OFFER,
        "ar",
        "تصدير زيت الزيتون التونسي من صفاقس",
        "شركة تونسية في صفاقس متخصصة في تعبئة وتصدير زيت الزيتون. نبحث عن شركاء تجاريين في فرنسا.",
        ("10.41", "46.33"),
    ),
    ProfileFact(
        "Pomme de Terre Hauts-de-France Process (démo)",
        P.TECHNOLOGY_OFFER,
        "fr",
        "Procédés de transformation de la pomme de terre et séchage",
        "PME des Hauts-de-France spécialisée dans la transformation de la pomme de terre en flocons et frites "
        "surgelées. Nous proposons notre savoir-faire en séchage à basse consommation d'énergie.",
        ("10.31",),
        ("technical", "licence"),
        targets=("MA", "DZ"),
    ),
    ProfileFact(
        "Textiles de Roubaix (démo)",
        P.BUSINESS_REQUEST,
        "fr",
        "Sous-traitance de confection textile",
        "Entreprise textile de Roubaix, nous cherchons un atelier de confection pour des vêtements de travail, "
        "séries de 5 000 pièces.",
        ("14.12",),
        ("subcontracting",),
    ),
    ProfileFact(
        "Tlemcen Confection (démo)",
        P.BUSINESS_OFFER,
        "fr",
        "Atelier de confection de vêtements à Tlemcen",
        "Atelier de confection de 80 salariés à Tlemcen : vêtements de travail et uniformes, sous-traitance "
        "pour des donneurs d'ordre européens.",
        ("14.12",),
        ("subcontracting",),
    ),
    ProfileFact(
        "Casablanca Solaire (démo)",
        P.TECHNOLOGY_REQUEST,
        "ar",
        "نبحث عن تكنولوجيا إعادة تدوير الألواح الشمسية",
        "شركة مغربية لتركيب الألواح الشمسية تبحث عن شريك يملك تكنولوجيا لإعادة تدوير الألواح الشمسية "
        "المستعملة واسترجاع السيليكون والزجاج.",
        ("38.32",),
        ("technical", "joint_venture"),
    ),
    ProfileFact(
        "Création Développement Éco-Entreprises",
        P.TECHNOLOGY_OFFER,
        "fr",
        "Recyclage des panneaux photovoltaïques et écoconstruction",
        "Pôle d'excellence des éco-industries, nous accompagnons des entreprises régionales qui recyclent les "
        "panneaux photovoltaïques en fin de vie et valorisent le verre et le silicium.",
        ("38.32", "71.12"),
        ("technical", "research"),
    ),
    ProfileFact(
        "Śląskie Recykling (démo)",
        P.TECHNOLOGY_REQUEST,
        "pl",
        "Poszukujemy technologii recyklingu paneli fotowoltaicznych",
        "Firma z Górnego Śląska zajmująca się recyklingiem odpadów poszukuje partnera z technologią "
        "odzysku krzemu i szkła z zużytych paneli słonecznych.",
        ("38.32",),
        ("technical", "licence"),
    ),
    ProfileFact(
        "EuraTechnologies",
        P.BUSINESS_OFFER,
        "en",
        "Soft landing in Lille for digital start-ups",
        "EuraTechnologies, the digital cluster of Lille, offers incubation, office space and introductions to "
        "French customers for software start-ups from partner territories.",
        ("62.01", "70.22"),
        ("commercial", "investment"),
    ),
    ProfileFact(
        "Tunis Digital Services (démo)",
        P.BUSINESS_REQUEST,
        "en",
        "Looking for a European partner for our accounting software",
        "Tunisian software company looking for a reseller or an incubator in Europe to launch our accounting "
        "software for small businesses.",
        ("62.01",),
        ("commercial", "joint_venture"),
    ),
    ProfileFact(
        "Café das Gerais (démo)",
        P.BUSINESS_OFFER,
        "pt",
        "Café especial de Minas Gerais para torrefadores europeus",
        "Cooperativa de produtores de café especial do sul de Minas Gerais procura torrefadores e "
        "distribuidores na França e na Polônia.",
        ("01.27", "10.83"),
    ),
]


def load_demo_profiles(authorities: dict) -> dict[str, int]:
    """Create the missing demonstration companies and profiles; ``authorities`` by code. Returns what was created."""
    created = {"organizations (matchmaking)": 0, "profiles": 0}
    for fact in COMPANIES:
        authority = authorities[fact.authority]
        _organization, was_created = Organization.objects.get_or_create(
            name=fact.name,
            is_demo=True,
            defaults={
                "kind": fact.kind,
                "country": authority.country,
                "authority": authority,
                "description": f"{DEMO_LABEL}.",
            },
        )
        created["organizations (matchmaking)"] += was_created
    organizations = {
        o.name: o for o in Organization.objects.filter(is_demo=True, name__in=[f.organization for f in PROFILES])
    }
    existing = set(Profile.objects.demo().values_list("organization__name", "title"))
    for profile_fact in PROFILES:
        organization = organizations.get(profile_fact.organization)
        if organization is None or (profile_fact.organization, profile_fact.title) in existing:
            continue
        services.create_profile(
            author=None,
            organization=organization,
            kind=profile_fact.kind,
            title=profile_fact.title,
            description=profile_fact.description,
            language=profile_fact.language,
            sectors=profile_fact.sectors,
            partnership_types=profile_fact.partnership_types,
            target_countries=list(profile_fact.targets),
            status=ProfileStatus.PUBLISHED,
            is_demo=True,
        )
        created["profiles"] += 1
    return created
