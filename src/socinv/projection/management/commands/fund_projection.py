"""``socinv fund projection FUND``: the fund projection (fondprognos) as tables or JSON
(shared/spec/projection.md). Exit 2 for options outside their limits (one line each on
stderr, nothing on stdout), 1 for a fund that does not exist."""

from __future__ import annotations

import datetime
import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from socinv.core.limits import DEFAULT_PROJECTION_DRAWS, DEFAULT_PROJECTION_YEARS
from socinv.core.projection import ProjectionError
from socinv.fund.models import Fund
from socinv.projection import selectors
from socinv.projection.tables import text_report
from socinv.projection.words import problem_text


class Command(BaseCommand):
    help = "Print the fund projection (fondprognos)."

    def add_arguments(self, parser):
        parser.add_argument("fund", type=int, help="the fund's id")
        parser.add_argument("--from", dest="as_of", default=None, help="the date D (ISO)")
        parser.add_argument("--years", type=int, default=DEFAULT_PROJECTION_YEARS)
        parser.add_argument("--draws", type=int, default=DEFAULT_PROJECTION_DRAWS)
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument("--json", action="store_true")
        parser.add_argument("--lang", choices=("sv", "en"), default="sv")

    def handle(self, *args, fund, as_of, years, draws, seed, json: bool, lang, **options):
        with translation.override(lang):
            date = None
            if as_of is not None:
                try:
                    date = datetime.date.fromisoformat(as_of)
                except ValueError:
                    print(f"--from: {as_of!r}", file=sys.stderr)
                    raise SystemExit(2) from None
            try:
                f = Fund.objects.get(pk=fund)
            except Fund.DoesNotExist:
                raise CommandError(f"no fund with id {fund}") from None
            try:
                result = selectors.run(f, as_of=date, years=years, draws=draws, seed=seed)
            except ProjectionError as exc:
                for p in exc.problems:
                    print(f"--{p.field}: {problem_text(p)}", file=sys.stderr)
                raise SystemExit(2) from None
            if json:
                self.stdout.write(_dumps(result))
            else:
                self.stdout.write(text_report(f, result, selectors.project_titles(result), lang))


def _dumps(result: dict) -> str:
    return json.dumps(result, ensure_ascii=False, indent=1)
