"""The national synthetic database that the atlas-pages, workspace and open-data benchmarks share.

``open_national_database`` points Django at a throw-away SQLite file (or ``keep``, built once and reused), sets
Django up, migrates, and on a new file loads the reference data and ``generate_synthetic --projects N --seed S``.
It returns the temporary directory: keep a reference to it for as long as the file is used.
"""

import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_database(database: Path) -> None:
    """Django on ``database`` (a SQLite file; or the ``DATABASE_URL`` given, e.g. PostgreSQL), migrated."""
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{database}")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def open_national_database(*, keep: str | None, projects: int, seed: int, prefix: str):
    workdir = tempfile.TemporaryDirectory(prefix=prefix)
    database = Path(keep).resolve() if keep else Path(workdir.name) / "bench.sqlite3"
    reuse = database.exists()
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from coopdec.demo.synthetic.generator import generate

    started = time.perf_counter()
    call_command("migrate", verbosity=0)  # also brings a kept file up to date with new migrations
    if reuse:
        print(f"setup: reusing {database}")
    else:
        call_command("load_reference", verbosity=0)
        print(f"setup: migrate + load_reference in {time.perf_counter() - started:.1f} s")
        summary = generate(projects=projects, seed=seed, progress=False)
        print(f"generate_synthetic --projects {projects} --seed {seed}: {summary} ({summary.seconds:.1f} s)")
    return workdir


def machine() -> str:
    """The line every benchmark prints about where it ran."""
    from django.db import connection

    if connection.vendor == "sqlite":
        database = f"SQLite {connection.Database.sqlite_version}"
    else:
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            database = f"PostgreSQL {cursor.fetchone()[0]}"
    return (
        f"machine: {platform.platform()}, {os.cpu_count()} CPU, Python {platform.python_version()}, "
        f"{database}, load average {os.getloadavg()[0]:.2f}"
    )
