"""Demo data for multiplier effects: what "Från försörjningsstöd till arbete – unga
vuxna" (in scale-up) brought into ordinary operations."""

from __future__ import annotations

import datetime

from socinv.organisation.models import Department

from . import services

D = datetime.date


def load(fund, projects, boards, users) -> None:
    owner = users["agare"]
    project = projects["arbete"]
    amn = boards["arbetsmarknadsnamnd"]
    sn = boards["socialnamnd"]
    amf = Department.objects.filter(board=amn).order_by("pk").first()
    sof = Department.objects.filter(board=sn).order_by("pk").first()
    for unit, board, department, date, comment in [
        (
            "Arbetsmarknadsenheten Centrum",
            amn,
            amf,
            D(2026, 3, 16),
            "Ansvarig enhet för metoden; två arbetsmarknadskonsulenter anställda i ordinarie budget.",
        ),
        (
            "Jobbtorg Norr",
            amn,
            amf,
            D(2026, 4, 1),
            "Har infört den samordnade handläggningen med försörjningsstödet i Norra stadsdelen.",
        ),
        (
            "Försörjningsstödsenheten, vuxen",
            sn,
            sof,
            D(2026, 4, 1),
            "Socialsekreterarna hänvisar alla unga vuxna 18–29 år till gemensam kartläggning.",
        ),
    ]:
        services.register_adoption(
            acting_user=owner,
            project=project,
            unit=unit,
            board=board,
            department=department,
            date=date,
            comment=comment,
        )
    services.register_effect(
        acting_user=owner,
        project=project,
        kind="multiplied",
        date=D(2026, 6, 30),
        description=(
            "Metoden erbjuds nu alla unga vuxna med försörjningsstöd i hela kommunen, inte "
            "bara i de två projektområdena."
        ),
        people_per_year=120,
    )
    services.register_effect(
        acting_user=owner,
        project=project,
        kind="enlarged",
        date=D(2026, 6, 30),
        description="Från två projektenheter till alla fem arbetsmarknadsenheter.",
        before_value=2,
        after_value=5,
        unit="enheter",
    )
    services.register_effect(
        acting_user=owner,
        project=project,
        kind="refined",
        date=D(2026, 9, 15),
        description=(
            "Kartläggningen görs nu gemensamt av socialsekreterare och arbetsmarknadskonsulent "
            "vid första besöket, och stegförflyttningar mäts med samma skala i båda "
            "förvaltningarna; en digital uppföljning ersatte pappersblanketterna."
        ),
    )
    for kind, title, reference, date in [
        (
            "routine",
            "Rutin för samordnad handläggning av unga vuxna med försörjningsstöd",
            "AMN 2026/0041",
            D(2026, 3, 23),
        ),
        (
            "process",
            "Process för gemensam kartläggning vid inskrivning på Jobbtorg",
            "AMN 2026/0058",
            D(2026, 4, 20),
        ),
        (
            "policy",
            "Riktlinjer för ekonomiskt bistånd, reviderade avsnitt om unga vuxna",
            "SN 2026/0162",
            D(2026, 5, 27),
        ),
    ]:
        services.register_document(
            acting_user=owner,
            project=project,
            kind=kind,
            title=title,
            reference=reference,
            date=date,
        )
