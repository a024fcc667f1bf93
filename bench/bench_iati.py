"""IATI import throughput and memory: ``.venv/bin/python -m bench.bench_iati [--megabytes 60]``.

Concatenates the real files' activities (``../shared/iati/real``, 2.0x) into one valid file of about
``--megabytes`` in a temporary folder (identifiers made unique per copy), then, each in its own
process so that peak memory (``ru_maxrss``) is its own:

- ``Importer`` into a throw-away SQLite database (parse + validate codes + store), and into
  PostgreSQL too when ``DATABASE_URL`` points to one (each import gets a new database beside it,
  dropped afterwards: the user needs CREATEDB), twice each: read in-process (``pipeline=False``, as
  before the reading process existed) and read by a second process (``pipeline=True``, the default
  for such a file); ``--rounds N`` alternates them N times;
- plain lxml ``iterparse`` over the same file (parse only, elements cleared);
- iatikit, the reference Python IATI library, parsing the same file (parse only: every activity's
  identifier read), when it is installed and works offline.

Figures: activities per second, seconds, CPU seconds of the importing and the reading process (less
noisy than seconds on a shared machine: a pipelined import cannot take less than the larger), peak
resident memory of each process and their sum. Noisy on a shared machine.
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
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
TARGET = 3000  # activities per second into SQLite
SOURCE = ROOT.parent / "shared/iati/real"


def peak_mb() -> float:
    """This process's peak resident memory: VmHWM (Linux), counted from its exec.

    ``ru_maxrss`` also counts, for a process started by another, the memory of the process it was
    forked from until its exec: the bench's own ~40 MB for the small parse-only runs.
    """
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def build_file(path: Path, megabytes: int, source: Path) -> int:
    """Write ~``megabytes`` of activities from the real files in ``source``; return how many activities."""
    from lxml import etree

    sources = sorted(p for p in source.glob("*/*.xml") if "legacy" not in str(p))
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


def child_import(path: str, pipeline: bool | None = None) -> dict:
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
    cpu = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    importer = Importer(authority=holder, pipeline=pipeline)
    report = importer.run([path])
    seconds = time.perf_counter() - started
    activities = report.created + report.updated + report.unchanged
    assert report.ok, report.files
    # The reading process, when there is one, is this process's only child: its peak, measured apart.
    own, reader = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "seconds": seconds,
        "activities": activities,
        "peak_mb": peak_mb(),
        # ru_maxrss of a child counts this process's memory it was forked from, until its exec: its own figure.
        "reader_mb": importer.stats.get("reader_peak_kb", 0) / 1024,
        "cpu": own.ru_utime + own.ru_stime - cpu.ru_utime - cpu.ru_stime,
        "reader_cpu": reader.ru_utime + reader.ru_stime,
    }


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


def burn(seconds: float, shares) -> None:
    """Burn ``seconds`` of CPU; put the share of a core this process got meanwhile."""
    started, wall = time.process_time(), time.perf_counter()
    while time.process_time() - started < seconds:
        pass
    shares.put(seconds / (time.perf_counter() - wall))


def free_cores() -> float:
    """How many cores two CPU-bound processes get right now (2.0 on a quiet 2-core machine; ~1.0 when others
    keep one busy, and then a second process cannot make an import faster)."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    shares = context.Queue()
    burners = [context.Process(target=burn, args=(1.0, shares)) for _ in range(2)]
    for burner in burners:
        burner.start()
    for burner in burners:
        burner.join()
    return shares.get() + shares.get()


def scratch_postgres(url: str, suffix: str) -> str:
    """A new empty database beside ``url``'s (same server and user), for one import."""
    import psycopg

    parsed = urlparse(url)
    name = f"{parsed.path.lstrip('/')}_{suffix}".replace("-", "_")
    with psycopg.connect(maintenance(url), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    return parsed._replace(path=f"/{name}").geturl()


def drop_postgres(url: str, scratch: str) -> None:
    import psycopg

    with psycopg.connect(maintenance(url), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{urlparse(scratch).path.lstrip("/")}"')


def maintenance(url: str) -> str:
    """The server's ``postgres`` database: where databases are created and dropped (``url``'s may not exist)."""
    return urlparse(url)._replace(path="/postgres").geturl()


IMPORTS = {"import": None, "import-1": False, "import-2": True}  # --child kind → Importer(pipeline=…)


def report_line(label: str, outcome: dict) -> str:
    rate = outcome["activities"] / outcome["seconds"]
    line = f"{label:<34} {outcome['activities']:>6,} act {outcome['seconds']:6.2f} s {rate:7,.0f} act/s"
    if "cpu" not in outcome:
        extra = f"  ({outcome['note']})" if outcome.get("note") else ""
        return f"{line}  peak {outcome['peak_mb']:4.0f} MB{extra}"
    if outcome["reader_mb"]:
        return (
            f"{line}  cpu {outcome['cpu']:.2f} + {outcome['reader_cpu']:.2f} s  peak {outcome['peak_mb']:.0f} + "
            f"{outcome['reader_mb']:.0f} = {outcome['peak_mb'] + outcome['reader_mb']:.0f} MB"
        )
    return f"{line}  cpu {outcome['cpu']:.2f} s  peak {outcome['peak_mb']:.0f} MB"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=1, help="imports of each kind, alternated")
    parser.add_argument("--no-parse-only", action="store_true", help="skip the lxml and iatikit runs")
    parser.add_argument("--source", type=Path, default=SOURCE, help=f"folder of real IATI files ({SOURCE})")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    if args.child:
        if args.child in IMPORTS:
            outcome = child_import(args.file, IMPORTS[args.child])
        else:
            outcome = {"lxml": child_lxml, "iatikit": child_iatikit}[args.child](args.file)
        print(json.dumps(outcome))
        return 0

    if not args.source.is_dir():
        print(f"{args.source} is absent: nothing to benchmark (SKIPPED; --source names another folder).")
        return 0
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "iati-bench.xml"
        started = time.perf_counter()
        total = build_file(path, args.megabytes, args.source)
        size = path.stat().st_size / 1024 / 1024
        print(f"machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}")
        print(f"file: {size:.1f} MB, {total:,} activities (built in {time.perf_counter() - started:.1f} s)")
        print(f"cores free for this benchmark (two CPU-bound processes): {free_cores():.1f} of 2")
        print("import: cpu = importing process + reading process; peak = the same two, and their sum")
        databases = [("SQLite", None)]
        database_url = os.environ.get("DATABASE_URL", "")
        if database_url.startswith(("postgres://", "postgresql://")):
            databases.append(("PostgreSQL", database_url))
        else:
            print("PostgreSQL: skipped (DATABASE_URL does not point to PostgreSQL)")
        runs: list[tuple[str, dict | None]] = []
        for _round in range(args.rounds):
            for database, url in databases:
                for kind, label in (("import-1", "1 process (before)"), ("import-2", "2 processes")):
                    # Each import into an empty database of its own: a new SQLite file, a new PostgreSQL database.
                    name = f"bench-{len(runs)}"
                    scratch = scratch_postgres(url, name) if url else f"sqlite:///{folder}/{name}.sqlite3"
                    try:
                        outcome = run_child(kind, path, {**os.environ, "DATABASE_URL": scratch})
                    finally:
                        if url:
                            drop_postgres(url, scratch)
                    runs.append((f"import into {database}, {label}", outcome))
        sqlite_env = {**os.environ, "DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3"}
        if not args.no_parse_only:
            runs.append(("lxml iterparse, parse only", run_child("lxml", path, sqlite_env)))
            try:
                import iatikit  # noqa: F401

                runs.append(("iatikit, parse only", run_child("iatikit", path, sqlite_env)))
            except ImportError:
                print("iatikit: not installed (pip install iatikit==3.6.1)")
        for label, outcome in runs:
            if outcome is not None:
                print(report_line(label, outcome))
        print(f"cores free after the runs: {free_cores():.1f} of 2")
        parse_only = {label: outcome for label, outcome in runs if outcome and "parse only" in label}
        # Ratios within the same invocation: on a shared machine they move less than the rates.
        for database, _url in databases:
            for round_ in range(args.rounds):
                found = [o for label, o in runs if label.startswith(f"import into {database},")]
                pair = found[2 * round_ : 2 * round_ + 2]
                if len(pair) == 2 and all(pair):
                    before, after = pair
                    print(
                        f"{database} round {round_ + 1}: 2 processes {before['seconds'] / after['seconds']:.2f}× "
                        "as fast as 1 process"
                    )
                    for label, baseline in parse_only.items():
                        ratio = baseline["seconds"] / after["seconds"]
                        print(f"  2 processes vs {label}: {ratio:.2f}× (>1: import faster)")
        rates = [o["activities"] / o["seconds"] for label, o in runs if o and label.startswith("import into SQLite, 2")]
        if rates:
            print(
                f"target {TARGET:,} act/s into SQLite, 2 processes: slowest run {min(rates):,.0f} "
                f"({'met' if min(rates) >= TARGET else 'NOT met'}), fastest {max(rates):,.0f} "
                f"({'met' if max(rates) >= TARGET else 'NOT met'})"
            )
        failed = [label for label, outcome in runs if outcome is None]
        short = [label for label, o in runs if o and "parse only" not in label and o["activities"] != total]
        if failed or short:
            print(f"FAILED: {', '.join(failed)}; activities missing: {', '.join(short)}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
