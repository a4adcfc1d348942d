"""Phases and gates: passing a gate moves the project and records who, when and the
checklist answers; every refusal; the page, the API and the report section."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone, translation

from socinv.core.problems import Refused
from socinv.phases import report, selectors, services
from socinv.phases.models import GateAnswer, GatePassage, GateQuestion
from socinv.projects.models import Project
from socinv.web import once

pytestmark = pytest.mark.django_db

D = datetime.date


def _answers(project, gate, answer="yes"):
    qs = services.ensure_gate_questions(project.fund, gate)
    return {q.pk: (answer, f"kommentar {i}") for i, q in enumerate(qs)}


def _pass(personas, project=None, gate="closing", role="owner", **kw):
    project = project or personas.own_project
    args = {"date": D(2026, 1, 15), "comment": "Genomförandet är klart."}
    args.update(kw)
    if "answers" not in args:
        args["answers"] = _answers(project, gate)
    return services.pass_gate(acting_user=personas[role], project=project, to_phase=gate, **args)


def _reload(project):
    return Project.objects.get(pk=project.pk)


# --- the service ----------------------------------------------------------------------


def test_default_questions_created_once_per_gate(personas):
    fund = personas.fund
    closing = services.ensure_gate_questions(fund, "closing")
    assert len(closing) == 4
    assert len(services.ensure_gate_questions(fund, "scale_up")) == 4
    assert len(services.ensure_gate_questions(fund, "wind_down")) == 4
    services.ensure_gate_questions(fund, "closing")
    assert GateQuestion.objects.filter(fund=fund).count() == 12
    # a fund that retired a question keeps its own set
    closing[0].active = False
    closing[0].save()
    assert len(services.ensure_gate_questions(fund, "closing")) == 3
    assert GateQuestion.objects.filter(fund=fund, gate="closing").count() == 4


def test_default_questions_are_stored_in_swedish(personas):
    with translation.override("en"):
        qs = services.ensure_gate_questions(personas.fund, "closing")
        scale_up = services.ensure_gate_questions(personas.fund, "scale_up")
    assert qs[0].text == "Är slutredovisningen av indikatorerna inlämnad?"
    assert scale_up[1].text == "Är ansvarig enhet utsedd?"


def test_owner_passes_implementation_to_closing(personas):
    project = personas.own_project
    passage = _pass(
        personas,
        decision_body="Styrgruppen",
        decision_date=D(2026, 1, 12),
        decision_dnr="KS 2026/0011",
    )
    assert _reload(project).phase == "closing"
    assert project.phase == "closing"
    assert (passage.from_phase, passage.to_phase) == ("implementation", "closing")
    assert passage.passed_by == personas["owner"]
    assert passage.date == D(2026, 1, 15)
    assert passage.decision_dnr == "KS 2026/0011"
    assert passage.justification == ""
    answers = list(passage.answers.all())
    assert len(answers) == 4
    assert {a.answer for a in answers} == {"yes"}
    assert answers[0].comment == "kommentar 0"
    assert answers[0].question_text == answers[0].question.text


def test_the_project_history_names_the_owner(personas):
    project = personas.own_project
    passage = _pass(personas)
    latest = Project.history.filter(id=project.pk).order_by("-history_id").first()
    assert latest.phase == "closing"
    assert latest.history_user == personas["owner"]
    assert passage.history.first().history_user == personas["owner"]
    assert (
        GateAnswer.history.filter(passage_id=passage.pk).first().history_user == (personas["owner"])
    )


def test_closing_to_scale_up_then_no_more_gates(personas):
    project = personas.own_project
    _pass(personas)
    assert selectors.next_gates(project) == ["scale_up", "wind_down"]
    _pass(personas, gate="scale_up", date=D(2026, 3, 4))
    assert _reload(project).phase == "scale_up"
    assert selectors.next_gates(project) == []
    with pytest.raises(Refused) as refused:
        _pass(personas, gate="wind_down")
    assert refused.value.codes == ["gate_wrong_phase"]
    assert "utgår inte från projektets aktuella fas" in str(refused.value)
    assert _reload(project).phase == "scale_up"


def test_closing_to_wind_down(personas):
    project = personas.own_project
    _pass(personas)
    _pass(personas, gate="wind_down")
    assert _reload(project).phase == "wind_down"
    assert list(GatePassage.objects.filter(project=project).values_list("to_phase", flat=True)) == [
        "closing",
        "wind_down",
    ]


def test_refuses_a_gate_that_does_not_start_at_the_current_phase(personas):
    project = personas.own_project  # implementation
    with pytest.raises(Refused) as refused:
        _pass(personas, gate="scale_up")
    assert refused.value.codes == ["gate_wrong_phase"]
    assert list(refused.value.errors) == [None]
    assert _reload(project).phase == "implementation"
    assert not GatePassage.objects.exists()
    # the application phase has no gate here: the decision is the review app's
    with pytest.raises(Refused) as refused:
        _pass(personas, project=personas.application, gate="closing")
    assert refused.value.codes == ["gate_wrong_phase"]
    with pytest.raises(Refused) as refused:
        _pass(personas, gate="nonsense", answers={})
    assert refused.value.codes == ["gate_unknown"]


def test_never_a_second_passage_out_of_the_same_phase(personas):
    project = personas.own_project
    _pass(personas)
    # the phase put back by hand (the admin, a mistake): the gate stays passed
    Project.objects.filter(pk=project.pk).update(phase="implementation")
    project.refresh_from_db()
    with pytest.raises(Refused) as refused:
        _pass(personas, project=project)
    assert refused.value.codes == ["phase_already_left"]
    assert "har redan passerat en beslutspunkt ut ur den här fasen" in str(refused.value)
    assert GatePassage.objects.filter(project=project).count() == 1
    assert selectors.next_gates(project) == []


@pytest.mark.parametrize("role", ["economist", "project_leader", "evaluator", "auditor"])
def test_only_the_owner_passes_a_gate(personas, role):
    with pytest.raises(PermissionDenied):
        _pass(personas, role=role)
    assert _reload(personas.own_project).phase == "implementation"


def test_an_owner_of_another_organisation_cannot(personas):
    with pytest.raises(PermissionDenied):
        _pass(personas, role="other_owner")


def test_a_no_needs_a_justification(personas):
    project = personas.own_project
    answers = _answers(project, "closing")
    first = next(iter(answers))
    answers[first] = ("no", "Slutrapporten är försenad.")
    with pytest.raises(Refused) as refused:
        _pass(personas, answers=answers)
    assert refused.value.codes == ["justification_required"]
    assert list(refused.value.errors) == ["justification"]
    assert _reload(project).phase == "implementation"
    passage = _pass(personas, answers=answers, justification="Rapporten kommer i maj.")
    assert passage.justification == "Rapporten kommer i maj."
    assert passage.answers.get(question_id=first).answer == "no"


def test_partly_passes_without_justification_and_justification_is_dropped(personas):
    answers = _answers(personas.own_project, "closing", answer="partly")
    passage = _pass(personas, answers=answers, justification="onödig")
    assert passage.justification == ""


def test_every_question_answered_and_a_comment_and_a_date(personas):
    project = personas.own_project
    answers = _answers(project, "closing")
    missing = list(answers)[2]
    del answers[missing]
    with pytest.raises(Refused) as refused:
        _pass(personas, answers=answers, comment="  ", date=None)
    assert refused.value.codes == ["answer_invalid", "comment_required", "date_required"]
    assert list(refused.value.errors) == [f"q{missing}", "comment", "date"]
    future = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(Refused) as refused:
        _pass(personas, date=future)
    assert refused.value.codes == ["date_in_future"]


def test_a_decision_reference_is_complete_or_absent(personas):
    with pytest.raises(Refused) as refused:
        _pass(personas, decision_body="Kommunstyrelsen")
    assert refused.value.codes == ["decision_dnr_required", "decision_date_required"]


def test_timeline_starts_with_the_approval_decision(personas):
    from socinv.review.models import Decision

    project = personas.own_project
    Decision.objects.create(
        project=project,
        body="executive_board",
        date=D(2025, 1, 20),
        dnr="KS 2025/0042",
        outcome="approved",
        decided_by=personas["owner"],
        decided_at=timezone.now(),
    )
    _pass(personas)
    entries = selectors.timeline(project)
    assert [(e.from_phase, e.to_phase) for e in entries] == [
        ("application", "implementation"),
        ("implementation", "closing"),
    ]
    assert entries[0].is_decision and entries[0].decision_dnr == "KS 2025/0042"
    assert entries[0].date == D(2025, 1, 20)
    assert len(entries[1].answers) == 4


def test_record_passage_keeps_the_phase(personas):
    project = personas.own_project
    passage = services.record_passage(
        acting_user=personas["owner"],
        project=project,
        from_phase="implementation",
        to_phase="closing",
        date=D(2025, 12, 16),
        comment="Klart.",
        answers=[("yes", ""), ("partly", "Delvis")],
    )
    assert _reload(project).phase == "implementation"
    assert [a.answer for a in passage.answers.all()] == ["yes", "partly"]
    assert passage.history.first().history_user == personas["owner"]


@pytest.mark.parametrize("role", ["project_leader", "economist", "evaluator", "other_owner"])
def test_only_an_owner_records_a_past_passage(personas, role):
    with pytest.raises(PermissionDenied):
        services.record_passage(
            acting_user=personas[role],
            project=personas.own_project,
            from_phase="implementation",
            to_phase="closing",
            date=D(2025, 12, 16),
            comment="Klart.",
        )
    assert not personas.own_project.gate_passages.exists()


# --- the page ---------------------------------------------------------------------------


def _client(personas, role):
    c = Client()
    c.force_login(personas[role])
    return c


def _post_data(project, gate="closing", answer="yes", **extra):
    qs = services.ensure_gate_questions(project.fund, gate)
    data = {
        f"{gate}-date": "2026-01-15",
        f"{gate}-comment": "Klart enligt plan.",
        f"{gate}-justification": "",
    }
    for q in qs:
        data[f"{gate}-q{q.pk}"] = answer
        data[f"{gate}-q{q.pk}_comment"] = ""
    data.update(extra)
    return data


def test_page_for_the_auditor_reads_without_a_form(personas):
    _pass(personas)
    with translation.override("en"):
        r = _client(personas, "auditor").get(f"/phases/projects/{personas.own_project.pk}/")
    assert r.status_code == 200
    body = r.content.decode()
    assert 'id="timeline"' in body
    assert "Genomförandet är klart." in body
    assert '<form method="post" action="/phases/' not in body


def test_page_for_the_owner_has_the_next_gate_forms(personas):
    _pass(personas)
    r = _client(personas, "owner").get(f"/phases/projects/{personas.own_project.pk}/")
    assert r.status_code == 200
    body = r.content.decode()
    assert f"/phases/projects/{personas.own_project.pk}/gates/scale_up/" in body
    assert f"/phases/projects/{personas.own_project.pk}/gates/wind_down/" in body
    assert 'id="id_scale_up-comment"' in body and 'id="id_wind_down-comment"' in body


@pytest.mark.parametrize(
    ("role", "status"),
    [("outsider", 404), ("other_owner", 404), ("external", 403), ("project_leader", 200)],
)
def test_page_permissions(personas, role, status):
    r = _client(personas, role).get(f"/phases/projects/{personas.own_project.pk}/")
    assert r.status_code == status


def test_page_404_for_a_missing_project(personas):
    assert _client(personas, "owner").get("/phases/projects/999999/").status_code == 404


def test_owner_passes_the_gate_on_the_page(personas):
    project = personas.own_project
    data = {**_post_data(project), "_once": once.issue(personas["owner"])}
    r = _client(personas, "owner").post(f"/phases/projects/{project.pk}/gates/closing/", data)
    assert r.status_code == 302
    assert _reload(project).phase == "closing"
    passage = GatePassage.objects.get(project=project)
    assert passage.passed_by == personas["owner"]
    assert passage.comment == "Klart enligt plan."
    assert (
        Project.history.filter(id=project.pk).order_by("-history_id").first().history_user
        == (personas["owner"])
    )


STALE_FORM = "Formuläret var inaktuellt eller ofullständigt"


def test_page_shows_refusals(personas):
    """The gate's own refusals, each with the form's one-time token (without it every
    POST would be refused for the token alone): a no without a justification, a gate that
    does not start at the project's phase."""
    project = personas.own_project
    c = _client(personas, "owner")
    token = once.issue(personas["owner"])
    data = _post_data(project, answer="no", _once=token)
    r = c.post(f"/phases/projects/{project.pk}/gates/closing/", data)
    assert r.status_code == 400
    body = r.content.decode()
    assert 'id="error-summary-closing"' in body
    assert "En checkfråga är besvarad med nej: motivera varför projektet" in body
    assert STALE_FORM not in body
    form = next(f for _gate, _label, f in r.context["gate_forms"] if f.is_bound)
    assert list(form.errors) == ["justification"]
    assert _reload(project).phase == "implementation"
    data = _post_data(project, "scale_up", _once=token)
    r = c.post(f"/phases/projects/{project.pk}/gates/scale_up/", data)
    assert r.status_code == 400
    body = r.content.decode()
    assert "Beslutspunkten" in body and "utgår inte från projektets aktuella fas" in body
    assert STALE_FORM not in body
    assert services.gate_refusal(project, "scale_up").codes == ["gate_wrong_phase"]
    assert not GatePassage.objects.exists()
    # the refused POSTs left the token usable: the same form, completed, passes the gate
    data = _post_data(project, answer="no", _once=token)
    data["closing-justification"] = "Avvikelsen är utredd."
    r = c.post(f"/phases/projects/{project.pk}/gates/closing/", data)
    assert r.status_code == 302
    assert _reload(project).phase == "closing"
    assert c.post(f"/phases/projects/{project.pk}/gates/nonsense/", {}).status_code == 404


@pytest.mark.parametrize("role", ["economist", "project_leader", "evaluator", "auditor"])
def test_page_post_refused_for_others(personas, role):
    project = personas.own_project
    r = _client(personas, role).post(
        f"/phases/projects/{project.pk}/gates/closing/", _post_data(project)
    )
    assert r.status_code == 403
    assert _reload(project).phase == "implementation"


# --- the API ----------------------------------------------------------------------------


def test_api_phases(personas):
    _pass(personas, decision_body="Styrgruppen", decision_date=D(2026, 1, 12), decision_dnr="SG 1")
    r = _client(personas, "auditor").get(f"/api/v1/projects/{personas.own_project.pk}/phases")
    assert r.status_code == 200
    data = r.json()
    assert data["phase"] == "closing"
    assert data["next_gates"] == ["scale_up", "wind_down"]
    [p] = data["passages"]
    assert (p["from_phase"], p["to_phase"], p["date"]) == (
        "implementation",
        "closing",
        "2026-01-15",
    )
    assert p["passed_by"] == "owner"
    assert p["decision_dnr"] == "SG 1"
    assert len(p["answers"]) == 4 and p["answers"][1]["comment"] == "kommentar 1"


@pytest.mark.parametrize(("role", "status"), [("external", 403), ("outsider", 404)])
def test_api_phases_refused(personas, role, status):
    r = _client(personas, role).get(f"/api/v1/projects/{personas.own_project.pk}/phases")
    assert r.status_code == status


def test_api_phases_missing(personas):
    assert _client(personas, "owner").get("/api/v1/projects/999999/phases").status_code == 404


# --- the report section ------------------------------------------------------------------


def test_section(personas):
    _pass(personas, decision_body="Styrgruppen", decision_date=D(2026, 1, 12), decision_dnr="SG 1")
    project = _reload(personas.own_project)
    with translation.override("en"):
        s = report.section(project)
    assert s.key == "phases"
    facts = dict(s.facts)
    assert facts["Current phase"] == "Closing"
    assert facts["Date of the latest gate"] == D(2026, 1, 15)
    passages, answers = s.tables
    assert passages.rows == [
        [
            D(2026, 1, 15),
            "Implementation",
            "Closing",
            "owner",
            "Styrgruppen 2026-01-12 (SG 1)",
            "Genomförandet är klart.",
        ]
    ]
    assert len(answers.rows) == 4
    assert answers.rows[0][2] == "Yes"


def test_section_without_passages(personas):
    with translation.override("en"):
        s = report.section(personas.own_project)
    assert dict(s.facts) == {"Current phase": "Implementation"}
    assert s.tables[0].rows == [] and s.tables[0].empty_text


def test_every_default_question_has_its_swedish_text():
    from socinv.phases.checklist import DEFAULT_GATE_QUESTIONS, swedish

    texts = {t for questions in DEFAULT_GATE_QUESTIONS.values() for t in questions}
    from pathlib import Path

    import socinv

    po = (Path(socinv.__file__).parent / "locale/fragments/phases.po").read_text("utf-8")
    for en in texts:
        sv = swedish(en)
        assert sv != en
        assert f'msgid "{en}"\nmsgstr "{sv}"' in po


def test_page_post_404_for_an_outsider(personas):
    project = personas.own_project
    r = _client(personas, "other_owner").post(
        f"/phases/projects/{project.pk}/gates/closing/", _post_data(project)
    )
    assert r.status_code == 404
    assert _reload(project).phase == "implementation"
