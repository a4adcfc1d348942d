"""``socinv ledger verify``: check every fund's hash chain and ledger invariants."""

from django.core.management.base import BaseCommand, CommandError

from socinv.core.ledger import head
from socinv.fund.models import Fund
from socinv.fund.services import fund_entries, verify_fund
from socinv.l10n.messages import located


class Command(BaseCommand):
    help = "Verify the hash chain and the invariants of every fund's ledger."

    def handle(self, *args, **options):
        problems = 0
        funds = list(Fund.objects.order_by("pk"))
        if not funds:
            self.stdout.write("No funds yet: nothing to verify.")
        for fund in funds:
            errors = verify_fund(fund)
            entries = fund_entries(fund)
            if errors:
                problems += len(errors)
                for e in errors:
                    self.stderr.write(f"{fund.name} (fund {fund.pk}): {located(e)}")
            else:
                self.stdout.write(
                    f"{fund.name} (fund {fund.pk}): OK, {len(entries)} entries, "
                    f"head {head(entries)[:16]}"
                )
        if problems:
            raise CommandError(f"{problems} problem(s) found in the ledger")
