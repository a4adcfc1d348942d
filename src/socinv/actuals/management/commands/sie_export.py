"""``socinv sie export FUND YEAR [--out FILE]``: the fund's bookings of a year as SIE 4I.

Without ``--out`` the file's bytes (CP437) go to standard output. What was left out (entry
types without an account mapping, projects without a code) is said on standard error."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from socinv.actuals.export import export_year
from socinv.fund.models import Fund


class Command(BaseCommand):
    help = "Export a fund's bookings of a year as a SIE 4I file."

    def add_arguments(self, parser):
        parser.add_argument("fund", type=int, help="the fund's id")
        parser.add_argument("year", type=int, help="the calendar year")
        parser.add_argument("--out", default=None, help="the file to write (default: stdout)")
        parser.add_argument("--lang", choices=("sv", "en"), default="sv")

    def handle(self, *args, fund: int, year: int, out, lang: str, **options):
        try:
            f = Fund.objects.select_related("organisation").get(pk=fund)
        except Fund.DoesNotExist:
            raise CommandError(f"no fund with id {fund}") from None
        if not 1900 <= year <= 2200:
            raise CommandError(f"the year must be 1900 to 2200, got {year}")
        result = export_year(f, year)
        if out:
            try:
                Path(out).write_bytes(result.data)
            except OSError as exc:
                raise CommandError(f"cannot write {out}: {exc.strerror}") from None
        else:
            sys.stdout.buffer.write(result.data)
            sys.stdout.flush()
        for line in result.lines(lang):
            self.stderr.write(line)
        self.stderr.write(f"{result.vouchers} #VER" + (f" -> {out}" if out else ""))
