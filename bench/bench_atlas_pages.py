"""Atlas statistics and map data at national scale: ``.venv/bin/python -m bench.bench_atlas_pages [--runs N]``.

In a throw-away SQLite file: migrate, ``load_reference`` (the real reference authorities), then
``generate_synthetic --projects 20000 --seed 1``. Times, through Django's test client, the statistics page and
the map's JSON endpoints with and without filters (p50 and p95 of N runs after one warm-up), cold (cache emptied
before each run: the figures computed from the search index's in-memory copy, loaded) and warm (the cached
figures); then the first request after a write (one project saved: the copy brought up to date; or the whole
index changed: the copy loaded again), nothing cached; and side by side
in the same run a naive ORM baseline computing the same figures: ``icontains`` / join filters,
``annotate(Count)`` per chart and euro amounts summed in Python row by row (``to_euros`` on every one), as a
first version would. The atlas pages read the search index (rebuilt after the bulk generation, and timed).
"""

import argparse
import statistics
import time
from decimal import Decimal

from bench.national import machine, open_national_database

TARGET_MS = 100


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def fetch(client, url: str, params: dict) -> bytes:
    """The whole answer: a streamed one (the CSV) is read to its end, as a download would be."""
    response = client.get(url, params)
    if response.status_code != 200:
        raise SystemExit(f"{url} {params}: HTTP {response.status_code}")
    return b"".join(response.streaming_content) if response.streaming else response.content


def check(label: str, url: str, params: dict, body: bytes) -> None:
    """Sanity checks that make the benchmark fail loudly: the figures of an empty or wrong answer mean nothing."""
    import csv
    import io
    import json

    from coopdec.atlas.filters import selection

    if url.endswith(".csv"):
        rows = len(list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))) - 1
        expected = selection(params).projects.count()
        if rows != expected or not rows:
            raise SystemExit(f"sanity check failed: {label}: {rows} rows, {expected} public projects selected")
    elif url.endswith(".json"):
        if not json.loads(body):
            raise SystemExit(f"sanity check failed: {label}: empty JSON")
    elif not body:
        raise SystemExit(f"sanity check failed: {label}: empty page")


def percentiles(durations: list[float]) -> tuple[float, float]:
    ordered = sorted(durations)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p95 * 1000


def naive_filters(params: dict):
    """The baseline's selection: plain ORM filters (icontains, joins, distinct) on the public items."""
    from django.db.models import Q

    from coopdec.partnerships.models import Partnership
    from coopdec.projects.models import Project

    projects, partnerships = Project.objects.public(), Partnership.objects.public()
    for word in params.get("q", "").split():
        projects = projects.filter(Q(title__icontains=word) | Q(description__icontains=word))
        partnerships = partnerships.filter(Q(title__icontains=word) | Q(description__icontains=word))
    if "country" in params:
        projects = projects.filter(places__authority__country_id=params["country"]).distinct()
        partnerships = partnerships.filter(parties__authority__country_id=params["country"]).distinct()
    if "theme" in params:
        projects = projects.filter(themes__code=params["theme"]).distinct()
        partnerships = partnerships.filter(themes__code=params["theme"]).distinct()
    if "status" in params:
        projects = projects.filter(status=params["status"])
        partnerships = partnerships.filter(status=params["status"])
    return projects, partnerships


def naive_statistics(params: dict) -> dict:
    """The statistics page's figures the obvious way: one annotate(Count) per chart, euros summed in Python."""
    from django.db.models import Count, Q
    from django.utils import timezone

    from coopdec.lib.money import NoEuroRate, to_euros
    from coopdec.projects.models import Funding
    from coopdec.territories.models import Country
    from coopdec.themes.models import Theme

    projects, partnerships = naive_filters(params)

    def euros(amount, currency, on):
        try:
            return to_euros(amount, currency, on or timezone.localdate())
        except NoEuroRate:
            return Decimal(0)

    budgets, by_year = Decimal(0), {}
    for project in projects.only("budget", "currency", "planned_start"):
        value = euros(project.budget, project.currency, project.planned_start) if project.budget else Decimal(0)
        budgets += value
        if project.planned_start:
            by_year[project.planned_start.year] = by_year.get(project.planned_start.year, Decimal(0)) + value
    funding = sum(
        (
            euros(line.amount, line.currency, line.value_date or line.project.planned_start)
            for line in Funding.objects.filter(project__in=projects).select_related("project")
        ),
        Decimal(0),
    )
    public = Q(project_places__project__visibility="public")
    return {
        "partnerships": partnerships.count(),
        "budget": budgets,
        "funding": funding,
        "years": by_year,
        "countries": list(
            Country.objects.annotate(n=Count("project_places__project", filter=public, distinct=True))
            .filter(n__gt=0)
            .order_by("-n")[:15]
            .values_list("code", "n")
        ),
        "themes": list(
            Theme.objects.annotate(n=Count("projects", filter=Q(projects__in=projects))).values_list("code", "n")
        ),
        "instruments": list(
            Funding.objects.filter(project__in=projects)
            .values("instrument")
            .annotate(n=Count("project", distinct=True))
        ),
    }


def naive_map_countries(params: dict) -> list:
    from django.db.models import Count, Q

    from coopdec.lib.money import to_euros
    from coopdec.territories.models import Country

    projects, _partnerships = naive_filters(params)
    rows = []
    countries = Country.objects.annotate(
        partnerships=Count(
            "authorities__parties__partnership",
            filter=Q(authorities__parties__partnership__visibility="public", authorities__is_french=False),
            distinct=True,
        ),
        projects=Count("project_places__project", filter=Q(project_places__project__in=projects), distinct=True),
    ).filter(Q(partnerships__gt=0) | Q(projects__gt=0))
    for country in countries:
        amount = sum(
            to_euros(p.budget, p.currency, p.planned_start)
            for p in projects.filter(places__authority__country=country).only("budget", "currency", "planned_start")
            if p.budget is not None and p.currency == "EUR"
        )
        rows.append((country.numeric, country.partnerships, country.projects, amount))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=15, help="timed runs per request (after one warm-up)")
    parser.add_argument("--baseline-runs", type=int, default=3, help="timed runs of each naive baseline")
    parser.add_argument("--after-write-runs", type=int, default=3, help="timed first requests after a write")
    parser.add_argument(
        "--keep", metavar="FILE", help="SQLite file to build once and reuse on later runs (default: a throw-away one)"
    )
    options = parser.parse_args()

    workdir = open_national_database(
        keep=options.keep, projects=options.projects, seed=options.seed, prefix="coopdec-bench-atlas-"
    )
    import django
    from django.core.cache import cache
    from django.test import Client
    from django.test.utils import setup_test_environment

    from coopdec.atlas.models import SearchDocument
    from coopdec.atlas.search import index
    from coopdec.partnerships.models import Party
    from coopdec.projects.models import Project

    setup_test_environment()
    if not SearchDocument.objects.exists():  # bulk_create sends no signal: bulk loaders rebuild the index
        seconds = timed(index.rebuild)
        print(f"search index rebuilt ({SearchDocument.objects.count():,} documents) in {seconds:.1f} s")
    print(machine())
    busiest = (
        Party.objects.filter(authority__is_french=True, partnership__visibility="public")
        .values_list("authority__code", flat=True)
        .order_by()
        .annotate(n=django.db.models.Count("pk"))
        .order_by("-n")
        .first()
    )
    three = {"country": "SN", "theme": "water-sanitation", "status": "2"}
    requests = [
        ("statistics page", "/en/atlas/statistics/", {}),
        ("statistics page, country=SN", "/en/atlas/statistics/", {"country": "SN"}),
        ("statistics page, 3 filters", "/en/atlas/statistics/", three),
        ("map countries.json", "/en/atlas/map/countries.json", {}),
        ("map countries.json, 3 filters", "/en/atlas/map/countries.json", three),
        ("map authorities.json", "/en/atlas/map/authorities.json", {}),
        ("map authorities.json, 3 filters", "/en/atlas/map/authorities.json", three),
        (f"map links.json ({busiest})", "/en/atlas/map/links.json", {"authority": busiest}),
        ("projects CSV, country=SN", "/en/atlas/data/projects.csv", {"country": "SN"}),
    ]
    client = Client()
    print(f"\nrequests through the test client, {options.runs} runs each (ms); cold = cache emptied before each run")
    print(f"  {'request':<42} {'cold p50':>9} {'cold p95':>9} {'warm p50':>9} {'warm p95':>9}  size")
    results = {}
    for label, url, params in requests:
        body = fetch(client, url, params)
        check(label, url, params, body)

        def cold(url=url, params=params):
            cache.clear()
            return timed(lambda: fetch(client, url, params))

        cold_p50, cold_p95 = percentiles([cold() for _ in range(options.runs)])
        fetch(client, url, params)
        warm_p50, warm_p95 = percentiles(
            [timed(lambda url=url, params=params: fetch(client, url, params)) for _ in range(options.runs)]
        )
        results[label] = cold_p50
        print(
            f"  {label:<42} {cold_p50:9.1f} {cold_p95:9.1f} {warm_p50:9.1f} {warm_p95:9.1f}  {len(body) / 1024:.0f} KiB"
        )

    print(
        f"\nfirst request after a write ({options.after_write_runs} runs each, ms), nothing cached:"
        "\n  - one project saved (its title, through the ORM): the index re-reads its document and the in-memory"
        " copy is brought up to date (the documents it changed merged in)"
        "\n  - a change to the whole index (index.changed(), as a rebuild records): the copy is loaded again whole"
    )
    after_write = [
        ("statistics page", "/en/atlas/statistics/", {}),
        ("map countries.json", "/en/atlas/map/countries.json", {}),
        ("map authorities.json", "/en/atlas/map/authorities.json", {}),
    ]
    projects = list(Project.objects.public().order_by("?").values_list("pk", flat=True)[: options.after_write_runs])
    edits = iter(range(10**9))

    def save_a_project():
        project = Project.objects.get(pk=projects[next(edits) % len(projects)])
        project.title = f"{project.title.split(' (edit')[0]} (edit {next(edits)})"
        project.save()  # outside a transaction: the index follows at once (search.sync)

    save_a_project()  # once untimed: a copy loaded before any logged change cannot catch up, and loads whole
    client.get(after_write[0][1])
    print(f"  {'request':<42} {'p50':>9} {'p95':>9}")
    for what, write in (("project saved", save_a_project), ("whole index", index.changed)):
        for label, url, params in after_write:

            def first_after_write(url=url, params=params, write=write):
                write()
                cache.clear()
                return timed(lambda: fetch(client, url, params))

            p50, p95 = percentiles([first_after_write() for _ in range(options.after_write_runs)])
            print(f"  {label + ', ' + what:<42} {p50:9.1f} {p95:9.1f}")
            if what == "project saved":
                results[f"{label}, after a write"] = p50

    print(f"\nnaive ORM baseline (same figures, no page rendering), {options.baseline_runs} runs each (ms):")
    baselines = [
        ("statistics page", lambda: naive_statistics({})),
        ("statistics page, 3 filters", lambda: naive_statistics(three)),
        ("map countries.json", lambda: naive_map_countries({})),
        ("map countries.json, 3 filters", lambda: naive_map_countries(three)),
    ]
    for label, action in baselines:
        action()
        p50, _p95 = percentiles([timed(action) for _ in range(options.baseline_runs)])
        ratio = p50 / results[label] if results[label] else float("inf")
        print(f"  {label:<42} {p50:9.1f}  baseline / atlas cold p50 = {ratio:.1f}×")

    missed = [f"{label} ({p50:.0f} ms)" for label, p50 in results.items() if "CSV" not in label and p50 > TARGET_MS]
    print(f"\ntarget {TARGET_MS} ms server-side, cold: {'met' if not missed else 'missed by ' + ', '.join(missed)}")
    workdir.cleanup()


if __name__ == "__main__":
    main()
