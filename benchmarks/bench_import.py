"""Benchmark the measurement import reader on a large CSV (issue 5's speed goal).

Writes a CSV of N rows (default 1 000 000) in the Swedish Excel dialect (semicolons,
decimal commas, a comment column), then, best of 3 each:

- socinv: ``socinv.io.measurements.read_measurements`` (validation and the personnummer
  guard included);
- plain: the standard library's ``csv`` reading the same file (decode + split only).

Prints rows per second, the ratio plain/socinv as rows-per-second socinv/plain (goal: at
least 0.25), and each one's peak memory (RSS, in a subprocess). Always exits 0.
"""

from __future__ import annotations

import argparse
import csv
import io
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"


def write_file(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write("Indikator;Period;Värde;Jämförelsevärde;Antal;Kommentar\n")
        for i in range(rows):
            k = i // 1000  # 1 000 indicators × up to 1 000 monthly periods, all distinct
            year, month = 1950 + k // 12, 1 + k % 12
            f.write(
                f"Indikator {i % 1000};{year}-{month:02d};{i % 97},5;{i % 89},25;{20 + i % 50};"
                f"uppföljning vecka {i % 52}\n"
            )


def run_socinv(path: str) -> int:
    sys.path.insert(0, str(SRC))
    from socinv.io.measurements import read_measurements

    result = read_measurements(Path(path).read_bytes(), path)
    assert result.ok, result.problems[:3]
    return len(result.rows)


def run_plain(path: str) -> int:
    text = Path(path).read_bytes().decode("utf-8-sig")
    return sum(1 for _ in csv.reader(io.StringIO(text), delimiter=";")) - 1


def _child(kind: str, path: str) -> None:
    t0 = time.perf_counter()
    n = run_socinv(path) if kind == "socinv" else run_plain(path)
    seconds = time.perf_counter() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{n} {seconds} {peak_mb}")


def measure(kind: str, path: str) -> tuple[int, float, float]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", kind, path],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"bench_import: the {kind} run failed:\n{done.stderr[-2000:]}")
    out = done.stdout.split()
    return int(out[0]), float(out[1]), float(out[2])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(*args.child)
        return 0
    with tempfile.TemporaryDirectory(prefix="socinv-bench-import-") as tmp:
        path = Path(tmp) / "matvarden.csv"
        write_file(path, args.rows)
        size_mb = path.stat().st_size / 1e6
        print(f"bench_import: {args.rows} rows, {size_mb:.0f} MB (Swedish Excel dialect)")
        best = {}
        for kind in ("plain", "socinv"):
            runs = [measure(kind, str(path)) for _ in range(3)]
            n, seconds, peak = min(runs, key=lambda r: r[1])
            best[kind] = (n, seconds, peak)
            print(
                f"  {kind:7s} {n / seconds:12,.0f} rows/s  best {seconds:6.2f} s  "
                f"peak RSS {peak:6.0f} MB"
            )
        ratio = best["plain"][1] / best["socinv"][1]
        verdict = "meets" if ratio >= 0.25 else "misses"
        print(f"  ratio socinv/plain (rows per second): {ratio:.2f} ({verdict} the 0.25 goal)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
