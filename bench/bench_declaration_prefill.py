"""Pre-filling a yearly declaration: ``.venv/bin/python -m bench.bench_declaration_prefill [--projects N] [--runs R]``.

In a throw-away SQLite file (or PostgreSQL through ``DATABASE_URL``): one French région leading N synthetic
projects, each in a foreign city of one of five countries (two on the DAC list of the year, three not), with
themes, an operator NGO on a third of them, and one 2025 disbursement each in EUR, USD (ECB rate of its day) or
XPF (pegged). Times ``services.start_declaration`` (read the records, suggest the codes, decide ODA, convert,
insert the lines) over R runs after a warm-up, against a baseline measured in the same run: reading the same
disbursements with their projects, places, participants and themes and doing nothing else. Counts the queries
for N and N/10 projects (they must not grow with N). Target (issue 13): ≤ 1 s for 1,000 projects.
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

TARGET_MS = 1000


def build(projects: int, seed: int):
    """The région, its editor and coordinator, N projects with one 2025 disbursement each."""
    from coopdec.accounts.enums import MembershipStatus, Role
    from coopdec.accounts.models import Membership, User
    from coopdec.organizations.models import Organization
    from coopdec.projects.models import Disbursement, Participant, Place, Project
    from coopdec.territories.enums import AuthorityKind, Level, OdaCategory
    from coopdec.territories.models import Authority, Country, OdaStatus
    from coopdec.themes.models import Theme

    rng = random.Random(seed)
    countries = {
        "FR": OdaCategory.NOT_ELIGIBLE,
        "AM": OdaCategory.OTHER_ELIGIBLE,
        "SN": OdaCategory.LEAST_DEVELOPED,
        "KR": OdaCategory.NOT_ELIGIBLE,
        "ES": OdaCategory.NOT_ELIGIBLE,
        "CA": OdaCategory.NOT_ELIGIBLE,
    }
    for code, category in countries.items():
        country = Country.objects.create(code=code, iso3=code + "X", name_fr=code, name_en=code, oda_category=category)
        OdaStatus.objects.create(country=country, year=2025, category=category)
    region = Authority.objects.create(
        code="FR-REG-BENCH", name="[Synthetic] Région", country_id="FR", level=Level.REGIONAL,
        kind=AuthorityKind.REGION, is_french=True,
    )  # fmt: skip
    cities = [
        Authority.objects.create(
            code=f"BENCH-{code}-{i}",
            name=f"[Synthetic] City {code}{i}",
            country_id=code,
            level=Level.LOCAL,
            kind=AuthorityKind.CITY,
        )  # fmt: skip
        for code in ("AM", "SN", "KR", "ES", "CA")
        for i in range(4)
    ]
    themes = [Theme.objects.create(code=f"t{i}", label_fr="t", label_en="t", dac_codes=[c]) for i, c in
              enumerate(["14030", "16061", "22040", "11420"])]  # fmt: skip
    ngo = Organization.objects.create(name="[Synthetic] NGO", kind="association", country_id="FR")
    editor = User.objects.create_user("editor@bench.example", "x")
    Membership.objects.create(user=editor, authority=region, role=Role.EDITOR, status=MembershipStatus.APPROVED)
    coordinator = User.objects.create_user("coordinator@bench.example", "x", is_coordinator=True)
    made = Project.objects.bulk_create(
        [Project(title=f"[Synthetic] Project {i}", lead_authority=region, kind="development") for i in range(projects)]
    )
    Place.objects.bulk_create([Place(project=p, authority=rng.choice(cities)) for p in made])
    Participant.objects.bulk_create(
        [Participant(project=p, organization=ngo, role="operator") for p in made[::3]]
        + [Participant(project=p, authority=region, role="lead") for p in made]
    )
    Project.themes.through.objects.bulk_create(
        [Project.themes.through(project_id=p.pk, theme_id=rng.choice(themes).pk) for p in made]
    )
    currencies = ["EUR", "EUR", "USD", "XPF"]
    Disbursement.objects.bulk_create(
        [
            Disbursement(
                project=p,
                year=2025,
                amount=Decimal(rng.randrange(1_000, 200_000)),
                currency=rng.choice(currencies),
                paid_on=dt.date(2025, rng.randrange(1, 13), rng.randrange(1, 28)),
            )  # fmt: skip
            for p in made
        ]
    )
    return region, editor, coordinator


def percentiles(durations: list[float]) -> tuple[float, float]:
    ordered = sorted(durations)
    return statistics.median(ordered) * 1000, ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))] * 1000


def main(argv=None) -> int:
    small = os.environ.get("BENCH_SIZE") == "small"
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=100 if small else 1000)
    parser.add_argument("--runs", type=int, default=3 if small else 10)
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args(argv)
    folder = tempfile.TemporaryDirectory(prefix="coopdec-bench-prefill-")
    setup_database(Path(folder.name) / "bench.sqlite3")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.national import machine
    from coopdec.declarations import services
    from coopdec.declarations.models import Declaration
    from coopdec.declarations.prefill import prefilled_lines
    from coopdec.lib.money import to_euros
    from coopdec.projects.models import Disbursement

    started = time.perf_counter()
    region, editor, coordinator = build(options.projects, options.seed)
    print(f"setup: {options.projects} projects in {time.perf_counter() - started:.1f} s ({connection.vendor})")
    services.open_campaign(author=coordinator, year=2025, opens_on=dt.date(2026, 4, 15), closes_on=dt.date(2026, 5, 31))
    to_euros(Decimal(1), "USD", dt.date(2025, 1, 2))  # loads the ECB history once, as a running server has

    def baseline() -> int:
        rows = Disbursement.objects.filter(year=2025, project__lead_authority=region).select_related("project")
        rows = rows.prefetch_related("project__places__authority", "project__participants__organization",
                                     "project__themes")  # fmt: skip
        return len(list(rows))

    def prefill() -> int:
        Declaration.objects.filter(authority=region).delete()
        declaration = services.start_declaration(author=editor, authority=region, year=2025)
        return declaration.lines.count()

    for label, action in (("baseline: read the records", baseline), ("start_declaration (pre-fill)", prefill)):
        count = action()  # warm-up
        durations = []
        for _ in range(options.runs):
            before = time.perf_counter()
            action()
            durations.append(time.perf_counter() - before)
        p50, p95 = percentiles(durations)
        print(f"{label:32} {count:6} rows  p50 {p50:8.1f} ms  p95 {p95:8.1f} ms")
        if label.startswith("baseline"):
            base = p50
        else:
            ratio = p50 / base if base else float("inf")
            verdict = ("met" if p95 <= TARGET_MS else "MISSED") if options.projects >= 1000 else "not judged (< 1,000)"
            print(f"pre-fill / baseline: {ratio:.1f}×; target p95 ≤ {TARGET_MS} ms for 1,000 projects: {verdict}")
            if count != options.projects:
                print(f"FAILED: {count} lines for {options.projects} disbursements", file=sys.stderr)
                return 1
    # Queries must not grow with the number of projects.
    Declaration.objects.filter(authority=region).delete()
    declaration = Declaration.objects.create(campaign_id=1, authority=region, year=2025)
    with CaptureQueriesContext(connection) as queries:
        lines = prefilled_lines(declaration)
    print(f"queries to pre-fill {len(lines)} lines: {len(queries)}")
    print(machine())
    return 0


if __name__ == "__main__":
    sys.exit(main())
