"""Benchmark the measurement import reader on a large CSV (issue 5's speed goal).

Writes a CSV of N rows (default 1 000 000) in the Swedish Excel dialect (semicolons,
decimal commas, a comment column), then, best of 3 each, in a fresh subprocess:

- socinv: ``socinv.io.measurements.MeasurementReader`` streaming the file from disk
  (decoding, SHA-256 fingerprint, header mapping, validation of every cell, the duplicate
  check and the personnummer guard included), counting the validated rows;
- (for information) the same, iterating every row as a ``MeasurementRow`` tuple;
- plain: the standard library's ``csv.reader`` over the same file opened as text
  (streaming too: decode + split only).

Prints rows per second, the ratio socinv/plain (goal: at least 0.25) and each one's peak
memory (RSS). Then "bounded memory": the socinv reader's peak RSS on a file of a fifth
of the rows against the full file (growth under 30 MB = bounded). Always exits 0.
"""

from __future__ import annotations

import argparse
import csv
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
BOUNDED_GROWTH_MB = 30


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
    from socinv.io.measurements import MeasurementReader

    with open(path, "rb") as f:
        reader = MeasurementReader(f, path)
        n = sum(len(batch) for batch in reader.batches())
    assert reader.ok, reader.problems[:3]
    assert len(reader.fingerprint) == 64
    return n


def run_socinv_tuples(path: str) -> int:
    """As run_socinv, and every row made into a MeasurementRow (what a consumer that
    iterates the rows pays on top: the batches hold the validated columns)."""
    from socinv.io.measurements import MeasurementReader

    with open(path, "rb") as f:
        reader = MeasurementReader(f, path)
        n = sum(1 for batch in reader.batches() for _row in batch)
    assert reader.ok, reader.problems[:3]
    return n


def run_plain(path: str) -> int:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return sum(1 for _ in csv.reader(f, delimiter=";")) - 1


def _child(kind: str, path: str) -> None:
    if kind != "plain":  # the import is not timed (the plain run imports nothing)
        sys.path.insert(0, str(SRC))
        import socinv.io.measurements  # noqa: F401
    t0 = time.perf_counter()
    run = {"socinv": run_socinv, "tuples": run_socinv_tuples, "plain": run_plain}[kind]
    n = run(path)
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
    parser.add_argument("--repeat", type=int, default=3)
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
        # interleaved, so that a busy machine slows both alike
        runs: dict[str, list] = {"plain": [], "socinv": []}
        for _ in range(args.repeat):
            for kind in ("plain", "socinv"):
                runs[kind].append(measure(kind, str(path)))
        for kind in ("plain", "socinv"):
            n, seconds, peak = min(runs[kind], key=lambda r: r[1])
            best[kind] = (n, seconds, peak)
            print(
                f"  {kind:7s} {n / seconds:12,.0f} rows/s  best {seconds:6.2f} s  "
                f"peak RSS {peak:6.0f} MB"
            )
        ratio = best["plain"][1] / best["socinv"][1]
        verdict = "meets" if ratio >= 0.25 else "misses"
        print(f"  ratio socinv/plain (rows per second): {ratio:.2f} ({verdict} the 0.25 goal)")
        n, seconds, _peak = measure("tuples", str(path))
        print(
            f"  (iterating every row as a MeasurementRow too: {n / seconds:,.0f} rows/s, "
            f"ratio {best['plain'][1] / seconds:.2f}, one run)"
        )
        small_rows = max(args.rows // 5, 1)
        small = Path(tmp) / "matvarden-liten.csv"
        write_file(small, small_rows)
        small_peak = measure("socinv", str(small))[2]
        growth = best["socinv"][2] - small_peak
        bounded = "yes" if growth < BOUNDED_GROWTH_MB else "no"
        print(
            f"  bounded memory: {bounded} (peak RSS {small_peak:.0f} MB at {small_rows} rows, "
            f"{best['socinv'][2]:.0f} MB at {args.rows} rows: {growth:+.0f} MB)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
