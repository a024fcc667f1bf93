"""Run every benchmark, each in its own process on a throw-away database: ``make bench [BENCH_SIZE=small]``.

``python -m bench`` (``--size full``, the default) runs them at the sizes docs/benchmarks.md reports; print the
figures, then copy them there with the machine and the date. ``python -m bench --size small`` runs each one to
its end on little data and few runs (a few minutes in all on 2 cores; CI runs it so that none can rot): its
figures mean nothing, but a benchmark that crashes or fails its own sanity checks (result counts, HTTP status)
exits non-zero, and so does this command. The national synthetic database of the atlas-pages, open-data and
workspace benchmarks is built once for the small run and shared by the three, then by the atlas-search one
(``--reuse``: 2,000 projects instead of its 20,000).
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FULL = [
    ["bench.bench_reference", "--fresh"],
    ["bench.bench_synthetic"],
    ["bench.bench_iati"],
    ["bench.bench_atlas_search", "--scale", "national"],
    ["bench.bench_shared_index"],
    ["bench.bench_atlas_pages"],
    ["bench.bench_opendata"],
    ["bench.bench_workspace"],
    ["bench.bench_matchmaking"],
    ["bench.bench_load"],
    ["bench.bench_declaration_prefill"],
    ["bench.bench_campaign_follow_up"],
    ["bench.bench_national_totals"],
    ["bench.bench_crs_export"],
    ["bench.bench_eligibility"],
    ["bench.bench_call_ranking"],
]

SMALL_PROJECTS = "2000"


def small(national: Path) -> list[list[str]]:
    """The same benchmarks on little data; ``national`` is the SQLite file the national ones share.

    An item starting with ``DATABASE_URL=`` is put in the benchmark's environment, not on its command line."""
    keep = ["--projects", SMALL_PROJECTS, "--keep", str(national)]
    return [
        ["bench.bench_reference", "--fresh", "--runs", "1"],
        ["bench.bench_synthetic", "--projects", SMALL_PROJECTS],
        ["bench.bench_iati", "--megabytes", "2"],
        ["bench.bench_atlas_pages", *keep, "--runs", "2", "--baseline-runs", "1", "--after-write-runs", "2"],
        ["bench.bench_opendata", *keep, "--runs", "1"],
        ["bench.bench_workspace", *keep, "--runs", "2"],
        ["bench.bench_atlas_search", f"DATABASE_URL=sqlite:///{national}", "--reuse", "--queries", "5",
         "--baseline-queries", "2"],
        ["bench.bench_matchmaking", "--sizes", "2000", "--queries", "20"],
        ["bench.bench_shared_index"],
        ["bench.bench_load"],
        ["bench.bench_declaration_prefill"],
        ["bench.bench_campaign_follow_up"],
        ["bench.bench_national_totals"],
        ["bench.bench_crs_export"],
        ["bench.bench_eligibility"],
        ["bench.bench_call_ranking"],
    ]  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=("full", "small"), default="full")
    options = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="coopdec-bench-small-") as folder:
        benchmarks = small(Path(folder) / "national.sqlite3") if options.size == "small" else FULL
        failed = []
        for module, *items in benchmarks:
            env = dict(item.split("=", 1) for item in items if item.startswith("DATABASE_URL="))
            args = [item for item in items if not item.startswith("DATABASE_URL=")]
            prefix = "".join(f"{name}={value} " for name, value in env.items())
            print(f"\n=== {prefix}python -m {module} {' '.join(args)}", flush=True)
            started = time.perf_counter()
            run = [sys.executable, "-m", module, *args]
            # Each benchmark reads BENCH_SIZE for its own small defaults (bench_shared_index, bench_load).
            size = {"BENCH_SIZE": "small"} if options.size == "small" else {}
            code = subprocess.run(run, env={**os.environ, **size, **env}, check=False).returncode
            print(f"=== {module}: {'exit ' + str(code) if code else 'ok'} in {time.perf_counter() - started:.0f} s")
            if code:
                failed.append(module)
    if failed:
        print(f"\nFAILED: {', '.join(failed)}", file=sys.stderr)
        return 1
    print(f"\nall {len(benchmarks)} benchmarks ran to their end ({options.size} size)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
