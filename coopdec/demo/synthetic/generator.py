"""Synthetic partnerships and projects between real reference authorities, reproducible from a seed.

Everything is drawn from one ``random.Random(seed)`` over authorities read in code order, and dates are
relative to a fixed ``as_of`` day, so the same seed on the same reference data gives the same rows.
"""

import math
import random
import time
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.test import override_settings
from tqdm import tqdm

from coopdec.partnerships.enums import (
    FRENCH_CONVENTION_KINDS,
    LegalForm,
    PartnershipKind,
    PartnershipMode,
    PartnershipStatus,
    Visibility,
)
from coopdec.partnerships.models import Partnership, Party
from coopdec.projects.enums import Instrument, ParticipantRole, ProjectKind, ProjectStatus
from coopdec.projects.models import Disbursement, Funding, Participant, Place, Project
from coopdec.territories.enums import AuthorityStatus, OdaCategory
from coopdec.territories.models import Authority, Country
from coopdec.themes.models import Theme

from . import vocabulary as v

AS_OF = date(2026, 1, 1)
IATI_PREFIX = "FR-SYNTH-"
BATCH = 1000
EMERGENCY_SHARE = 0.03
LOCAL_KINDS = {"commune", "epci", "syndicat"}
ONE_PERCENT = {
    "water-sanitation": Instrument.ONE_PERCENT_WATER,
    "energy": Instrument.ONE_PERCENT_ENERGY,
    "waste": Instrument.ONE_PERCENT_WASTE,
    "transport": Instrument.ONE_PERCENT_TRANSPORT,
}


class SyntheticDataError(Exception):
    """The generator cannot run: synthetic data already there, or no reference authorities to use."""


def default_scale(projects: int) -> dict[str, int]:
    """Partnerships and authorities for a number of projects: 20,000 → 15,000, 5,000 French, 10,000 foreign."""
    return {
        "partnerships": max(1, round(projects * 0.75)),
        "french_authorities": max(1, round(projects * 0.25)),
        "foreign_authorities": max(1, round(projects * 0.5)),
    }


@dataclass
class Summary:
    partnerships: int = 0
    parties: int = 0
    projects: int = 0
    funding_lines: int = 0
    disbursements: int = 0
    other_rows: int = 0  # theme links, participants, places
    french_authorities: int = 0
    foreign_authorities: int = 0
    seconds: float = 0.0

    @property
    def rows(self) -> int:
        return (
            self.partnerships + self.parties + self.projects + self.funding_lines + self.disbursements + self.other_rows
        )

    def __str__(self) -> str:
        return (
            f"{self.partnerships} partnerships ({self.parties} parties), {self.projects} projects, "
            f"{self.funding_lines} funding lines, {self.disbursements} disbursements; "
            f"{self.french_authorities} French and {self.foreign_authorities} foreign authorities involved"
        )


@dataclass(slots=True)
class _Auth:
    id: int
    code: str
    name: str
    country: str
    level: str
    kind: str
    population: int
    tier: int = 0


def synthetic_exists() -> bool:
    return Project.objects.filter(is_synthetic=True).exists() or Partnership.objects.filter(is_synthetic=True).exists()


def delete_synthetic() -> tuple[int, int]:
    """Delete the synthetic projects and partnerships (with their parts), and nothing else.

    They were bulk-created without history, so their deletion records none either (and stays fast).
    """
    with transaction.atomic(), override_settings(SIMPLE_HISTORY_ENABLED=False):
        projects, _ = Project.objects.filter(is_synthetic=True).delete()
        partnerships, _ = Partnership.objects.filter(is_synthetic=True).delete()
    return projects, partnerships


def generate(
    *,
    projects: int,
    partnerships: int | None = None,
    french_authorities: int | None = None,
    foreign_authorities: int | None = None,
    seed: int = 1,
    as_of: date = AS_OF,
    progress: bool = False,
) -> Summary:
    """Create ``projects`` synthetic projects under ``partnerships`` synthetic partnerships, in one transaction."""
    started = time.perf_counter()
    scale = default_scale(projects)
    if synthetic_exists():
        raise SyntheticDataError("Synthetic data is already loaded; pass --reset to replace it.")
    generator = _Generator(
        rng=random.Random(seed),
        seed=seed,
        as_of=as_of,
        partnerships=partnerships if partnerships is not None else scale["partnerships"],
        french_size=french_authorities if french_authorities is not None else scale["french_authorities"],
        foreign_size=foreign_authorities if foreign_authorities is not None else scale["foreign_authorities"],
    )
    with transaction.atomic():
        summary = generator.run(projects, progress=progress)
    summary.seconds = time.perf_counter() - started
    return summary


class _Generator:
    def __init__(self, *, rng: random.Random, seed: int, as_of: date, partnerships: int, french_size, foreign_size):
        self.rng, self.seed, self.as_of = rng, seed, as_of
        self.partnership_count = partnerships
        self.french_size, self.foreign_size = french_size, foreign_size
        self.themes = dict(Theme.objects.values_list("code", "id"))
        self.aid_countries = set(
            Country.objects.exclude(oda_category=OdaCategory.NOT_ELIGIBLE).values_list("code", flat=True)
        )
        self.french = self._authorities(is_french=True)
        self.foreign = self._authorities(is_french=False)
        if not self.french or not self.foreign:
            raise SyntheticDataError(
                "No French or no foreign reference authorities to build partnerships between; "
                "run `manage.py load_reference` first."
            )
        self.summary = Summary()

    def _authorities(self, *, is_french: bool) -> list[_Auth]:
        rows = (
            Authority.objects.filter(is_french=is_french, status=AuthorityStatus.VALIDATED)
            .order_by("code")
            .values_list("id", "code", "name", "country_id", "level", "kind", "population")
        )
        return [_Auth(*row[:6], row[6] or 0, v.TIER.get(row[4], 2)) for row in rows]

    # --- who partners with whom -------------------------------------------------------------------------

    def _french_weight(self, a: _Auth, exponent: float = 0.6) -> float:
        return v.FRENCH_LEVEL_FACTOR.get(a.kind, 1.0) * max(a.population, 500) ** exponent

    def _foreign_weights(self) -> list[float]:
        by_country: dict[str, float] = {}
        sizes = []
        quebec = next((a.id for a in self.foreign if a.code == "CA-QC"), None)
        for a in self.foreign:
            size = max(a.population, 1000) ** 0.5
            if a.country == "CA" and (a.code.startswith("CA-QC") or a.id == quebec):
                size *= v.QUEBEC_BONUS
            sizes.append(size)
            by_country[a.country] = by_country.get(a.country, 0.0) + size
        return [
            v.COUNTRY_WEIGHTS.get(a.country, v.OTHER_COUNTRY_WEIGHT) * size / by_country[a.country]
            for a, size in zip(self.foreign, sizes, strict=True)
        ]

    def _sample(self, items: list[_Auth], weights: list[float], k: int) -> tuple[list[_Auth], list[float]]:
        """``k`` distinct items drawn with probability proportional to weight (Efraimidis–Spirakis)."""
        keys = [math.log(1.0 - self.rng.random()) / w for w in weights]
        chosen = sorted(range(len(items)), key=keys.__getitem__, reverse=True)[: min(k, len(items))]
        chosen.sort()
        return [items[i] for i in chosen], [weights[i] for i in chosen]

    def _slots(self, pool: list[_Auth], weights: list[float], n: int) -> list[_Auth]:
        """``n`` draws in which every member of the pool appears at least once (when ``n`` allows)."""
        slots = list(pool[:n])
        if n > len(slots):
            slots += self.rng.choices(pool, weights=weights, k=n - len(slots))
        # Pair mostly within a tier (region with region, city with city), with some noise.
        keyed = [(a.tier + self.rng.random() * 1.6, i, a) for i, a in enumerate(slots)]
        return [a for _, _, a in sorted(keyed)]

    # --- the run -----------------------------------------------------------------------------------------

    def run(self, projects: int, *, progress: bool) -> Summary:
        # Who is involved leans to the big authorities; how many partnerships each has leans less, so that a
        # region ends up with a few dozen partnerships and a commune with one or two, as in the national atlas.
        french_pool, _ = self._sample(self.french, [self._french_weight(a) for a in self.french], self.french_size)
        french_weights = [self._french_weight(a, exponent=0.3) for a in french_pool]
        foreign_pool, foreign_weights = self._sample(self.foreign, self._foreign_weights(), self.foreign_size)
        n = self.partnership_count
        pairs = list(
            zip(
                self._slots(french_pool, french_weights, n),
                self._slots(foreign_pool, foreign_weights, n),
                strict=True,
            )
        )
        self.rng.shuffle(pairs)
        plans = [self._plan_partnership(i, fr, fo, french_pool, foreign_pool) for i, (fr, fo) in enumerate(pairs)]
        self._save_partnerships(plans)

        emergencies = round(projects * EMERGENCY_SHARE) if projects >= 10 else 0
        weights = [v.FRENCH_LEVEL_FACTOR.get(p["parties"][0].kind, 1.0) ** 0.5 for p in plans]
        homes = self.rng.choices(plans, weights=weights, k=projects - emergencies) if plans else []
        homes += [None] * emergencies  # type: ignore[list-item]  # an emergency project has no partnership
        self.rng.shuffle(homes)
        involved_french: set[int] = set()
        involved_foreign: set[int] = set()
        for plan in plans:
            for a in plan["parties"]:
                (involved_french if a in plan["french"] else involved_foreign).add(a.id)
        with tqdm(total=projects, desc="synthetic projects", unit=" projects", disable=not progress) as bar:
            for start in range(0, projects, BATCH):
                batch = []
                for index in range(start, min(start + BATCH, projects)):
                    home = homes[index]
                    if home is None:
                        lead = self.rng.choices(french_pool, weights=french_weights)[0]
                        place = self.rng.choice(foreign_pool)
                        involved_french.add(lead.id)
                        involved_foreign.add(place.id)
                        batch.append(self._plan_emergency(index, lead, place))
                    else:
                        batch.append(self._plan_project(index, home))
                self._save_projects(batch)
                bar.update(len(batch))
        self.summary.french_authorities = len(involved_french)
        self.summary.foreign_authorities = len(involved_foreign)
        return self.summary

    # --- partnerships ------------------------------------------------------------------------------------

    def _days(self, low: int, high: int) -> timedelta:
        return timedelta(days=self.rng.randint(low, high))

    def _plan_partnership(self, index, french: _Auth, foreign: _Auth, french_pool, foreign_pool) -> dict:
        rng = self.rng
        parties_french, parties_foreign = [french], [foreign]
        draw = rng.random()
        if draw < 0.08:
            extra = rng.choice(foreign_pool)
            if extra is not foreign:
                parties_foreign.append(extra)
        elif draw < 0.12:
            extra = rng.choice(french_pool)
            if extra is not french:
                parties_french.append(extra)
        aid = foreign.country in self.aid_countries
        both_local = french.kind in LOCAL_KINDS and foreign.tier == 2
        kinds = v.PARTNERSHIP_KINDS_LOCAL if both_local else v.PARTNERSHIP_KINDS_OTHER
        kind = rng.choices([k for k, _ in kinds], weights=[w for _, w in kinds])[0]
        status = rng.choices(
            [PartnershipStatus.DRAFT, PartnershipStatus.SIGNED, PartnershipStatus.IN_FORCE, PartnershipStatus.ENDED,
             PartnershipStatus.SUSPENDED],
            weights=[4, 8, 63, 20, 5],
        )[0]  # fmt: skip
        convention = kind in FRENCH_CONVENTION_KINDS
        if status == PartnershipStatus.SIGNED and not convention:
            status = PartnershipStatus.IN_FORCE  # only a French convention waits for the préfet
        signed_on = sent_on = ends_on = None
        as_of = self.as_of
        if status == PartnershipStatus.DRAFT:
            starts_on = as_of + self._days(30, 365)
        elif status == PartnershipStatus.SIGNED:
            signed_on, starts_on = as_of - self._days(10, 300), None
        elif status == PartnershipStatus.ENDED:
            ends_on = as_of - self._days(30, 6000)
            starts_on = ends_on - self._days(700, 3000)
            signed_on = starts_on - self._days(5, 60)
        else:
            years_ago = min(rng.expovariate(1 / 7), 38)
            signed_on = as_of - timedelta(days=int(years_ago * 365) + 60)
            starts_on = signed_on + self._days(0, 50)
            if rng.random() < 0.5:
                ends_on = max(starts_on + self._days(1000, 2200), as_of + self._days(30, 900))
        if kind == PartnershipKind.INFORMAL:
            signed_on = None
        if convention and signed_on and status != PartnershipStatus.SIGNED:
            # A French authority's convention takes effect once sent to the préfet, which it is within weeks.
            sent_on = signed_on + self._days(3, 40)
            assert starts_on is not None  # only a convention signed but not in force lacks a start
            starts_on = max(starts_on, sent_on)
        themes_pool = v.AID_THEMES if aid else v.PEER_THEMES
        themes = self._themes(themes_pool, rng.choices([1, 2, 3], weights=[40, 40, 20])[0])
        if aid:
            mode = PartnershipMode.DEVELOPMENT_AID
            legal_form = LegalForm.DEVELOPMENT_AID if rng.random() < 0.7 else LegalForm.INSTITUTIONAL_SUPPORT
        else:
            mode = PartnershipMode.PEER
            if foreign.country in v.NEIGHBOURS and rng.random() < 0.3:
                legal_form = LegalForm.CROSS_BORDER
            elif french.tier == 0:
                legal_form = LegalForm.INTERREGIONAL
            else:
                legal_form = ""  # type: ignore[assignment]  # no particular legal form
        label, label_en = v.PARTNERSHIP_TITLES[kind]
        names = " – ".join(a.name for a in parties_french + parties_foreign)
        partnership = Partnership(
            title=(v.TITLE_PREFIX + f"{label} {names}")[:300],
            description=f"Données synthétiques (generate_synthetic, graine {self.seed}) : ce partenariat n'existe pas.",
            language="fr",
            translations={"en": {"title": (v.TITLE_PREFIX_EN + f"{label_en} {names}")[:300]}}
            if rng.random() < 0.4
            else {},
            kind=kind,
            status=status,
            mode=mode,
            legal_form=legal_form,
            signed_on=signed_on,
            sent_to_prefect_on=sent_on,
            starts_on=starts_on,
            ends_on=ends_on,
            planned_commitment=Decimal(self._amount(60_000, 1.0) // 100)
            if kind in (PartnershipKind.CONVENTION, PartnershipKind.FRAMEWORK_AGREEMENT) and rng.random() < 0.35
            else None,
            visibility=Visibility.PUBLIC if rng.random() < 0.92 else Visibility.PRIVATE,
            is_synthetic=True,
        )
        return {
            "obj": partnership,
            "parties": parties_french + parties_foreign,
            "french": parties_french,
            "foreign": parties_foreign,
            "themes": themes,
            "aid": aid,
        }

    def _themes(self, pool, k: int) -> list[str]:
        pool = [(c, w) for c, w in pool if c in self.themes]
        chosen: list[str] = []
        while len(chosen) < min(k, len(pool)):
            code = self.rng.choices([c for c, _ in pool], weights=[w for _, w in pool])[0]
            if code not in chosen:
                chosen.append(code)
        return chosen

    def _amount(self, median: float, sigma: float) -> int:
        """An amount in cents, log-normal around ``median`` euros, rounded to 100 euros, 2,000 € to 5 M€."""
        euros = min(max(self.rng.lognormvariate(math.log(median), sigma), 2_000), 5_000_000)
        return int(round(euros, -2)) * 100

    def _save_partnerships(self, plans: list[dict]) -> None:
        Partnership.objects.bulk_create([p["obj"] for p in plans], batch_size=BATCH)
        parties, links = [], []
        through = Partnership.themes.through
        for plan in plans:
            pid = plan["obj"].pk
            parties += [Party(partnership_id=pid, authority_id=a.id) for a in plan["parties"]]
            links += [through(partnership_id=pid, theme_id=self.themes[c]) for c in plan["themes"]]
        Party.objects.bulk_create(parties, batch_size=BATCH)
        through.objects.bulk_create(links, batch_size=BATCH)
        self.summary.partnerships += len(plans)
        self.summary.parties += len(parties)
        self.summary.other_rows += len(links)

    # --- projects ----------------------------------------------------------------------------------------

    def _status(self, planned_start: date, planned_end: date, suspended: bool) -> str:
        if planned_start > self.as_of:
            return ProjectStatus.PIPELINE
        if self.rng.random() < 0.02:
            return ProjectStatus.CANCELLED
        if planned_end >= self.as_of:
            return ProjectStatus.SUSPENDED if suspended else ProjectStatus.IMPLEMENTATION
        if (self.as_of - planned_end).days < 240 and self.rng.random() < 0.4:
            return ProjectStatus.FINALISATION
        return ProjectStatus.CLOSED

    def _plan_project(self, index: int, home: dict) -> dict:
        rng, as_of = self.rng, self.as_of
        partnership: Partnership = home["obj"]
        window_start = partnership.starts_on or as_of + timedelta(days=30)  # signed, waiting for the préfet
        window_end = min(partnership.ends_on or date.max, as_of + timedelta(days=120))
        if partnership.status in (PartnershipStatus.DRAFT, PartnershipStatus.SIGNED) or window_end <= window_start:
            planned_start = window_start
        else:
            planned_start = window_start + timedelta(days=rng.randint(0, (window_end - window_start).days))
        planned_end = planned_start + timedelta(days=rng.choice([1, 1, 2, 2, 3, 3, 4]) * 365 - rng.randint(1, 60))
        if partnership.ends_on:
            planned_end = min(planned_end, partnership.ends_on)
        status = self._status(planned_start, planned_end, partnership.status == PartnershipStatus.SUSPENDED)
        kinds = v.AID_PROJECT_KINDS if home["aid"] else v.PEER_PROJECT_KINDS
        kind = rng.choices([k for k, _ in kinds], weights=[w for _, w in kinds])[0]
        themes = [rng.choice(home["themes"])] if home["themes"] else []
        if rng.random() < 0.3:
            extra = self._themes(v.AID_THEMES if home["aid"] else v.PEER_THEMES, 1)
            themes += [t for t in extra if t not in themes]
        lead, partners = home["french"][0], home["foreign"]
        return self._project(
            index=index,
            partnership=partnership,
            lead=lead,
            co_leads=home["french"][1:],
            partners=partners,
            kind=kind,
            themes=themes,
            status=status,
            planned_start=planned_start,
            planned_end=planned_end,
        )

    def _plan_emergency(self, index: int, lead: _Auth, place: _Auth) -> dict:
        planned_start = self.as_of - self._days(20, 4000)
        return self._project(
            index=index,
            partnership=None,
            lead=lead,
            co_leads=[],
            partners=[place],
            kind=ProjectKind.EMERGENCY_HUMANITARIAN,
            themes=["emergency-humanitarian"] if "emergency-humanitarian" in self.themes else [],
            status=ProjectStatus.CLOSED
            if planned_start < self.as_of - timedelta(days=200)
            else ProjectStatus.IMPLEMENTATION,
            planned_start=planned_start,
            planned_end=planned_start + self._days(30, 180),
        )

    def _project(
        self, *, index, partnership, lead, co_leads, partners, kind, themes, status, planned_start, planned_end
    ):
        rng, as_of = self.rng, self.as_of
        actual_start = actual_end = None
        if status != ProjectStatus.PIPELINE and not (status == ProjectStatus.CANCELLED and rng.random() < 0.5):
            actual_start = min(planned_start + self._days(0, 90), as_of)
            if status in (ProjectStatus.CLOSED, ProjectStatus.FINALISATION, ProjectStatus.CANCELLED):
                actual_end = min(max(planned_end + self._days(0, 120), actual_start), as_of)
        budget = self._amount(v.MEDIAN_BUDGET.get(lead.kind, v.DEFAULT_MEDIAN_BUDGET), 0.9)
        place_name = partners[0].name
        template = rng.choice(
            v.PROJECT_TITLES.get(
                themes[0] if themes else "", [("Coopération avec {place}", "Cooperation with {place}")]
            )
        )
        project = Project(
            title=(v.TITLE_PREFIX + template[0].format(place=place_name))[:300],
            description=f"Données synthétiques (generate_synthetic, graine {self.seed}) : ce projet n'existe pas.",
            language="fr",
            translations={"en": {"title": (v.TITLE_PREFIX_EN + template[1].format(place=place_name))[:300]}}
            if rng.random() < 0.4
            else {},
            partnership=partnership,
            lead_authority_id=lead.id,
            kind=kind,
            status=status,
            planned_start=planned_start,
            planned_end=planned_end,
            actual_start=actual_start,
            actual_end=actual_end,
            budget=Decimal(budget) / 100,
            iati_identifier=f"{IATI_PREFIX}{index + 1:06d}",
            visibility=partnership.visibility if partnership else Visibility.PUBLIC,
            is_synthetic=True,
        )
        participants = [(ParticipantRole.LEAD, lead.id)]
        participants += [(ParticipantRole.PARTNER, a.id) for a in co_leads]
        participants += [
            (
                ParticipantRole.BENEFICIARY if kind == ProjectKind.EMERGENCY_HUMANITARIAN else ParticipantRole.PARTNER,
                a.id,
            )
            for a in partners
        ]
        place = lead if kind == ProjectKind.AWARENESS else partners[0]
        return {
            "obj": project,
            "themes": themes,
            "participants": participants,
            "place": place.id,
            "fundings": self._fundings(budget, lead, partners[0], kind, themes, partnership is not None),
            "disbursements": self._disbursements(budget, status, actual_start, actual_end, planned_end),
            "value_date": planned_start,
        }

    def _fundings(self, budget: int, lead: _Auth, partner: _Auth, kind, themes, aid_partnership) -> list[tuple]:
        """Funding lines (instrument, cents, funder authority id, in kind) whose amounts add up to ``budget``."""
        rng = self.rng
        if kind == ProjectKind.EMERGENCY_HUMANITARIAN:
            return [(Instrument.EMERGENCY_FUND, budget, lead.id, False)]
        lines: list[tuple[Instrument, float, int | None, bool]] = [
            (Instrument.OWN_BUDGET, rng.uniform(1, 3), lead.id, False)
        ]
        for theme in themes:
            if theme in ONE_PERCENT and lead.kind in LOCAL_KINDS and rng.random() < 0.7:
                lines.append((ONE_PERCENT[theme], rng.uniform(1, 3), lead.id, False))
        if "water-sanitation" in themes and rng.random() < 0.5:
            lines.append((Instrument.WATER_AGENCY, rng.uniform(0.5, 2), None, False))
        if partner.country in self.aid_countries and rng.random() < 0.3:
            lines.append((Instrument.MINISTRY_CALL, rng.uniform(0.5, 1.5), None, False))
        if budget > 30_000_000 and partner.country in self.aid_countries and rng.random() < 0.35:
            lines.append((Instrument.AFD, rng.uniform(1, 3), None, False))
        if rng.random() < 0.08:
            lines.append((Instrument.EU, rng.uniform(1, 3), None, False))
        if rng.random() < 0.35:
            lines.append((Instrument.PARTNER_CONTRIBUTION, rng.uniform(0.3, 1), partner.id, rng.random() < 0.6))
        total_weight = sum(line[1] for line in lines)
        result, left = [], budget
        for i, (instrument, weight, funder, in_kind) in enumerate(lines):
            amount = left if i == len(lines) - 1 else int(budget * weight / total_weight) // 100 * 100
            left -= amount
            result.append((instrument, amount, funder, in_kind))
        return result

    def _disbursements(self, budget, status, actual_start, actual_end, planned_end) -> list[tuple[int, int, date]]:
        """Yearly payments (year, cents, paid on) between the actual start and end (or today), within the budget."""
        if actual_start is None:
            return []
        rng = self.rng
        end = actual_end or self.as_of
        if status == ProjectStatus.CLOSED:
            fraction = 1.0 if rng.random() < 0.7 else rng.uniform(0.85, 1.0)
        elif status == ProjectStatus.FINALISATION:
            fraction = rng.uniform(0.9, 1.0)
        elif status == ProjectStatus.CANCELLED:
            fraction = rng.uniform(0, 0.3)
        else:
            planned = max((planned_end - actual_start).days, 1)
            fraction = min(max((end - actual_start).days / planned, 0.05), 0.95)
            if status == ProjectStatus.SUSPENDED:
                fraction *= 0.7
        total = int(budget * fraction) // 100 * 100
        years = list(range(actual_start.year, end.year + 1))
        weights = [rng.uniform(0.5, 1.5) for _ in years]
        result, left = [], total
        for i, year in enumerate(years):
            amount = left if i == len(years) - 1 else int(total * weights[i] / sum(weights)) // 100 * 100
            left -= amount
            first, last = max(actual_start, date(year, 1, 1)), min(end, date(year, 12, 31))
            paid_on = first + timedelta(days=rng.randint(0, (last - first).days))
            result.append((year, amount, paid_on))
        return result

    def _save_projects(self, plans: list[dict]) -> None:
        Project.objects.bulk_create([p["obj"] for p in plans], batch_size=BATCH)
        through = Project.themes.through
        links, participants, places, fundings, disbursements = [], [], [], [], []
        for plan in plans:
            pid = plan["obj"].pk
            links += [through(project_id=pid, theme_id=self.themes[c]) for c in plan["themes"]]
            participants += [Participant(project_id=pid, authority_id=a, role=role) for role, a in plan["participants"]]
            places.append(Place(project_id=pid, authority_id=plan["place"]))
            fundings += [
                Funding(
                    project_id=pid,
                    instrument=instrument,
                    amount=Decimal(cents) / 100,
                    funder_authority_id=funder,
                    in_kind=in_kind,
                    value_date=plan["value_date"],
                    year=plan["value_date"].year,
                )
                for instrument, cents, funder, in_kind in plan["fundings"]
            ]
            disbursements += [
                Disbursement(project_id=pid, year=year, amount=Decimal(cents) / 100, paid_on=paid_on)
                for year, cents, paid_on in plan["disbursements"]
            ]
        through.objects.bulk_create(links, batch_size=BATCH)
        Participant.objects.bulk_create(participants, batch_size=BATCH)
        Place.objects.bulk_create(places, batch_size=BATCH)
        Funding.objects.bulk_create(fundings, batch_size=BATCH)
        Disbursement.objects.bulk_create(disbursements, batch_size=BATCH)
        self.summary.projects += len(plans)
        self.summary.funding_lines += len(fundings)
        self.summary.disbursements += len(disbursements)
        self.summary.other_rows += len(links) + len(participants) + len(places)
