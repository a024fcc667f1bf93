"""Atlas search with three facets, against the naive ORM baseline: ``.venv/bin/python -m bench.bench_atlas_search``.

    --scale national   load_reference + generate_synthetic --projects 20000 --seed 1 (15,000 partnerships)
    --scale world      the same, then the projects and their index rows copied in SQL up to --projects
                       (default 1,000,000: synthetic copies, labelled is_synthetic, of the 20,000)
    --database sqlite  a throw-away SQLite file (default)
    --database postgres  DATABASE_URL names a throw-away database; it is dropped and created again
    --reuse            keep the database DATABASE_URL names (SQLite or PostgreSQL) and its data if it has a
                       search index already (a second run at the same scale skips the minutes of loading)

Times N warm queries (each one run once before timing) of three kinds: three facets (country, theme, year
drawn from a random indexed project, so values are as frequent as in the data); the same plus a word of
that project's text; and "real" queries — a short common word ("eau", "maroc", "jeunesse"…) with 0 to 4
facets of a random project; then how long a write takes to reach the search (one project re-indexed and the
index's shared generation published by its task; the next answer's switch to it).
For each query: the search engine alone
(``atlas.search.query.search``, in-memory facets; "cold" clears its cache of full-text matches before
every query, so the text is matched in the database each time), the SQL-only engine (``search_sql``), the
whole page through Django's test client, and the naive ORM baseline (``icontains`` on titles,
descriptions and the lead authority's name, ``annotate(Count)`` per facet, over projects only), with the
ratio baseline / engine.
The machine is shared: figures are noisy, run it again before trusting a difference under 2×.
"""

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode, urlparse

FACETS_COUNTED_BY_BASELINE = ("country", "theme", "year", "status", "kind", "instrument", "authority")


def setup_database(kind: str, reuse: bool) -> str:
    if reuse:
        return f"reused database {os.environ['DATABASE_URL']}"
    if kind == "sqlite":
        workdir = Path(tempfile.mkdtemp(prefix="coopdec-bench-search-"))
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
        return "throw-away SQLite"
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("--database postgres needs DATABASE_URL=postgres://…/<throw-away database>")
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    return f"throw-away PostgreSQL database {name}"


def replicate(target: int) -> int:
    """Copy the synthetic projects (with their parts and search documents) in SQL until ``target`` projects."""
    from django.db import connection, transaction

    from coopdec.atlas.models import SearchDocument, SearchFacet
    from coopdec.projects.models import Funding, Participant, Place, Project

    def columns(model, skip=("id",)):
        return [f.column for f in model._meta.concrete_fields if f.column not in skip]

    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*), MAX(id) FROM projects_project")
        base, max_project = cursor.fetchone()
        cursor.execute("SELECT MAX(id) FROM atlas_searchdocument")
        (max_document,) = cursor.fetchone()
    copies = max(0, (target - base) // base)
    themes = Project.themes.through._meta.db_table
    started = time.perf_counter()
    for copy in range(1, copies + 1):
        p_off, d_off = copy * max_project, copy * max_document
        with transaction.atomic(), connection.cursor() as cursor:
            project_cols = columns(Project, skip=())
            select = [
                f"id + {p_off}" if c == "id" else "NULL" if c in ("iati_identifier", "created_by_id") else c
                for c in project_cols
            ]
            cursor.execute(
                f"INSERT INTO projects_project ({', '.join(project_cols)}) SELECT {', '.join(select)} "
                f"FROM projects_project WHERE id <= {max_project}"
            )
            cursor.execute(
                f"INSERT INTO {themes} (project_id, theme_id) SELECT project_id + {p_off}, theme_id FROM {themes} "
                f"WHERE project_id <= {max_project}"
            )
            for model in (Participant, Place, Funding):
                cols = columns(model)
                select = [f"project_id + {p_off}" if c == "project_id" else c for c in cols]
                table = model._meta.db_table
                cursor.execute(
                    f"INSERT INTO {table} ({', '.join(cols)}) SELECT {', '.join(select)} FROM {table} "
                    f"WHERE project_id <= {max_project}"
                )
            cols = columns(SearchDocument, skip=())
            select = [f"id + {d_off}" if c == "id" else f"object_id + {p_off}" if c == "object_id" else c for c in cols]
            cursor.execute(
                f"INSERT INTO atlas_searchdocument ({', '.join(cols)}) SELECT {', '.join(select)} "
                f"FROM atlas_searchdocument WHERE id <= {max_document} AND kind = 'project'"
            )
            cols = columns(SearchFacet)
            select = [f"f.document_id + {d_off}" if c == "document_id" else f"f.{c}" for c in cols]
            cursor.execute(
                f"INSERT INTO atlas_searchfacet ({', '.join(cols)}) SELECT {', '.join(select)} "
                f"FROM atlas_searchfacet f JOIN atlas_searchdocument d ON d.id = f.document_id "
                f"WHERE f.document_id <= {max_document} AND d.kind = 'project'"
            )
        done = base * (copy + 1)
        rate = (done - base) / (time.perf_counter() - started)
        print(f"  copies: {done:,} projects ({rate:,.0f} projects/s)", file=sys.stderr, flush=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    from coopdec.atlas.search.index import FULL_TEXT, changed

    FULL_TEXT.rebuild()
    changed()  # raw SQL wrote the index: every process must reload its copy
    return base * (copies + 1)


REAL_WORDS = ("eau", "maroc", "jeunesse", "culture", "senegal", "sante", "education", "agriculture", "vietnam")


def draw_queries(n: int, seed: int, with_text: bool, real: bool = False) -> list[dict]:
    from django.db import connection

    rng = random.Random(seed)
    with connection.cursor() as cursor:
        cursor.execute("SELECT MAX(id) FROM atlas_searchdocument")
        (top,) = cursor.fetchone()
        queries = []
        while len(queries) < n:
            cursor.execute(
                "SELECT d.id, d.year, d.text FROM atlas_searchdocument d WHERE d.id >= %s AND d.kind = 'project' "
                "ORDER BY d.id LIMIT 1",
                [rng.randint(1, top)],
            )
            row = cursor.fetchone()
            if row is None or row[1] is None:
                continue
            cursor.execute(
                "SELECT facet, value FROM atlas_searchfacet WHERE document_id = %s AND facet IN ('country', 'theme')",
                [row[0]],
            )
            facets = dict(cursor.fetchall())
            if len(facets) < 2:
                continue
            params = {"country": facets["country"], "theme": facets["theme"], "year": str(row[1])}
            if real:
                keep = rng.sample(["country", "theme", "year", "status"], rng.randint(0, 4))
                if "status" in keep:
                    cursor.execute("SELECT status FROM atlas_searchdocument WHERE id = %s", [row[0]])
                    params["status"] = cursor.fetchone()[0]
                params = {k: v for k, v in params.items() if k in keep}
                params["q"] = rng.choice(REAL_WORDS)
            elif with_text:
                words = [w for w in row[2].split() if len(w) >= 4 and w.isalpha() and w not in ("synthetiques",)]
                params["q"] = rng.choice(words[:8]) if words else "eau"
            queries.append(params)
    return queries


def baseline(params: dict) -> int:
    """The naive ORM: icontains for the words, joins for the facets, annotate(Count) per facet, then a page.

    The words are looked for as they are typed (icontains, no accent folding): folding the query alone, as this
    once did, found nothing for "synthétique" in titles that all read "[Synthétique] …".
    """
    from django.db.models import Count, Q

    from coopdec.projects.models import Project

    def filtered(without=None):
        qs = Project.objects.public()
        for word in params.get("q", "").split():
            qs = qs.filter(
                Q(title__icontains=word) | Q(description__icontains=word) | Q(lead_authority__name__icontains=word)
            )
        if "country" in params and without != "country":
            qs = qs.filter(places__authority__country_id=params["country"])
        if "theme" in params and without != "theme":
            qs = qs.filter(themes__code=params["theme"])
        if "year" in params and without != "year":
            qs = qs.filter(planned_start__year=int(params["year"]))
        if "status" in params and without != "status":
            qs = qs.filter(status=params["status"])
        return qs

    fields = {
        "country": "places__authority__country_id",
        "theme": "themes__code",
        "year": "planned_start__year",
        "status": "status",
        "kind": "kind",
        "instrument": "fundings__instrument",
        "authority": "lead_authority__code",
    }
    total = filtered().distinct().count()
    list(filtered().distinct().order_by("-planned_start", "-id")[:20])
    for facet in FACETS_COUNTED_BY_BASELINE:
        list(filtered(without=facet).values(fields[facet]).annotate(n=Count("id", distinct=True)))
    return total


def timed(function, queries: list[dict], repeat: int = 1) -> list[float]:
    for params in queries:  # warm
        function(params)
    times = []
    for _ in range(repeat):
        for params in queries:
            started = time.perf_counter()
            function(params)
            times.append((time.perf_counter() - started) * 1000)
    return times


def summary(label: str, times: list[float]) -> tuple[float, float]:
    p50 = statistics.median(times)
    p95 = statistics.quantiles(times, n=20)[-1] if len(times) >= 20 else max(times)
    print(f"  {label:<34} p50 {p50:8.1f} ms   p95 {p95:8.1f} ms   ({len(times)} queries)")
    return p50, p95


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=("national", "world"), default="national")
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--projects", type=int, default=None, help="world scale: projects to reach (1,000,000)")
    parser.add_argument("--queries", type=int, default=40)
    parser.add_argument("--baseline-queries", type=int, default=None, help="fewer for the slow baseline")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reuse", action="store_true", help="keep the database and its data (see above)")
    options = parser.parse_args()

    where = setup_database(options.database, options.reuse)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from coopdec.atlas.search import snapshot
    from coopdec.atlas.search.index import rebuild
    from coopdec.atlas.search.query import SearchQuery, search, search_sql
    from coopdec.demo.synthetic.generator import generate

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0)
    print(f"database: {where}; migrate + load_reference in {time.perf_counter() - started:.1f} s")
    version = connection.Database.sqlite_version if connection.vendor == "sqlite" else connection.pg_version
    print(f"machine: {platform.platform()}, {os.cpu_count()} CPU, Python {platform.python_version()}, "
          f"{connection.vendor} {version}")  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM atlas_searchdocument")
        loaded = options.reuse and cursor.fetchone()[0] > 0
    if not loaded:
        summary_ = generate(projects=20_000, seed=options.seed, progress=sys.stderr.isatty())
        print(f"generate_synthetic --projects 20000 --seed {options.seed}: {summary_} in {summary_.seconds:.1f} s")
        started = time.perf_counter()
        documents = rebuild(progress=sys.stderr.isatty())
        print(f"rebuild_search_index: {documents:,} documents in {time.perf_counter() - started:.1f} s")
    if options.scale == "world":
        started = time.perf_counter()
        reached = replicate(options.projects or 1_000_000)
        seconds = time.perf_counter() - started
        print(f"world scale: {reached:,} projects (SQL copies of the synthetic ones) in {seconds:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM atlas_searchdocument")
        print(f"search documents: {cursor.fetchone()[0]:,}")

    started = time.perf_counter()
    snapshot.current()
    print(f"in-memory copy of the index loaded in {time.perf_counter() - started:.1f} s")
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()

    def engine(params):
        return search(SearchQuery.from_params(_querydict(params))).total

    def engine_cold(params):
        snapshot.current()._texts.clear()
        return search(SearchQuery.from_params(_querydict(params))).total

    def engine_sql(params):
        return search_sql(SearchQuery.from_params(_querydict(params))).total

    def page(params):
        response = client.get("/en/atlas/?" + urlencode(params))
        assert response.status_code == 200, response.status_code
        return response

    baseline_n = options.baseline_queries or options.queries
    kinds = (
        ("three facets (country, theme, year)", {"with_text": False}),
        ("three facets + one word of the project", {"with_text": True}),
        ("real: a common short word + 0-4 facets", {"with_text": True, "real": True}),
    )
    for number, (title, how) in enumerate(kinds):
        queries = draw_queries(options.queries, options.seed + number, **how)
        print(title + ":")
        if not how["with_text"] and not all(engine(params) for params in queries):
            sys.exit("sanity check failed: a project's own three facets found nothing")
        _, engine_p95 = summary("search engine, warm", timed(engine, queries))
        if how["with_text"]:
            _, engine_p95 = summary("search engine, text matched cold", timed(engine_cold, queries))
        summary("SQL-only engine (search_sql)", timed(engine_sql, queries[:baseline_n]))
        _, page_p95 = summary("search page (test client)", timed(page, queries))
        _, base_p95 = summary("naive ORM baseline (projects only)", timed(baseline, queries[:baseline_n]))
        print(f"  baseline p95 / engine p95 = {base_p95 / engine_p95:.1f}×   baseline p95 / page p95 = "
              f"{base_p95 / page_p95:.1f}×")  # fmt: skip
        sample = queries[0]
        print(f"  e.g. ?{urlencode(sample)} → {engine(sample):,} results (baseline {baseline(sample):,} projects)")
    agreement(engine, baseline, draw_queries(baseline_n, options.seed, with_text=False))
    catch_up(options.queries)


def agreement(engine, baseline, queries: list[dict]) -> None:
    """Engine and baseline must count the same projects where they search the same fields: themes and planned-start
    year (the engine's country facet also takes the participants' and lead authority's countries, the baseline
    only the places'), alone and with "synthétique", which every synthetic title holds (the baseline's icontains
    on titles, the engine's words)."""
    checked = 0
    for facets in queries:
        for params in ({"theme": facets["theme"], "year": facets["year"]},
                       {"theme": facets["theme"], "year": facets["year"], "q": "synthétique"}):  # fmt: skip
            mine, theirs = engine({**params, "type": "project"}), baseline(params)
            assert mine == theirs, f"?{urlencode(params)}: the engine counts {mine} projects, the baseline {theirs}"
            checked += 1
    print(f"engine and baseline agree on the projects' counts of {checked} queries (theme, year, ± 'synthétique')")


def catch_up(runs: int) -> None:
    """After a write: the re-indexing with its publishing task (run at once here, by a worker in production), then
    the next answer's switch to the new generation (see bench_shared_index for four processes)."""
    from coopdec.atlas.search import index, snapshot
    from coopdec.projects.models import Project

    projects = list(Project.objects.public().order_by("?").values_list("pk", flat=True)[:runs])
    snapshot.current()
    published, switched = [], []
    for pk in projects:
        started = time.perf_counter()
        index.index_objects("project", [pk])  # what search.sync does after a project's save, then the task
        published.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        snapshot.current()
        switched.append((time.perf_counter() - started) * 1000)
    print("after a write (one project re-indexed):")
    summary("re-indexed and its generation published", published)
    summary("the next answer's switch to it", switched)


def _querydict(params: dict):
    from django.http import QueryDict

    return QueryDict(urlencode(params))


if __name__ == "__main__":
    main()
