"""Benchmark `socinv calc` against plain numpy sampling of the same distributions.

Run by `make bench` (`.venv/bin/python benchmarks/bench_calc.py`). It generates a large
project (40 outcomes, 20-year horizon, 10 cohorts, about 250 uncertain fields) into a
temporary directory and times, best of 3:

  (a) `socinv calc FILE --json --draws 200000 --seed 1` as a subprocess;
  (b) a plain python subprocess that imports only numpy and draws the same number of
      random numbers from the same distributions (one array of 200 000 per
      distribution, plus a uniform for the success flag).

(b) is a lower bound for any Monte Carlo run: the goal is sampling/socinv >= 0.5, i.e.
socinv spends at most as long on the model as on drawing the numbers. It also reports the
peak memory (max RSS) of a run at 1 000 000 draws. The exit status is always 0.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DRAWS = 200_000
BIG_DRAWS = 1_000_000
SEED = 1
REPEAT = 3
N_OUTCOMES = 40
HORIZON = 20
COHORTS = 10

STAKEHOLDERS = [
    ("kommun/socialnamnd", "Socialnämnden", True, True),
    ("kommun/utbildningsnamnd", "Utbildningsnämnden", True, True),
    ("kommun/arbetsmarknadsnamnd", "Arbetsmarknadsnämnden", True, True),
    ("kommun/finans", "Kommunstyrelsen", True, True),
    ("region", "Regionen", False, True),
    ("stat/forsakringskassan", "Försäkringskassan", False, True),
    ("stat/arbetsformedlingen", "Arbetsförmedlingen", False, True),
    ("individ", "Individen", False, False),
    ("arbetsgivare", "Arbetsgivare", False, False),
]


# ----------------------------------------------------------------------------------
# Generating the case


def toml_value(v: object) -> str:
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{k} = {toml_value(x)}" for k, x in v.items()) + " }"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, list):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    return repr(v)


class Case:
    """Builds the TOML text and remembers every distribution it used."""

    def __init__(self, seed: int = 42) -> None:
        self.rnd = random.Random(seed)
        self.dists: list[dict] = []

    def uncertain(self, centre: float, spread: float, *, fraction: bool = False) -> dict:
        """A distribution around `centre`, cycling normal / triangular / uniform."""
        kind = ("normal", "triangular", "uniform")[len(self.dists) % 3]
        lo, hi = centre - spread, centre + spread
        if fraction:
            lo, hi = max(0.0, lo), min(1.0, hi)
        if kind == "normal":
            d = {"dist": "normal", "mean": centre, "sd": spread / 2}
            if fraction:
                d |= {"min": 0.0, "max": 1.0}
        elif kind == "triangular":
            d = {"dist": "triangular", "low": lo, "mode": centre, "high": hi}
        else:
            d = {"dist": "uniform", "low": lo, "high": hi}
        self.dists.append(d)
        return d

    def frac(self, lo: float, hi: float) -> float:
        return round(self.rnd.uniform(lo, hi), 3)

    def build(self) -> str:
        rnd = self.rnd
        out: list[str] = [
            'name = "Benchmark: stort projekt"',
            "start_year = 2026",
            f"horizon = {HORIZON}",
            "discount_rate = 0.035",
            "success_probability = 0.7",
            f"participants = {toml_value([rnd.randint(20, 60) for _ in range(COHORTS)])}",
            "",
        ]
        for sid, name, municipal, public in STAKEHOLDERS:
            out += [
                "[[stakeholders]]",
                f"id = {toml_value(sid)}",
                f"name = {toml_value(name)}",
                f"municipal = {toml_value(municipal)}",
                f"public = {toml_value(public)}",
                "",
            ]
        payers = [s for s in STAKEHOLDERS if s[3]]
        for i in range(8):
            sid = payers[i % len(payers)][0]
            out += ["[[costs]]", f'label = "Kostnad {i}"', f"stakeholder = {toml_value(sid)}"]
            out.append(f"years = {toml_value(list(range(COHORTS)))}")
            amount = rnd.randint(200, 900) * 1000
            per = rnd.randint(5, 30) * 1000
            out.append(f"amount = {toml_value(self.uncertain(amount, amount * 0.1))}")
            out.append(f"amount_per_participant = {toml_value(self.uncertain(per, per * 0.2))}")
            out.append("")
        for i in range(N_OUTCOMES):
            out += ["[[outcomes]]", f'label = "Effekt {i}"']
            if i % 2:
                out.append(f"baseline_rate = {self.frac(0.1, 0.5)}")
                re_ = self.frac(0.15, 0.4)
                out.append(
                    f"relative_effect = {toml_value(self.uncertain(re_, 0.1, fraction=True))}"
                )
            else:
                cpp = self.frac(0.05, 0.2)
                out.append(f"cases_per_participant = {toml_value(self.uncertain(cpp, cpp / 2))}")
            deadweight = self.uncertain(self.frac(0.1, 0.3), 0.08, fraction=True)
            out.append(f"deadweight = {toml_value(deadweight)}")
            attribution = self.uncertain(self.frac(0.05, 0.2), 0.05, fraction=True)
            out.append(f"attribution = {toml_value(attribution)}")
            if i % 4 == 1:
                displacement = self.uncertain(0.05, 0.04, fraction=True)
                out.append(f"displacement = {toml_value(displacement)}")
            else:
                out.append(f"displacement = {self.frac(0.0, 0.1)}")
            if i % 4 == 0:
                out.append(f"drop_off = {toml_value(self.uncertain(0.15, 0.05, fraction=True))}")
            else:
                out.append(f"drop_off = {self.frac(0.0, 0.2)}")
            out.append(f"out_migration = {self.frac(0.0, 0.08)}")
            out.append(f"lag = {rnd.randint(0, 3)}")
            out.append(f"duration = {rnd.randint(1, 8)}")
            out.append("")
            # a resource for a municipal board, a transfer pair, a resource elsewhere
            board = STAKEHOLDERS[i % 4][0]
            other = STAKEHOLDERS[4 + i % 3][0]
            res = rnd.randint(30, 900) * 1000
            tr = rnd.randint(40, 120) * 1000
            own = rnd.randint(50, 300) * 1000
            values = [
                (board, self.uncertain(res, res * 0.2), "resource"),
                (board, tr, "transfer"),
                ("individ", -tr, "transfer"),
                (other, self.uncertain(own, own * 0.25), "resource"),
            ]
            if i % 3 == 0:
                values.append(("individ", self.uncertain(own, own * 0.3), "resource"))
            for sid, amount, kind in values:
                out += [
                    "  [[outcomes.values]]",
                    f"  stakeholder = {toml_value(sid)}",
                    f"  amount = {toml_value(amount)}",
                    f"  kind = {toml_value(kind)}",
                    "",
                ]
        out += [
            "[repayment]",
            'stakeholder = "kommun/socialnamnd"',
            "amount = 6000000",
            "internal_rate = 0.02",
            "",
        ]
        return "\n".join(out)


SAMPLING_SCRIPT = """\
import json, sys
import numpy as np
dists = json.loads(sys.argv[1])
n, seed = int(sys.argv[2]), int(sys.argv[3])
rng = np.random.default_rng(seed)
total = 0.0
for d in dists:
    if d["dist"] == "normal":
        x = rng.normal(d["mean"], d["sd"], n)
        if "min" in d or "max" in d:
            x = np.clip(x, d.get("min"), d.get("max"))
    elif d["dist"] == "triangular":
        x = rng.triangular(d["low"], d["mode"], d["high"], n)
    else:
        x = rng.uniform(d["low"], d["high"], n)
    total += float(x[0])
ok = rng.random(n) < 0.7
print(total, int(ok.sum()))
"""


# ----------------------------------------------------------------------------------
# Timing


def socinv_command() -> list[str]:
    exe = Path(sys.executable).parent / "socinv"
    if exe.exists():
        return [str(exe)]
    return [sys.executable, "-m", "socinv"]


def best_of(cmd: list[str], repeat: int = REPEAT) -> tuple[float | None, str]:
    best = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8")
        dt = time.perf_counter() - t0
        if proc.returncode != 0:
            return None, (proc.stderr or proc.stdout)[-2000:]
        best = dt if best is None else min(best, dt)
    return best, ""


def peak_rss_mb(cmd: list[str]) -> tuple[float | None, str]:
    """Max RSS of `cmd`, measured in a fresh wrapper process (its only child)."""
    wrapper = (
        "import resource, subprocess, sys\n"
        "p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
        "if p.returncode:\n"
        "    sys.stderr.buffer.write(p.stderr[-2000:])\n"
        "    sys.exit(p.returncode)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", wrapper, *cmd], capture_output=True, text=True, encoding="utf-8"
    )
    if proc.returncode != 0:
        return None, proc.stderr
    kb = int(proc.stdout.strip().splitlines()[-1])
    if sys.platform == "darwin":  # bytes there, kilobytes on Linux
        kb //= 1024
    return kb / 1024, ""


def main() -> int:
    case = Case()
    text = case.build()
    kinds = {
        k: sum(d["dist"] == k for d in case.dists) for k in ("normal", "triangular", "uniform")
    }
    print(
        f"case: {N_OUTCOMES} outcomes, horizon {HORIZON}, {COHORTS} cohorts, "
        f"{len(case.dists)} uncertain fields ({', '.join(f'{v} {k}' for k, v in kinds.items())}), "
        f"{len(STAKEHOLDERS)} stakeholders"
    )
    with tempfile.TemporaryDirectory(prefix="socinv-bench-") as tmp:
        path = Path(tmp) / "stort-projekt.toml"
        path.write_text(text, encoding="utf-8")
        calc = [*socinv_command(), "calc", str(path), "--json"]

        t_socinv, err = best_of([*calc, "--draws", str(DRAWS), "--seed", str(SEED)])
        dists_json = json.dumps(case.dists)
        sampling = [sys.executable, "-c", SAMPLING_SCRIPT, dists_json, str(DRAWS), str(SEED)]
        t_sampling, err2 = best_of(sampling)

        print(f"draws: {DRAWS:,}; best of {REPEAT} runs".replace(",", " "))
        if t_socinv is None:
            print("socinv calc:      FAILED")
            print(err)
        else:
            print(f"socinv calc:      {t_socinv:8.3f} s")
        if t_sampling is None:
            print("numpy sampling:   FAILED")
            print(err2)
        else:
            print(f"numpy sampling:   {t_sampling:8.3f} s")
        if t_socinv and t_sampling:
            ratio = t_sampling / t_socinv
            verdict = "OK" if ratio >= 0.5 else "BELOW GOAL"
            print(f"ratio sampling/socinv = {ratio:.2f} (goal >= 0.5) {verdict}")
        else:
            print("ratio sampling/socinv = n/a (goal >= 0.5)")

        t_det, err3 = best_of(calc)
        if t_det is not None:
            print(f"socinv calc without draws (deterministic only): {t_det:.3f} s")

        mb, err4 = peak_rss_mb([*calc, "--draws", str(BIG_DRAWS), "--seed", str(SEED)])
        if mb is None:
            print(f"peak memory at {BIG_DRAWS:,} draws: FAILED".replace(",", " "))
            print(err4)
        else:
            print(f"peak memory (max RSS) at {BIG_DRAWS:,} draws: {mb:.0f} MB".replace(",", " "))
        mb_np, _ = peak_rss_mb(
            [sys.executable, "-c", SAMPLING_SCRIPT, dists_json, str(BIG_DRAWS), str(SEED)]
        )
        if mb_np is not None:
            print(f"  (plain numpy sampling at the same count: {mb_np:.0f} MB)")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    try:
        main()
    except Exception as exc:  # a benchmark never fails the build
        print(f"benchmark error: {exc!r}", file=sys.stderr)
    sys.exit(0)
