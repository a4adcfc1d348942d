"""Demo data: the boards' budget frames (driftramar) for 2024–2027, recorded by the
economist through the service (so that their history says who and when)."""

from __future__ import annotations

from . import services

# board code → the driftram in kronor for 2024, 2025, 2026 and 2027
FRAMES = {
    "socialnamnd": (1_182_000_000, 1_214_000_000, 1_251_000_000, 1_289_000_000),
    "utbildningsnamnd": (2_405_000_000, 2_472_000_000, 2_540_000_000, 2_610_000_000),
    "arbetsmarknadsnamnd": (148_000_000, 151_500_000, 155_000_000, 158_700_000),
    "kulturfritidsnamnd": (212_000_000, 216_000_000, 221_000_000, 226_000_000),
}
YEARS = (2024, 2025, 2026, 2027)


def load(demo) -> None:
    economist = demo.user("economist")
    for code, amounts in FRAMES.items():
        for year, kr in zip(YEARS, amounts, strict=True):
            services.set_frame(
                acting_user=economist, board=demo.boards[code], year=year, amount_ore=kr * 100
            )
