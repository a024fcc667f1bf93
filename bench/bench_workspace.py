"""The authority's workspace at national scale: ``.venv/bin/python -m bench.bench_workspace [--runs N]``.

In a throw-away SQLite file: migrate, ``load_reference`` (the real reference authorities), then
``generate_synthetic --projects 20000 --seed 1``. Picks the French authority leading or taking part in the most
projects, makes a bench user an editor of it, and times through Django's test client (p50 and p95 of N warm runs,
after one warm-up) the dashboard, the partnerships list, the projects list (first page, a search, a filter, a
sort), the 1 % page and a coordinator's projects list, with the number of SQL queries of each page.
"""

import argparse
import os
import statistics
import time

from bench.national import machine, open_national_database

TARGET_MS = 200


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def percentiles(durations: list[float]) -> tuple[float, float]:
    ordered = sorted(durations)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p95 * 1000


class QueryLog:
    """Every SQL statement a request runs, with its duration (``connection.queries`` is reset per request)."""

    def __init__(self):
        self.queries: list[tuple[float, str]] = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries.append((time.perf_counter() - started, sql))


def busiest_french_authority():
    """The French authority with the most projects (led or taken part in): the heaviest workspace."""
    from django.db.models import Count

    from coopdec.projects.models import Participant
    from coopdec.territories.models import Authority

    row = (
        Participant.objects.filter(authority__is_french=True)
        .values("authority")
        .annotate(n=Count("project", distinct=True))
        .order_by("-n")
        .first()
    )
    return Authority.objects.get(pk=row["authority"]), row["n"]


def requests_for(authority) -> list[tuple[str, str, str, dict]]:
    """(label, who, url, params): who is ``editor`` or ``coordinator``."""
    from coopdec.projects.models import Project

    word = Project.objects.filter(lead_authority=authority).values_list("title", flat=True).first() or "eau"
    word = max(word.split(), key=len)
    scoped = {"authority": authority.pk}
    return [
        ("dashboard", "editor", "/en/workspace/", scoped),
        ("partnerships list", "editor", "/en/workspace/partnerships/", {}),
        ("projects list, first page", "editor", "/en/workspace/projects/", {}),
        (f"projects list, q={word!r}", "editor", "/en/workspace/projects/", {"q": word}),
        ("projects list, status=2 (implementation)", "editor", "/en/workspace/projects/", {"status": "2"}),
        ("projects list, sort=-budget", "editor", "/en/workspace/projects/", {"sort": "-budget"}),
        ("1 % page", "editor", "/en/workspace/one-percent/", scoped),
        ("coordinator: projects list, first page", "coordinator", "/en/workspace/projects/", {}),
        ("coordinator: projects list, sort=-budget", "coordinator", "/en/workspace/projects/", {"sort": "-budget"}),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=20, help="timed runs per request (after one warm-up)")
    parser.add_argument("--slowest", type=int, default=0, help="print the N slowest SQL queries of each page")
    parser.add_argument(
        "--keep",
        metavar="FILE",
        help="keep the SQLite file there and, when it exists already, reuse it (skips the 2-minute setup)",
    )
    options = parser.parse_args()

    workdir = open_national_database(
        keep=options.keep, projects=options.projects, seed=options.seed, prefix="coopdec-bench-workspace-"
    )
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from coopdec.accounts.enums import Role
    from coopdec.accounts.models import Membership, User

    # Not setup_test_environment(): its instrumented template rendering (a signal per template, so per <option>
    # of a select) adds 20-30 % that production does not pay. The test client only needs its host allowed.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    print(machine())
    authority, count = busiest_french_authority()
    print(f"authority: {authority.name} ({authority.code}), {count} projects")

    User.objects.filter(email__startswith="bench-").delete()  # from an earlier run on a kept file
    editor = User.objects.create_user("bench-editor@example.org", "bench-only-password-42")
    Membership.objects.create(user=editor, authority=authority, role=Role.EDITOR, status="approved")
    coordinator = User.objects.create_user(
        "bench-coordinator@example.org", "bench-only-password-42", is_staff=True, is_coordinator=True
    )
    clients = {"editor": Client(), "coordinator": Client()}
    clients["editor"].force_login(editor)
    clients["coordinator"].force_login(coordinator)

    print(f"\nrequests through the test client, {options.runs} warm runs each (ms):")
    print(f"  {'request':<44} {'p50':>8} {'p95':>8} {'queries':>8}  size")
    missed = []
    for label, who, url, params in requests_for(authority):
        client = clients[who]
        log = QueryLog()
        with connection.execute_wrapper(log):
            response = client.get(url, params)  # warm-up, and a check that the page works
        if response.status_code != 200:
            raise SystemExit(f"{label}: HTTP {response.status_code}")
        durations = [timed(lambda c=client, u=url, p=params: c.get(u, p)) for _ in range(options.runs)]
        p50, p95 = percentiles(durations)
        if p50 > TARGET_MS:
            missed.append(label)
        print(f"  {label:<44} {p50:8.1f} {p95:8.1f} {len(log.queries):8d}  {len(response.content) / 1024:.0f} KiB")
        for duration, sql in sorted(log.queries, reverse=True)[: options.slowest]:
            print(f"      {duration * 1000:7.1f} ms  {sql[:300]}")

    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"\nload average at the end (1, 5, 15 min): {load} on {os.cpu_count()} CPU")
    print(f"target {TARGET_MS} ms (p50) per page: {'met' if not missed else 'missed by ' + ', '.join(missed)}")
    workdir.cleanup()


if __name__ == "__main__":
    main()
