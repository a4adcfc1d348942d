"""Learning evaluation: the assigned evaluator writes entries and the final report (only on
assigned projects), the project's leader and the owners respond, the evaluator or an owner
attaches accompanying research (PDF/xlsx judged by content, or a reference); everyone who
sees the project reads it (the auditor and the economist only read); the personnummer
guard refuses text with nothing stored; every change names its user."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from socinv.core.problems import Refused
from socinv.evaluation import report, selectors, services
from socinv.evaluation.models import EvaluationEntry, FinalReport, ResearchAttachment, Response
from socinv.io.sections import section_json
from socinv.projects.models import Project

pytestmark = pytest.mark.django_db

D = datetime.date
PNR = "811218-9876"  # a valid personnummer (check digit 6)
TINY_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def xlsx_bytes() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active["A1"] = "Andel"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def entry(p, kind="recommendation", project=None, **kw):
    values = {
        "title": "Inför en fast överlämning till elevhälsan",
        "text": "Varje kartläggning avslutas med ett överlämningsmöte.",
        "date": D(2025, 3, 10),
    } | kw
    return services.add_entry(
        acting_user=p["evaluator"], project=project or p.own_project, kind=kind, **values
    )


def stranger_entry(p) -> EvaluationEntry:
    """An entry on the other project (whose evaluator is somebody else)."""
    return EvaluationEntry.objects.create(
        project=p.other_project,
        phase="application",
        kind="recommendation",
        title="Annat projekt",
        text="Text",
        date=D(2025, 1, 1),
        author=p["administrator"],
    )


def login(client, p, role):
    """Log in as ``role``, speaking English (the messages are asserted in English)."""
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(p[role])
    return client


# --- entries: the assigned evaluator only ------------------------------------------------


def test_the_assigned_evaluator_writes_an_entry_named_in_the_history(personas):
    e = entry(personas, kind="observation", date=None, phase=None)
    assert (e.project, e.phase, e.kind) == (personas.own_project, "implementation", "observation")
    assert e.date == timezone.localdate()
    assert e.author == personas["evaluator"]
    assert e.history.latest().history_user == personas["evaluator"]


def test_the_service_refuses_an_evaluator_elsewhere_and_every_other_role(personas):
    with pytest.raises(PermissionDenied):
        entry(personas, project=personas.other_project)
    for role in ["owner", "economist", "project_leader", "auditor", "administrator"]:
        with pytest.raises(PermissionDenied):
            services.add_entry(
                acting_user=personas[role],
                project=personas.own_project,
                kind="observation",
                title="T",
                text="T",
            )
    assert not EvaluationEntry.objects.exists()


def post_entry(client, project, **kw):
    data = {
        "phase": "implementation",
        "kind": "observation",
        "title": "Kartläggningarna dröjer",
        "text": "Återkopplingen till skolan dröjer en termin.",
        "date": "2025-04-01",
    } | kw
    data = {f"entry-{k}": v for k, v in data.items()}
    return client.post(f"/evaluation/projects/{project.pk}/entries/", data)


def test_the_evaluator_posts_an_entry_on_the_page(client, personas):
    login(client, personas, "evaluator")
    response = post_entry(client, personas.own_project)
    assert response.status_code == 302
    assert response.url == f"/evaluation/projects/{personas.own_project.pk}/"
    e = EvaluationEntry.objects.get()
    assert (e.title, e.date, e.kind) == ("Kartläggningarna dröjer", D(2025, 4, 1), "observation")
    assert e.history.get().history_user == personas["evaluator"]


@pytest.mark.parametrize(
    "role, project, status",
    [
        ("evaluator", "other_project", 403),
        ("owner", "own_project", 403),
        ("project_leader", "own_project", 403),
        ("auditor", "own_project", 403),
        ("economist", "own_project", 403),
        ("outsider", "own_project", 404),
        ("other_owner", "own_project", 404),
    ],
)
def test_nobody_else_posts_an_entry(client, personas, role, project, status):
    login(client, personas, role)
    assert post_entry(client, getattr(personas, project)).status_code == status
    assert not EvaluationEntry.objects.exists()


def test_a_personnummer_in_an_entry_is_refused_at_the_field_keeping_what_was_typed(
    client, personas
):
    login(client, personas, "evaluator")
    response = post_entry(
        client, personas.own_project, title="Elev med svårigheter", text=f"Gäller {PNR} i åk 4."
    )
    assert response.status_code == 400
    form = response.context["entry_form"]
    assert "personal identity number" in " ".join(form.errors["text"])
    assert list(form.errors) == ["text"]
    html = response.content.decode()
    assert 'value="Elev med svårigheter"' in html
    assert 'aria-invalid="true"' in html
    assert not EvaluationEntry.objects.exists()
    # and through the service, in the title
    with pytest.raises(Refused) as refused:
        entry(personas, title=f"Barn {PNR.replace('-', '')}")
    assert refused.value.codes == ["personal_number"]
    assert list(refused.value.errors) == ["title"]
    assert not EvaluationEntry.objects.exists()


def test_a_future_date_and_an_empty_text_are_refused(personas):
    with pytest.raises(Refused) as refused:
        entry(personas, text="  ", date=timezone.localdate() + datetime.timedelta(days=1))
    assert refused.value.codes == ["required", "date_in_future"]
    assert list(refused.value.errors) == ["text", "date"]


# --- responses: the project's leader and the owners -------------------------------------


def test_the_leader_and_the_owner_respond_to_a_recommendation(personas):
    e = entry(personas)
    leader = services.respond(
        acting_user=personas["project_leader"],
        entry=e,
        text="Vi inför rutinen.",
        status="partly",
        planned_action="Överlämning inom fyra veckor från ht 2025.",
        date=D(2025, 3, 20),
    )
    assert leader.party == "project"
    assert leader.history.get().history_user == personas["project_leader"]
    e = selectors.entries_of(personas.own_project).get()
    assert selectors.response_status(e) == "partly"
    owner = services.respond(
        acting_user=personas["owner"],
        entry=e,
        text="Ledningsgruppen står bakom.",
        status="accepted",
        planned_action="In i elevhälsoplanen 2026.",
        date=D(2025, 4, 2),
    )
    assert owner.party == "owners"
    e = selectors.entries_of(personas.own_project).get()
    # the owners' stand counts over the project's
    assert selectors.response_status(e) == "accepted"
    assert [r.party for r in e.responses.all()] == ["project", "owners"]


def test_a_recommendation_needs_a_stand_and_an_accepted_one_a_planned_action(personas):
    e = entry(personas)
    leader = personas["project_leader"]
    with pytest.raises(Refused) as refused:
        services.respond(acting_user=leader, entry=e, text="Ok")
    assert refused.value.codes == ["status_required"]
    with pytest.raises(Refused) as refused:
        services.respond(acting_user=leader, entry=e, text="Ok", status="accepted")
    assert refused.value.codes == ["planned_action_required"]
    r = services.respond(acting_user=leader, entry=e, text="Nej", status="not_accepted")
    assert (r.status, r.planned_action) == ("not_accepted", "")
    # an observation's response takes no stand
    obs = entry(personas, kind="observation")
    r = services.respond(acting_user=leader, entry=obs, text="Noterat", status="accepted")
    assert r.status == ""


def test_a_leader_responds_only_on_own_projects(client, personas):
    other = stranger_entry(personas)
    with pytest.raises(PermissionDenied):
        services.respond(acting_user=personas["project_leader"], entry=other, text="x")
    login(client, personas, "project_leader")
    response = client.post(f"/evaluation/entries/{other.pk}/responses/", {f"r{other.pk}-text": "x"})
    assert response.status_code == 403
    assert not Response.objects.exists()


@pytest.mark.parametrize(
    "role, status",
    [
        ("evaluator", 403),
        ("auditor", 403),
        ("economist", 403),
        ("outsider", 404),  # no part in the organisation: nothing revealed
        ("other_owner", 404),
    ],
)
def test_others_cannot_respond(client, personas, role, status):
    e = entry(personas, kind="observation")
    with pytest.raises(PermissionDenied):
        services.respond(acting_user=personas[role], entry=e, text="x")
    login(client, personas, role)
    response = client.post(f"/evaluation/entries/{e.pk}/responses/", {f"r{e.pk}-text": "x"})
    assert response.status_code == status
    assert not Response.objects.exists()


def test_a_response_on_the_page_and_a_personnummer_refused(client, personas):
    e = entry(personas)
    login(client, personas, "project_leader")
    url = f"/evaluation/entries/{e.pk}/responses/"
    bad = client.post(
        url,
        {
            f"r{e.pk}-text": f"Eleven {PNR} har fått stöd.",
            f"r{e.pk}-status": "accepted",
            f"r{e.pk}-planned_action": "Rutin från ht",
        },
    )
    assert bad.status_code == 400
    html = bad.content.decode()
    assert "personal identity number" in html
    assert "Rutin från ht" in html  # what was typed is kept
    assert not Response.objects.exists()
    good = client.post(
        url,
        {
            f"r{e.pk}-text": "Vi inför rutinen.",
            f"r{e.pk}-status": "accepted",
            f"r{e.pk}-planned_action": "Rutin från ht",
        },
    )
    assert good.status_code == 302
    r = Response.objects.get()
    assert (r.party, r.status, r.author) == ("project", "accepted", personas["project_leader"])
    assert r.history.get().history_user == personas["project_leader"]


# --- the final report ------------------------------------------------------------------


def test_the_final_report_is_revised_then_marked_final(personas):
    ev = personas["evaluator"]
    p = personas.own_project
    first = services.save_final_report(
        acting_user=ev, project=p, summary="Utkast", conclusions="Preliminärt", date=D(2026, 5, 1)
    )
    second = services.save_final_report(
        acting_user=ev,
        project=p,
        summary="Sammanfattning",
        conclusions="Slutsatser",
        recommendations="Inför i ordinarie verksamhet.",
        date=D(2026, 6, 1),
        final=True,
    )
    assert first.pk == second.pk and FinalReport.objects.count() == 1
    assert second.is_final and second.finalised_at is not None
    history = list(second.history.order_by("history_date"))
    assert [h.summary for h in history] == ["Utkast", "Sammanfattning"]
    assert {h.history_user for h in history} == {ev}
    with pytest.raises(Refused, match="marked final") as refused:
        services.save_final_report(acting_user=ev, project=p, summary="Ny", conclusions="Ny")
    assert refused.value.codes == ["report_final"]
    assert FinalReport.objects.get().summary == "Sammanfattning"


def test_only_the_assigned_evaluator_writes_the_final_report(client, personas):
    for role in ["owner", "project_leader", "auditor", "economist"]:
        with pytest.raises(PermissionDenied):
            services.save_final_report(
                acting_user=personas[role],
                project=personas.own_project,
                summary="x",
                conclusions="y",
            )
    with pytest.raises(PermissionDenied):
        services.save_final_report(
            acting_user=personas["evaluator"],
            project=personas.other_project,
            summary="x",
            conclusions="y",
        )
    login(client, personas, "evaluator")
    url = f"/evaluation/projects/{personas.other_project.pk}/final-report/"
    assert client.post(url, {"final-summary": "x", "final-conclusions": "y"}).status_code == 403
    bad = client.post(
        f"/evaluation/projects/{personas.own_project.pk}/final-report/",
        {"final-summary": "Sammanfattning", "final-conclusions": f"Se {PNR}"},
    )
    assert bad.status_code == 400
    assert list(bad.context["final_form"].errors) == ["conclusions"]
    assert not FinalReport.objects.exists()
    good = client.post(
        f"/evaluation/projects/{personas.own_project.pk}/final-report/",
        {
            "final-summary": "Sammanfattning",
            "final-conclusions": "Slutsatser",
            "final-date": "2026-06-01",
        },
    )
    assert good.status_code == 302
    assert FinalReport.objects.get().history.get().history_user == personas["evaluator"]


# --- accompanying research -------------------------------------------------------------


def test_research_files_are_judged_by_content(personas, media):
    ev = personas["evaluator"]
    p = personas.own_project
    pdf = services.add_research(
        acting_user=ev, project=p, title="Delrapport", uploaded=upload("delrapport.pdf", TINY_PDF)
    )
    xlsx = services.add_research(
        acting_user=personas["owner"],
        project=p,
        title="Data",
        authors="FoU Sydväst",
        uploaded=upload("data.xlsx", xlsx_bytes()),
    )
    assert (pdf.kind, xlsx.kind) == ("pdf", "xlsx")
    assert open(pdf.file.path, "rb").read() == TINY_PDF
    assert xlsx.history.get().history_user == personas["owner"]
    exe = b"MZ\x90\x00" + b"\x00" * 100
    with pytest.raises(Refused) as refused:
        services.add_research(
            acting_user=ev, project=p, title="X", uploaded=upload("virus.pdf", exe)
        )
    assert refused.value.codes == ["attachment_wrong_type"]
    assert list(refused.value.errors) == ["file"]
    assert "virus.pdf is neither a PDF" in refused.value.errors["file"][0]
    with pytest.raises(Refused) as refused:
        services.add_research(acting_user=ev, project=p, title="Inget")
    assert refused.value.codes == ["file_or_reference_required"]
    assert list(refused.value.errors) == ["file"]
    ref = services.add_research(
        acting_user=ev, project=p, title="Följeforskning", reference="https://example.org/rapport"
    )
    assert (ref.kind, ref.file.name, ref.reference_is_url) == ("", "", True)
    assert ResearchAttachment.objects.count() == 3


def test_research_is_attached_by_the_evaluator_or_an_owner_and_read_by_readers(
    client, personas, media
):
    p = personas.own_project
    for role in ["project_leader", "auditor", "economist"]:
        with pytest.raises(PermissionDenied):
            services.add_research(acting_user=personas[role], project=p, title="x", reference="y")
    with pytest.raises(PermissionDenied):
        services.add_research(
            acting_user=personas["evaluator"],
            project=personas.other_project,
            title="x",
            reference="y",
        )
    login(client, personas, "project_leader")
    assert (
        client.post(
            f"/evaluation/projects/{p.pk}/research/",
            {"research-title": "x", "research-reference": "y"},
        ).status_code
        == 403
    )
    login(client, personas, "owner")
    bad = client.post(
        f"/evaluation/projects/{p.pk}/research/",
        {"research-title": "Kod", "research-file": upload("kod.pdf", b"#!/bin/sh\necho hej\n")},
    )
    assert bad.status_code == 400
    assert "kod.pdf is neither a PDF" in bad.content.decode()
    assert not ResearchAttachment.objects.exists()
    good = client.post(
        f"/evaluation/projects/{p.pk}/research/",
        {"research-title": "Delrapport", "research-file": upload("delrapport.pdf", TINY_PDF)},
    )
    assert good.status_code == 302
    item = ResearchAttachment.objects.get()
    url = f"/evaluation/research/{item.pk}/"
    login(client, personas, "auditor")
    download = client.get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == TINY_PDF
    assert 'filename="delrapport.pdf"' in download["Content-Disposition"]
    for role in ["outsider", "other_owner"]:  # no part in the organisation: not revealed
        login(client, personas, role)
        assert client.get(url).status_code == 404
    reference_only = services.add_research(
        acting_user=personas["owner"], project=p, title="Referens", reference="FoU 2025:3"
    )
    login(client, personas, "auditor")
    assert client.get(f"/evaluation/research/{reference_only.pk}/").status_code == 404
    assert client.get("/evaluation/research/999999/").status_code == 404


# --- reading: the page and the API -----------------------------------------------------


def filled(p):
    obs = entry(p, kind="observation", title="Kartläggningar i tid", date=D(2024, 6, 1))
    rec = entry(p, title="Fast överlämning", date=D(2024, 6, 2))
    EvaluationEntry.objects.filter(pk=obs.pk).update(phase="application")
    services.respond(
        acting_user=p["project_leader"],
        entry=rec,
        text="Vi gör så.",
        status="accepted",
        planned_action="Rutin från ht 2024.",
        date=D(2024, 8, 1),
    )
    services.save_final_report(
        acting_user=p["evaluator"],
        project=p.own_project,
        summary="Projektet nådde målgruppen.",
        conclusions="Metoden fungerar.",
        date=D(2026, 6, 1),
    )
    services.add_research(
        acting_user=p["evaluator"],
        project=p.own_project,
        title="Följeforskning: delrapport",
        reference="FoU-rapport 2025:3",
    )
    return obs, rec


@pytest.mark.parametrize("role", ["auditor", "economist", "owner", "project_leader", "evaluator"])
def test_readers_see_the_evaluation_and_only_writers_get_forms(client, personas, role):
    obs, rec = filled(personas)
    login(client, personas, role)
    response = client.get(f"/evaluation/projects/{personas.own_project.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index('id="phase-application"') < html.index('id="phase-implementation"')
    assert html.index("Kartläggningar i tid") < html.index("Fast överlämning")
    assert "Vi gör så." in html and "Rutin från ht 2024." in html
    assert "Projektet nådde målgruppen." in html and "Metoden fungerar." in html
    assert "Följeforskning: delrapport" in html and "FoU-rapport 2025:3" in html
    base = f"/evaluation/projects/{personas.own_project.pk}/"
    writes = {
        "entries": f"{base}entries/" in html,
        "final": "/final-report/" in html,
        "respond": "/responses/" in html,
        "research": f"{base}research/" in html,
    }
    expected = {
        "auditor": set(),
        "economist": set(),
        "owner": {"respond", "research"},
        "project_leader": {"respond"},
        "evaluator": {"entries", "final", "research"},
    }[role]
    assert {k for k, v in writes.items() if v} == expected


@pytest.mark.parametrize(
    "role, project, status",
    [
        ("outsider", "own_project", 404),
        ("other_owner", "own_project", 404),
        ("evaluator", "other_project", 403),
        ("project_leader", "other_project", 403),
    ],
)
def test_the_page_is_closed_to_others(client, personas, role, project, status):
    login(client, personas, role)
    response = client.get(f"/evaluation/projects/{getattr(personas, project).pk}/")
    assert response.status_code == status


def test_the_page_404s_for_a_missing_project_and_sends_the_anonymous_to_log_in(client, personas):
    login(client, personas, "auditor")
    assert client.get("/evaluation/projects/999999/").status_code == 404
    client.logout()
    response = client.get(f"/evaluation/projects/{personas.own_project.pk}/")
    assert response.status_code == 302 and "login" in response.url


def test_the_api_returns_the_evaluation(client, personas):
    obs, rec = filled(personas)
    login(client, personas, "auditor")
    response = client.get(f"/api/v1/projects/{personas.own_project.pk}/evaluation")
    assert response.status_code == 200
    data = response.json()
    assert data["project_id"] == personas.own_project.pk
    assert [(e["phase"], e["kind"], e["title"], e["status"]) for e in data["entries"]] == [
        ("application", "observation", "Kartläggningar i tid", ""),
        ("implementation", "recommendation", "Fast överlämning", "accepted"),
    ]
    assert data["entries"][1]["responses"] == [
        {
            "id": Response.objects.get().pk,
            "party": "project",
            "author": "project_leader",
            "date": "2024-08-01",
            "text": "Vi gör så.",
            "status": "accepted",
            "planned_action": "Rutin från ht 2024.",
        }
    ]
    final = data["final_report"]
    assert (final["summary"], final["date"], final["author"], final["is_final"]) == (
        "Projektet nådde målgruppen.",
        "2026-06-01",
        "evaluator",
        False,
    )
    assert [
        (a["title"], a["reference"], a["kind"], a["download_url"]) for a in data["research"]
    ] == [("Följeforskning: delrapport", "FoU-rapport 2025:3", "", None)]


@pytest.mark.parametrize(
    "role, project, status",
    [
        ("outsider", "own_project", 404),
        ("other_owner", "own_project", 404),
        ("evaluator", "other_project", 403),
        ("evaluator", "own_project", 200),
        ("economist", "own_project", 200),
    ],
)
def test_the_api_hides_the_evaluation_from_others(client, personas, role, project, status):
    login(client, personas, role)
    response = client.get(f"/api/v1/projects/{getattr(personas, project).pk}/evaluation")
    assert response.status_code == status


# --- the report section ----------------------------------------------------------------


def test_the_report_section(personas):
    p = personas
    filled(p)
    second = entry(p, title="Följ upp per kohort", date=D(2025, 2, 1))
    entry(p, kind="observation", title="Bra följsamhet", date=D(2025, 2, 2))
    services.respond(
        acting_user=p["project_leader"], entry=second, text="Ja", status="partly",
        planned_action="Per kohort från vt 2025.",
    )  # fmt: skip
    services.respond(acting_user=p["owner"], entry=second, text="Nej", status="not_accepted")
    s = report.section(p.own_project)
    assert s.key == "evaluation"
    phases, recs, research = s.tables
    assert phases.rows == [["Application", 1, 0], ["Implementation", 1, 2], ["Total", 2, 2]]
    assert recs.rows == [
        [D(2024, 6, 2), "Implementation", "Fast överlämning", "✓ Accepted",
         "The project: Rutin från ht 2024."],
        [D(2025, 2, 1), "Implementation", "Följ upp per kohort", "✗ Not accepted",
         "The project: Per kohort från vt 2025."],
    ]  # fmt: skip
    facts = dict(s.facts)
    assert facts["Summary"] == "Projektet nådde målgruppen."
    assert facts["Conclusions"] == "Metoden fungerar."
    assert facts["Final report"] == "Draft: may still be revised"
    assert research.rows == [["Följeforskning: delrapport", "", "FoU-rapport 2025:3"]]
    assert section_json(s)["key"] == "evaluation"


def test_the_report_section_of_a_project_without_evaluation(personas):
    s = report.section(personas.other_project)
    assert s.tables[0].rows == [] and s.tables[1].rows == []
    assert s.paragraphs == ["No final report has been written yet."]


# --- the demo --------------------------------------------------------------------------


def test_demo(personas):
    from socinv.demo import Demo
    from socinv.evaluation import demo

    fund = personas.fund
    aterfall = Project.objects.create(fund=fund, title="Unga vägen ut", phase="closing")
    from socinv.projects.models import ProjectMember

    ProjectMember.objects.create(project=aterfall, user=personas["evaluator"], role="evaluator")
    projects = {"skolstod": personas.own_project, "aterfall": aterfall}
    users = {
        "utvarderare": personas["evaluator"],
        "projektledare": personas["project_leader"],
        "agare": personas["owner"],
    }
    demo.load(Demo(personas.organisation, fund, {}, users, projects))
    skol = selectors.evaluation_of(personas.own_project)
    assert [g.phase for g in skol.phases] == ["implementation"]
    assert len(skol.entries) == 3 and len(skol.recommendations) == 2
    parties = sorted(r.party for e in skol.entries for r in e.responses.all())
    assert parties == ["owners", "project", "project"]
    ater = selectors.evaluation_of(aterfall)
    assert [g.phase for g in ater.phases] == ["implementation", "closing"]
    assert ater.final_report.is_final and "Kriminalvården" in ater.final_report.conclusions
    assert ater.final_report.history.count() == 2
    assert [a.title for a in ater.research] == ["Följeforskning: Unga vägen ut – delrapport"]
