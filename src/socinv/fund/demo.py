"""Demo data for the fund: its ledger 2023–2026, booked in date order through
:func:`socinv.fund.services.record_entry` by the economist, so that it is sealed and
checked like any other; what the attestation rule holds back (a disbursement or repayment
above the threshold) is attested by the second economist (``ekonom2``), as the
attestreglemente wants. All figures are invented."""

from __future__ import annotations

import datetime
from typing import NamedTuple

from socinv.core.ledger import Decision
from socinv.web.hooks import declared, resolved

from .models import PreliminaryBooking
from .services import attest_booking, record_entry

D = datetime.date
KF = "kommunfullmaktige"  # the council that set up the fund: its decision body
KS, SN, UN, KFN = "kommunstyrelsen", "socialnamnd", "utbildningsnamnd", "kulturfritidsnamnd"


class Booking(NamedTuple):
    type: str
    date: datetime.date
    kronor: int
    project: str | None = None  # a demo project's key
    board: str | None = None  # a board code
    decision: tuple | None = None  # (KF or the deciding board's code, date, dnr)
    note: str = ""
    bearer: str | None = None
    reverses: int | None = None  # the entry it reverses, counted back from this one


B = Booking
# fmt: off
LEDGER = [
    # 2023: the fund is set up and the first projects are granted
    B("contribution", D(2023, 2, 20), 20_000_000, decision=(KF, D(2023, 2, 20), "KS 2023/0412"), note="Avsättning när fonden inrättades."),
    B("commitment", D(2023, 4, 12), 6_500_000, "arbete", decision=(KS, D(2023, 4, 12), "KS 2023/0533")),
    B("disbursement", D(2023, 5, 2), 2_200_000, "arbete", SN, note="Första årets medel."),
    B("commitment", D(2023, 9, 27), 4_000_000, "aterfall", decision=(KS, D(2023, 9, 27), "KS 2023/0702")),
    B("commitment", D(2023, 11, 15), 2_500_000, "skolstod", decision=(KS, D(2023, 11, 15), "KS 2023/0871")),
    # 2024
    B("disbursement", D(2024, 1, 10), 800_000, "skolstod", SN),
    B("disbursement", D(2024, 1, 15), 2_200_000, "arbete", SN),
    B("disbursement", D(2024, 2, 1), 1_500_000, "aterfall", SN),
    B("commitment", D(2024, 3, 13), 900_000, "digital", decision=(KS, D(2024, 3, 13), "KS 2024/0133")),
    B("disbursement", D(2024, 4, 2), 450_000, "digital", SN),
    B("contribution", D(2024, 6, 17), 10_000_000, decision=(KF, D(2024, 6, 17), "KS 2024/0231"), note="Avsättning ur 2023 års överskott."),
    B("commitment", D(2024, 8, 14), 4_500_000, "fritid", decision=(KS, D(2024, 8, 14), "KS 2024/0402")),
    B("disbursement", D(2024, 9, 2), 1_900_000, "fritid", KFN),
    B("repayment", D(2024, 12, 16), 800_000, "arbete", SN, (SN, D(2024, 12, 11), "SN 2024/0311"), "Minskade kostnader för försörjningsstöd 2024."),
    # 2025
    B("disbursement", D(2025, 1, 10), 850_000, "skolstod", SN),
    B("disbursement", D(2025, 1, 15), 2_100_000, "arbete", SN, note="Sista delen."),
    B("disbursement", D(2025, 2, 3), 1_500_000, "aterfall", SN),
    B("disbursement", D(2025, 2, 10), 300_000, "digital", SN, note="Andra årets medel."),
    B("commitment", D(2025, 2, 12), 1_800_000, "forskola", decision=(KS, D(2025, 2, 12), "KS 2025/0087")),
    B("disbursement", D(2025, 3, 10), 540_000, "forskola", UN),
    B("reversal", D(2025, 3, 12), 540_000, "forskola", UN, note="Fel belopp: 540 000 kr bokades i stället för 450 000 kr.", reverses=1),
    B("disbursement", D(2025, 3, 12), 450_000, "forskola", UN, note="Rättad utbetalning."),
    B("commitment", D(2025, 5, 14), 3_200_000, "hemmasittare", decision=(KS, D(2025, 5, 14), "KS 2025/0266")),
    B("contribution", D(2025, 6, 16), 10_000_000, decision=(KF, D(2025, 6, 16), "KS 2025/0198"), note="Avsättning ur 2024 års överskott."),
    B("disbursement", D(2025, 8, 18), 800_000, "hemmasittare", UN),
    B("disbursement", D(2025, 9, 1), 2_000_000, "fritid", KFN),
    B("release", D(2025, 11, 24), 150_000, "digital", decision=(KS, D(2025, 11, 19), "KS 2025/0598"), note="Projektet avvecklas; outnyttjade medel går tillbaka till fonden."),
    B("write_down", D(2025, 11, 24), 750_000, "digital", SN, (KS, D(2025, 11, 19), "KS 2025/0598"), "Metoden gav ingen mätbar effekt och avvecklas; ingen besparing att återföra.", "central"),
    B("repayment", D(2025, 12, 12), 300_000, "skolstod", SN, (SN, D(2025, 12, 10), "SN 2025/0420")),
    B("repayment", D(2025, 12, 15), 1_500_000, "arbete", SN, (SN, D(2025, 12, 10), "SN 2025/0421")),
    # 2026
    B("disbursement", D(2026, 1, 12), 850_000, "skolstod", SN),
    B("disbursement", D(2026, 1, 19), 800_000, "hemmasittare", UN),
    B("disbursement", D(2026, 2, 2), 1_000_000, "aterfall", SN),
    B("disbursement", D(2026, 3, 9), 450_000, "forskola", UN),
    B("commitment", D(2026, 3, 11), 5_500_000, "rehab", decision=(KS, D(2026, 3, 11), "KS 2026/0132")),
    B("disbursement", D(2026, 4, 1), 1_800_000, "rehab", SN),
    B("repayment", D(2026, 6, 15), 800_000, "aterfall", SN, (SN, D(2026, 6, 10), "SN 2026/0207")),
    B("disbursement", D(2026, 8, 17), 800_000, "hemmasittare", UN),
    B("release", D(2026, 9, 14), 600_000, "fritid", decision=(KS, D(2026, 9, 9), "KS 2026/0489"), note="Projektet avslutades under budget; det som inte använts går tillbaka till fonden."),
    B("repayment", D(2026, 10, 15), 1_700_000, "arbete", SN, (SN, D(2026, 10, 14), "SN 2026/0388")),
    B("repayment", D(2026, 10, 15), 480_000, "hemmasittare", UN, (UN, D(2026, 10, 13), "UN 2026/0301"), "Första året enligt återbetalningsplanen: en femtedel av det utbetalda (fem år)."),
    B("repayment", D(2026, 10, 20), 600_000, "skolstod", SN, (SN, D(2026, 10, 14), "SN 2026/0389")),
    B("write_down", D(2026, 10, 21), 1_200_000, "aterfall", SN, (KS, D(2026, 10, 21), "KS 2026/0544"), "Slututvärderingen visar lägre effekt än kalkylerat; fonden bär nedskrivningen.", "central"),
    B("repayment", D(2026, 10, 30), 400_000, "fritid", KFN, (KFN, D(2026, 10, 28), "KFN 2026/0112")),
]
# fmt: on

# Booked by the economist and left for the second economist (ekonom2) to attest or reject:
# the demo shows a booking awaiting attestation on the overview and the booking page.
AWAITING = [
    B(
        "disbursement",
        D(2026, 11, 16),
        1_850_000,
        "rehab",
        SN,
        (KS, D(2026, 3, 11), "KS 2026/0132"),
        "Andra halvårets medel.",
    ),  # fmt: skip
]


def load(demo) -> None:
    """Book :data:`LEDGER`, in its order, as the economist; the second economist attests
    what waits for attestation at once, so that the entries keep the list's order.

    A project's commitment is its decision: an app that declares ``demo_decisions`` (a
    dotted path to ``decide(demo, booking)``; :func:`socinv.review.demo.decide_project`)
    records such a row as the project's review and decision, which books the commitments
    itself; without one the row is booked as a plain commitment."""
    economist = demo.user("economist")
    attester = demo.users["ekonom2"]  # socinv.demo.DEMO_USERS: attests what ekonom books
    deciders = [resolved(path) for _app, path in declared("demo_decisions")]
    booked = []
    for b in LEDGER:
        if deciders and b.type == "commitment" and b.project is not None:
            (decide,) = deciders
            booked.append(decide(demo, b))
            continue
        decision = None
        if b.decision is not None:
            who, date, dnr = b.decision
            body = demo.fund.decision_body if who == KF else demo.boards[who].name
            decision = Decision(body, date, dnr)
        entry = record_entry(
            acting_user=economist,
            fund=demo.fund,
            type=b.type,
            date=b.date,
            amount_ore=b.kronor * 100,
            project=None if b.project is None else demo.projects[b.project],
            board=None if b.board is None else demo.boards[b.board],
            decision=decision,
            note=b.note,
            bearer=b.bearer,
            reverses=None if b.reverses is None else booked[-b.reverses],
        )
        if isinstance(entry, PreliminaryBooking):
            entry = attest_booking(acting_user=attester, booking=entry)
        booked.append(entry)
    for b in AWAITING:
        who, date, dnr = b.decision
        record_entry(
            acting_user=economist,
            fund=demo.fund,
            type=b.type,
            date=b.date,
            amount_ore=b.kronor * 100,
            project=demo.projects[b.project],
            board=demo.boards[b.board],
            decision=Decision(demo.boards[who].name, date, dnr),
            note=b.note,
        )
