"""Demo data: the realised savings of "Från försörjningsstöd till arbete – unga vuxna".

The social board's savings (lower försörjningsstöd) match the repayments already in the
demo ledger for 2024 and 2025 and are linked to them; in 2026 the board repaid 1 700 000 kr
in October on the first three quarters, and the full year's saving (2 150 000 kr) leaves
450 000 kr proposed. The labour-market board's savings (fewer in municipal labour-market
programmes) are reported; the board received no money from the fund for the project, so
nothing is proposed. Nothing is booked here: the ledger stays exactly as the demo has it.

Every other repayment of the demo ledger made as a share of the savings is backed the same
way (:data:`BACKING`, :func:`load_backing`): the board's realised saving for the year, of
which the decision's share is the repayment, confirmed for that year.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from socinv.applications.models import Indicator
from socinv.audit import attributed_to
from socinv.followup.models import Measurement
from socinv.fund.models import LedgerEntry

from .models import RealisedSaving, RepaymentConfirmation
from .selectors import terms_for
from .services import support_text

SN, AM, KFN = "socialnamnd", "arbetsmarknadsnamnd", "kulturfritidsnamnd"

# (board, year, kronor, basis, the dnr of the repayment it backs or "")
SAVINGS = [
    (
        SN,
        2024,
        800_000,
        "Utbetalt försörjningsstöd till målgruppen (unga vuxna 18–29 år utan fullständig "
        "gymnasieutbildning) minskade med 800 000 kr mot 2022 års nivå, räknat per hushåll "
        "och justerat för befolkningsförändringen. Underlag: verksamhetssystemets "
        "månadsstatistik, avstämd mot bokslutet.",
        "SN 2024/0311",
    ),
    (
        SN,
        2025,
        1_500_000,
        "Försörjningsstödet till målgruppen minskade med 1 500 000 kr mot 2022 års nivå; "
        "112 av 180 deltagare hade egen försörjning genom arbete eller studier efter ett år. "
        "Jämförelsegruppen (unga vuxna i grannkommunerna, Kolada) minskade med 4 %, vilket "
        "är avräknat. Underlag: verksamhetssystemet och bokslutet 2025.",
        "SN 2025/0421",
    ),
    (
        SN,
        2026,
        2_150_000,
        "Helårsutfall 2026: försörjningsstödet till målgruppen minskade med 2 150 000 kr mot "
        "2022 års nivå, avräknat jämförelsegruppens utveckling. Återföringen i oktober "
        "(1 700 000 kr) byggde på de tre första kvartalen.",
        "SN 2026/0388",
    ),
    (
        AM,
        2025,
        420_000,
        "Färre deltagare i kommunens arbetsmarknadsinsatser (jobbtorget) från målgruppen: "
        "i genomsnitt 14 färre platser per månad. Underlag: jobbtorgets deltagarstatistik "
        "och kostnad per plats.",
        "",
    ),
    (
        AM,
        2026,
        610_000,
        "Jobbtorget: i genomsnitt 20 färre platser per månad för målgruppen under 2026. "
        "Underlag: deltagarstatistik januari–oktober, uppräknad till helår.",
        "",
    ),
]


# when the economist recorded each saving (before the repayment it backs was booked)
RECORDED = {
    (SN, 2024): (2024, 12, 5),
    (SN, 2025): (2025, 12, 5),
    (SN, 2026): (2026, 11, 16),
    (AM, 2025): (2026, 1, 20),
    (AM, 2026): (2026, 11, 16),
}


# The savings behind the other repayments made as a share of the savings (the share is the
# decision's, socinv.review.demo.DECISIONS): (project, board, year, kronor, basis, the dnr
# of the repayment it backs, when the economist recorded it).
BACKING = [
    (
        "skolstod",
        SN,
        2025,
        600_000,
        "Två sammanbrott i familjehemsplaceringar färre än året före projektet, och fem "
        "färre elever med särskilt stöd i form av enskild undervisning; värderat med "
        "socialförvaltningens kostnad per placering. Hälften återförs enligt beslutet.",
        "SN 2025/0420",
        (2025, 12, 3),
    ),
    (
        "skolstod",
        SN,
        2026,
        1_200_000,
        "Fyra sammanbrott färre och två färre externa skolplaceringar än före projektet; "
        "värderat med förvaltningens kostnader 2026. Hälften återförs enligt beslutet.",
        "SN 2026/0389",
        (2026, 10, 7),
    ),
    (
        "aterfall",
        SN,
        2025,
        800_000,
        "Färre unga i målgruppen med försörjningsstöd och färre placeringar i stödboende "
        "efter frigivningen än i jämförelsegruppen; underlag: verksamhetssystemet 2025.",
        "SN 2026/0207",
        (2026, 6, 3),
    ),
    (
        "fritid",
        KFN,
        2026,
        400_000,
        "Lägre kostnad för kommunens lovverksamhet: föreningarna tog över aktiviteterna "
        "för barnen i projektet. Underlag: förvaltningens bokslut januari–oktober.",
        "KFN 2026/0112",
        (2026, 10, 21),
    ),
]


def load(demo) -> None:
    _arbete(demo)
    load_backing(demo)


def load_backing(demo) -> None:
    """The savings of :data:`BACKING`, each confirmed for its year by the repayment it
    backs (the economist, as for the other savings)."""
    economist = demo.user("economist")
    with attributed_to(economist):
        for key, code, year, kr, basis, dnr, recorded in BACKING:
            project, board = demo.projects[key], demo.boards[code]
            RealisedSaving.objects.create(
                project=project,
                board=board,
                year=year,
                amount_ore=kr * 100,
                basis=basis,
                recorded_by=economist,
                recorded_at=timezone.make_aware(datetime.datetime(*recorded, 10)),
            )
            share = terms_for(project)[0].share  # the decision's share of the saving
            _confirm(demo, project, board, year, round(kr * 100 * share), dnr)


def _confirm(demo, project, board, year: int, proposed_ore: int, dnr: str) -> None:
    economist = demo.user("economist")
    entry = LedgerEntry.objects.get(
        fund=demo.fund,
        project=project,
        board=board,
        type=LedgerEntry.Type.REPAYMENT,
        decision_dnr=dnr,
        reversed_by__isnull=True,
    )
    RepaymentConfirmation.objects.create(
        project=project,
        board=board,
        year=year,
        proposed_ore=min(entry.amount_ore, proposed_ore),
        entry=entry,
        confirmed_by=economist,
        confirmed_at=entry.recorded_at,
    )


def _arbete(demo) -> None:
    project = demo.projects["arbete"]
    economist = demo.user("economist")  # records the savings and confirms the repayments
    indicators = [
        i
        for i in Indicator.objects.filter(project=project)
        if "försörjningsstöd" in i.name.lower() or "egen försörjning" in i.name.lower()
    ]
    with attributed_to(economist):
        for code, year, kr, basis, dnr in SAVINGS:
            board = demo.boards[code]
            saving = RealisedSaving.objects.create(
                project=project,
                board=board,
                year=year,
                amount_ore=kr * 100,
                basis=basis,
                recorded_by=economist,
                recorded_at=timezone.make_aware(datetime.datetime(*RECORDED[(code, year)], 10)),
            )
            if code == SN:
                measurements = list(
                    Measurement.objects.filter(
                        indicator__in=indicators, period__startswith=str(year)
                    ).select_related("indicator")
                )
                saving.indicators.set(indicators)
                saving.measurements.set(measurements)
                saving.support = support_text(indicators, measurements)
                saving.save(update_fields=["support"])
            if not dnr:
                continue
            _confirm(demo, project, board, year, kr * 100, dnr)
