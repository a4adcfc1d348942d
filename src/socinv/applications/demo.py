"""Demo data for applications: an idea waiting for the steering group's go / no-go, so that
the path from idea to decision can be shown from its first step. The project leader writes
and submits it (and so becomes the idea's project leader)."""

from __future__ import annotations

from . import services

IDEA = {
    "title": "Familjecentral i Norra stadsdelen",
    "need": (
        "Barnhälsovården och förskolan ser tidiga tecken på psykisk ohälsa hos "
        "föräldrar och barn; orosanmälningarna för barn 0–5 år har ökat med 30 % på tre år."
    ),
    "target_group": "Blivande föräldrar och familjer med barn 0–6 år i Norra stadsdelen.",
    "intervention": (
        "En familjecentral där mödra- och barnhälsovård, öppen förskola och "
        "socialtjänstens förebyggande arbete finns under samma tak."
    ),
    "expected_effects": (
        "Färre orosanmälningar och placeringar av små barn; fler föräldrar i "
        "föräldrastödsprogram; bättre skolstart."
    ),
    # three years of a family centre: staff, premises and the evaluation
    "estimated_cost_ore": 4_800_000_00,  # 4 800 000 kr
}
BOARDS = ["socialnamnd"]


def load(demo) -> None:
    leader = demo.user("project_leader")
    idea = services.create_idea(
        fund=demo.fund,
        acting_user=leader,
        boards=[demo.boards[code] for code in BOARDS],
        **IDEA,
    )
    services.submit_idea(idea, acting_user=leader)
