"""Benchmark the overview's and the frames' reads of every paying project: one by one
against all at once.

Run as `.venv/bin/python benchmarks/bench_overview_reads.py [--more N]` (not yet in `make
bench`). On a temporary SQLite database (migrated from scratch) it loads the demo and adds
N paying projects (copies of a demo project with a decision, savings and a confirmed repayment:
``tests/overview/more_projects.py``), then, best of 3 (wall time):

1. the repayment plans of every paying project: ``savings.project_savings`` project by
   project against ``savings.projects_savings`` for them all;
2. the stored runs with their stale marks: ``simulations.stored`` project by project
   against ``simulations.latest_runs`` and ``simulations.stored_many`` for them all;
3. the stored catalogue parts: ``simulations.stored_catalogue`` project by project against
   ``simulations.stored_catalogues``;

printing the queries and the time of each and their ratio (one by one / at once: above 1
means the batched read is faster), the queries and time of the fund projection's input
(``projection.projection_input``, read at once only), and the overview's and the frames page's queries on
the demo and with the N projects more (they should be equal). The exit status is always 0
unless the set-up itself fails.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import io
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests.overview.more_projects
from bench_web import _setup_django  # noqa: E402

REPEAT = 3


def _measure(fn) -> tuple[int, float]:
    """(queries, best wall seconds of REPEAT) of ``fn()``."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    best = float("inf")
    for _ in range(REPEAT):
        with CaptureQueriesContext(connection) as ctx:
            t = time.perf_counter()
            fn()
            best = min(best, time.perf_counter() - t)
    return len(ctx.captured_queries), best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--more", type=int, default=40)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="socinv-bench-") as tmp:
        _setup_django(tmp)
        from django.contrib.auth import get_user_model
        from django.test import Client
        from django.urls import reverse
        from tests.overview.more_projects import add_paying_projects

        from socinv.demo.services import load_demo
        from socinv.fund import selectors as fund_selectors
        from socinv.fund.models import Fund
        from socinv.projection import selectors as projection
        from socinv.projects import simulations
        from socinv.projects.models import Project
        from socinv.savings import selectors as savings

        quiet = contextlib.redirect_stdout(io.StringIO())  # the demo's mails to the console
        with quiet:
            load_demo(io.StringIO())
        fund = Fund.objects.get()
        users = get_user_model().objects
        pages = {
            "overview": (users.get(username="agare"), reverse("overview:overview", args=[fund.pk])),
            "frames": (users.get(username="ekonom"), reverse("frames:index", args=[fund.pk])),
        }

        def page_queries() -> dict[str, int]:
            out = {}
            for name, (user, url) in pages.items():
                client = Client()
                client.force_login(user)
                client.get(url)
                out[name] = _measure(lambda c=client, u=url: c.get(u))[0]
            return out

        on_demo = page_queries()
        t = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()):
            add_paying_projects(fund, args.more)
        print(f"bench_overview_reads: demo + {args.more} paying projects in "
              f"{time.perf_counter() - t:.1f} s")  # fmt: skip
        with_more = page_queries()
        paid = [pk for pk, t in fund_selectors.fund_balances(fund).by_project.items()
                if t.disbursements]  # fmt: skip
        projects = list(Project.objects.filter(pk__in=paid).select_related("fund__organisation"))

        def stored_at_once():
            runs = simulations.latest_runs(projects)
            return simulations.stored_many((p, runs[p.pk]) for p in projects if p.pk in runs)

        on = datetime.date.today()
        cases = [
            (
                f"repayment plans of {len(projects)} paying projects",
                lambda: [savings.project_savings(p) for p in projects],
                lambda: savings.projects_savings(fund, projects),
            ),
            (
                f"stored runs of {len(projects)} paying projects",
                lambda: [simulations.stored(p) for p in projects],
                stored_at_once,
            ),
            (
                f"stored catalogue parts of {len(projects)} paying projects",
                lambda: [simulations.stored_catalogue(p) for p in projects],
                lambda: simulations.stored_catalogues(projects),
            ),
        ]
        for label, one_by_one, at_once in cases:
            (q1, t1), (q2, t2) = _measure(one_by_one), _measure(at_once)
            print(
                f"{label}: one by one {q1} queries {t1 * 1000:.0f} ms, at once {q2} queries "
                f"{t2 * 1000:.0f} ms; ratio {t1 / t2:.1f} (best of {REPEAT})"
            )
        q, t = _measure(lambda: projection.projection_input(fund, on))
        print(f"fund projection input: {q} queries {t * 1000:.0f} ms (best of {REPEAT})")
        for name in pages:
            print(
                f"{name} page queries: {on_demo[name]} on the demo, {with_more[name]} with "
                f"{args.more} paying projects more "
                f"({'constant' if with_more[name] <= on_demo[name] else 'GROWS'})"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
