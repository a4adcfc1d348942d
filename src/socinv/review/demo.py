"""Demo data for review and decisions: every funded project of the demo has the steering
group's review and the decision that granted it, with its amounts per year and its
repayment terms, recorded through :func:`.services.save_review` and
:func:`.services.decide` where the demo's ledger (:data:`socinv.fund.demo.LEDGER`) has the
project's commitment (this app's ``demo_decisions`` hook, called by
:func:`socinv.fund.demo.load`). The decision books the commitments (one per year, dated the
decision date), so the decision page, the memo, the follow-up report, the savings and the
ledger all read the same record. All names and figures are invented.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from socinv.audit import attributed_to
from socinv.projects.models import Project

from . import services
from .models import Decision, Review

D = datetime.date


@dataclass(frozen=True)
class DemoDecision:
    years: dict[int, int]  # year → kronor granted; the sum is the ledger row's commitment
    method: str  # "share_of_savings" or "depreciation"
    start_year: int
    share: float | None = None
    period: int | None = None
    conditions: str = ""
    # the steering group's review, a week before the decision
    rationale: str = ""
    comment: str = ""
    recommendation: str = Review.Recommendation.APPROVE


SHARE, DEPRECIATION = "share_of_savings", "depreciation"

# project key → its decision (the body, date and dnr are the ledger row's: fund.demo.LEDGER)
DECISIONS = {
    "arbete": DemoDecision(
        {2023: 2_200_000, 2024: 2_200_000, 2025: 2_100_000},
        SHARE,
        2024,
        share=1.0,
        rationale=(
            "Metoden (IPS-inspirerat stöd till arbete) är prövad i flera kommuner med god "
            "effekt; målgruppen och kostnaderna är väl kända."
        ),
    ),
    "aterfall": DemoDecision(
        {2024: 1_500_000, 2025: 1_500_000, 2026: 1_000_000},
        SHARE,
        2025,
        share=1.0,
        conditions="Följeforskning knyts till projektet; delrapport till styrgruppen varje år.",
        rationale=(
            "Ny arbetsform utan svensk utvärdering; effekten på återfall är osäker och beror "
            "på samverkan med Kriminalvården."
        ),
        recommendation=Review.Recommendation.APPROVE_WITH_CONDITIONS,
    ),
    "skolstod": DemoDecision(
        {2024: 800_000, 2025: 850_000, 2026: 850_000},
        SHARE,
        2025,
        share=0.5,
        rationale=(
            "Skolstödet följer en utvärderad modell (Skolfam); risken gäller främst hur "
            "många barn som hinner delta."
        ),
    ),
    "digital": DemoDecision(
        {2024: 450_000, 2025: 450_000},
        SHARE,
        2026,
        share=1.0,
        rationale=(
            "Digitala föräldraträffar är nya för förvaltningen; deltagandet är den största "
            "osäkerheten."
        ),
    ),
    "fritid": DemoDecision(
        {2024: 2_250_000, 2025: 2_250_000},
        SHARE,
        2026,
        share=1.0,
        rationale=(
            "Mentorskap på fritiden har stöd i forskningen men inte för just denna "
            "målgrupp; effekten på försörjningsstödet märks först efter flera år."
        ),
    ),
    "forskola": DemoDecision(
        {2025: 900_000, 2026: 900_000},
        SHARE,
        2027,
        share=1.0,
        rationale="ICDP är väl beprövat i förskolan; låg risk och låg kostnad per familj.",
    ),
    "hemmasittare": DemoDecision(
        {2025: 800_000, 2026: 1_600_000, 2027: 800_000},
        DEPRECIATION,
        2026,
        period=5,
        conditions="Utbildningsnämnden och socialnämnden redovisar gemensamt varje termin.",
        rationale=(
            "Metoden utvecklas i projektet; två nämnder delar ansvaret och effekten på "
            "skolfrånvaron är osäker."
        ),
        recommendation=Review.Recommendation.APPROVE_WITH_CONDITIONS,
    ),
    "rehab": DemoDecision(
        {2026: 1_800_000, 2027: 1_850_000, 2028: 1_850_000},
        SHARE,
        2028,
        share=0.5,
        rationale=(
            "Samordnad rehabilitering med Försäkringskassan och regionen: hög risk, eftersom "
            "effekten beror på tre huvudmän och målgruppen har långa sjukperioder."
        ),
    ),
}

BODY = {"kommunstyrelsen": Decision.Body.EXECUTIVE_BOARD}

# The application waiting for a decision: the steering group has reviewed it.
PREPARED = {
    "laxhjalp": dict(
        risk_rationale=(
            "Social innovation i föreningsregi utan tidigare utvärdering; effekten på "
            "gymnasiebehörigheten är osäker och mäts först efter två läsår."
        ),
        recommendation=Review.Recommendation.APPROVE_WITH_CONDITIONS,
        amount_ore=1_400_000_00,
        comment="Villkor: en jämförelseskola utses innan starten och mäts på samma sätt.",
        reviewed=D(2026, 11, 9),
    ),
}


def load(demo) -> None:
    """The review of the application waiting for a decision (:data:`PREPARED`); the
    decided projects' reviews and decisions are recorded with the ledger
    (:func:`decide_project`)."""
    owner = demo.user("owner")
    questions = services.ensure_default_checklist(demo.fund, acting_user=owner)
    for key, given in PREPARED.items():
        given = dict(given)
        reviewed = given.pop("reviewed")
        project = demo.projects[key]
        review = services.save_review(
            acting_user=owner,
            project=project,
            risk_class=project.risk_class,
            answers={q.pk: ("yes", "") for q in questions},
            **given,
        )
        _recorded_on(Review, review.pk, "reviewed_at", reviewed)


def decide_project(demo, booking) -> Decision:
    """The steering group's review and the decision on the project of ``booking`` (a
    commitment row of the demo ledger), by the owner. The project goes back to its demo
    phase afterwards (the decision moves it to implementation; the gates' passages that
    followed are in :mod:`socinv.phases.demo`)."""
    owner = demo.user("owner")
    project = demo.projects[booking.project]
    d = DECISIONS[booking.project]
    who, date, dnr = booking.decision
    assert sum(d.years.values()) == booking.kronor, booking.project  # one truth
    phase = project.phase
    # the demo creates its projects in their phase; the decision is made while it applies
    Project.objects.filter(pk=project.pk).update(phase=Project.Phase.APPLICATION)
    project.phase = Project.Phase.APPLICATION
    _review(demo, project, d, date)
    decision = services.decide(
        acting_user=owner,
        project=project,
        body=BODY[who],
        date=date,
        dnr=dnr,
        outcome=Decision.Outcome.APPROVED,
        years={year: kr * 100 for year, kr in d.years.items()},
        conditions=d.conditions,
        repayment_method=d.method,
        repayment_share=d.share,
        repayment_period_years=d.period,
        repayment_start_year=d.start_year,
        write_down_bearer=demo.fund.write_down_bearer,
    )
    _recorded_on(Decision, decision.pk, "decided_at", date)
    if phase != project.phase:
        with attributed_to(owner):
            project.phase = phase
            project.save(update_fields=["phase"])
    return decision


def _review(demo, project, d: DemoDecision, decided: datetime.date) -> Review:
    owner = demo.user("owner")
    questions = services.ensure_default_checklist(demo.fund, acting_user=owner)
    review = services.save_review(
        acting_user=owner,
        project=project,
        risk_class=project.risk_class,
        risk_rationale=d.rationale,
        recommendation=d.recommendation,
        answers={q.pk: ("yes", "") for q in questions},
        comment=d.comment,
    )
    _recorded_on(Review, review.pk, "reviewed_at", decided - datetime.timedelta(days=7))
    return review


def _recorded_on(model, pk: int, field: str, day: datetime.date) -> None:
    """Date a record made today on the day the demo has it (10:00, local time)."""
    when = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    model.objects.filter(pk=pk).update(**{field: when})
