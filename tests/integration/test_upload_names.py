"""A personnummer in an uploaded file's NAME (not its content) is refused before anything
is written: no file in the media directory (which the backups keep), no row, the page
answers with a Swedish refusal (never a 500), and the message never quotes the name. The
same for an application's attachment, accompanying research and a measurements file (the
page, the API and the command line); a name beyond ``MAX_FILE_NAME`` is refused, not cut.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from tests.applications.application_helpers import idea

from socinv.applications import services as applications
from socinv.applications.models import Attachment, Indicator
from socinv.cli.main import main
from socinv.core.limits import MAX_FILE_NAME
from socinv.core.problems import Refused
from socinv.evaluation import services as evaluation
from socinv.evaluation.models import ResearchAttachment
from socinv.followup.models import ImportBatch, Measurement
from socinv.followup.services import import_measurements
from socinv.web.refusals import file_name

pytestmark = pytest.mark.django_db

PNR_NAME = "19121212-1212.pdf"  # Tolvan Tolvansson's personnummer
DIGITS = "121212"
SWEDISH = "Filnamnet innehåller ett personnummer"
TINY_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
CSV = b"indikator,period,v\xc3\xa4rde\nAndel,2026,0.5\n"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def pdf(name: str = PNR_NAME) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, TINY_PDF, content_type="application/pdf")


def test_the_helper_refuses_a_personnummer_and_a_name_too_long_without_quoting_it():
    (refusal,) = file_name(PNR_NAME)
    assert (refusal.code, refusal.field) == ("personal_number", "file")
    assert DIGITS not in refusal.message
    (long,) = file_name("a" * (MAX_FILE_NAME - 3) + ".pdf")
    assert (long.code, long.field) == ("max_length", "file")
    assert file_name("a" * (MAX_FILE_NAME - 4) + ".pdf") == []
    assert file_name("plan.pdf") == []


def test_an_attachment_named_with_a_personnummer_leaves_no_file(personas, media):
    application = idea(personas)
    with pytest.raises(Refused) as refused:
        applications.add_attachment(
            application, acting_user=personas["project_leader"], uploaded=pdf()
        )
    assert [(r.code, r.field) for r in refused.value.refusals] == [("personal_number", "file")]
    assert stored_files(media) == []
    assert not Attachment.objects.exists()
    client = Client()
    client.force_login(personas["project_leader"])
    response = client.post(
        reverse("applications:add_attachment", args=[application.pk]),
        {"file": pdf()},
        follow=True,
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert SWEDISH in page and DIGITS not in page
    assert stored_files(media) == []
    assert not Attachment.objects.exists()
    applications.add_attachment(
        application, acting_user=personas["project_leader"], uploaded=pdf("plan.pdf")
    )
    assert [p.name for p in stored_files(media)] == ["plan.pdf"]


def test_research_named_with_a_personnummer_leaves_no_file(personas, media):
    project = personas.own_project
    with pytest.raises(Refused) as refused:
        evaluation.add_research(
            acting_user=personas["evaluator"], project=project, title="Delrapport", uploaded=pdf()
        )
    assert refused.value.codes == ["personal_number"]
    assert list(refused.value.errors) == ["file"]
    client = Client()
    client.force_login(personas["owner"])
    response = client.post(
        f"/evaluation/projects/{project.pk}/research/",
        {"research-title": "Delrapport", "research-file": pdf()},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert SWEDISH in page and DIGITS not in page
    assert stored_files(media) == []
    assert not ResearchAttachment.objects.exists()


def measurements_project(p):
    Indicator.objects.create(
        project=p.own_project,
        level="outcomes",
        name="Andel",
        direction="higher",
        baseline_value=0.4,
        baseline_date=datetime.date(2025, 6, 30),
        target_value=0.9,
    )
    return p.own_project


def test_a_measurements_file_named_with_a_personnummer_is_refused_on_every_door(
    personas, tmp_path, capsys
):
    project = measurements_project(personas)
    name = "19121212-1212.csv"
    client = Client()
    client.force_login(personas["project_leader"])
    page = client.post(
        reverse("followup:import", args=[project.pk]),
        {"file": SimpleUploadedFile(name, CSV)},
    )
    assert page.status_code == 422
    body = page.content.decode()
    assert SWEDISH in body and DIGITS not in body
    assert 'class="error-summary"' in body
    with pytest.raises(Refused) as refused:
        import_measurements(
            acting_user=personas["project_leader"], project=project, data=CSV, filename=name
        )
    assert [(r.code, r.field) for r in refused.value.refusals] == [("personal_number", "file")]
    with pytest.raises(Refused) as refused:
        import_measurements(
            acting_user=personas["project_leader"],
            project=project,
            data=CSV,
            filename="m" * MAX_FILE_NAME + ".csv",
        )
    assert refused.value.codes == ["max_length"]
    path = tmp_path / name
    path.write_bytes(CSV)
    argv = ["import", "measurements", str(path), "--project", str(project.pk)]
    assert main([*argv, "--user", "project_leader"]) == 2
    out = capsys.readouterr().out
    assert SWEDISH in out and DIGITS not in out
    assert not ImportBatch.objects.exists() and not Measurement.objects.exists()
    # the same content under a plain name is stored
    report = import_measurements(
        acting_user=personas["project_leader"], project=project, data=CSV, filename="m.csv"
    )
    assert report.ok and report.stored == 1


def test_the_api_answers_422_naming_the_file(personas):
    from socinv.api.services import create_token

    project = measurements_project(personas)
    _t, plain = create_token(acting_user=None, user=personas["project_leader"], name="test")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {plain}")
    response = client.post(
        f"/api/v1/projects/{project.pk}/measurements/import",
        {"file": SimpleUploadedFile("19121212-1212.csv", CSV)},
    )
    assert response.status_code == 422
    (error,) = response.json()["errors"]
    assert (error["field"], error["code"]) == ("file", "personal_number")
    assert DIGITS not in error["message"]
    assert not ImportBatch.objects.exists()
