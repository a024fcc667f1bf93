"""The coordinators' national figures at national scale: ``.venv/bin/python -m bench.bench_national_totals``.

In a throw-away SQLite file (or PostgreSQL through ``DATABASE_URL``): 13 régions and N − 13 communes and EPCI
under them (synthetic, labelled), each with a validated declaration of 2025 of L lines (bulk-created: the
validated version's frozen lines and the working copy beside them, as ``services.freeze`` leaves them), 20
countries of which a third least developed, and a fifth of the declarations again in 2024. Times
``declarations.national.national_figures(2025)`` (totals, six breakdowns, the LDC share: 7 queries), a région
filter, the series over the years, and the national page through the test client, p50 and p95 of R warm runs,
against a baseline measured in the same run: a plain COUNT over the lines table. Target (issue 13): national
totals of a year ≤ 500 ms p95 for 5,000 declarations × 20 lines.
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

TARGET_MS = 500
COUNTRIES = [f"Q{letter}" for letter in "ABCDEFGHIJKLMNOPQRST"]  # ISO user-assigned codes: never real ones
PURPOSES = ["14030", "15150", "11420", "43010", "99820", "31120", "12220", "23210", "25010", "41010"]
AID_TYPES = ["C01", "D02", "H01", "B02", "E01"]
CHANNELS = ["11002", "22000", "10000", "51000", "47000"]


def build(declarations: int, lines: int, seed: int):
    """The authorities, their validated declarations and lines; returns (coordinator, a région, lines made)."""
    from coopdec.accounts.models import User
    from coopdec.declarations.enums import DeclarationStatus, Recipient
    from coopdec.declarations.models import Campaign, Declaration, DeclarationLine, DeclarationVersion
    from coopdec.territories.enums import AuthorityKind, Level, OdaCategory
    from coopdec.territories.models import Authority, Country, OdaStatus

    rng = random.Random(seed)
    Country.objects.create(code="FR", iso3="FRA", name_fr="France", name_en="France")
    countries = Country.objects.bulk_create(
        [Country(code=code, iso3=f"Q{i:02}", name_fr=f"[Synthétique] Pays {code}", name_en=f"[Synthetic] {code}")
         for i, code in enumerate(COUNTRIES)]
    )  # fmt: skip
    categories = [OdaCategory.LEAST_DEVELOPED, OdaCategory.OTHER_ELIGIBLE, OdaCategory.NOT_ELIGIBLE]
    OdaStatus.objects.bulk_create(
        [OdaStatus(country=c, year=2025, category=categories[i % 3]) for i, c in enumerate(countries)]
    )
    category = {c.code: categories[i % 3] for i, c in enumerate(countries)}
    regions = Authority.objects.bulk_create(
        [Authority(code=f"S-REG-{i}", name=f"[Synthetic] Région {i}", country_id="FR", level=Level.REGIONAL,
                   kind=AuthorityKind.REGION, is_french=True) for i in range(13)]
    )  # fmt: skip
    kinds = [AuthorityKind.COMMUNE] * 3 + [AuthorityKind.EPCI, AuthorityKind.DEPARTEMENT]
    locals_ = Authority.objects.bulk_create(
        [Authority(code=f"S-LOC-{i}", name=f"[Synthetic] Collectivité {i:05}", country_id="FR",
                   parent=regions[i % 13], level=Level.LOCAL, kind=rng.choice(kinds), is_french=True)
         for i in range(max(0, declarations - 13))]
    )  # fmt: skip
    everyone = [*regions, *locals_]
    coordinator = User.objects.create_user("coordinator@bench.example", "x", is_coordinator=True, is_staff=True)
    made = 0
    for year, authorities in ((2025, everyone), (2024, everyone[::5])):
        campaign = Campaign.objects.create(
            year=year, opens_on=dt.date(year + 1, 4, 15), closes_on=dt.date(year + 1, 5, 31), is_synthetic=True
        )
        for start in range(0, len(authorities), 500):
            batch = authorities[start : start + 500]
            found = Declaration.objects.bulk_create(
                [Declaration(campaign=campaign, authority=a, year=year, status=DeclarationStatus.VALIDATED,
                             region=a.parent or a,
                             is_synthetic=True) for a in batch]
            )  # fmt: skip
            now = dt.datetime(year + 1, 5, 10, tzinfo=dt.UTC)
            versions = DeclarationVersion.objects.bulk_create(
                [DeclarationVersion(declaration=d, number=1, receipt_number=f"APD-{year}-{d.authority.code}-V1",
                                    submitted_at=now, outcome=DeclarationStatus.VALIDATED, total=0, oda_total=0)
                 for d in found]
            )  # fmt: skip
            for declaration, version in zip(found, versions, strict=True):
                declaration.validated_version = version
            Declaration.objects.bulk_update(found, ["validated_version"])
            rows = []
            for declaration, version in zip(found, versions, strict=True):
                version.total = version.oda_total = Decimal("0")
                for position in range(lines):
                    where = rng.random()
                    recipient = Recipient.COUNTRY if where < 0.8 else rng.choice(
                        [Recipient.UNSPECIFIED, Recipient.FRANCE, Recipient.MULTILATERAL]
                    )  # fmt: skip
                    country = rng.choice(COUNTRIES) if recipient == Recipient.COUNTRY else None
                    is_oda = (
                        category[country] != OdaCategory.NOT_ELIGIBLE
                        if country
                        else recipient != Recipient.MULTILATERAL
                    )
                    amount = Decimal(rng.randrange(100, 2_000_000)) / 100
                    version.total += amount  # as services.freeze sums the lines
                    version.oda_total += amount if is_oda else 0
                    for copy in (version, None):  # the frozen copy and the working copy
                        rows.append(
                            DeclarationLine(
                                declaration=declaration, version=copy, source="added", kind="other",
                                description=f"[Synthetic] line {position}", recipient=recipient,
                                country_id=country, purpose_code=rng.choice(PURPOSES), aid_type=rng.choice(AID_TYPES),
                                channel_code=rng.choice(CHANNELS), flow_type="10" if is_oda else "",
                                value_date=dt.date(year, 1 + position % 12, 15), original_amount=amount,
                                original_currency="EUR", amount_eur=amount, is_oda=is_oda,
                                not_oda_reason="" if is_oda else "not_eligible", position=position,
                            )
                        )  # fmt: skip
            DeclarationLine.objects.bulk_create(rows, batch_size=2000)
            DeclarationVersion.objects.bulk_update(versions, ["total", "oda_total"])
            made += len(rows) // 2
    return coordinator, regions[0], made


def machine() -> str:
    """Where it ran: ``bench.national.machine`` on SQLite, the same with the server's version on PostgreSQL."""
    import platform

    from django.db import connection

    from bench.national import machine as sqlite_machine

    if connection.vendor == "sqlite":
        return sqlite_machine()
    return (
        f"machine: {platform.platform()}, {os.cpu_count()} CPU, Python {platform.python_version()}, "
        f"{connection.vendor} {connection.pg_version}, load average {os.getloadavg()[0]:.2f}"
    )


def percentiles(durations: list[float]) -> tuple[float, float]:
    ordered = sorted(durations)
    return statistics.median(ordered) * 1000, ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))] * 1000


def timed(call, runs: int) -> tuple[float, float, int]:
    """p50 and p95 in ms of ``runs`` warm calls, and the queries of one call."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call()
    durations = []
    for _ in range(runs):
        before = time.perf_counter()
        call()
        durations.append(time.perf_counter() - before)
    with CaptureQueriesContext(connection) as queries:
        call()
    return (*percentiles(durations), len(queries))


def arguments(argv):
    small = os.environ.get("BENCH_SIZE") == "small"
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--declarations", type=int, default=200 if small else 5000)
    parser.add_argument("--lines", type=int, default=20)
    parser.add_argument("--runs", type=int, default=3 if small else 20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", help="build the database in this file, or reuse it when it exists")
    return parser.parse_args(argv)


def open_database(options, prefix: str):
    """A throw-away database (or the ``--keep`` file), built unless reused; returns (folder, coordinator, région)."""
    folder = tempfile.TemporaryDirectory(prefix=prefix)
    database = Path(options.keep).resolve() if options.keep else Path(folder.name) / "bench.sqlite3"
    setup_database(database)
    from django.db import connection

    from coopdec.accounts.models import User
    from coopdec.declarations.models import DeclarationLine
    from coopdec.territories.models import Authority

    if User.objects.filter(email="coordinator@bench.example").exists():  # a kept file, or a PostgreSQL database
        name = connection.settings_dict["NAME"]
        print(f"setup: reusing {name} ({DeclarationLine.objects.count()} lines, {connection.vendor})")
        return folder, User.objects.get(email="coordinator@bench.example"), Authority.objects.get(code="S-REG-0")
    started = time.perf_counter()
    coordinator, region, made = build(options.declarations, options.lines, options.seed)
    seconds = time.perf_counter() - started
    print(f"setup: {options.declarations} validated declarations of 2025 × {options.lines} lines ({made} validated "
          f"lines, as many in the working copies) in {seconds:.1f} s ({connection.vendor})")  # fmt: skip
    return folder, coordinator, region


def main(argv=None) -> int:
    options = arguments(argv)
    _folder, coordinator, region = open_database(options, "coopdec-bench-national-")
    from django.conf import settings
    from django.test import Client

    from coopdec.declarations import national
    from coopdec.declarations.models import DeclarationLine

    figures = national.national_figures(2025)
    expected = national.validated_lines(2025).count()
    if figures.lines != expected or sum(row.lines for row in figures.by_recipient) != expected:
        print(f"FAILED: {figures.lines} lines counted, {expected} validated", file=sys.stderr)
        return 1
    if national.series()[-1].total != figures.total:
        print(f"FAILED: the series says {national.series()[-1].total} €, the lines {figures.total} €", file=sys.stderr)
        return 1
    print(f"2025: {figures.declarations} declarations, {figures.lines} lines, total {figures.total} €, "
          f"ODA {figures.oda} €, LDC share {figures.ldc.share:.3f}")  # fmt: skip
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    client.force_login(coordinator)
    if client.get("/en/workspace/national/").status_code != 200:
        print("FAILED: the national page did not answer 200", file=sys.stderr)
        return 1
    measures = [
        ("baseline: COUNT over the lines", lambda: DeclarationLine.objects.count()),
        ("national totals of 2025", lambda: national.national_figures(2025)),
        ("national totals, one région", lambda: national.national_figures(2025, region=region)),
        ("national totals, communes", lambda: national.national_figures(2025, kind="commune")),
        ("series over the years", lambda: national.series()),
        ("national page (test client)", lambda: client.get("/en/workspace/national/", {"year": 2025})),
    ]
    worst, base = 0.0, None
    for label, call in measures:
        p50, p95, queries = timed(call, options.runs)
        base = base or p50
        if label.startswith("national totals"):
            worst = max(worst, p95)
        print(f"{label:32} p50 {p50:8.1f} ms  p95 {p95:8.1f} ms  {p50 / base:6.1f}× baseline  {queries} queries")
    judged = options.declarations >= 5000 and options.lines >= 20
    verdict = ("met" if worst <= TARGET_MS else "MISSED") if judged else "not judged (< 5,000 × 20)"
    print(f"worst national totals p95 {worst:.1f} ms; target ≤ {TARGET_MS} ms for 5,000 × 20 lines: {verdict}")
    print(machine())
    return 0


if __name__ == "__main__":
    sys.exit(main())
