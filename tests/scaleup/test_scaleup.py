"""Multiplier effects: adoptions, multiplied / enlarged / refined, changed documents; who
may register them and when; the page, the API, the report section and the demo."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import translation

from socinv.core.problems import Refused
from socinv.io.sections import Number
from socinv.organisation.models import Department
from socinv.projects.models import Project
from socinv.scaleup import report, selectors, services
from socinv.scaleup.models import Adoption, ChangedDocument, MultiplierEffect

pytestmark = pytest.mark.django_db

D = datetime.date


def _closing(project, phase="closing"):
    Project.objects.filter(pk=project.pk).update(phase=phase)
    project.refresh_from_db()
    return project


def _adopt(personas, role="owner", project=None, **kw):
    project = project or _closing(personas.own_project)
    args = {"unit": "Jobbtorg Norr", "date": D(2026, 4, 1)}
    args.update(kw)
    return services.register_adoption(acting_user=personas[role], project=project, **args)


def _client(personas, role):
    c = Client()
    c.force_login(personas[role])
    return c


# --- the services ---------------------------------------------------------------------


@pytest.mark.parametrize("phase", ["closing", "scale_up", "wind_down"])
def test_owner_registers_in_the_open_phases(personas, phase):
    project = _closing(personas.own_project, phase)
    a = _adopt(personas, project=project, board=personas.social_board, comment=" Klart ")
    assert (a.unit, a.board, a.comment, a.registered_by) == (
        "Jobbtorg Norr",
        personas.social_board,
        "Klart",
        personas["owner"],
    )


@pytest.mark.parametrize("phase", ["application", "implementation"])
def test_refused_before_closing(personas, phase):
    project = _closing(personas.own_project, phase)
    with pytest.raises(Refused) as refused:
        _adopt(personas, project=project)
    assert refused.value.codes == ["phase_before_closing"]
    assert list(refused.value.errors) == [None]
    with pytest.raises(Refused) as refused:
        services.register_document(
            acting_user=personas["owner"],
            project=project,
            kind="routine",
            title="R",
            date=D(2026, 1, 1),
        )
    assert refused.value.codes == ["phase_before_closing"]
    assert not Adoption.objects.exists() and not ChangedDocument.objects.exists()


def test_leader_registers_on_own_project_only(personas):
    a = _adopt(personas, role="project_leader")
    assert a.history.first().history_user == personas["project_leader"]
    other = _closing(personas.other_project)
    with pytest.raises(PermissionDenied):
        _adopt(personas, role="project_leader", project=other)


@pytest.mark.parametrize("role", ["economist", "evaluator", "auditor", "external", "other_owner"])
def test_others_cannot_register(personas, role):
    with pytest.raises(PermissionDenied):
        _adopt(personas, role=role)
    with pytest.raises(PermissionDenied):
        services.register_effect(
            acting_user=personas[role],
            project=personas.own_project,
            kind="refined",
            date=D(2026, 4, 1),
            description="x",
        )


def test_adoption_rules(personas):
    other_board = personas.other_organisation.boards.create(name="Annan nämnd", code="annan")
    foreign = Department.objects.create(board=other_board, name="Annan förvaltning")
    with pytest.raises(Refused) as refused:
        _adopt(personas, unit=" ", department=foreign, board=other_board, date=None)
    assert refused.value.codes == [
        "date_required",
        "unit_required",
        "department_other_organisation",
        "board_other_organisation",
    ]


def test_effects_of_each_kind(personas):
    project = _closing(personas.own_project, "scale_up")
    owner = personas["owner"]
    m = services.register_effect(
        acting_user=owner,
        project=project,
        kind="multiplied",
        date=D(2026, 6, 30),
        description="Alla unga vuxna i kommunen.",
        people_per_year=120,
        before_value=1,  # ignored for this kind
    )
    e = services.register_effect(
        acting_user=owner,
        project=project,
        kind="enlarged",
        date=D(2026, 6, 30),
        description="Fler enheter.",
        before_value=2,
        after_value=5,
        unit="enheter",
        people_per_year=9,  # ignored for this kind
    )
    r = services.register_effect(
        acting_user=owner,
        project=project,
        kind="refined",
        date=D(2026, 9, 1),
        description="Bättre.",
    )
    assert (m.people_per_year, m.before_value) == (120, None)
    assert (e.before_value, e.after_value, e.unit, e.people_per_year) == (2, 5, "enheter", None)
    assert r.kind == "refined"
    services.register_effect(
        acting_user=owner,
        project=project,
        kind="multiplied",
        date=D(2026, 7, 1),
        description="Jobbtorg Norr.",
        people_per_year=35,
    )
    assert selectors.scale_up(project).people_per_year == 155


def test_effect_rules(personas):
    project = _closing(personas.own_project)
    owner = personas["owner"]
    with pytest.raises(Refused) as refused:
        services.register_effect(
            acting_user=owner,
            project=project,
            kind="multiplied",
            date=D(2026, 1, 1),
            description="",
        )
    assert refused.value.codes == ["description_required", "people_per_year_required"]
    assert list(refused.value.errors) == ["description", "people_per_year"]
    with pytest.raises(Refused) as refused:
        services.register_effect(
            acting_user=owner, project=project, kind="enlarged", date=D(2026, 1, 1), description="x"
        )
    assert refused.value.codes == ["before_value_required", "after_value_required", "unit_required"]
    with pytest.raises(Refused) as refused:
        services.register_effect(
            acting_user=owner, project=project, kind="other", date=D(2026, 1, 1), description="x"
        )
    assert refused.value.codes == ["kind_invalid"]
    assert not MultiplierEffect.objects.exists()


def test_documents(personas):
    project = _closing(personas.own_project)
    d = services.register_document(
        acting_user=personas["project_leader"],
        project=project,
        kind="routine",
        title="Rutin för samordnad handläggning",
        reference="AMN 2026/0041",
        date=D(2026, 3, 23),
    )
    assert (d.kind, d.reference) == ("routine", "AMN 2026/0041")
    with pytest.raises(Refused) as refused:
        services.register_document(
            acting_user=personas["owner"],
            project=project,
            kind="memo",
            title="",
            date=D(2026, 3, 1),
        )
    assert refused.value.codes == ["kind_invalid", "title_required"]


# --- the page ---------------------------------------------------------------------------


def test_page_for_the_auditor(personas):
    _adopt(personas)
    with translation.override("en"):
        r = _client(personas, "auditor").get(f"/scaleup/projects/{personas.own_project.pk}/")
    assert r.status_code == 200
    body = r.content.decode()
    assert "Jobbtorg Norr" in body
    assert f'href="/followup/projects/{personas.own_project.pk}/"' in body
    assert 'id="followup-continues"' in body
    assert "/adoptions/" not in body  # no forms


def test_page_for_the_leader_has_the_forms(personas):
    _closing(personas.own_project)
    r = _client(personas, "project_leader").get(f"/scaleup/projects/{personas.own_project.pk}/")
    body = r.content.decode()
    assert r.status_code == 200
    for part in ("adoptions", "effects", "documents"):
        assert f"/scaleup/projects/{personas.own_project.pk}/{part}/" in body


def test_page_before_closing_says_why_no_forms(personas):
    r = _client(personas, "owner").get(f"/scaleup/projects/{personas.own_project.pk}/")
    body = r.content.decode()
    assert 'id="phase-closed"' in body and "/adoptions/" not in body


@pytest.mark.parametrize(("role", "status"), [("outsider", 404), ("external", 403)])
def test_page_permissions(personas, role, status):
    r = _client(personas, role).get(f"/scaleup/projects/{personas.own_project.pk}/")
    assert r.status_code == status


def test_page_404(personas):
    assert _client(personas, "auditor").get("/scaleup/projects/999999/").status_code == 404


def test_register_on_the_page(personas):
    project = _closing(personas.own_project)
    c = _client(personas, "project_leader")
    base = f"/scaleup/projects/{project.pk}"
    r = c.post(
        f"{base}/effects/",
        {
            "effect-kind": "enlarged",
            "effect-date": "2026-06-30",
            "effect-description": "Fler skolor.",
            "effect-before_value": "2,5",
            "effect-after_value": "12",
            "effect-unit": "skolor",
        },
    )
    assert r.status_code == 302
    e = MultiplierEffect.objects.get()
    assert (e.before_value, e.after_value, e.unit) == (2.5, 12.0, "skolor")
    assert e.history.first().history_user == personas["project_leader"]
    r = c.post(
        f"{base}/adoptions/",
        {
            "adoption-unit": "Jobbtorg Norr",
            "adoption-date": "2026-04-01",
            "adoption-board": personas.social_board.pk,
        },
    )
    assert r.status_code == 302
    r = c.post(
        f"{base}/documents/",
        {"document-kind": "policy", "document-title": "Riktlinjer", "document-date": "2026-05-01"},
    )
    assert r.status_code == 302
    r = c.post(
        f"{base}/effects/",
        {"effect-kind": "multiplied", "effect-date": "2026-06-30", "effect-description": "x"},
    )
    assert r.status_code == 400
    assert "error-summary-effect" in r.content.decode()
    assert MultiplierEffect.objects.count() == 1


@pytest.mark.parametrize("role", ["economist", "evaluator", "auditor"])
def test_register_on_the_page_refused(personas, role):
    project = _closing(personas.own_project)
    r = _client(personas, role).post(
        f"/scaleup/projects/{project.pk}/adoptions/",
        {"adoption-unit": "X", "adoption-date": "2026-04-01"},
    )
    assert r.status_code == 403
    assert not Adoption.objects.exists()


def test_register_on_the_page_404_for_an_outsider(personas):
    project = _closing(personas.own_project)
    r = _client(personas, "other_owner").post(
        f"/scaleup/projects/{project.pk}/adoptions/",
        {"adoption-unit": "X", "adoption-date": "2026-04-01"},
    )
    assert r.status_code == 404
    assert not Adoption.objects.exists()


# --- the API and the report ----------------------------------------------------------------


def _fill(personas):
    project = _closing(personas.own_project, "scale_up")
    owner = personas["owner"]
    _adopt(
        personas, project=project, unit="Arbetsmarknadsenheten Centrum", board=personas.social_board
    )
    services.register_effect(
        acting_user=owner,
        project=project,
        kind="multiplied",
        date=D(2026, 6, 30),
        description="Hela kommunen.",
        people_per_year=120,
    )
    services.register_effect(
        acting_user=owner,
        project=project,
        kind="enlarged",
        date=D(2026, 6, 30),
        description="Fler enheter.",
        before_value=2,
        after_value=5,
        unit="enheter",
    )
    services.register_document(
        acting_user=owner,
        project=project,
        kind="routine",
        title="Rutin",
        reference="AMN 1",
        date=D(2026, 3, 23),
    )
    return project


def test_api(personas):
    project = _fill(personas)
    r = _client(personas, "auditor").get(f"/api/v1/projects/{project.pk}/multiplier-effects")
    assert r.status_code == 200
    data = r.json()
    assert data["phase"] == "scale_up"
    assert data["people_per_year"] == 120
    assert [a["unit"] for a in data["adoptions"]] == ["Arbetsmarknadsenheten Centrum"]
    assert data["adoptions"][0]["board_id"] == personas.social_board.pk
    kinds = [
        (e["kind"], e["people_per_year"], e["before_value"], e["after_value"])
        for e in data["effects"]
    ]
    assert kinds == [("multiplied", 120, None, None), ("enlarged", None, 2.0, 5.0)]
    assert data["documents"][0]["reference"] == "AMN 1"
    assert data["followup_url"] == f"/followup/projects/{project.pk}/"


@pytest.mark.parametrize(("role", "status"), [("external", 403), ("outsider", 404)])
def test_api_refused(personas, role, status):
    r = _client(personas, role).get(
        f"/api/v1/projects/{personas.own_project.pk}/multiplier-effects"
    )
    assert r.status_code == status


def test_api_missing(personas):
    assert (
        _client(personas, "owner").get("/api/v1/projects/999999/multiplier-effects").status_code
        == 404
    )


def test_section(personas):
    project = _fill(personas)
    with translation.override("en"):
        s = report.section(project)
    assert s.key == "multiplier"
    facts = dict(s.facts)
    assert facts["Units that adopted the method"] == 1
    assert facts["Additional people reached per year"] == Number(120, 0)
    adoptions, effects, documents = s.tables
    assert adoptions.rows == [
        ["Arbetsmarknadsenheten Centrum", "", "Socialnämnden", D(2026, 4, 1), ""]
    ]
    assert effects.rows[0][3] == Number(120, 0, "people per year")
    assert effects.rows[1][3] == "2 → 5 enheter"
    assert documents.rows == [["Rutin", "Routine", "AMN 1", D(2026, 3, 23)]]


# --- the demo ---------------------------------------------------------------------------


def test_demo(personas):
    from socinv.demo import Demo
    from socinv.phases import demo as phases_demo
    from socinv.phases.models import GatePassage
    from socinv.scaleup import demo as scaleup_demo

    fund = personas.fund
    org = personas.organisation
    from socinv.organisation.services import create_board

    amn = create_board(
        acting_user=personas["administrator"],
        organisation=org,
        name="Arbetsmarknadsnämnden",
        code="arbetsmarknadsnamnd",
    )
    Department.objects.create(board=amn, name="Arbetsmarknadsförvaltningen")
    Department.objects.create(board=personas.social_board, name="Socialförvaltningen")
    projects = {
        "arbete": Project.objects.create(fund=fund, title="Arbete", phase="scale_up"),
        "aterfall": Project.objects.create(fund=fund, title="Återfall", phase="closing"),
        "fritid": Project.objects.create(fund=fund, title="Fritid", phase="closing"),
        "digital": Project.objects.create(fund=fund, title="Digitalt", phase="wind_down"),
    }
    boards = {"arbetsmarknadsnamnd": amn, "socialnamnd": personas.social_board}
    users = {"agare": personas["owner"]}
    demo = Demo(org, fund, boards, users, projects)
    phases_demo.load(demo)
    scaleup_demo.load(demo)
    arbete = projects["arbete"]
    assert list(
        GatePassage.objects.filter(project=arbete).values_list(
            "from_phase", "to_phase", "decision_dnr"
        )
    ) == [("implementation", "closing", ""), ("closing", "scale_up", "KS 2026/0097")]
    assert GatePassage.objects.filter(project=projects["aterfall"]).get().justification
    assert GatePassage.objects.filter(project=projects["fritid"]).count() == 1
    # the passages are history only: no project moved
    assert {p.phase for p in Project.objects.filter(pk__in=[p.pk for p in projects.values()])} == {
        "scale_up",
        "closing",
        "wind_down",
    }
    assert list(
        GatePassage.objects.filter(project=projects["digital"]).values_list("to_phase", flat=True)
    ) == ["closing", "wind_down"]
    data = selectors.scale_up(arbete)
    assert [a.unit for a in data.adoptions][:2] == [
        "Arbetsmarknadsenheten Centrum",
        "Jobbtorg Norr",
    ]
    assert data.people_per_year == 120
    assert len(data.effects) == 3 and len(data.documents) == 3
    assert data.documents[0].title == (
        "Rutin för samordnad handläggning av unga vuxna med försörjningsstöd"
    )
