"""Demo data for phases: the gate passages of the projects that have left implementation.

The demo's projects are created directly in their phase; here the passages are recorded
for the history (:func:`.services.record_passage`), without moving any project."""

from __future__ import annotations

import datetime

from . import services

D = datetime.date


# The passages, in the order they are recorded (``from_phase`` → ``to_phase`` of a demo
# project; ``answers``: (answer, comment) for the gate's questions in their order).
PASSAGES = [
    dict(
        project="arbete",
        from_phase="implementation",
        to_phase="closing",
        date=D(2025, 12, 16),
        comment=(
            "Genomförandet avslutas enligt plan efter tre år. 96 unga vuxna har deltagit och "
            "58 har gått vidare till arbete eller studier."
        ),
        answers=[
            ("yes", "Slutredovisning av indikatorerna lämnad till styrgruppen 2025-12-01."),
            ("yes", "Följeforskningens slutrapport inkom i november."),
            ("yes", "Redovisade i bokslutsdialogen; återföring beslutad av socialnämnden."),
            ("yes", ""),
        ],
    ),
    dict(
        project="arbete",
        from_phase="closing",
        to_phase="scale_up",
        date=D(2026, 3, 4),
        comment=(
            "Metoden införs i ordinarie verksamhet inom arbetsmarknadsförvaltningen och "
            "finansieras i den ordinarie budgeten från 2026."
        ),
        answers=[
            ("yes", "Kommunstyrelsen har beslutat om finansiering i budget 2026."),
            ("yes", "Arbetsmarknadsenheten Centrum är ansvarig enhet."),
            ("partly", "Rutinen är antagen; riktlinjerna för ekonomiskt bistånd revideras i vår."),
            ("yes", "Indikatorerna följs upp årligen i tre år till."),
        ],
        decision_body="Kommunstyrelsen",
        decision_date=D(2026, 3, 2),
        decision_dnr="KS 2026/0097",
    ),
    dict(
        project="aterfall",
        from_phase="implementation",
        to_phase="closing",
        date=D(2026, 5, 29),
        comment=(
            "Projekttiden är slut. Återfallen minskade mindre än kalkylerat; styrgruppen "
            "väntar in slututvärderingen innan beslut om fortsättning."
        ),
        justification=(
            "Slutrapporten från följeforskningen är försenad till hösten; styrgruppen går "
            "vidare till avslut och tar ställning till implementering när den kommit in."
        ),
        answers=[
            ("yes", ""),
            ("no", "Följeforskningens slutrapport väntas i september."),
            ("partly", "Besparingarna för 2025 är redovisade, 2026 återstår."),
            ("yes", ""),
        ],
    ),
    dict(
        project="fritid",
        from_phase="implementation",
        to_phase="closing",
        date=D(2026, 8, 31),
        comment=(
            "Mentorsverksamheten har genomförts i två stadsdelar med 64 barn. Projektet "
            "avslutas under budget; resterande medel återförs till fonden."
        ),
        answers=[
            ("yes", ""),
            ("yes", "Lärande utvärdering av högskolan, rapport augusti 2026."),
            ("partly", "Minskat försörjningsstöd kan mätas först om två år."),
            ("partly", "Beslut om återföring av outnyttjade medel tas av kommunstyrelsen."),
        ],
    ),
    # a method that did not work: out of implementation early, then wound down.
    dict(
        project="digital",
        from_phase="implementation",
        to_phase="closing",
        date=D(2025, 10, 6),
        comment=(
            "Deltagandet i de digitala träffarna var lågt (under hälften av de inbjudna) och "
            "indikatorerna visar ingen skillnad mot jämförelsegruppen. Styrgruppen avslutar "
            "genomförandet i förtid."
        ),
        answers=[
            ("yes", "Indikatorerna redovisade för 2024 och första halvåret 2025."),
            ("partly", "Utvärderarens delrapport finns; ingen slutrapport beställs."),
            ("yes", "Inga besparingar har uppstått."),
            ("yes", ""),
        ],
    ),
    dict(
        project="digital",
        from_phase="closing",
        to_phase="wind_down",
        date=D(2025, 11, 24),
        comment=(
            "Metoden förs inte in i ordinarie verksamhet. Fordran skrivs ned och bärs av fonden "
            "enligt fondens regler."
        ),
        answers=[
            ("yes", "Familjerna har erbjudits föräldrastöd i grupp på familjecentralen."),
            ("yes", "Lärdomarna dokumenterade i slutredovisningen till styrgruppen."),
            ("yes", "Personal och föreningen Föräldranätverket informerade i oktober."),
            ("yes", "Nedskrivning 750 000 kr beslutad av kommunstyrelsen, bärs centralt."),
        ],
        decision_body="Kommunstyrelsen",
        decision_date=D(2025, 11, 19),
        decision_dnr="KS 2025/0598",
    ),
]


def load(demo) -> None:
    owner = demo.user("owner")  # the steering group passes the gates
    for passage in PASSAGES:
        services.record_passage(
            acting_user=owner, **{**passage, "project": demo.projects[passage["project"]]}
        )
