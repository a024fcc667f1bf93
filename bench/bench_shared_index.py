"""The atlas search index shared by four server processes, against a copy each: ``python -m bench.bench_shared_index``.

    --database sqlite    a throw-away SQLite file (default); postgres: DATABASE_URL names a throw-away database
    --reuse              keep the database DATABASE_URL names and its data (see bench_atlas_search)
    --sizes 20000,200000,1000000   project counts measured one after the other (the synthetic 20,000, then SQL
                         copies of them); BENCH_SIZE=small: 1,000 then 3,000, in a minute or two

At each size: the time to build and publish a full generation of the index files (``atlas/search/shared.py``);
then twice four real processes, each answering searches read from its standard input — first with a copy
of its own (the engine before the shared files: loaded whole from the database, brought up to date by each
process after a write), then mapping the shared generation — and for each group: the time from the process's
start to its first answer, its memory (Rss, Pss and Uss from /proc/<pid>/smaps_rollup, the sum of Pss being
what the machine spends), and after each of N writes (one project retitled through the ORM, which re-indexes
it and runs the publishing task, here at once) the time of each process's first answer, which must find the
new title. Last, in this process (mapping the generation like the servers): the three-facet search p95 and
pages of three facets plus the word every synthetic project shares ("synthetique"), through Django's client.
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

SMALL = os.environ.get("BENCH_SIZE") == "small"
COMMON_WORD = "synthetique"


def memory(pid: int) -> dict[str, float]:
    """Rss, Pss and Uss (private pages) of a process, in MB."""
    fields = {}
    with open(f"/proc/{pid}/smaps_rollup") as source:
        for line in source:
            parts = line.split()
            if len(parts) >= 2 and parts[0].endswith(":") and parts[1].isdigit():
                fields[parts[0][:-1]] = int(parts[1]) / 1024
    return {
        "rss": fields.get("Rss", 0.0),
        "pss": fields.get("Pss", 0.0),
        "uss": fields.get("Private_Clean", 0.0) + fields.get("Private_Dirty", 0.0),
    }


def p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20)[-1] if len(times) >= 20 else max(times)


def line(label: str, times: list[float], unit: str = "ms") -> None:
    print(f"  {label:<52} p50 {statistics.median(times):8.1f} {unit}   p95 {p95(times):8.1f} {unit}   ({len(times)})")


# --- a server process: answers searches read from standard input ---------------------------------------------


def child(mode: str) -> None:
    started = time.perf_counter()
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()
    from django.conf import settings
    from django.http import QueryDict

    from coopdec.atlas.search import shared, snapshot
    from coopdec.atlas.search.query import SearchQuery, search

    settings.SEARCH_INDEX_LAG = float(os.environ.get("SEARCH_INDEX_LAG", "2.0"))
    set_up = time.perf_counter()
    if mode == "own":  # the engine as it was: a copy loaded whole, then brought up to date by this process
        settings.SEARCH_INDEX_DIR = tempfile.mkdtemp(prefix="coopdec-bench-own-")
        settings.SEARCH_INDEX_LAG = 0.0
        shared.publish = lambda arrays, meta: None
        snapshot._current = snapshot.Snapshot(*snapshot.version())
    else:
        snapshot.current()
    ready = time.perf_counter()

    def answer(params: dict) -> dict:
        began = time.perf_counter()
        result = search(SearchQuery.from_params(QueryDict(urlencode(params))))
        return {"ms": (time.perf_counter() - began) * 1000, "total": result.total, "serial": snapshot._current.serial}

    first = answer(json.loads(os.environ["BENCH_FIRST_QUERY"]))
    print(json.dumps({"started_to_answer": time.perf_counter() - started, "index_ready": ready - set_up,
                      "first": first}), flush=True)  # fmt: skip
    for request in sys.stdin:
        if not request.strip():
            break
        print(json.dumps(answer(json.loads(request))), flush=True)


class Servers:
    """Four server processes of one kind (``own`` copy or ``shared`` generation)."""

    def __init__(self, mode: str, first_query: dict, count: int = 4):
        env = {**os.environ, "BENCH_FIRST_QUERY": json.dumps(first_query)}
        command = [sys.executable, "-m", "bench.bench_shared_index", "--child", mode]
        self.processes = [
            subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)
            for _ in range(count)
        ]
        self.started = [json.loads(p.stdout.readline()) for p in self.processes]

    def ask(self, params: dict) -> list[dict]:
        for process in self.processes:
            process.stdin.write(json.dumps(params) + "\n")
            process.stdin.flush()
        return [json.loads(p.stdout.readline()) for p in self.processes]

    def memory(self) -> list[dict[str, float]]:
        return [memory(p.pid) for p in self.processes]

    def close(self) -> None:
        for process in self.processes:
            process.stdin.write("\n")
            process.stdin.flush()
            process.wait(timeout=60)


def measure_servers(mode: str, label: str, queries: list[dict], writes: int, size: int) -> None:
    from coopdec.projects.models import Project

    servers = Servers(mode, queries[0])
    try:
        print(f"{label}:")
        line(
            "start to first answer (4 processes started at once)",
            [s["started_to_answer"] for s in servers.started],
            "s",
        )
        line("  of which the index loaded or mapped", [s["index_ready"] for s in servers.started], "s")
        for params in queries:  # every kind of query, so that the pages they read are counted
            servers.ask(params)
        used = servers.memory()
        print("  memory per process (MB): " + "; ".join(
            f"Rss {m['rss']:.0f} Pss {m['pss']:.0f} Uss {m['uss']:.0f}" for m in used))  # fmt: skip
        print(f"  memory of the 4 processes: Pss {sum(m['pss'] for m in used):,.0f} MB, "
              f"Uss {sum(m['uss'] for m in used):,.0f} MB")  # fmt: skip
        write_times, answers, visible = [], [], 0
        projects = list(Project.objects.public().order_by("?").values_list("pk", flat=True)[:writes])
        for number, pk in enumerate(projects):
            project = Project.objects.get(pk=pk)
            word = f"zorglub{size}x{number}{mode}"  # found in this project alone
            project.title = f"Projet {word} relu"
            began = time.perf_counter()
            project.save()  # re-indexed once committed, then the publishing task (run at once here)
            write_times.append((time.perf_counter() - began) * 1000)
            replies = servers.ask({"q": word})
            answers += [r["ms"] for r in replies]
            visible += sum(r["total"] == 1 for r in replies)
        line("save + re-index + publish (the task, run at once)", write_times)
        line("each process's first answer after a write", answers)
        print(f"  the written title found at once: {visible} of {len(answers)} answers")
    finally:
        servers.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", choices=("own", "shared"))
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--sizes", default="1000,3000" if SMALL else "20000,200000,1000000")
    parser.add_argument("--queries", type=int, default=10 if SMALL else 40)
    parser.add_argument("--writes", type=int, default=5 if SMALL else 10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--queries-only", action="store_true", help="skip the four-process measures")
    options = parser.parse_args()
    if options.child:
        return child(options.child)

    from bench.bench_atlas_search import draw_queries, replicate, setup_database, timed

    where = setup_database(options.database, options.reuse)
    os.environ.setdefault("SEARCH_INDEX_DIR", tempfile.mkdtemp(prefix="coopdec-bench-index-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from coopdec.atlas.search import shared, snapshot
    from coopdec.atlas.search.index import rebuild
    from coopdec.atlas.search.query import SearchQuery, search
    from coopdec.demo.synthetic.generator import generate

    settings.SEARCH_INDEX_LAG = 2.0
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0)
    version = connection.Database.sqlite_version if connection.vendor == "sqlite" else connection.pg_version
    print(f"database: {where}; {connection.vendor} {version}; index files in {os.environ['SEARCH_INDEX_DIR']}")
    print(f"machine: {platform.platform()}, {os.cpu_count()} CPU, Python {platform.python_version()}")
    sizes = [int(s) for s in options.sizes.split(",")]
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM atlas_searchdocument")
        loaded = options.reuse and cursor.fetchone()[0] > 0
    if not loaded:
        base = min(sizes[0], 20_000)
        summary = generate(projects=base, seed=options.seed, progress=False)
        print(f"generate_synthetic --projects {base}: {summary} in {summary.seconds:.1f} s")
        began = time.perf_counter()
        print(f"rebuild_search_index: {rebuild(progress=False):,} documents in {time.perf_counter() - began:.1f} s")
    client = Client()
    for size in sizes:
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM projects_project")
            if cursor.fetchone()[0] < size:
                began = time.perf_counter()
                reached = replicate(size)
                print(f"\n== {reached:,} projects (SQL copies) in {time.perf_counter() - began:.1f} s")
            cursor.execute("SELECT COUNT(*) FROM projects_project")
            projects = cursor.fetchone()[0]
            cursor.execute("SELECT COUNT(*) FROM atlas_searchdocument")
            documents = cursor.fetchone()[0]
        print(f"\n=== {projects:,} projects, {documents:,} search documents ({connection.vendor})")
        (shared.directory() / shared.MANIFEST).unlink(missing_ok=True)  # a first start: no generation yet
        snapshot._current, snapshot._reader = None, shared.Reader()
        began = time.perf_counter()
        index = snapshot.publish_current()
        folder = shared.directory()
        on_disk = sum(f.stat().st_size for f in folder.glob("g*/*"))
        print(f"full generation built and published in {time.perf_counter() - began:.1f} s "
              f"({index.size:,} documents; {on_disk / 2**20:,.0f} MB on disk for the generations kept)")  # fmt: skip
        facets = draw_queries(options.queries, options.seed, with_text=False)
        common = [{**q, "q": COMMON_WORD} for q in facets]
        mixed = [facets[0], common[0], {"q": "eau"}, {}]
        if not options.queries_only:
            measure_servers("own", "4 processes, each with its own copy (before)", mixed, options.writes, size)
            measure_servers("shared", "4 processes mapping the shared generation (after)", mixed, options.writes, size)

        def engine(params):
            return search(SearchQuery.from_params(_querydict(params))).total

        def page(params):
            response = client.get("/en/atlas/?" + urlencode(params))
            assert response.status_code == 200, response.status_code
            return response

        print("queries in this process, the generation mapped:")
        line("three facets: search engine", timed(engine, facets))
        line("three facets: search page (test client)", timed(page, facets))
        line(f"three facets + {COMMON_WORD!r}: search engine", timed(engine, common))
        line(f"three facets + {COMMON_WORD!r}: search page", timed(page, common))
        print(f"  e.g. ?{urlencode(common[0])} → {engine(common[0]):,} results")


def _querydict(params: dict):
    from django.http import QueryDict

    return QueryDict(urlencode(params))


if __name__ == "__main__":
    main()
