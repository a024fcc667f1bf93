"""Throughput of ``generate_synthetic`` on SQLite: ``.venv/bin/python -m bench.bench_synthetic [--projects N]``.

Runs in a throw-away SQLite file (never the project's database): migrates it, fills it with a reference of the
real size (18 regions, 101 départements, 1,250 EPCI, 35,000 communes, 30,000 foreign authorities; names made up,
since the bench measures the generator, not the reference loader), then times generation and ``--reset``.
"""

import argparse
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

COUNTRIES = ["FR", "MA", "SN", "BF", "DE", "ML", "MG", "TN", "DZ", "LB", "AM", "VN", "CN", "CA", "PL", "RO", "IT"]
COUNTRIES += ["HT", "BJ", "CM", "NE", "ES", "GB", "BE", "US", "MR", "CI", "TG", "GN", "CD", "KH", "LA", "BR", "NO"]


def build_reference(foreign_count: int) -> int:
    from coopdec.territories.enums import AuthorityKind, Level, OdaCategory
    from coopdec.territories.models import Authority, Country

    Country.objects.bulk_create(
        [
            Country(
                code=code,
                iso3=code + "X",
                name_fr=code,
                name_en=code,
                oda_category=OdaCategory.NOT_ELIGIBLE if code in {"FR", "DE", "CA", "PL", "RO", "IT", "ES", "GB",
                                                                   "BE", "US", "NO"} else OdaCategory.OTHER_ELIGIBLE,
            )
            for code in COUNTRIES
        ]
    )  # fmt: skip
    rows = []
    french = [
        ("REG", 18, Level.REGIONAL, AuthorityKind.REGION, 3_000_000),
        ("DEP", 101, Level.INTERMEDIATE, AuthorityKind.DEPARTEMENT, 600_000),
        ("EPCI", 1_250, Level.GROUPING, AuthorityKind.EPCI, 50_000),
        ("COM", 35_000, Level.LOCAL, AuthorityKind.COMMUNE, 1_800),
    ]
    for prefix, count, level, kind, population in french:
        for i in range(count):
            rows.append(
                Authority(
                    code=f"FR-{prefix}-{i:05d}",
                    name=f"{kind.label} {i}",
                    country_id="FR",
                    level=level,
                    kind=kind,
                    population=population * 30 // (30 + i % 300),
                    is_french=True,
                )
            )
    foreign = COUNTRIES[1:]
    for i in range(foreign_count):
        country = foreign[i % len(foreign)]
        regional = i % 10 == 0
        rows.append(
            Authority(
                code=f"{country}-{i:05d}" if regional else f"GEONAMES-{i}",
                name=f"Ville {i}",
                country_id=country,
                level=Level.REGIONAL if regional else Level.LOCAL,
                kind=AuthorityKind.PROVINCE if regional else AuthorityKind.CITY,
                population=20_000 + (i * 7919) % 2_000_000,
            )
        )
    Authority.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="coopdec-bench-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from coopdec.demo.synthetic.generator import delete_synthetic, generate

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    authorities = build_reference(30_000)
    print(f"setup: migrate + {authorities} reference authorities in {time.perf_counter() - started:.1f} s")
    print(f"machine: {platform.platform()}, {os.cpu_count()} CPU, Python {platform.python_version()}, "
          f"SQLite {connection.Database.sqlite_version}")  # fmt: skip

    from coopdec.projects.models import Project

    summary = generate(projects=options.projects, seed=options.seed, progress=sys.stderr.isatty())
    made = Project.objects.filter(is_synthetic=True).count()
    if made != options.projects:
        raise SystemExit(f"sanity check failed: {made} synthetic projects, {options.projects} asked")
    print(f"generate_synthetic --projects {options.projects} --seed {options.seed}: {summary}")
    print(
        f"  {summary.seconds:.1f} s, {options.projects / summary.seconds:,.0f} projects/s, "
        f"{summary.rows:,} rows in all ({summary.rows / summary.seconds:,.0f} rows/s)"
    )
    started = time.perf_counter()
    projects, partnerships = delete_synthetic()
    if Project.objects.filter(is_synthetic=True).exists():
        raise SystemExit("sanity check failed: synthetic projects left after --reset")
    print(
        f"generate_synthetic --reset: {projects + partnerships:,} rows deleted in {time.perf_counter() - started:.1f} s"
    )
    for path in workdir.iterdir():
        path.unlink()
    workdir.rmdir()


if __name__ == "__main__":
    main()
