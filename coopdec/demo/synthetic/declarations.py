"""Synthetic yearly declarations: one per French authority leading synthetic projects, labelled synthetic.

The campaign of the year is made (or reused); each declaration opens pre-filled by the real service from the
synthetic disbursements of that year; a share is submitted, and a share of those validated, so that the follow-up
page and the national figures have something to count at national scale.
"""

from __future__ import annotations

import datetime as dt
import random
import time

from django.db import transaction
from tqdm import tqdm

from coopdec.declarations import follow, services
from coopdec.declarations.models import Campaign, Declaration, Invitation
from coopdec.territories.models import Authority

LABEL = "[Synthétique] Campagne générée pour essayer la plateforme à l’échelle nationale."


def generate_declarations(
    *, year: int, seed: int = 1, submitted: float = 0.8, validated: float = 0.6, progress: bool = False
) -> tuple[int, float]:
    """Declarations of ``year`` for every French authority leading a synthetic project; (count, seconds)."""
    started = time.perf_counter()
    rng = random.Random(seed)
    campaign = Campaign.objects.filter(year=year).first()
    if campaign is None:
        campaign = Campaign.objects.create(
            year=year,
            opens_on=dt.date(year + 1, 4, 15),
            closes_on=dt.date(year + 1, 5, 31),
            introduction_fr=LABEL,
            introduction_en="[Synthetic] Campaign generated to try the platform at national scale.",
            is_synthetic=True,
        )
    authorities = list(
        Authority.objects.filter(is_french=True, led_projects__is_synthetic=True).distinct().order_by("pk")
    )
    Invitation.objects.bulk_create(
        [Invitation(campaign=campaign, authority=authority) for authority in authorities], ignore_conflicts=True
    )
    follow.refresh(campaign, [authority.pk for authority in authorities])
    done = set(Declaration.objects.filter(year=year).values_list("authority_id", flat=True))
    count = 0
    for authority in tqdm(authorities, disable=not progress, desc="declarations", unit=" authorities"):
        if authority.pk in done:
            continue
        with transaction.atomic():
            declaration = services.start_declaration(author=None, authority=authority, year=year, is_synthetic=True)
            count += 1
            draw = rng.random()
            lines = list(services.working_lines(declaration))
            if draw < submitted and lines and not services.problems(declaration, lines):
                services.freeze(declaration, lines, by=None)
                if draw < validated:
                    services.accept(declaration, by=None)
    return count, time.perf_counter() - started


def delete_synthetic_declarations() -> int:
    deleted, _ = Declaration.objects.filter(is_synthetic=True).delete()
    Campaign.objects.filter(is_synthetic=True, declarations__isnull=True).delete()
    return deleted
