"""A call's ranking page with N applications: ``.venv/bin/python -m bench.bench_call_ranking``.

In a throw-away SQLite file (or PostgreSQL through ``DATABASE_URL``): one 2025 call with a grid of two criteria,
N French authorities (synthetic, labelled) each with one submitted application (a frozen version, two resource
lines: asked from the call and own), scored by three reviewers on both criteria. Times through Django's test
client, as a coordinator, the ranking page (first page, a far page) — p50 and p95 of R warm runs — against a
baseline measured in the same run: the calls list. Target (issue 14): p95 ≤ 300 ms with 500 applications.
"""

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from bench.bench_campaign_follow_up import percentiles
from bench.national import setup_database

TARGET_MS = 300


def build(applications: int, seed: int):
    from coopdec.accounts.models import User
    from coopdec.calls.enums import ApplicationStatus, Source
    from coopdec.calls.models import Application, ApplicationVersion, Call, Criterion, ResourceLine, Reviewer, Score
    from coopdec.territories.enums import AuthorityKind, Level
    from coopdec.territories.models import Authority, Country

    rng = random.Random(seed)
    Country.objects.create(code="FR", iso3="FRA", name_fr="France", name_en="France")
    authorities = Authority.objects.bulk_create(
        [Authority(code=f"S-LOC-{i}", name=f"[Synthetic] Commune {i:05}", country_id="FR", level=Level.LOCAL,
                   kind=AuthorityKind.COMMUNE, is_french=True) for i in range(applications)]
    )  # fmt: skip
    coordinator = User.objects.create_user("coordinator@bench.example", "x", is_coordinator=True, is_staff=True)
    call = Call.objects.create(
        name_fr="[Synthetic] Appel 2025", name_en="[Synthetic] Call 2025", year=2025, opens_on=dt.date(2025, 3, 1),
        closes_on=dt.date(2025, 6, 30), envelope=Decimal("20000000"), is_synthetic=True,
    )  # fmt: skip
    criteria = Criterion.objects.bulk_create(
        [Criterion(call=call, position=1, label_fr="Pertinence", label_en="Relevance", weight=Decimal("2")),
         Criterion(call=call, position=2, label_fr="Partenariat", label_en="Partnership")]
    )  # fmt: skip
    reviewers = [User.objects.create_user(f"reviewer-{i}@bench.example", "x") for i in range(3)]
    Reviewer.objects.bulk_create([Reviewer(call=call, user=user) for user in reviewers])
    rows = Application.objects.bulk_create(
        [Application(call=call, authority=a, title=f"[Synthetic] Projet {i:05}", status=ApplicationStatus.SUBMITTED,
                     is_synthetic=True) for i, a in enumerate(authorities)]
    )  # fmt: skip
    lines, versions, scores = [], [], []
    now = dt.datetime(2025, 5, 10, tzinfo=dt.UTC)
    for application in rows:
        asked = Decimal(rng.randrange(10, 100) * 1000)
        lines += [
            ResourceLine(application=application, year=2025, source=Source.CALL, amount=asked),
            ResourceLine(application=application, year=2025, source=Source.FRENCH_AUTHORITY, amount=asked),
        ]
        versions.append(ApplicationVersion(
            application=application, number=1, submitted_at=now, receipt_number=f"AAP-{application.pk}-V1",
            step=application.step, asked=asked, total=2 * asked, content={},
        ))  # fmt: skip
        scores += [Score(application=application, reviewer=user, criterion=c, mark=rng.randrange(0, 6))
                   for user in reviewers for c in criteria]  # fmt: skip
    ResourceLine.objects.bulk_create(lines)
    ApplicationVersion.objects.bulk_create(versions)
    Score.objects.bulk_create(scores)
    return call, coordinator


def main(argv=None) -> int:
    small = os.environ.get("BENCH_SIZE") == "small"
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=50 if small else 500)
    parser.add_argument("--runs", type=int, default=3 if small else 30)
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args(argv)
    folder = tempfile.TemporaryDirectory(prefix="coopdec-bench-ranking-")
    setup_database(Path(folder.name) / "bench.sqlite3")
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.national import machine

    started = time.perf_counter()
    call, coordinator = build(options.applications, options.seed)
    print(f"setup: {options.applications} scored applications in {time.perf_counter() - started:.1f} s "
          f"({connection.vendor})")  # fmt: skip
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    client.force_login(coordinator)
    page = f"/en/workspace/calls/{call.pk}/applications/"
    last = max(1, -(-options.applications // 25))
    requests = [
        ("baseline: calls list", "/en/workspace/calls/", {}),
        ("ranking, first page", page, {}),
        (f"ranking, page {last}", page, {"page": last}),
        ("ranking, 100 a page", page, {"size": 100}),
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
        if label.startswith("ranking"):
            worst = max(worst, p95)
        print(f"{label:24} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  {p50 / base:5.1f}× baseline  {len(queries)} queries")
    judged = options.applications >= 500
    verdict = ("met" if worst <= TARGET_MS else "MISSED") if judged else "not judged (< 500)"
    print(f"worst ranking p95 {worst:.1f} ms; target ≤ {TARGET_MS} ms with 500 applications: {verdict}")
    print(machine())
    return 0


if __name__ == "__main__":
    sys.exit(main())
