"""Load the demo: Exempelkommun, its boards and stakeholders, the social investment fund,
eight projects with calculations, a ledger 2023–2026 and a user for every role.

Everything goes through the same services the application uses (``create_board``,
``create_user``, ``set_calculation``, ``record_entry``), so the demo's ledger is sealed
and checked like any other. All names and figures are invented.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from socinv.accounts.models import Role
from socinv.accounts.services import create_user
from socinv.core.ledger import Decision
from socinv.fund.models import Fund, RiskBound
from socinv.fund.services import record_entry
from socinv.organisation.models import Board, Department, Organisation, Stakeholder
from socinv.organisation.services import create_board
from socinv.projects.models import Project, ProjectMember
from socinv.projects.services import set_calculation

from . import DEMO_PASSWORD, DEMO_USERS, calculations

D = datetime.date
KF = "Kommunfullmäktige"
KS = "Kommunstyrelsen"

BOARDS = [
    # code, board, department
    ("kommunstyrelsen", "Kommunstyrelsen", "Kommunledningsförvaltningen"),
    ("socialnamnd", "Socialnämnden", "Socialförvaltningen"),
    ("utbildningsnamnd", "Utbildningsnämnden", "Utbildningsförvaltningen"),
    ("arbetsmarknadsnamnd", "Arbetsmarknadsnämnden", "Arbetsmarknadsförvaltningen"),
    ("kulturfritidsnamnd", "Kultur- och fritidsnämnden", "Kultur- och fritidsförvaltningen"),
]

STAKEHOLDERS = [
    # key, name, kind, public
    ("region", "Region Exempellän", Stakeholder.Kind.REGION, True),
    ("forsakringskassan", "Försäkringskassan", Stakeholder.Kind.STATE_AGENCY, True),
    ("arbetsformedlingen", "Arbetsförmedlingen", Stakeholder.Kind.STATE_AGENCY, True),
    ("kriminalvarden", "Kriminalvården", Stakeholder.Kind.STATE_AGENCY, True),
    ("individ", "Individen", Stakeholder.Kind.INDIVIDUAL, False),
    ("arbetsgivare", "Arbetsgivare", Stakeholder.Kind.OTHER, False),
]

RISK_BOUNDS = {"low": (0.10, 0.40), "medium": (0.20, 0.50), "high": (0.20, 0.50)}


@dataclass(frozen=True)
class DemoProject:
    key: str
    title: str
    type: str
    route: str
    logic: str
    phase: str
    risk_class: str
    boards: tuple[str, ...]  # board codes; the first is the applicant unless a civil-society one
    target_group: str
    calculation: str
    applicant_organisation: str = ""


P = Project
PROJECTS = [
    DemoProject(
        "skolstod",
        "Skolstöd för familjehemsplacerade barn",
        P.Type.METHOD_TRIAL,
        P.Route.IMPLEMENTATION,
        P.Logic.PLAN_DRIVEN,
        P.Phase.IMPLEMENTATION,
        P.RiskClass.LOW,
        ("socialnamnd", "utbildningsnamnd"),
        "Barn i årskurs 1–9 som är placerade i familjehem (tre kohorter om 20 barn).",
        calculations.SKOLSTOD,
    ),
    DemoProject(
        "hemmasittare",
        "Tillbaka till skolan – problematisk skolfrånvaro i årskurs 6–9",
        P.Type.METHOD_DEVELOPMENT,
        P.Route.IMPLEMENTATION,
        P.Logic.PLAN_DRIVEN,
        P.Phase.IMPLEMENTATION,
        P.RiskClass.MEDIUM,
        ("utbildningsnamnd", "socialnamnd"),
        "Elever i årskurs 6–9 med långvarig problematisk skolfrånvaro, och deras vårdnadshavare.",
        calculations.HEMMASITTARE,
    ),
    DemoProject(
        "arbete",
        "Från försörjningsstöd till arbete – unga vuxna",
        P.Type.METHOD_TRIAL,
        P.Route.IMPLEMENTATION,
        P.Logic.PLAN_DRIVEN,
        P.Phase.SCALE_UP,
        P.RiskClass.LOW,
        ("arbetsmarknadsnamnd", "socialnamnd"),
        "Unga vuxna 18–29 år med försörjningsstöd och utan fullständig gymnasieutbildning.",
        calculations.ARBETE,
    ),
    DemoProject(
        "laxhjalp",
        "Läxhjälp och mentorer i föreningsregi",
        P.Type.SOCIAL_INNOVATION,
        P.Route.INNOVATION,
        P.Logic.EXPERIMENTAL,
        P.Phase.APPLICATION,
        P.RiskClass.HIGH,
        ("utbildningsnamnd",),
        "Elever i årskurs 7–9 i två skolområden med låg andel behöriga till gymnasiet.",
        calculations.LAXHJALP,
        applicant_organisation="Föreningen Läxhjälpen i Exempelkommun",
    ),
    DemoProject(
        "aterfall",
        "Unga vägen ut – stöd vid frigivning",
        P.Type.SOCIAL_INNOVATION,
        P.Route.INNOVATION,
        P.Logic.EXPERIMENTAL,
        P.Phase.CLOSING,
        P.RiskClass.HIGH,
        ("socialnamnd", "arbetsmarknadsnamnd"),
        "Unga vuxna 18–25 år som friges från anstalt till Exempelkommun.",
        calculations.ATERFALL,
    ),
    DemoProject(
        "fritid",
        "Aktiv fritid – mentorer för barn i ekonomiskt utsatta familjer",
        P.Type.METHOD_DEVELOPMENT,
        P.Route.INNOVATION,
        P.Logic.EXPERIMENTAL,
        P.Phase.CLOSING,
        P.RiskClass.MEDIUM,
        ("kulturfritidsnamnd", "socialnamnd"),
        "Barn 8–15 år i familjer med långvarigt försörjningsstöd.",
        calculations.FRITID,
    ),
    DemoProject(
        "forskola",
        "Föräldrastöd i förskolan (ICDP)",
        P.Type.METHOD_TRIAL,
        P.Route.IMPLEMENTATION,
        P.Logic.PLAN_DRIVEN,
        P.Phase.IMPLEMENTATION,
        P.RiskClass.LOW,
        ("utbildningsnamnd",),
        "Vårdnadshavare till barn 1–5 år i förskolorna i två kommundelar.",
        calculations.FORSKOLA,
    ),
    DemoProject(
        "rehab",
        "Samordnad rehabilitering – vägen tillbaka",
        P.Type.METHOD_DEVELOPMENT,
        P.Route.IMPLEMENTATION,
        P.Logic.EXPERIMENTAL,
        P.Phase.IMPLEMENTATION,
        P.RiskClass.HIGH,
        ("socialnamnd", "arbetsmarknadsnamnd"),
        "Vuxna med försörjningsstöd och psykisk ohälsa, i samverkan med Försäkringskassan "
        "och regionen.",
        calculations.REHAB,
    ),
    DemoProject(
        "digital",
        "Digitalt föräldrastöd för tonårsföräldrar",
        P.Type.METHOD_TRIAL,
        P.Route.IMPLEMENTATION,
        P.Logic.EXPERIMENTAL,
        P.Phase.WIND_DOWN,
        P.RiskClass.MEDIUM,
        ("socialnamnd",),
        "Vårdnadshavare till ungdomar 13–17 år där socialtjänsten fått en orosanmälan om "
        "skolfrånvaro eller normbrytande beteende.",
        calculations.DIGITAL,
    ),
]

# Who works on which project: username → [(project key, part)].
PROJECT_MEMBERS = {
    "projektledare": [("skolstod", "leader"), ("hemmasittare", "leader")],
    "utvarderare": [
        ("skolstod", "evaluator"),
        ("hemmasittare", "evaluator"),
        ("aterfall", "evaluator"),
    ],
    "extern": [("laxhjalp", "applicant")],
}


def load_demo(stdout) -> bool:
    """Load the demo into an empty database and write a summary to ``stdout``.

    Atomic: all or nothing. When the database already holds an organisation, nothing is
    changed: ``stdout`` is told so and ``False`` is returned (``True`` when loaded).
    """
    with transaction.atomic():
        existing = Organisation.objects.order_by("pk").first()
        if existing is not None:
            stdout.write(
                _(
                    "The database already holds an organisation (%(name)s): the demo is "
                    "loaded only into an empty database. Nothing was changed."
                )
                % {"name": existing.name}
                + "\n"
            )
            return False
        org = Organisation.objects.create(
            name="Exempelkommun", kind=Organisation.Kind.MUNICIPALITY, org_number="212000-0000"
        )
        boards = _boards(org)
        users = _users(org)
        fund = _fund(org)
        projects = _projects(fund, boards, users)
        count = _ledger(fund, projects, boards, users["ekonom"])
        _idea(fund, boards, users["projektledare"])
        _followup(fund, projects, boards, users)
    stdout.write(
        _(
            "Loaded the demo: %(org)s, %(boards)d boards, the fund %(fund)s, %(projects)d projects, %(entries)d ledger entries."
        )
        % {
            "org": org.name,
            "boards": len(boards),
            "fund": fund.name,
            "projects": len(projects),
            "entries": count,
        }
        + "\n"
    )
    stdout.write(
        _("Demo users (password %(password)s):") % {"password": DEMO_PASSWORD}
        + " "
        + ", ".join(f"{name} ({Role(role).label})" for name, (role, _f, _l) in DEMO_USERS.items())
        + "\n"
    )
    return True


def _followup(fund: Fund, projects: dict, boards: dict, users: dict) -> None:
    """The follow-up side: indicators and a year of measurements, gates passed, the learning
    evaluation, realised savings, ex-post calculations and multiplier effects. Each part
    loads its own (``<app>/demo.py``); the order matters: measurements first (the ex-post
    and the savings use them), the gates before what happens after closing."""
    from socinv.calculation import demo as calculation_demo
    from socinv.evaluation import demo as evaluation_demo
    from socinv.followup import demo as followup_demo
    from socinv.phases import demo as phases_demo
    from socinv.savings import demo as savings_demo
    from socinv.scaleup import demo as scaleup_demo

    for part in (
        followup_demo,
        phases_demo,
        evaluation_demo,
        savings_demo,
        calculation_demo,
        scaleup_demo,
    ):
        part.load(fund, projects, boards, users)


def _idea(fund: Fund, boards: dict[str, Board], leader) -> None:
    """An idea waiting for the steering group's go / no-go, so that the path from idea to
    decision can be shown from its first step."""
    from socinv.applications import services as applications

    idea = applications.create_idea(
        fund=fund,
        acting_user=leader,
        title="Familjecentral i Norra stadsdelen",
        need=(
            "Barnhälsovården och förskolan ser tidiga tecken på psykisk ohälsa hos "
            "föräldrar och barn; orosanmälningarna för barn 0–5 år har ökat med 30 % på tre år."
        ),
        target_group="Blivande föräldrar och familjer med barn 0–6 år i Norra stadsdelen.",
        intervention=(
            "En familjecentral där mödra- och barnhälsovård, öppen förskola och "
            "socialtjänstens förebyggande arbete finns under samma tak."
        ),
        expected_effects=(
            "Färre orosanmälningar och placeringar av små barn; fler föräldrar i "
            "föräldrastödsprogram; bättre skolstart."
        ),
        boards=[boards["socialnamnd"]],
    )
    applications.submit_idea(idea, acting_user=leader)


def _boards(org: Organisation) -> dict[str, Board]:
    boards = {}
    for code, name, department in BOARDS:
        board = create_board(organisation=org, name=name, code=code)
        Department.objects.create(board=board, name=department)
        boards[code] = board
    for key, name, kind, public in STAKEHOLDERS:
        s = Stakeholder(organisation=org, key=key, name=name, kind=kind, public=public)
        s.full_clean()
        s.save()
    return boards


def _users(org: Organisation) -> dict:
    users = {}
    for username, (role, first, last) in DEMO_USERS.items():
        user = create_user(
            username=username,
            password=DEMO_PASSWORD,
            role=role,
            organisation=org,
            email=f"{username}@exempelkommun.example",
        )
        user.first_name, user.last_name = first, last
        user.save(update_fields=["first_name", "last_name"])
        users[username] = user
    return users


def _fund(org: Organisation) -> Fund:
    fund = Fund(
        organisation=org,
        name="Sociala investeringsfonden",
        economic_model=Fund.Model.REPAYMENT,
        write_down_bearer=Fund.WriteDownBearer.CENTRAL,
        discount_rate=0.035,
        internal_rate=0.02,
        decision_body=KF,
        decision_date=D(2023, 2, 20),
        decision_dnr="KS 2023/0412",
        civil_society_may_apply=True,
        min_boards=1,
        risk_policy=Fund.RiskPolicy.STEERED,
    )
    fund.full_clean()
    fund.save()
    for risk_class, (low, high) in RISK_BOUNDS.items():
        RiskBound.objects.create(fund=fund, risk_class=risk_class, min_share=low, max_share=high)
    return fund


def _projects(fund: Fund, boards: dict[str, Board], users: dict) -> dict[str, Project]:
    projects = {}
    for p in PROJECTS:
        project = Project(
            fund=fund,
            title=p.title,
            type=p.type,
            route=p.route,
            logic=p.logic,
            phase=p.phase,
            risk_class=p.risk_class,
            target_group=p.target_group,
            applicant_board=None if p.applicant_organisation else boards[p.boards[0]],
            applicant_organisation=p.applicant_organisation,
        )
        project.full_clean()
        project.save()
        project.responsible_boards.add(*(boards[code] for code in p.boards))
        projects[p.key] = project
    for username, parts in PROJECT_MEMBERS.items():
        for key, role in parts:
            ProjectMember.objects.create(project=projects[key], user=users[username], role=role)
    # The calculations, by whoever would keep them: the project leader for their own
    # projects, the external applicant for the application, the economist for the rest.
    authors = {"skolstod": "projektledare", "hemmasittare": "projektledare", "laxhjalp": "extern"}
    for p in PROJECTS:
        set_calculation(
            acting_user=users[authors.get(p.key, "ekonom")],
            project=projects[p.key],
            toml_text=p.calculation,
        )
    return projects


def _ledger(fund: Fund, projects: dict[str, Project], boards: dict[str, Board], user) -> int:
    """The fund's history 2023–2026, booked in date order through ``record_entry``."""
    count = 0

    def book(type, date, kr, project=None, board=None, decision=None, **kw):
        nonlocal count
        count += 1
        return record_entry(
            acting_user=user,
            fund=fund,
            type=type,
            date=date,
            amount_ore=kr * 100,
            project=None if project is None else projects[project],
            board=None if board is None else boards[board],
            decision=decision,
            **kw,
        )

    def kf(date, dnr):
        return Decision(KF, date, dnr)

    def ks(date, dnr):
        return Decision(KS, date, dnr)

    def board_decision(code, date, dnr):
        return Decision(boards[code].name, date, dnr)

    sn, un, kfn = "socialnamnd", "utbildningsnamnd", "kulturfritidsnamnd"

    # 2023: the fund is set up and the first projects are granted
    book(
        "contribution",
        D(2023, 2, 20),
        20_000_000,
        decision=kf(D(2023, 2, 20), "KS 2023/0412"),
        note="Avsättning när fonden inrättades.",
    )
    book(
        "commitment",
        D(2023, 4, 17),
        6_500_000,
        "arbete",
        decision=ks(D(2023, 4, 12), "KS 2023/0533"),
    )
    book("disbursement", D(2023, 5, 2), 2_200_000, "arbete", sn, note="Första årets medel.")
    book(
        "commitment",
        D(2023, 10, 2),
        4_000_000,
        "aterfall",
        decision=ks(D(2023, 9, 27), "KS 2023/0702"),
    )
    book(
        "commitment",
        D(2023, 11, 20),
        2_500_000,
        "skolstod",
        decision=ks(D(2023, 11, 15), "KS 2023/0871"),
    )
    # 2024
    book("disbursement", D(2024, 1, 10), 800_000, "skolstod", sn)
    book("disbursement", D(2024, 1, 15), 2_200_000, "arbete", sn)
    book("disbursement", D(2024, 2, 1), 1_500_000, "aterfall", sn)
    book(
        "commitment",
        D(2024, 3, 18),
        900_000,
        "digital",
        decision=ks(D(2024, 3, 13), "KS 2024/0133"),
    )
    book("disbursement", D(2024, 4, 2), 450_000, "digital", sn)
    book(
        "contribution",
        D(2024, 6, 17),
        10_000_000,
        decision=kf(D(2024, 6, 17), "KS 2024/0231"),
        note="Avsättning ur 2023 års överskott.",
    )
    book(
        "commitment",
        D(2024, 8, 19),
        4_500_000,
        "fritid",
        decision=ks(D(2024, 8, 14), "KS 2024/0402"),
    )
    book("disbursement", D(2024, 9, 2), 1_900_000, "fritid", kfn)
    book(
        "repayment",
        D(2024, 12, 16),
        800_000,
        "arbete",
        sn,
        decision=board_decision(sn, D(2024, 12, 11), "SN 2024/0311"),
        note="Minskade kostnader för försörjningsstöd 2024.",
    )
    # 2025
    book("disbursement", D(2025, 1, 10), 850_000, "skolstod", sn)
    book("disbursement", D(2025, 1, 15), 2_100_000, "arbete", sn, note="Sista delen.")
    book("disbursement", D(2025, 2, 3), 1_500_000, "aterfall", sn)
    book("disbursement", D(2025, 2, 10), 300_000, "digital", sn, note="Andra årets medel.")
    book(
        "commitment",
        D(2025, 2, 17),
        1_800_000,
        "forskola",
        decision=ks(D(2025, 2, 12), "KS 2025/0087"),
    )
    wrong = book("disbursement", D(2025, 3, 10), 540_000, "forskola", un)
    book(
        "reversal",
        D(2025, 3, 12),
        540_000,
        "forskola",
        un,
        reverses=wrong,
        note="Fel belopp: 540 000 kr bokades i stället för 450 000 kr.",
    )
    book("disbursement", D(2025, 3, 12), 450_000, "forskola", un, note="Rättad utbetalning.")
    book(
        "commitment",
        D(2025, 5, 19),
        3_200_000,
        "hemmasittare",
        decision=ks(D(2025, 5, 14), "KS 2025/0266"),
    )
    book(
        "contribution",
        D(2025, 6, 16),
        10_000_000,
        decision=kf(D(2025, 6, 16), "KS 2025/0198"),
        note="Avsättning ur 2024 års överskott.",
    )
    book("disbursement", D(2025, 8, 18), 800_000, "hemmasittare", un)
    book("disbursement", D(2025, 9, 1), 2_000_000, "fritid", kfn)
    book(
        "release",
        D(2025, 11, 24),
        150_000,
        "digital",
        decision=ks(D(2025, 11, 19), "KS 2025/0598"),
        note="Projektet avvecklas; outnyttjade medel går tillbaka till fonden.",
    )
    book(
        "write_down",
        D(2025, 11, 24),
        750_000,
        "digital",
        sn,
        decision=ks(D(2025, 11, 19), "KS 2025/0598"),
        bearer="central",
        note="Metoden gav ingen mätbar effekt och avvecklas; ingen besparing att återföra.",
    )
    book(
        "repayment",
        D(2025, 12, 12),
        300_000,
        "skolstod",
        sn,
        decision=board_decision(sn, D(2025, 12, 10), "SN 2025/0420"),
    )
    book(
        "repayment",
        D(2025, 12, 15),
        1_500_000,
        "arbete",
        sn,
        decision=board_decision(sn, D(2025, 12, 10), "SN 2025/0421"),
    )
    # 2026
    book("disbursement", D(2026, 1, 12), 850_000, "skolstod", sn)
    book("disbursement", D(2026, 1, 19), 800_000, "hemmasittare", un)
    book("disbursement", D(2026, 2, 2), 1_000_000, "aterfall", sn)
    book("disbursement", D(2026, 3, 9), 450_000, "forskola", un)
    book(
        "commitment",
        D(2026, 3, 16),
        5_500_000,
        "rehab",
        decision=ks(D(2026, 3, 11), "KS 2026/0132"),
    )
    book("disbursement", D(2026, 4, 1), 1_800_000, "rehab", sn)
    book(
        "repayment",
        D(2026, 6, 15),
        800_000,
        "aterfall",
        sn,
        decision=board_decision(sn, D(2026, 6, 10), "SN 2026/0207"),
    )
    book("disbursement", D(2026, 8, 17), 800_000, "hemmasittare", un)
    book(
        "release",
        D(2026, 9, 14),
        600_000,
        "fritid",
        decision=ks(D(2026, 9, 9), "KS 2026/0489"),
        note="Projektet avslutades under budget; det som inte använts går tillbaka till fonden.",
    )
    book(
        "repayment",
        D(2026, 10, 15),
        1_700_000,
        "arbete",
        sn,
        decision=board_decision(sn, D(2026, 10, 14), "SN 2026/0388"),
    )
    book(
        "repayment",
        D(2026, 10, 15),
        640_000,
        "hemmasittare",
        un,
        decision=board_decision(un, D(2026, 10, 13), "UN 2026/0301"),
        note="Första året enligt återbetalningsplanen (fem år).",
    )
    book(
        "repayment",
        D(2026, 10, 20),
        600_000,
        "skolstod",
        sn,
        decision=board_decision(sn, D(2026, 10, 14), "SN 2026/0389"),
    )
    book(
        "write_down",
        D(2026, 10, 21),
        1_200_000,
        "aterfall",
        sn,
        decision=ks(D(2026, 10, 21), "KS 2026/0544"),
        bearer="central",
        note="Slututvärderingen visar lägre effekt än kalkylerat; fonden bär nedskrivningen.",
    )
    book(
        "repayment",
        D(2026, 10, 30),
        400_000,
        "fritid",
        kfn,
        decision=board_decision(kfn, D(2026, 10, 28), "KFN 2026/0112"),
    )
    return count
