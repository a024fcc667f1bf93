"""Run every benchmark, each in its own process on a throw-away database: ``make bench``.

The figures are printed; copy them into docs/benchmarks.md with the machine and the date.
"""

import subprocess
import sys

BENCHMARKS = [
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
]


def main() -> int:
    failed = 0
    for module, *args in BENCHMARKS:
        print(f"\n=== python -m {module} {' '.join(args)}", flush=True)
        failed += subprocess.run([sys.executable, "-m", module, *args], check=False).returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
