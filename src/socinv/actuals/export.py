"""The SIE 4I export of a fund's bookings in a year (``socinv sie export``, the ledger page).

One ``#VER`` per ledger entry of the year that moves money in the accounts: an entry whose
type has an account mapping (:class:`~.models.FundAccountMapping`) gives two ``#TRANS`` rows,
its amount on the debit account and minus it on the credit account, each tagged with the
entry's board (dimension 1, ansvar) and project (dimension 6, projekt) by their codes. A
reversal (rättelse) is booked on the accounts of the entry it reverses, debit and credit
swapped. Entries of a type without a mapping are counted in :attr:`Export.skipped`, not
exported. The voucher's text is the entry's number and its note (its type when it has none).
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone, translation

import socinv
from socinv.core.ledger import EntryType
from socinv.core.limits import MAX_SIE_TEXT
from socinv.fund.models import Fund, LedgerEntry
from socinv.io import sie
from socinv.l10n.sie import describe

SERIES = "S"  # socinv's vouchers in the receiving ledger (a 4I file: it may renumber them)
DIM_BOARD, DIM_PROJECT = "1", "6"
DIMENSION_NAMES = {DIM_BOARD: "Ansvar", DIM_PROJECT: "Projekt"}


@dataclass
class Export:
    data: bytes
    vouchers: int
    skipped: Counter = field(default_factory=Counter)  # entry type -> entries not exported
    without_code: list[str] = field(default_factory=list)  # project titles

    def lines(self, lang: str | None = "sv") -> list[str]:
        """What the command line says beside the file: the entries left out and why."""
        with translation.override(lang):
            labels = dict(LedgerEntry.Type.choices)
            out = [
                describe("not_mapped", {"count": n, "type": str(labels.get(t, t))}, lang)
                for t, n in sorted(self.skipped.items())
            ]
        out += [describe("project_without_code", {"project": p}, lang) for p in self.without_code]
        return out


def filename(fund: Fund, year: int) -> str:
    return f"socinv-{fund.pk}-{year}.si"


def export_year(fund: Fund, year: int) -> Export:
    """The fund's bookings dated in ``year`` as a SIE 4I file (see the module)."""
    mappings = {m.entry_type: m for m in fund.account_mappings.all()}
    entries = (
        fund.entries.filter(date__year=year)
        .select_related("project", "board", "reverses")
        .order_by("seq")
    )
    out = sie.SieFile(
        company=fund.organisation.name,
        orgnr=fund.organisation.org_number or "",
        program=("socinv", socinv.__version__),
        sietyp="4",
        generated=timezone.localdate(),
        fiscal_years={0: (datetime.date(year, 1, 1), datetime.date(year, 12, 31))},
        currency="SEK",
    )
    skipped: Counter = Counter()
    without_code: dict[int, str] = {}
    with translation.override("sv"):
        labels = dict(LedgerEntry.Type.choices)
        for e in entries:
            swap = e.type == EntryType.REVERSAL
            booked_type = e.reverses.type if swap and e.reverses else e.type
            mapping = mappings.get(booked_type)
            if mapping is None:
                skipped[e.type] += 1
                continue
            debit = (mapping.debit_account, mapping.debit_name)
            credit = (mapping.credit_account, mapping.credit_name)
            if swap:
                debit, credit = credit, debit
            objects = []
            board = e.board or (e.reverses.board if swap and e.reverses else None)
            project = e.project or (e.reverses.project if swap and e.reverses else None)
            if board is not None and board.code:
                objects.append((DIM_BOARD, board.code))
                out.objects[(DIM_BOARD, board.code)] = board.name
            if project is not None:
                if project.code:
                    objects.append((DIM_PROJECT, project.code))
                    out.objects[(DIM_PROJECT, project.code)] = project.title
                else:
                    without_code[project.pk] = project.title
            amount = Decimal(e.amount_ore) / 100
            text = f"{e.seq} {e.note or labels.get(e.type, e.type)}"
            voucher = sie.Voucher(SERIES, str(e.seq), e.date, sie.plain(text[:MAX_SIE_TEXT]))
            voucher.rows = [
                sie.Trans(debit[0], amount, tuple(objects)),
                sie.Trans(credit[0], -amount, tuple(objects)),
            ]
            for number, name in (debit, credit):
                out.accounts.setdefault(number, name)
            out.vouchers.append(voucher)
    for dim, _code in out.objects:
        out.dimensions[dim] = DIMENSION_NAMES[dim]
    return Export(sie.write(out), len(out.vouchers), skipped, sorted(without_code.values()))
