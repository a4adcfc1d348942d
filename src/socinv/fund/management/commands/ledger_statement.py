"""``socinv ledger statement FUND YEAR``: a fund's year-end statement (bokslut)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from socinv.core.ledger import FundModel, year_end_statement
from socinv.fund.models import Fund
from socinv.fund.services import fund_entries
from socinv.l10n import format_money
from socinv.l10n.messages import chain_head_line
from socinv.organisation.models import Board


def kronor(ore: int, lang: str) -> str:
    return format_money(ore / 100, lang)


class Command(BaseCommand):
    help = "Print a fund's year-end statement."

    def add_arguments(self, parser):
        parser.add_argument("fund", type=int, help="the fund's id")
        parser.add_argument("year", type=int, help="the calendar year")
        parser.add_argument("--lang", choices=("sv", "en"), default="sv")

    def handle(self, *args, fund: int, year: int, lang: str, **options):
        try:
            f = Fund.objects.get(pk=fund)
        except Fund.DoesNotExist:
            raise CommandError(f"no fund with id {fund}") from None
        s = year_end_statement(fund_entries(f), str(f.pk), year, FundModel(f.economic_model))
        boards = {str(b.pk): b.name for b in Board.objects.filter(organisation=f.organisation)}
        with translation.override(lang):
            rows = [
                (_("Opening balance available to commit"), s.opening_available),
                (_("Contributions"), s.contributions),
                (_("Commitments"), -s.commitments),
                (_("Commitment releases"), s.releases),
                (_("Repayments"), s.repayments),
                (_("Write-downs borne by the boards (returned to the fund)"), s.board_write_downs),
                (_("Closing balance available to commit"), s.closing_available),
                (_("Disbursements"), s.disbursements),
                (_("Earmarked surplus"), s.earmarked_surplus),
                (_("Proposed earmarking"), s.proposed_earmarking),
            ]
            title = _("Year-end statement")
            out = [f"{f.name}: {title} {year}", ""]
            width = max(len(label) for label, _v in rows)
            out += [f"{label:<{width}}  {kronor(v, lang):>18}" for label, v in rows]
            for title, parts in (
                (_("Repayments per board"), s.repayments_by_board),
                (_("Frame reductions per board"), s.frame_reductions_by_board),
                (_("Write-downs by bearer"), s.write_downs_by_bearer),
                (_("Receivables per board at year end"), s.receivables_by_board),
            ):
                out += ["", title]
                if not parts:
                    out.append("  –")
                for key, v in sorted(parts.items()):
                    out.append(f"  {boards.get(key, key):<{width - 2}}  {kronor(v, lang):>18}")
            out += ["", chain_head_line(s.entry_count, s.head, lang)]
        self.stdout.write("\n".join(out))
