"""Benchmark the fund projection (shared/spec/projection.md, "Invariants": 100 projects ×
100 000 draws, 10 years, in under 2 s of one core).

Run by `make bench` (`.venv/bin/python benchmarks/bench_projection.py`). The portfolio is
100 projects made from the demo's saved calculations (every one with distributions and a
success probability below 1), three boards, a receivable and pay-outs still to come for
each; one in five repays by depreciation. BLAS runs on one thread. Prints the best of 3
(CPU time of this process: the machine may be shared) and its ratio to the goal (below 1.0 meets it). The exit status is always 0.
"""

from __future__ import annotations

import os

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")  # one core, as the goal says

import datetime  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

from socinv.core import projection as pj  # noqa: E402
from socinv.core.calc import load  # noqa: E402

PROJECTS = 100
DRAWS = 100_000
YEARS = 10
GOAL_S = 2.0
REPEAT = 3
CALCULATIONS = Path(__file__).resolve().parents[1] / "src" / "socinv" / "demo" / "calculations"


def portfolio() -> pj.FundInput:
    calcs = [load(p) for p in sorted(CALCULATIONS.glob("*.toml"))]
    projects = []
    for i in range(PROJECTS):
        calc = calcs[i % len(calcs)]
        sids = [s.id for s in calc.stakeholders if s.municipal][:2] or [None]
        boards = tuple(
            pj.BoardPart(board=f"b{(i + k) % 3}", receivable=400_000.0 * (k + 1), stakeholder=sid)
            for k, sid in enumerate(sids)
        )
        depreciation = i % 5 == 4
        projects.append(
            pj.ProjectInput(
                id=str(i),
                boards=boards,
                calculation=calc,
                to_pay_out=((2026, 300_000.0), (2027, 200_000.0)),
                method=pj.DEPRECIATION if depreciation else pj.SAVINGS,
                period=5 if depreciation else None,
                start_year=2027 if depreciation else None,
                bearer=pj.BOARD if i % 2 else pj.CENTRAL,
            )
        )
    return pj.FundInput(
        as_of=datetime.date(2026, 6, 1),
        available=20_000_000.0,
        contributions=100_000_000.0,
        disbursements=60_000_000.0,
        contribution_plan=((2027, 10_000_000.0),),
        projects=tuple(projects),
        board_names={"b0": "Socialnämnden", "b1": "Utbildningsnämnden", "b2": "Kulturnämnden"},
    )


def main() -> None:
    fund = portfolio()
    drawn = sum(1 for p in fund.projects if p.method == pj.SAVINGS)
    best = wall = float("inf")
    for _ in range(REPEAT):
        t, w = time.process_time(), time.perf_counter()
        pj.projection(fund, years=YEARS, draws=DRAWS, seed=1)
        best = min(best, time.process_time() - t)
        wall = min(wall, time.perf_counter() - w)
    print(
        f"fund projection: {PROJECTS} projects ({drawn} drawn) x {DRAWS} draws, {YEARS} years: "
        f"{best:.2f} s of CPU ({wall:.2f} s wall; best of {REPEAT}); goal {GOAL_S:.0f} s, "
        f"ratio {best / GOAL_S:.2f} ({'met' if best < GOAL_S else 'NOT met'})"
    )


if __name__ == "__main__":
    main()
