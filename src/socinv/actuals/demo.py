"""Demo data for the general ledger: the fund's account mapping (accounts of an invented
chart in the manner of Kommun-Bas) and one imported SIE file of actual costs 2025-2026 for
three projects, written with the project's own SIE writer and imported through the service
as the economist. Commitments, releases and earmarkings are left unmapped (decisions and
memos, not payments), so the export says it leaves them out. All figures are invented."""

from __future__ import annotations

import datetime
from decimal import Decimal

from socinv.io import sie

from .services import import_actuals, set_account_mapping

D = datetime.date

MAPPING = [
    # entry type, debit account and name, credit account and name
    ("contribution", ("1930", "Koncernkonto"), ("2095", "Sociala investeringsfonden")),
    (
        "disbursement",
        ("1695", "Fordran på nämnder, sociala investeringar"),
        ("1930", "Koncernkonto"),
    ),
    ("repayment", ("1930", "Koncernkonto"), ("1695", "Fordran på nämnder, sociala investeringar")),
    (
        "write_down",
        ("7390", "Nedskrivning av fordran, sociala investeringar"),
        ("1695", "Fordran på nämnder, sociala investeringar"),
    ),
]

# (project code, board code, month, account, kronor): personnel and purchased services
COSTS = [
    ("SI2301", "socialnamnd", D(2025, 3, 31), "5010", 210_000),
    ("SI2301", "socialnamnd", D(2025, 9, 30), "6980", 95_000),
    ("SI2301", "socialnamnd", D(2026, 3, 31), "5010", 230_000),
    ("SI2502", "utbildningsnamnd", D(2025, 10, 31), "5010", 310_000),
    ("SI2502", "utbildningsnamnd", D(2026, 2, 28), "5010", 290_000),
    ("SI2502", "utbildningsnamnd", D(2026, 5, 31), "6980", 120_000),
    ("SI2303", "socialnamnd", D(2025, 4, 30), "5010", 640_000),
    ("SI2303", "socialnamnd", D(2026, 4, 30), "5010", 450_000),
    ("P0815", "kulturfritidsnamnd", D(2026, 4, 30), "5010", 55_000),  # not a fund project
]


def sample_file() -> bytes:
    """The general ledger's SIE 4E file of the demo's actual costs."""
    out = sie.SieFile(
        company="Exempelkommun",
        orgnr="212000-0000",
        program=("Ekonomisystemet", "2026.1"),
        generated=D(2026, 11, 30),
        fiscal_years={0: (D(2026, 1, 1), D(2026, 12, 31)), -1: (D(2025, 1, 1), D(2025, 12, 31))},
        accounts={"5010": "Löner", "6980": "Köpta tjänster", "2440": "Leverantörsskulder"},
        dimensions={"1": "Ansvar", "6": "Projekt"},
    )
    for number, (project, board, day, account, kronor) in enumerate(COSTS, start=1):
        amount = Decimal(kronor)
        objects = (("1", board), ("6", project))
        out.objects[("1", board)] = board
        out.objects[("6", project)] = project
        v = sie.Voucher("A", str(number), day, f"Kostnader {day:%Y-%m} {project}")
        v.rows = [sie.Trans(account, amount, objects), sie.Trans("2440", -amount, ())]
        out.vouchers.append(v)
    return sie.write(out)


def load(demo) -> None:
    economist = demo.user("economist")
    for entry_type, (debit, debit_name), (credit, credit_name) in MAPPING:
        set_account_mapping(
            acting_user=economist,
            fund=demo.fund,
            entry_type=entry_type,
            debit_account=debit,
            debit_name=debit_name,
            credit_account=credit,
            credit_name=credit_name,
        )
    report = import_actuals(
        acting_user=economist, fund=demo.fund, data=sample_file(), filename="utfall-2025-2026.se"
    )
    assert report.ok, report.lines("en")
