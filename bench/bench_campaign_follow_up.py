"""The campaign follow-up page at national scale: ``.venv/bin/python -m bench.bench_campaign_follow_up``.

In a throw-away SQLite file (or PostgreSQL through ``DATABASE_URL``): 13 régions, 100 départements and N French
communes and EPCI under them (synthetic, labelled), every one invited to the campaign of 2025; 70 % have a
declaration — draft, submitted, returned or validated, with a frozen version for those submitted. Times through
Django's test client, as a coordinator, the follow-up page (first page, a région filter, a state filter, sorted
by total, a far page) — p50 and p95 of R warm runs — against a baseline measured in the same run: the
campaigns list, a small page of the same layout. Target (issue 13): p95 ≤ 300 ms with 5,000 authorities.
"""

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from bench.national import setup_database

TARGET_MS = 300


def build(authorities: int, seed: int):
    from coopdec.accounts.models import User
    from coopdec.declarations import follow
    from coopdec.declarations.enums import DeclarationStatus
    from coopdec.declarations.models import Campaign, Declaration, DeclarationVersion, Invitation
    from coopdec.territories.enums import AuthorityKind, Level
    from coopdec.territories.models import Authority, Country

    rng = random.Random(seed)
    Country.objects.create(code="FR", iso3="FRA", name_fr="France", name_en="France")
    regions = Authority.objects.bulk_create(
        [Authority(code=f"S-REG-{i}", name=f"[Synthetic] Région {i}", country_id="FR", level=Level.REGIONAL,
                   kind=AuthorityKind.REGION, is_french=True) for i in range(13)]
    )  # fmt: skip
    departements = Authority.objects.bulk_create(
        [Authority(code=f"S-DEP-{i}", name=f"[Synthetic] Département {i}", country_id="FR", parent=regions[i % 13],
                   level=Level.INTERMEDIATE, kind=AuthorityKind.DEPARTEMENT, is_french=True) for i in range(100)]
    )  # fmt: skip
    kinds = [AuthorityKind.COMMUNE] * 4 + [AuthorityKind.EPCI]
    locals_ = Authority.objects.bulk_create(
        [Authority(code=f"S-LOC-{i}", name=f"[Synthetic] Commune {i:05}", country_id="FR",
                   parent=rng.choice(departements), level=Level.LOCAL, kind=rng.choice(kinds), is_french=True)
         for i in range(max(0, authorities - 113))]
    )  # fmt: skip
    everyone = [*regions, *departements, *locals_]
    coordinator = User.objects.create_user("coordinator@bench.example", "x", is_coordinator=True, is_staff=True)
    campaign = Campaign.objects.create(
        year=2025, opens_on=dt.date(2026, 4, 15), closes_on=dt.date(2026, 5, 31), is_synthetic=True
    )
    Invitation.objects.bulk_create([Invitation(campaign=campaign, authority=a) for a in everyone])
    statuses = [DeclarationStatus.DRAFT, DeclarationStatus.SUBMITTED, DeclarationStatus.RETURNED,
                DeclarationStatus.VALIDATED, DeclarationStatus.VALIDATED]  # fmt: skip
    declarations = Declaration.objects.bulk_create(
        [Declaration(campaign=campaign, authority=a, year=2025, status=rng.choice(statuses), is_synthetic=True)
         for a in everyone if rng.random() < 0.7]
    )  # fmt: skip
    now = dt.datetime(2026, 5, 10, tzinfo=dt.UTC)
    versions = DeclarationVersion.objects.bulk_create(
        [DeclarationVersion(declaration=d, number=1, receipt_number=f"APD-2025-{d.authority.code}-V1",
                            submitted_at=now, outcome=d.status, total=Decimal(rng.randrange(1000, 10**6)),
                            oda_total=Decimal(rng.randrange(0, 1000)))
         for d in declarations if d.status != DeclarationStatus.DRAFT]
    )  # fmt: skip
    for version in versions:
        if version.outcome == DeclarationStatus.VALIDATED:
            version.declaration.validated_version = version
    Declaration.objects.bulk_update([v.declaration for v in versions if v.declaration.validated_version_id or
                                     v.outcome == DeclarationStatus.VALIDATED], ["validated_version"])  # fmt: skip
    follow.refresh(campaign)  # the follow-up columns, as the services keep them
    return campaign, coordinator, regions[0]


def percentiles(durations: list[float]) -> tuple[float, float]:
    ordered = sorted(durations)
    return statistics.median(ordered) * 1000, ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))] * 1000


def main(argv=None) -> int:
    small = os.environ.get("BENCH_SIZE") == "small"
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--authorities", type=int, default=500 if small else 5000)
    parser.add_argument("--runs", type=int, default=3 if small else 20)
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args(argv)
    folder = tempfile.TemporaryDirectory(prefix="coopdec-bench-follow-up-")
    setup_database(Path(folder.name) / "bench.sqlite3")
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.national import machine

    started = time.perf_counter()
    campaign, coordinator, region = build(options.authorities, options.seed)
    print(f"setup: {options.authorities} invited authorities in {time.perf_counter() - started:.1f} s "
          f"({connection.vendor})")  # fmt: skip
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    client.force_login(coordinator)
    page = f"/en/workspace/campaigns/{campaign.pk}/"
    requests = [
        ("baseline: campaigns list", "/en/workspace/campaigns/", {}),
        ("follow-up, first page", page, {}),
        ("follow-up, one région", page, {"region": region.pk}),
        ("follow-up, state=validated", page, {"state": "validated"}),
        ("follow-up, sorted by total", page, {"sort": "-total"}),
        ("follow-up, page 40", page, {"page": 40}),
    ]
    worst, base = 0.0, None
    for label, url, params in requests:
        response = client.get(url, params)
        if response.status_code != 200:
            print(f"FAILED: {label} answered {response.status_code}", file=sys.stderr)
            return 1
        durations = []
        for _ in range(options.runs):
            before = time.perf_counter()
            client.get(url, params)
            durations.append(time.perf_counter() - before)
        with CaptureQueriesContext(connection) as queries:
            client.get(url, params)
        p50, p95 = percentiles(durations)
        base = base or p50
        if label.startswith("follow-up"):
            worst = max(worst, p95)
        print(f"{label:30} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  {p50 / base:5.1f}× baseline  {len(queries)} queries")
    judged = options.authorities >= 5000
    verdict = ("met" if worst <= TARGET_MS else "MISSED") if judged else "not judged (< 5,000)"
    print(f"worst follow-up p95 {worst:.1f} ms; target ≤ {TARGET_MS} ms with 5,000 authorities: {verdict}")
    print(machine())
    return 0


if __name__ == "__main__":
    sys.exit(main())
