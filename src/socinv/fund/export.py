"""The ledger as a table for a spreadsheet (the ledger page's downloads, CSV and xlsx):
the entries the page's filter shows, in number order, one row each, with who booked and
who attested each. Written by :mod:`socinv.io.tables`."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from socinv.io.tables import Kronor
from socinv.web.people import display_name

from .models import Fund

# column widths of the workbook (characters)
WIDTHS = (8, 11, 18, 16, 36, 26, 26, 11, 18, 18, 10, 40, 22, 20, 22)


def headings() -> list[str]:
    return [
        _("No."),
        _("Date"),
        _("Type"),
        _("Amount (kr)"),
        _("Project"),
        _("Board"),
        _("Decided by"),
        _("Decision date"),
        _("Registration number (dnr)"),
        _("Borne by"),
        _("Reverses no."),
        _("Note"),
        _("Recorded by"),
        _("Recorded at"),
        _("Attested by"),
    ]


def rows(entries):
    """One row per entry of ``entries`` (a queryset of the fund's entries), read in
    batches: a ledger of any length is never held whole in memory."""
    bearers = dict(Fund.WriteDownBearer.choices)
    qs = entries.select_related(
        "project", "board", "recorded_by", "reverses", "attestation__decided_by"
    ).order_by("seq")
    for e in qs.iterator(chunk_size=2000):
        attestation = getattr(e, "attestation", None)
        yield [
            e.seq,
            e.date,
            e.get_type_display(),
            Kronor(e.amount_ore),
            e.project.title if e.project_id else "",
            e.board.name if e.board_id else "",
            e.decision_body,
            e.decision_date,
            e.decision_dnr,
            str(bearers.get(e.bearer, e.bearer)) if e.bearer else "",
            e.reverses.seq if e.reverses_id else None,
            e.note,
            display_name(e.recorded_by),
            timezone.localtime(e.recorded_at),
            display_name(attestation.decided_by) if attestation else "",
        ]
