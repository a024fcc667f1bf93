"""The production server under load: ``.venv/bin/python -m bench.bench_load [--database-url URL] [--workers N]``.

On national synthetic data (SQLite by default, in a throw-away file; PostgreSQL with ``--database-url``, a
database of its own that is filled once and reused), starts a real gunicorn (config/gunicorn.conf.py, production
settings, ``--workers`` sync workers, loopback only) and drives it with wrk (bench/load.lua; a small Python load
generator where wrk is absent): the home page, the atlas search with facets, project sheets and the atlas API
(``/api/projects`` with filters), each at 10 and 50 open connections for ``--seconds`` (30 s; BENCH_SIZE=small:
a few seconds on a small database, under a minute in all); then two editors writing at once through the API
(PATCH of their own authority's projects with their tokens). Prints requests/s, p50/p99, errors and how many
"database is locked" the server logged. Targets: 0 errors, p99 < 500 ms at 50 connections, no "database is
locked".
"""

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SMALL = os.environ.get("BENCH_SIZE") == "small"
TARGET_P99_MS = 500
WRK = shutil.which("wrk")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def prepare_database(database_url: str, projects: int, seed: int) -> None:
    """Migrate, then on an empty database load the reference and generate the synthetic projects; index them."""
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from coopdec.atlas.models import SearchDocument
    from coopdec.atlas.search import index
    from coopdec.demo.synthetic.generator import generate, synthetic_exists

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    if synthetic_exists():
        print(f"setup: reusing the synthetic data of {safe(database_url)}")
    else:
        if SMALL:  # the real reference takes a minute to load: made-up authorities of the real sizes instead
            from bench.bench_synthetic import build_reference
            from coopdec.themes.models import Theme
            from coopdec.themes.vocabulary import sync_themes

            build_reference(3_000)
            sync_themes(Theme)
        else:
            call_command("load_reference", verbosity=0)
        print(f"setup: migrate + reference in {time.perf_counter() - started:.1f} s")
        summary = generate(projects=projects, seed=seed, progress=False)
        print(f"generate_synthetic --projects {projects} --seed {seed}: {summary} ({summary.seconds:.1f} s)")
    if not SearchDocument.objects.exists():  # bulk_create sends no signal: bulk loaders rebuild the index
        started = time.perf_counter()
        index.rebuild()
        print(
            f"search index rebuilt ({SearchDocument.objects.count():,} documents)"
            f" in {time.perf_counter() - started:.1f} s"
        )


def safe(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return (
        parts._replace(netloc=parts.hostname + (f":{parts.port}" if parts.port else "")).geturl()
        if parts.hostname
        else url
    )


def workload() -> dict:
    """The URLs read, and for each of two editors a token and the PATCH requests on projects of their authority."""
    from django.db.models import Count
    from django.urls import reverse

    from coopdec.accounts.enums import MembershipStatus, Role
    from coopdec.accounts.models import Membership, User
    from coopdec.api.models import ApiToken
    from coopdec.atlas.views.sheets import slug_of
    from coopdec.projects.models import Project

    public = Project.objects.public()
    sample = list(public.order_by("pk").values_list("pk", "title")[:: max(1, public.count() // 200)][:200])
    sheets = [
        reverse("atlas:project-slug", kwargs={"pk": pk, "slug": slug_of(Project(title=title))}) for pk, title in sample
    ]
    countries = list(
        public.values_list("places__authority__country_id", flat=True)
        .order_by()
        .annotate(n=Count("pk"))
        .order_by("-n")[:5]
    )
    themes = list(public.values_list("themes__code", flat=True).order_by().annotate(n=Count("pk")).order_by("-n")[:4])
    countries, themes = [c for c in countries if c], [t for t in themes if t]
    words = ["eau", "formation", "santé", "agriculture", "culture"]
    search = [
        "/atlas/?" + urllib.parse.urlencode({"q": word, "country": country, "theme": theme})
        for word in words
        for country in countries[:3]
        for theme in themes[:2]
    ] + [
        "/atlas/?" + urllib.parse.urlencode({"country": country, "theme": themes[0], "status": "2"})
        for country in countries
    ]
    api = [
        "/api/projects?" + urllib.parse.urlencode({"country": country, "theme": theme})
        for country in countries
        for theme in themes
    ]
    leads = (
        public.filter(lead_authority__is_french=True)
        .values_list("lead_authority", flat=True)
        .order_by()
        .annotate(n=Count("pk"))
        .order_by("-n")[:2]
    )
    editors = []
    for number, authority in enumerate(leads, start=1):
        email = f"bench-load-editor-{number}@example.org"
        user, _created = User.objects.get_or_create(email=email)
        Membership.objects.update_or_create(
            user=user, authority_id=authority, defaults={"role": Role.EDITOR, "status": MembershipStatus.APPROVED}
        )
        _token, key = ApiToken.objects.issue(user=user, name="bench_load")
        ids = list(Project.objects.filter(lead_authority=authority).order_by("pk").values_list("pk", flat=True)[:100])
        editors.append({"token": key, "projects": len(ids), "projects_ids": ids})
    return {
        "home": ["/"],
        "atlas search with facets": search,
        "project sheet": sheets,
        "atlas API /api/projects": api,
        "editors": editors,
    }


class Server:
    """A gunicorn with the production settings on a loopback port; its logs kept in ``workdir``."""

    def __init__(self, *, database_url: str, workers: int, workdir: Path):
        self.port = free_port()
        self.workdir = workdir
        self.environment = {
            **{k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
            "DJANGO_SETTINGS_MODULE": "config.settings.prod",
            "DATABASE_URL": database_url,
            "SECRET_KEY": "bench-load-" + os.urandom(24).hex(),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SITE_URL": f"http://127.0.0.1:{self.port}",
            "SECURE_SSL_REDIRECT": "false",
            "STATIC_ROOT": str(workdir / "static"),
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "WEB_CONCURRENCY": str(workers),
            "LOG_LEVEL": "WARNING",
            "GUNICORN_LOG_LEVEL": "warning",
        }
        python = Path(sys.executable)
        subprocess.run(
            [str(python), "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
            cwd=ROOT,
            env=self.environment,
            check=True,
        )
        self.stderr = (workdir / "gunicorn.err").open("wb")
        self.process = subprocess.Popen(
            [str(python.parent / "gunicorn"), "-c", "config/gunicorn.conf.py", "--access-logfile", "/dev/null"],
            cwd=ROOT,
            env=self.environment,
            stdout=subprocess.DEVNULL,
            stderr=self.stderr,
        )
        self.url = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 120
        while True:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    break
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError((workdir / "gunicorn.err").read_text()[-3000:]) from None
                time.sleep(0.2)

    def cpu_seconds(self) -> float:
        """CPU time used so far by the workers (user + system, from /proc; 0 where there is none): the figure
        that contention with other programs on the machine does not change."""
        ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
        try:
            children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        except OSError:
            return 0.0
        total = 0
        for child in children:
            try:
                fields = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue  # a worker that was replaced
            total += int(fields[11]) + int(fields[12])
        return total / ticks

    def drain(self) -> None:
        """Wait for the requests a previous run left queued (wrk stops; the server still answers them) to be served,
        which /health/ answering shows: each run starts on an idle server."""
        import urllib.request

        with urllib.request.urlopen(self.url + "/health/", timeout=600) as response:
            response.read()

    def log_count(self, text: str) -> int:
        self.stderr.flush()
        return (self.workdir / "gunicorn.err").read_text(errors="replace").count(text)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=60)
        self.stderr.close()


def wrk(url: str, lines: list[str], *, connections: int, seconds: int, token: str = "", workdir: Path) -> dict:
    requests_file = workdir / f"requests-{abs(hash(tuple(lines)))}.txt"
    requests_file.write_text("\n".join(line if " " in line else f"GET {line}" for line in lines) + "\n")
    threads = min(2, connections)
    command = [WRK, f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", "bench/load.lua"]
    finished = subprocess.run(
        [*command, url, "--", str(requests_file), token], cwd=ROOT, capture_output=True, text=True
    )
    if finished.returncode != 0:
        raise RuntimeError(f"wrk failed ({finished.returncode}): {finished.stdout[-500:]} {finished.stderr[-500:]}")
    report = json.loads(finished.stdout.strip().splitlines()[-1])
    errors = report["connect"] + report["read"] + report["write"] + report["timeout"]
    errors += sum(n for status, n in report["statuses"].items() if not status.startswith("2"))
    return {
        "requests": report["requests"],
        "rps": report["requests"] / (report["duration_us"] / 1e6),
        "p50_ms": report["p50_us"] / 1000,
        "p99_ms": report["p99_us"] / 1000,
        "errors": errors,
        "statuses": report["statuses"],
    }


def _threads(run, args: list[tuple], durations: list[float], statuses: dict[str, int], errors: list[int]) -> dict:
    """Run ``run(*a)`` for each ``a`` of ``args`` in threads of their own, then their figures: requests/s,
    p50/p99 of ``durations``, and errors (the ``errors`` counted plus every answer that is not 2xx)."""
    started = time.perf_counter()
    workers = [threading.Thread(target=run, args=a) for a in args]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - started
    ordered = sorted(durations) or [0.0]
    return {
        "requests": len(durations),
        "rps": len(durations) / elapsed,
        "p50_ms": statistics.median(ordered) * 1000,
        "p99_ms": ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))] * 1000,
        "errors": errors[0] + sum(n for status, n in statuses.items() if not status.startswith("2")),
        "statuses": statuses,
    }


def python_load(url: str, lines: list[str], *, connections: int, seconds: int, token: str = "", workdir: Path) -> dict:
    """Where wrk is absent: ``connections`` threads, each with its own keep-alive connection, for ``seconds``."""
    import http.client

    parsed = urllib.parse.urlsplit(url)
    headers = {"Content-Type": "application/json", **({"Authorization": f"Bearer {token}"} if token else {})}
    durations: list[float] = []
    statuses: dict[str, int] = {}
    errors = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def run(offset: int) -> None:
        client = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=10)
        position = offset
        while time.monotonic() < deadline:
            method, _, rest = (
                lines[position % len(lines)]
                if " " in lines[position % len(lines)]
                else f"GET {lines[position % len(lines)]}"
            ).partition(" ")
            path, _, body = rest.partition(" ")
            position += 1
            started = time.perf_counter()
            try:
                client.request(method, path, body=body or None, headers=headers)
                response = client.getresponse()
                response.read()
                status = str(response.status)
            except (OSError, http.client.HTTPException):
                client.close()
                client = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=10)
                with lock:
                    errors[0] += 1
                continue
            with lock:
                durations.append(time.perf_counter() - started)
                statuses[status] = statuses.get(status, 0) + 1

    return _threads(run, [(i * 7919,) for i in range(connections)], durations, statuses, errors)


def edits(url: str, editor: dict, *, connections: int, seconds: int) -> dict:
    """One editor saving projects as a client of the API must: read the project (its ETag), then PATCH it with
    ``If-Match``; each connection edits its own share of the projects, so that a 409 would be a real conflict.
    Times the PATCH alone."""
    import http.client

    parsed = urllib.parse.urlsplit(url)
    auth = {"Authorization": f"Bearer {editor['token']}"}
    durations: list[float] = []
    statuses: dict[str, int] = {}
    errors = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def run(share: int) -> None:
        client = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=10)
        mine = editor["projects_ids"][share::connections]
        turn = 0
        while time.monotonic() < deadline and mine:
            pk = mine[turn % len(mine)]
            turn += 1
            body = json.dumps({"description": f"Bench edit {turn} of project {pk}."})
            try:
                client.request("GET", f"/api/projects/{pk}", headers=auth)
                read = client.getresponse()
                read.read()
                started = time.perf_counter()
                headers = {**auth, "Content-Type": "application/json", "If-Match": read.getheader("ETag", "")}
                client.request("PATCH", f"/api/projects/{pk}", body=body, headers=headers)
                response = client.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                client.close()
                client = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=10)
                with lock:
                    errors[0] += 1
                continue
            with lock:
                durations.append(time.perf_counter() - started)
                statuses[str(response.status)] = statuses.get(str(response.status), 0) + 1

    return _threads(run, [(i,) for i in range(connections)], durations, statuses, errors)


def warm_up(url: str, work: dict, workers: int) -> None:
    """Not counted: rounds of as many simultaneous requests as there are workers, for each page, so that every
    worker has loaded its copy of the search index and filled its caches before anything is measured."""
    import urllib.request

    def fetch(path: str) -> None:
        with urllib.request.urlopen(url + path, timeout=300) as response:
            response.read()

    started = time.perf_counter()
    for label, paths in work.items():
        if label == "editors":
            continue
        for round_ in range(3):
            threads = [
                threading.Thread(target=fetch, args=(paths[(round_ * workers + i) % len(paths)],))
                for i in range(workers)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
    print(f"warm-up: 3 rounds of {workers} simultaneous requests per page in {time.perf_counter() - started:.1f} s")


def line(label: str, connections: int, figures: dict) -> str:
    cpu = figures.get("cpu_ms")
    return (
        f"  {label:<28} c={connections:<3} {figures['rps']:8.1f} req/s  p50 {figures['p50_ms']:7.1f} ms  "
        f"p99 {figures['p99_ms']:7.1f} ms  {figures['requests']:>6} requests  {figures['errors']} errors"
        + (f"  server CPU {cpu:5.1f} ms/request" if cpu is not None else "")
        + ("" if figures["errors"] == 0 else f"  statuses {figures['statuses']}")
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url", default="", help="PostgreSQL database to fill once and reuse (SQLite: a temporary file)."
    )
    parser.add_argument("--keep", help="SQLite file to build once and reuse.")
    parser.add_argument("--projects", type=int, default=500 if SMALL else 20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers (4 by default).")
    parser.add_argument("--seconds", type=int, default=2 if SMALL else 30, help="Duration of each run.")
    parser.add_argument("--connections", default="10,50", help="Concurrent connections, comma-separated.")
    parser.add_argument("--prepare-only", action="store_true", help="Build the database (see --keep) and stop.")
    options = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="coopdec-bench-load-"))
    database_url = (
        options.database_url
        or f"sqlite:///{Path(options.keep).resolve() if options.keep else workdir / 'bench.sqlite3'}"
    )
    prepare_database(database_url, options.projects, options.seed)
    if options.prepare_only:
        return 0
    work = workload()
    from django.db import connection

    from bench.national import machine  # SQLite's line

    if connection.vendor == "postgresql":
        import platform

        print(
            f"machine: {platform.platform()}, {os.cpu_count()} CPU, Python {platform.python_version()}, "
            f"PostgreSQL {connection.pg_version // 10000}, load average {os.getloadavg()[0]:.2f}"
        )
    else:
        print(machine())
    load = wrk if WRK else python_load
    print(
        f"server: gunicorn, {options.workers} sync workers, production settings, {connection.vendor}, 127.0.0.1; "
        f"load: {'wrk (bench/load.lua), 2 threads' if WRK else 'Python threads (wrk not found)'}, "
        f"{options.seconds} s a run"
    )
    server = Server(database_url=database_url, workers=options.workers, workdir=workdir)
    missed = []
    try:
        warm_up(server.url, work, options.workers)
        print("reads:")
        for label in ("home", "atlas search with facets", "project sheet", "atlas API /api/projects"):
            for connections in (int(c) for c in options.connections.split(",")):
                server.drain()
                cpu = server.cpu_seconds()
                figures = load(
                    server.url, work[label], connections=connections, seconds=options.seconds, workdir=workdir
                )
                if figures["requests"]:
                    figures["cpu_ms"] = (server.cpu_seconds() - cpu) * 1000 / figures["requests"]
                print(line(label, connections, figures), flush=True)
                slow = connections >= 50 and figures["p99_ms"] >= TARGET_P99_MS
                if figures["errors"] or slow or not figures["requests"]:
                    missed.append(f"{label} c={connections}")
        print("writes: two editors at once, GET then PATCH /api/projects/{id} with If-Match, 2 connections each:")
        results: dict[int, dict] = {}

        def edit(number: int, editor: dict) -> None:
            results[number] = edits(server.url, editor, connections=2, seconds=options.seconds)

        server.drain()
        cpu = server.cpu_seconds()
        threads = [threading.Thread(target=edit, args=(n, e)) for n, e in enumerate(work["editors"], start=1)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        written = sum(result["requests"] for result in results.values())
        for result in results.values():
            result["cpu_ms"] = (server.cpu_seconds() - cpu) * 1000 / written if written else None
        for number, editor in enumerate(work["editors"], start=1):
            print(line(f"editor {number} ({editor['projects']} projects)", 2, results[number]))
            if results[number]["errors"] or not results[number]["requests"]:
                missed.append(f"editor {number}")
        locked = server.log_count("database is locked")
        print(f"'database is locked' in the server's log: {locked}")
        if locked:
            missed.append("database is locked")
    finally:
        server.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    print(
        f"targets: 0 errors, p99 < {TARGET_P99_MS} ms at 50 connections, no 'database is locked': "
        + ("met" if not missed else f"MISSED ({', '.join(missed)})")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
