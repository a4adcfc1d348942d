"""Load the demo: Exempelkommun, its boards and stakeholders, a user for every role, the
social investment fund and nine projects with their calculations (this module), then what
every app adds (its ``demo_loaders``, see :mod:`socinv.web.hooks`): the ledger 2023–2026,
an idea, measurements, gates, the learning evaluation, savings, ex-post calculations and
multiplier effects.

Everything goes through the same services the application uses (``create_board``,
``create_user``, ``set_calculation``, ``record_entry``, …), acting as the demo user who
holds the role, so the demo's ledger is sealed and checked like any other. All names and
figures are invented.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import partial

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from socinv.accounts.models import Role
from socinv.accounts.services import create_user, create_user_at_setup
from socinv.fund.models import Fund, RiskBound
from socinv.organisation.models import Board, Department, Organisation, Stakeholder
from socinv.organisation.services import create_board
from socinv.projects.models import Project, ProjectMember
from socinv.projects.services import set_calculation
from socinv.web.hooks import declared, resolved

from . import DEMO_PASSWORD, DEMO_USERS, Demo, calculations

D = datetime.date

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

ORGANISATION = {
    "name": "Exempelkommun",
    "kind": Organisation.Kind.MUNICIPALITY,
    "org_number": "212000-0000",
}
FUND = {
    "name": "Sociala investeringsfonden",
    "economic_model": Fund.Model.REPAYMENT,
    "write_down_bearer": Fund.WriteDownBearer.CENTRAL,
    "discount_rate": 0.035,
    "internal_rate": 0.02,
    "decision_body": "Kommunfullmäktige",
    "decision_date": D(2023, 2, 20),
    "decision_dnr": "KS 2023/0412",
    "civil_society_may_apply": True,
    "min_boards": 1,
    "risk_policy": Fund.RiskPolicy.STEERED,
}
# The projects' codes in the general ledger (SIE dimension 6, projekt): the SIE export tags
# the fund's bookings with them and the import of actual costs finds the projects by them.
PROJECT_CODES = {
    "skolstod": "SI2301",
    "hemmasittare": "SI2502",
    "arbete": "SI2303",
    "laxhjalp": "SI2604",
    "aterfall": "SI2305",
    "fritid": "SI2406",
    "forskola": "SI2507",
    "rehab": "SI2608",
    "digital": "SI2409",
}
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


# The calculations, by whoever would keep them: the project leader for their own projects,
# the external applicant for the application, the economist for the rest.
CALCULATION_BY = {
    "skolstod": "project_leader",
    "hemmasittare": "project_leader",
    "laxhjalp": "external",
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
        demo = _base()
        for load in loaders():
            load(demo)
    stdout.write(
        _(
            "Loaded the demo: %(org)s, %(boards)d boards, the fund %(fund)s, %(projects)d projects, %(entries)d ledger entries."
        )
        % {
            "org": demo.organisation.name,
            "boards": len(demo.boards),
            "fund": demo.fund.name,
            "projects": len(demo.projects),
            "entries": demo.fund.entries.count(),
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


def loaders() -> list:
    """Every app's demo loader (``demo_loaders = [(order, "dotted.path.load")]`` on its
    AppConfig), in their order: the ledger before what is read from it, measurements
    before the ex-post and the savings that use them, the gates before what follows closing."""
    declared_loaders = sorted((order, path) for _app, (order, path) in declared("demo_loaders"))
    return [resolved(path) for _order, path in declared_loaders]


def demo_in_database() -> Demo:
    """The :class:`Demo` of a database the demo was loaded into (for tests and for running
    one app's loader again)."""
    org = Organisation.objects.get(name=ORGANISATION["name"])
    fund = Fund.objects.get(organisation=org)
    by_title = {p.title: p for p in Project.objects.filter(fund=fund)}
    return Demo(
        organisation=org,
        fund=fund,
        boards={b.code: b for b in Board.objects.filter(organisation=org)},
        users={u.username: u for u in get_user_model().objects.filter(username__in=DEMO_USERS)},
        projects={p.key: by_title[p.title] for p in PROJECTS},
    )


def _base() -> Demo:
    """The organisation, its users and boards, the fund and the projects."""
    org = Organisation.objects.create(**ORGANISATION)
    users = _users(org)  # first, so that the administrator is there for what follows
    boards = _boards(org, users["admin"])
    fund = _fund(org)
    demo = Demo(org, fund, boards, users, _projects(fund, boards, users))
    for p in PROJECTS:
        set_calculation(
            acting_user=demo.user(CALCULATION_BY.get(p.key, "economist")),
            project=demo.projects[p.key],
            toml_text=calculations.calculation(p.key),
        )
    return demo


def _boards(org: Organisation, admin) -> dict[str, Board]:
    boards = {}
    for code, name, department in BOARDS:
        board = create_board(acting_user=admin, organisation=org, name=name, code=code)
        Department.objects.create(board=board, name=department)
        boards[code] = board
    for key, name, kind, public in STAKEHOLDERS:
        s = Stakeholder(organisation=org, key=key, name=name, kind=kind, public=public)
        s.full_clean()
        s.save()
    return boards


def _users(org: Organisation) -> dict:
    """The administrator first (set up at the console), then everyone else by them."""
    users = {}
    for username, (role, first, last) in DEMO_USERS.items():
        admin = users.get("admin")
        create = create_user_at_setup if admin is None else partial(create_user, acting_user=admin)
        user = create(
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
    fund = Fund(organisation=org, **FUND)
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
            code=PROJECT_CODES[p.key],
        )
        project.full_clean()
        project.save()
        project.responsible_boards.add(*(boards[code] for code in p.boards))
        projects[p.key] = project
    for username, parts in PROJECT_MEMBERS.items():
        for key, role in parts:
            ProjectMember.objects.create(project=projects[key], user=users[username], role=role)
    return projects
