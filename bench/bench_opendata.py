"""Open-data downloads at national scale: ``.venv/bin/python -m bench.bench_opendata [--runs N] [--keep FILE]``.

In a throw-away SQLite file (or ``--keep FILE``, built once and reused): migrate, ``load_reference``, then
``generate_synthetic --projects 20000 --seed 1`` and the search index. Times, through Django's test client with the
whole answer read, the projects of three selections (everything; the country with the most projects; one theme) as
CSV, XLSX, GeoJSON and IATI 2.03 XML: the median of N runs after one warm-up, the size, the projects per second,
each format against the CSV of the same selection in the same run (the CSV is the simplest file of the same
rows: the ratio says what the richer format costs), and when the first bytes came (the IATI file is streamed: the
download starts before the file is complete; the other files are made whole first).
"""

import argparse
import os
import statistics
import time

from bench.national import machine, open_national_database

FORMATS = {
    "CSV": "/atlas/data/projects.csv",
    "XLSX": "/atlas/data/projects.xlsx",
    "GeoJSON": "/atlas/data/projects.geojson",
    "IATI 2.03": "/atlas/data/projects-iati.xml",
}


def read_all(client, url: str) -> tuple[int, float]:
    """The size of the whole answer, and when its first bytes came (seconds from the request)."""
    started = time.perf_counter()
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    if not response.streaming:
        return len(response.content), time.perf_counter() - started
    pieces = iter(response.streaming_content)
    first = next(pieces, b"")
    first_at = time.perf_counter() - started
    return len(first) + sum(len(piece) for piece in pieces), first_at


def check(label: str, url: str, rows: int, client) -> str:
    """Count the projects in the whole file; fail loudly when it is not the selection's count (or empty)."""
    import csv
    import io
    import json

    from openpyxl import load_workbook

    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if label == "CSV":
        found = len(list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))) - 1
    elif label == "XLSX":
        found = sum(1 for _row in load_workbook(io.BytesIO(body), read_only=True).worksheets[0].iter_rows()) - 1
    elif label == "GeoJSON":
        features = json.loads(body)["features"]
        found = len({feature["id"] for feature in features})
        if found != len(features):
            raise SystemExit(f"sanity check failed: {url}: a project appears twice")
    else:
        found = body.count(b"<iati-activity ") + body.count(b"<iati-activity>")
    expected = rows if label != "GeoJSON" else min(found, rows)  # a project placed nowhere has no feature
    if not rows or not found or found != expected:
        raise SystemExit(f"sanity check failed: {label} {url}: {found} projects in the file, {rows} selected")
    return f"{found:,} projects in the file"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3, help="timed runs per download (after one warm-up)")
    parser.add_argument("--keep", metavar="FILE", help="SQLite file to build once and reuse on later runs")
    options = parser.parse_args()

    workdir = open_national_database(  # noqa: F841 - the throw-away file lives as long as this reference
        keep=options.keep, projects=options.projects, seed=options.seed, prefix="coopdec-bench-opendata-"
    )
    from django.db.models import Count
    from django.http import QueryDict
    from django.test import Client
    from django.test.utils import setup_test_environment

    from coopdec.atlas.filters import selection
    from coopdec.atlas.models import SearchDocument
    from coopdec.atlas.search import index
    from coopdec.projects.models import Place

    setup_test_environment()
    if not SearchDocument.objects.exists():
        index.rebuild()
    print(machine())
    country = (
        Place.objects.filter(project__visibility="public", authority__country__isnull=False)
        .values_list("authority__country_id", flat=True)
        .annotate(n=Count("project", distinct=True))
        .order_by("-n")
        .first()
    )
    client = Client()
    for query in ("", f"country={country}", "theme=water-sanitation"):
        rows = selection(QueryDict(query)).projects.count()
        print(f"\nselection {query or 'everything'}: {rows:,} public projects")
        csv_seconds = None
        for label, path in FORMATS.items():
            url = f"{path}?{query}" if query else path
            counted = check(label, url, rows, client)  # warm-up, and the file's count checked
            durations, firsts, size = [], [], 0
            for _ in range(options.runs):
                started = time.perf_counter()
                size, first_at = read_all(client, url)
                durations.append(time.perf_counter() - started)
                firsts.append(first_at)
            seconds = statistics.median(durations)
            csv_seconds = csv_seconds or seconds
            print(
                f"  {label:<10} {seconds:7.2f} s  {rows / seconds:8,.0f} projects/s  {size / 1e6:7.1f} MB"
                f"  {seconds / csv_seconds:5.1f}× the CSV  first bytes after {statistics.median(firsts):6.2f} s"
                f"  ({counted})"
            )
    print(f"\nload average after the runs: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
