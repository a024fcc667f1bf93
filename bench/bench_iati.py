"""IATI import throughput and memory: ``.venv/bin/python -m bench.bench_iati [--megabytes 60]``.

Concatenates the real files' activities (``../shared/iati/real``, 2.0x) into one valid file of about
``--megabytes`` in a temporary folder (identifiers made unique per copy), then, each in its own
process so that peak memory (``ru_maxrss``) is its own:

- ``import_iati`` into a throw-away SQLite database (parse + validate codes + store), and into
  PostgreSQL too when ``DATABASE_URL`` points to one (a throw-away schema is not made: use a
  scratch database);
- plain lxml ``iterparse`` over the same file (parse only, elements cleared);
- iatikit, the reference Python IATI library, parsing the same file (parse only: every activity's
  identifier read), when it is installed and works offline.

Figures: activities per second, seconds, peak resident memory. Noisy on a shared machine.
"""

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 3000  # activities per second into SQLite


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def build_file(path: Path, megabytes: int) -> int:
    """Write ~``megabytes`` of activities from the real files; return how many activities."""
    from lxml import etree

    sources = sorted(p for p in (ROOT.parent / "shared/iati/real").glob("*/*.xml") if "legacy" not in str(p))
    count, copy = 0, 0
    with path.open("wb") as out:
        out.write(b'<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="2.03">\n')
        while out.tell() < megabytes * 1024 * 1024:
            for source in sources:
                for _event, element in etree.iterparse(str(source), tag="iati-activity", no_network=True):
                    identifier = element.find("iati-identifier")
                    identifier.text = f"{identifier.text.strip()}-c{copy}"
                    out.write(etree.tostring(element))
                    out.write(b"\n")
                    count += 1
                    element.clear()
            copy += 1
        out.write(b"</iati-activities>\n")
    return count


def child_import(path: str) -> dict:
    import django

    django.setup()
    from django.core.management import call_command

    from coopdec.interop.iati.importer import Importer
    from coopdec.territories.models import Authority, Country

    call_command("migrate", verbosity=0)
    france = Country.objects.get_or_create(
        code="FR", defaults={"iso3": "FRA", "name_fr": "France", "name_en": "France"}
    )[0]
    holder = Authority.objects.get_or_create(
        code="FR-REG-11", defaults={"name": "Île-de-France", "country": france, "level": "regional", "kind": "region"}
    )[0]
    before = peak_mb()
    started = time.perf_counter()
    report = Importer(authority=holder).run([path])
    seconds = time.perf_counter() - started
    activities = report.created + report.updated + report.unchanged
    assert report.ok, report.files
    return {"seconds": seconds, "activities": activities, "peak_mb": peak_mb(), "before_mb": before}


def child_lxml(path: str) -> dict:
    from lxml import etree

    started = time.perf_counter()
    count = 0
    for _event, element in etree.iterparse(path, tag="iati-activity", no_network=True, resolve_entities=False):
        element.findtext("iati-identifier")
        count += 1
        element.clear(keep_tail=False)
        while element.getprevious() is not None:
            del element.getparent()[0]
    return {"seconds": time.perf_counter() - started, "activities": count, "peak_mb": peak_mb()}


def child_iatikit(path: str) -> dict:
    import iatikit

    started = time.perf_counter()
    dataset = iatikit.Dataset(path)
    count = sum(1 for activity in dataset.activities if activity.iati_identifier)
    if count == 0:  # iatikit needs its schemas, downloaded once from the network: parse its own way, offline
        tree = dataset.etree
        count = sum(1 for element in tree.xpath("//iati-activity") if element.findtext("iati-identifier"))
        note = "iatikit without its downloaded schemas: Dataset.etree + xpath"
    else:
        note = "iatikit Dataset.activities"
    return {"seconds": time.perf_counter() - started, "activities": count, "peak_mb": peak_mb(), "note": note}


def run_child(kind: str, path: Path, env: dict) -> dict | None:
    result = subprocess.run(
        [sys.executable, "-m", "bench.bench_iati", "--child", kind, "--file", str(path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        print(f"{kind}: failed\n{result.stderr[-2000:]}")
        return None
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=int, default=60)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    if args.child:
        outcome = {"import": child_import, "lxml": child_lxml, "iatikit": child_iatikit}[args.child](args.file)
        print(json.dumps(outcome))
        return 0

    if not (ROOT.parent / "shared/iati/real").is_dir():
        print("../shared/iati/real is absent: nothing to benchmark.")
        return 0
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "iati-bench.xml"
        started = time.perf_counter()
        total = build_file(path, args.megabytes)
        size = path.stat().st_size / 1024 / 1024
        print(f"machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}")
        print(f"file: {size:.1f} MB, {total:,} activities (built in {time.perf_counter() - started:.1f} s)")
        runs = []
        sqlite_env = {**os.environ, "DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3"}
        runs.append(("import into SQLite", run_child("import", path, sqlite_env)))
        database_url = os.environ.get("DATABASE_URL", "")
        if database_url.startswith(("postgres://", "postgresql://")):
            runs.append(("import into PostgreSQL", run_child("import", path, dict(os.environ))))
        else:
            print("PostgreSQL: skipped (DATABASE_URL does not point to PostgreSQL)")
        runs.append(("lxml iterparse, parse only", run_child("lxml", path, sqlite_env)))
        try:
            import iatikit  # noqa: F401

            runs.append(("iatikit, parse only", run_child("iatikit", path, sqlite_env)))
        except ImportError:
            print("iatikit: not installed (pip install iatikit==3.6.1)")
        for label, outcome in runs:
            if outcome is None:
                continue
            rate = outcome["activities"] / outcome["seconds"]
            extra = f"  ({outcome['note']})" if outcome.get("note") else ""
            print(
                f"{label:<30} {outcome['activities']:>7,} activities {outcome['seconds']:7.2f} s "
                f"{rate:8,.0f} act/s  peak {outcome['peak_mb']:6.0f} MB{extra}"
            )
        results = dict(runs)
        # Ratios to the parse-only runs of the same invocation: on a shared machine they move less than the rates.
        for database in ("SQLite", "PostgreSQL"):
            imported = results.get(f"import into {database}")
            for baseline in ("iatikit, parse only", "lxml iterparse, parse only"):
                if imported and results.get(baseline):
                    ratio = results[baseline]["seconds"] / imported["seconds"]
                    print(f"import into {database} vs {baseline}: {ratio:.2f}× (>1: import faster)")
        sqlite = results.get("import into SQLite")
        if sqlite:
            met = sqlite["activities"] / sqlite["seconds"] >= TARGET
            print(f"target {TARGET:,} act/s into SQLite: {'met' if met else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
