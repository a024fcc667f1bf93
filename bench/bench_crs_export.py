"""The national exports streamed: ``.venv/bin/python -m bench.bench_crs_export [--keep FILE]``.

On the database of ``bench_national_totals`` (5,000 validated declarations × 20 lines of 2025, synthetic; built
here unless ``--keep`` names a file it already built): the CRS file of 2025 and the CSV and XLSX of every line,
each consumed the way a server sends it (the response's pieces one after the other), for its time to the first
piece, total time, rows per second, and — in a second run under ``tracemalloc`` — its peak of Python memory.
Baseline, measured in the same run: the same CRS file built whole in memory (every row fetched, then one string)
as a non-streamed response would.
"""

import sys
import time
import tracemalloc


def consume(make) -> tuple[float, float, int]:
    """(seconds to the first piece, seconds in all, bytes) of the pieces ``make()`` hands back, made included."""
    started = time.perf_counter()
    first, size = None, 0
    for piece in make():
        if first is None:
            first = time.perf_counter() - started
        size += len(piece.encode() if isinstance(piece, str) else piece)
    return first or 0.0, time.perf_counter() - started, size


def peak_mib(make) -> float:
    tracemalloc.start()
    try:
        consume(make)
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def main(argv=None) -> int:
    from bench.bench_national_totals import arguments, machine, open_database

    options = arguments(argv)
    _folder, _coordinator, _region = open_database(options, "coopdec-bench-crs-")
    from coopdec.declarations import exports

    year = 2025
    oda_rows = exports.crs_values(year).count()
    all_rows = exports.line_values(year).count()

    def in_memory():
        """The whole CRS file as one string, from a list of every row: what a non-streamed response holds."""
        values = list(exports.crs_values(year))
        return ["".join(exports.csv_pieces(values, exports.CRS_COLUMNS, chunk_rows=len(values) + 1))]

    runs = [
        ("baseline: CRS built in memory", oda_rows, in_memory),
        ("CRS file, streamed", oda_rows, lambda: exports.crs_export(year).streaming_content),
        ("all lines CSV, streamed", all_rows, lambda: exports.lines_export(year, "csv").streaming_content),
        ("all lines XLSX, streamed", all_rows, lambda: exports.lines_export(year, "xlsx").streaming_content),
    ]
    rows_seen = {}
    for label, rows, make in runs:
        first, total, size = consume(make)
        peak = peak_mib(make)
        rows_seen[label] = rows
        print(f"{label:30} {rows:7} rows  first piece {first * 1000:8.1f} ms  total {total:6.2f} s  "
              f"{rows / total:8.0f} rows/s  {size / 2**20:6.1f} MiB  peak memory {peak:7.1f} MiB")  # fmt: skip
    if oda_rows == 0 or all_rows < oda_rows:
        print(f"FAILED: {oda_rows} ODA rows of {all_rows}", file=sys.stderr)
        return 1
    print(machine())
    return 0


if __name__ == "__main__":
    sys.exit(main())
