"""Demo data for multiplier effects: what "Från försörjningsstöd till arbete – unga
vuxna" (in scale-up) brought into ordinary operations. The steering group registers it."""

from __future__ import annotations

import datetime

from socinv.organisation.models import Department

from . import services

D = datetime.date
PROJECT = "arbete"

# the board's first department is the unit's
ADOPTIONS = [
    {
        "unit": "Arbetsmarknadsenheten Centrum",
        "board": "arbetsmarknadsnamnd",
        "date": D(2026, 3, 16),
        "comment": "Ansvarig enhet för metoden; två arbetsmarknadskonsulenter anställda i ordinarie budget.",
    },
    {
        "unit": "Jobbtorg Norr",
        "board": "arbetsmarknadsnamnd",
        "date": D(2026, 4, 1),
        "comment": "Har infört den samordnade handläggningen med försörjningsstödet i Norra stadsdelen.",
    },
    {
        "unit": "Försörjningsstödsenheten, vuxen",
        "board": "socialnamnd",
        "date": D(2026, 4, 1),
        "comment": "Socialsekreterarna hänvisar alla unga vuxna 18–29 år till gemensam kartläggning.",
    },
]
EFFECTS = [
    {
        "kind": "multiplied",
        "date": D(2026, 6, 30),
        "description": (
            "Metoden erbjuds nu alla unga vuxna med försörjningsstöd i hela kommunen, inte "
            "bara i de två projektområdena."
        ),
        "people_per_year": 120,
    },
    {
        "kind": "enlarged",
        "date": D(2026, 6, 30),
        "description": "Från två projektenheter till alla fem arbetsmarknadsenheter.",
        "before_value": 2,
        "after_value": 5,
        "unit": "enheter",
    },
    {
        "kind": "refined",
        "date": D(2026, 9, 15),
        "description": (
            "Kartläggningen görs nu gemensamt av socialsekreterare och arbetsmarknadskonsulent "
            "vid första besöket, och stegförflyttningar mäts med samma skala i båda "
            "förvaltningarna; en digital uppföljning ersatte pappersblanketterna."
        ),
    },
]
DOCUMENTS = [
    {
        "kind": "routine",
        "title": "Rutin för samordnad handläggning av unga vuxna med försörjningsstöd",
        "reference": "AMN 2026/0041",
        "date": D(2026, 3, 23),
    },
    {
        "kind": "process",
        "title": "Process för gemensam kartläggning vid inskrivning på Jobbtorg",
        "reference": "AMN 2026/0058",
        "date": D(2026, 4, 20),
    },
    {
        "kind": "policy",
        "title": "Riktlinjer för ekonomiskt bistånd, reviderade avsnitt om unga vuxna",
        "reference": "SN 2026/0162",
        "date": D(2026, 5, 27),
    },
]


def load(demo) -> None:
    owner = demo.user("owner")
    project = demo.projects[PROJECT]
    for adoption in ADOPTIONS:
        board = demo.boards[adoption["board"]]
        department = Department.objects.filter(board=board).order_by("pk").first()
        adoption = {**adoption, "board": board, "department": department}
        services.register_adoption(acting_user=owner, project=project, **adoption)
    for effect in EFFECTS:
        services.register_effect(acting_user=owner, project=project, **effect)
    for document in DOCUMENTS:
        services.register_document(acting_user=owner, project=project, **document)
