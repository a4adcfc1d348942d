"""``socinv ledger verify``: check every fund's hash chain and ledger invariants."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from socinv.core.ledger import head
from socinv.fund.models import Fund
from socinv.fund.services import fund_entries, verify_fund
from socinv.l10n import format_number
from socinv.l10n.messages import chain_head_line, located


class Command(BaseCommand):
    help = "Verify the hash chain and the invariants of every fund's ledger."

    def add_arguments(self, parser):
        parser.add_argument("--lang", choices=("sv", "en"), default="sv")

    def handle(self, *args, lang: str = "sv", **options):
        problems = 0
        with translation.override(lang):
            funds = list(Fund.objects.order_by("pk"))
            if not funds:
                self.stdout.write(_("No funds yet: nothing to verify."))
            for fund in funds:
                errors = verify_fund(fund)
                where = _("%(fund)s (fund %(id)s)") % {"fund": fund.name, "id": fund.pk}
                if errors:
                    problems += len(errors)
                    for e in errors:
                        self.stderr.write(f"{where}: {located(e, lang)}")
                else:
                    entries = fund_entries(fund)
                    line = chain_head_line(len(entries), head(entries), lang)
                    self.stdout.write(f"{where}: OK. {line}")
            if problems:
                raise CommandError(
                    ngettext(
                        "%(count)s problem found in the ledger",
                        "%(count)s problems found in the ledger",
                        problems,
                    )
                    % {"count": format_number(problems, lang=lang)}
                )
