"""Eligibility of an application to a call: ``.venv/bin/python -m bench.bench_eligibility [--co-financers N] [--years Y]
[--runs R]``.

In a throw-away SQLite file (or PostgreSQL through ``DATABASE_URL``): every country of the CLDR list with its 2025
ODA category, a call with every rule of docs/calls.md switched on (three ceilings and a flat rate, minimum own share,
in-kind share, cash only, minimum and maximum grant, monitoring share, group bonus, the four preconditions, a list
of eligible ODA categories and three themes), and Île-de-France's application in Yerevan with N co-financers over
Y years (one resource line per co-financer and year, five expense lines a year), a convention and a letter of
intent attached, a report of an earlier call filed, the 2024 declaration submitted.

Times, over R runs after a warm-up, against baselines measured in the same run:

- ``from the database``: ``selectors.eligibility_of`` — load the call's rules and the application's budget, check;
  baseline: read the same resource and expense lines and add them up, nothing else;
- ``keystroke``: ``eligibility.check`` on rules already loaded and a budget as a page would pass it (what runs on
  every keystroke); baseline: adding up the same lines in Python.

Target (issue 14): the check of an application with 10 co-financers and 3 years ≤ 50 ms.
"""

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from bench.national import setup_database

TARGET_MS = 50


def build(co_financers: int, years: int):
    """The countries, the call with all its rules, the application and its records."""
    from babel import Locale
    from django.core.files.uploadedfile import SimpleUploadedFile

    from coopdec.accounts.enums import MembershipStatus, Role
    from coopdec.accounts.models import Membership, User
    from coopdec.calls import services
    from coopdec.calls.eligibility import Expense, Resource
    from coopdec.calls.enums import ApplicationStatus, DocumentKind, ExpenseKind, GroupRule, ReportKind, Source
    from coopdec.calls.models import Report
    from coopdec.declarations.models import Campaign, Declaration, DeclarationVersion
    from coopdec.partnerships.models import Partnership
    from coopdec.territories.enums import AuthorityKind, Level, OdaCategory
    from coopdec.territories.models import Authority, Country, OdaStatus
    from coopdec.themes.models import Theme

    french, english = Locale("fr").territories, Locale("en").territories
    codes = sorted(code for code in french if len(code) == 2 and code.isalpha() and code in english)
    categories = [OdaCategory.LEAST_DEVELOPED, OdaCategory.OTHER_ELIGIBLE, OdaCategory.NOT_ELIGIBLE]
    Country.objects.bulk_create(
        [Country(code=code, iso3=f"{code}X", name_fr=french[code], name_en=english[code]) for code in codes]
    )
    OdaStatus.objects.bulk_create(
        [OdaStatus(country_id=code, year=2025, category=categories[i % 3]) for i, code in enumerate(codes)]
        + [OdaStatus(country_id=code, year=2024, category=categories[i % 3]) for i, code in enumerate(codes)]
    )
    OdaStatus.objects.filter(country_id="AM").update(category=OdaCategory.OTHER_ELIGIBLE)
    region = Authority.objects.create(
        code="FR-REG-11", name="Île-de-France", country_id="FR", level=Level.REGIONAL, kind=AuthorityKind.REGION,
        is_french=True,
    )  # fmt: skip
    partner = Authority.objects.create(code="FR-DEP-75", name="Paris", country_id="FR", level=Level.LOCAL,
                                       kind=AuthorityKind.COMMUNE, is_french=True)  # fmt: skip
    Authority.objects.create(code="AM-ER", name="Erevan", country_id="AM", level=Level.LOCAL, kind=AuthorityKind.CITY)
    themes = [Theme.objects.create(code=f"t{i}", label_fr=f"Thème {i}", label_en=f"Theme {i}") for i in range(5)]
    editor = User.objects.create_user("editor@bench.example", "x")
    Membership.objects.create(user=editor, authority=region, role=Role.EDITOR, status=MembershipStatus.APPROVED)
    coordinator = User.objects.create_user("coordinator@bench.example", "x", is_coordinator=True)
    common = {
        "name_en": "Call", "opens_on": dt.date(2025, 3, 1), "closes_on": dt.date(2025, 6, 30),
        "envelope": Decimal("2000000"),
    }  # fmt: skip
    earlier_call = services.create_call(author=coordinator, year=2024, name_fr="AAP 2024", **common)
    call = services.create_call(
        author=coordinator, year=2025, name_fr="AAP 2025", themes=themes[:3], **common,
        ceilings={OdaCategory.LEAST_DEVELOPED: Decimal("70"), OdaCategory.OTHER_ELIGIBLE: Decimal("50"),
                  OdaCategory.NOT_ELIGIBLE: Decimal("30")},
        multi_country_ceiling=Decimal("60"), min_own_share=Decimal("10"), max_in_kind_share=Decimal("50"),
        cash_only=True, min_grant=Decimal("10000"), max_grant=Decimal("500000"), min_monitoring_share=Decimal("7"),
        group_rule=GroupRule.BONUS, eligible_categories=[OdaCategory.LEAST_DEVELOPED, OdaCategory.OTHER_ELIGIBLE],
        requires_convention=True, requires_council_decision=True, requires_earlier_reports=True,
        requires_last_declaration=True,
    )  # fmt: skip
    application = services.start_application(author=editor, call=call, authority=region, title="Erevan").application
    # Per year: the call asks 50 %, the région brings 20 % (a quarter of it in kind), the other co-financers 30 %.
    resources = []
    for year in range(2025, 2025 + years):
        resources.append(Resource(year, Source.CALL, Decimal("50000")))
        resources.append(Resource(year, Source.FRENCH_AUTHORITY, Decimal("15000"), funder="Île-de-France"))
        resources.append(Resource(year, Source.FRENCH_AUTHORITY, Decimal("5000"), in_kind=True, funder="IDF"))
        others = max(co_financers - 2, 1)
        resources += [
            Resource(year, Source.PARTNER if i % 2 else Source.OTHER, Decimal("30000") / others, funder=f"Co-fin {i}")
            for i in range(others)
        ]
    expenses = [
        Expense(year, kind, amount)
        for year in range(2025, 2025 + years)
        for kind, amount in [
            (ExpenseKind.ACTIVITIES, Decimal("60000")),
            (ExpenseKind.EQUIPMENT, Decimal("20000")),
            (ExpenseKind.STAFF, Decimal("8000")),
            (ExpenseKind.TRAVEL, Decimal("4000")),
            (ExpenseKind.MONITORING, Decimal("8000")),
        ]  # fmt: skip
    ]
    convention = Partnership.objects.create(title="Convention", kind="convention", status="in_force",
                                            signed_on=dt.date(2023, 1, 10))  # fmt: skip
    application = services.save_draft(
        author=editor, application=application, resources=resources, expenses=expenses,
        countries=[Country.objects.get(code="AM")], themes=themes[1:4], co_applicants=[partner],
        partnership=convention,
    )  # fmt: skip
    services.attach_document(author=editor, application=application, kind=DocumentKind.LETTER_OF_INTENT,
                             file=SimpleUploadedFile("l.pdf", b"%PDF-1.4"), original_name="l.pdf")  # fmt: skip
    earlier = services.start_application(author=editor, call=earlier_call, authority=region, title="2024").application
    earlier.status = ApplicationStatus.AWARDED
    earlier.save()
    Report.objects.create(application=earlier, kind=ReportKind.INTERMEDIATE, due_on=dt.date(2025, 1, 31),
                          filed_at=dt.datetime(2025, 1, 20, tzinfo=dt.UTC))  # fmt: skip
    campaign = Campaign.objects.create(year=2024, opens_on=dt.date(2025, 4, 1), closes_on=dt.date(2025, 5, 31))
    declaration = Declaration.objects.create(campaign=campaign, authority=region, year=2024)
    submitted_at = dt.datetime(2025, 4, 2, tzinfo=dt.UTC)
    DeclarationVersion.objects.create(
        declaration=declaration, number=1, receipt_number="APD-2024-B", submitted_at=submitted_at, total=0, oda_total=0
    )
    return call, application, len(codes)


def percentiles(durations: list[float]) -> tuple[float, float]:
    ordered = sorted(durations)
    return statistics.median(ordered) * 1000, ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))] * 1000


def timed(action, runs: int) -> tuple[float, float]:
    action()  # warm-up
    durations = []
    for _ in range(runs):
        before = time.perf_counter()
        action()
        durations.append(time.perf_counter() - before)
    return percentiles(durations)


def main(argv=None) -> int:
    small = os.environ.get("BENCH_SIZE") == "small"
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--co-financers", type=int, default=10)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--runs", type=int, default=20 if small else 200)
    options = parser.parse_args(argv)
    folder = tempfile.TemporaryDirectory(prefix="coopdec-bench-eligibility-")
    setup_database(Path(folder.name) / "bench.sqlite3")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.national import machine
    from coopdec.calls.eligibility import check, totals
    from coopdec.calls.models import ExpenseLine, ResourceLine
    from coopdec.calls.selectors import budget_of, eligibility_of, rules_of

    started = time.perf_counter()
    call, application, countries = build(options.co_financers, options.years)
    lines = application.resources.count()
    print(f"setup: {countries} countries, {lines} resource lines ({options.co_financers} co-financers × "
          f"{options.years} years) in {time.perf_counter() - started:.1f} s ({connection.vendor})")  # fmt: skip
    on = dt.date(2025, 4, 15)
    rules, budget = rules_of(call), budget_of(application, on=on)

    def read_lines() -> Decimal:
        resources = sum((line.amount for line in ResourceLine.objects.filter(application=application)), Decimal(0))
        return resources + sum(
            (line.amount for line in ExpenseLine.objects.filter(application=application)), Decimal(0)
        )

    results = {}
    for label, action in (
        ("baseline: read and add the lines", read_lines),
        ("eligibility_of (from the database)", lambda: eligibility_of(application, on=on)),
        ("baseline: add the lines in Python", lambda: totals(budget)),
        ("check (keystroke, rules loaded)", lambda: check(rules, budget)),
    ):
        results[label] = p50, p95 = timed(action, options.runs)
        print(f"{label:38} p50 {p50:8.3f} ms  p95 {p95:8.3f} ms")
    with CaptureQueriesContext(connection) as queries:
        result = eligibility_of(application, on=on)
    with CaptureQueriesContext(connection) as keystroke:
        check(rules, budget)
    print(f"queries: eligibility_of {len(queries)}, check {len(keystroke)}")
    print(f"rules checked: {len(result.checks)}; eligible: {result.eligible}")
    for item in result.checks:
        print(f"  {'✓' if item.holds else '✗'} {item.message}")
    full_p95 = results["eligibility_of (from the database)"][1]
    keystroke_p95 = results["check (keystroke, rules loaded)"][1]
    judged = options.co_financers >= 10 and options.years >= 3
    verdict = ("met" if max(full_p95, keystroke_p95) <= TARGET_MS else "MISSED") if judged else "not judged"
    print(f"target p95 ≤ {TARGET_MS} ms (10 co-financers, 3 years): {verdict}")
    print(machine())
    if len(result.checks) != 14 or not result.eligible or keystroke:
        print(f"FAILED: {len(result.checks)} rules (14 expected), eligible {result.eligible}, "
              f"{len(keystroke)} queries in the keystroke check", file=sys.stderr)  # fmt: skip
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
