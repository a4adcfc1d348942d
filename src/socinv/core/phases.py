"""A project's life as one phase graph: application → implementation → closing →
scale-up (implementation in ordinary operations) or wind-down.

Pure: standard library only. The first step (application → implementation) is the
steering group's decision; the later steps are gates with a checklist. Every rule about
which phase may follow which, and what a phase allows, is here and nowhere else.
"""

from __future__ import annotations

from enum import StrEnum

from .problems import Problem


class Phase(StrEnum):
    APPLICATION = "application"  # ansökan
    IMPLEMENTATION = "implementation"  # genomförande
    CLOSING = "closing"  # avslut
    SCALE_UP = "scale_up"  # implementering i ordinarie verksamhet
    WIND_DOWN = "wind_down"  # avveckling


P = Phase

# Every move a project can make: (from phase, to phase). The first is the decision; the
# others are gates, each named by the phase it leads to.
DECISION: tuple[Phase, Phase] = (P.APPLICATION, P.IMPLEMENTATION)
GATES: tuple[tuple[Phase, Phase], ...] = (
    (P.IMPLEMENTATION, P.CLOSING),
    (P.CLOSING, P.SCALE_UP),
    (P.CLOSING, P.WIND_DOWN),
)
MOVES: tuple[tuple[Phase, Phase], ...] = (DECISION, *GATES)
GATE_FROM: dict[Phase, Phase] = {to: frm for frm, to in GATES}

# The phases from closing on: the project's own money is spent, what it owes is settled
# (write-down proposals), and multiplier effects can be registered.
AFTER_CLOSING: frozenset[Phase] = frozenset({P.CLOSING, P.SCALE_UP, P.WIND_DOWN})
# The phases that end the project's life in the fund (no gate leads out of them).
FINAL: frozenset[Phase] = frozenset({P.SCALE_UP, P.WIND_DOWN})


def is_gate(to_phase: str) -> bool:
    return to_phase in GATE_FROM


def is_after_closing(phase: str) -> bool:
    return phase in AFTER_CLOSING


def is_application(phase: str) -> bool:
    """Still an application: nothing decided yet."""
    return phase == P.APPLICATION


# The stage of an application (``socinv.applications.models.Application.Stage``) whose
# full application is submitted: only then does the steering group decide on it.
SUBMITTED_STAGE = "submitted"


def is_ready_for_decision(application_stage: str | None) -> bool:
    """The decision (application → implementation) may be made: a project that came in
    through an application once its full application is submitted; a project without one
    (registered directly, ``None``) as it is."""
    return application_stage is None or application_stage == SUBMITTED_STAGE


def check_move(from_phase: str, to_phase: str) -> list[Problem]:
    """Whether a project in ``from_phase`` may move to ``to_phase``."""
    if to_phase not in Phase._value2member_map_:
        return [Problem("phase_unknown", "to_phase", {"phase": to_phase})]
    if (from_phase, to_phase) not in MOVES:
        return [Problem("phase_move_not_allowed", "to_phase", {"from": from_phase, "to": to_phase})]
    return []


def check_gate(from_phase: str, to_phase: str) -> list[Problem]:
    """Whether a gate into ``to_phase`` can be passed by a project in ``from_phase``."""
    if not is_gate(to_phase):
        return [Problem("gate_unknown", "gate", {"gate": to_phase})]
    if GATE_FROM[Phase(to_phase)] != from_phase:
        return [
            Problem(
                "gate_wrong_phase",
                "gate",
                {"gate": to_phase, "phase": from_phase, "needs": GATE_FROM[Phase(to_phase)]},
            )
        ]
    return []
