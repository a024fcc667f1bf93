"""Reference data and its back-office: ``.venv/bin/python -m bench.bench_reference [--fresh] [--runs N]``.

Times ``load_reference`` and then, for a signed-in coordinator through Django's test client, the admin
authority changelist, its searches and the authority autocomplete (median of N runs each).

Without ``--fresh`` it works on the development database (``config.settings.dev``; run
``manage.py load_reference`` first) and times a re-run of the loader. With ``--fresh`` it migrates a
throw-away SQLite file and times the first load and a second one.
"""

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

REQUESTS = [
    ("changelist, first page", "admin:territories_authority_changelist", {}),
    ("changelist, foreign cities filter", "admin:territories_authority_changelist", {"kind__exact": "city"}),
    ("search 'ile de france'", "admin:territories_authority_changelist", {"q": "ile de france"}),
    ("search 'Erevan'", "admin:territories_authority_changelist", {"q": "Erevan"}),
    ("search INSEE '59350'", "admin:territories_authority_changelist", {"q": "59350"}),
    ("autocomplete 'lyon'", "admin:autocomplete", {"term": "lyon", "app_label": "accounts",
                                                   "model_name": "membership", "field_name": "authority"}),
]  # fmt: skip


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def time_loader(runs: list[tuple[str, list[str]]]) -> list[tuple[str, float]]:
    from django.core.management import call_command

    return [
        (label, timed(lambda args=args: call_command("load_reference", *args, verbosity=0))) for label, args in runs
    ]


def time_admin(runs: int) -> list[tuple[str, float, int]]:
    from django.db import transaction
    from django.test import Client
    from django.urls import reverse

    from coopdec.accounts.models import User

    results = []
    with transaction.atomic():
        coordinator = User.objects.create_user(
            "bench-coordinator@example.org", "bench-only-password-42", is_staff=True, is_coordinator=True
        )
        client = Client()
        client.force_login(coordinator)
        for label, name, params in REQUESTS:
            url = reverse(name)
            response = client.get(url, params)  # warm-up, and a check that the page works
            if response.status_code != 200:
                raise SystemExit(f"{label}: HTTP {response.status_code}")
            durations = [timed(lambda url=url, params=params: client.get(url, params)) for _ in range(runs)]
            results.append((label, statistics.median(durations), len(response.content)))
        transaction.set_rollback(True)  # leave no bench user behind
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fresh", action="store_true", help="time a first load in a throw-away SQLite database")
    parser.add_argument("--runs", type=int, default=7, help="runs per admin request (median reported)")
    args = parser.parse_args()

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    workdir = tempfile.TemporaryDirectory() if args.fresh else None
    if workdir:
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir.name}/bench.sqlite3"

    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    from coopdec.territories.models import Authority

    setup_test_environment()  # lets the test client in (ALLOWED_HOSTS "testserver")
    if args.fresh:
        call_command("migrate", verbosity=0)
        loads = time_loader(
            [
                ("load_reference, first run", []),
                ("load_reference, second run (unchanged)", []),
                ("load_reference --force (full re-check)", ["--force"]),
            ]
        )
    else:
        if not Authority.objects.exists():
            raise SystemExit("The database has no authorities: run `manage.py load_reference` first.")
        loads = time_loader([("load_reference, re-run", []), ("load_reference --force", ["--force"])])
    admin = time_admin(args.runs)
    if args.fresh and Authority.objects.count() < 30_000:
        raise SystemExit(f"sanity check failed: {Authority.objects.count()} authorities loaded")

    print(f"machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"database: {'throw-away SQLite' if args.fresh else 'development database'}")
    print(f"authorities: {Authority.objects.count():,}")
    for label, seconds in loads:
        print(f"{label:<40} {seconds:8.2f} s")
    print(f"admin requests, median of {args.runs} runs:")
    for label, seconds, size in admin:
        print(f"  {label:<38} {seconds * 1000:8.1f} ms  ({size / 1024:.0f} KiB)")
    if workdir:
        workdir.cleanup()


if __name__ == "__main__":
    main()
