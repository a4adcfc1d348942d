"""More paying projects on the demo, for the query-count tests of the overview and the
frames: each a copy of the demo's "Från försörjningsstöd till arbete – unga vuxna" (its
calculation, responsible boards, approved decision with its years and its latest stored
simulation), with money committed and paid out to its first responsible board, realised
savings for two years, and the first year's repayment confirmed through the savings
service. So every kind of row the pages read per project (decisions and years, savings,
confirmations, repayments, stored runs and calculations) grows with them."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from tests.ledger_helpers import record_attested

from socinv.core.ledger import Decision as LedgerDecision
from socinv.projects.models import Project, StoredCatalogue, StoredSimulation
from socinv.review.models import Decision
from socinv.savings import selectors as plans
from socinv.savings import services as savings

TEMPLATE_CODE = "SI2303"  # the demo's "arbete"
KS = LedgerDecision("Kommunstyrelsen", datetime.date(2025, 2, 3), "KS 2025/0901")
BASIS = "Lägre utbetalt försörjningsstöd till målgruppen enligt verksamhetssystemet."


def add_paying_projects(fund, n: int) -> list[Project]:
    economist = get_user_model().objects.get(username="ekonom")
    template = Project.objects.get(fund=fund, code=TEMPLATE_CODE)
    boards = list(template.responsible_boards.order_by("name"))
    decision = Decision.objects.get(project=template, outcome=Decision.Outcome.APPROVED)
    years = list(decision.years.all())
    run = StoredSimulation.objects.filter(project=template).order_by("-id").first()
    part = StoredCatalogue.objects.filter(simulation=run).first() if run else None
    added = []
    for i in range(n):
        project = Project.objects.get(pk=template.pk)
        project.pk = project.id = None
        project.code = f"SX{90 + i}"
        project.title = f"{template.title} (kopia {i + 1})"
        project.save()
        project.responsible_boards.set(boards)
        copy = Decision.objects.get(pk=decision.pk)
        copy.pk = copy.id = None
        copy.project = project
        copy.save()
        for y in years:
            y.pk = y.id = None
            y.decision = copy
            y.save()
        if run is not None:
            stored = StoredSimulation.objects.get(pk=run.pk)
            stored.pk = stored.id = None
            stored.project = project
            stored.save()
            if part is not None:
                part.pk = part.id = None
                part.simulation = stored
                part.save()
        board = boards[0]
        for type_, day, amount in (
            ("commitment", datetime.date(2025, 2, 10), 40_000_000),
            ("disbursement", datetime.date(2025, 3, 1), 20_000_000),
        ):
            record_attested(
                acting_user=economist,
                fund=fund,
                type=type_,
                date=day,
                amount_ore=amount,
                project=project,
                board=board if type_ == "disbursement" else None,
                decision=KS,
            )
        for year, amount in ((2025, 3_000_000), (2026, 4_000_000)):
            savings.record_saving(
                acting_user=economist,
                project=project,
                board=board,
                year=year,
                amount_ore=amount,
                basis=BASIS,
            )
        row = plans.project_savings(project).board(board).row(2025)
        savings.confirm_repayment(
            acting_user=economist,
            project=project,
            board=board,
            year=2025,
            amount_ore=row.proposal.proposal_ore,
            decision=KS,
            date=datetime.date(2026, 2, 1),
        )
        added.append(project)
    return added
