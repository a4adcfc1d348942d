"""The follow-up API: measurements per indicator, and the import (200 stored, 422
refused), with the permission rules (404 other organisation, 403 no right)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from socinv.api.services import create_token
from socinv.applications.models import Indicator
from socinv.followup.models import ImportBatch, Measurement

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent.parent / "fixtures" / "measurements"
SHARE = "Andel elever med gymnasiebehörighet"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def as_(user):
    client = Client()
    _t, plain = create_token(acting_user=None, user=user, name="test")
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {plain}"
    return client


def setup(project):
    share = Indicator.objects.create(
        project=project,
        level="outcomes",
        name=SHARE,
        unit="andel",
        direction="higher",
        baseline_value=0.70,
        baseline_date=datetime.date(2025, 6, 30),
        target_value=0.90,
    )
    placements = Indicator.objects.create(
        project=project, level="outputs", name="Antal placeringar", direction="lower"
    )
    return share, placements


def upload(client, project, name="comma_utf8.csv", **form):
    data = {"file": SimpleUploadedFile(name, (FIXTURES / name).read_bytes()), **form}
    return client.post(f"/api/v1/projects/{project.pk}/measurements/import", data)


def test_import_then_read(personas):
    share, placements = setup(personas.own_project)
    client = as_(personas["project_leader"])
    dry = upload(client, personas.own_project, dry_run="true")
    assert dry.status_code == 200, dry.content
    assert dry.json()["dry_run"] and dry.json()["rows"] == 3 and dry.json()["stored"] == 0
    assert Measurement.objects.count() == 0
    response = upload(client, personas.own_project)
    assert response.status_code == 200
    body = response.json()
    assert body["ok"] and body["stored"] == 3 and body["problems"] == [] and body["format"] == "csv"
    assert len(body["fingerprint"]) == 64

    response = as_(personas["auditor"]).get(
        f"/api/v1/projects/{personas.own_project.pk}/measurements"
    )
    assert response.status_code == 200
    by_name = {i["name"]: i for i in response.json()}
    s = by_name[SHARE]
    assert (s["level"], s["unit"], s["direction"]) == ("outcomes", "andel", "higher")
    assert (s["baseline_value"], s["target_value"]) == (0.70, 0.90)
    # latest 0.84: (0.84 - 0.70) / (0.90 - 0.70) = 0.7 of the way -> at risk
    assert s["status"] == "at_risk" and s["latest_period"] == "2026-Q2"
    assert s["change"] == pytest.approx(0.14)
    assert [(m["period"], m["value"], m["status"]) for m in s["measurements"]] == [
        ("2026-Q1", 0.82, "at_risk"),  # 0.6 of the way
        ("2026-Q2", 0.84, "at_risk"),
    ]
    assert s["measurements"][0]["reported_by"] == "project_leader"
    assert s["measurements"][0]["import_id"] == ImportBatch.objects.get().pk
    # DiD = (0.84 - 0.82) - (0.76 - 0.75) = 0.01, sizes 120 and 118 assumed for both groups
    did = s["difference_in_differences"]
    assert did["estimate"] == pytest.approx(0.01) and did["group_sizes"] == "assumed"
    assert by_name["Antal placeringar"]["status"] is None


def test_refused_file_is_422_with_rows_and_columns(personas):
    setup(personas.own_project)
    client = as_(personas["economist"])
    response = upload(client, personas.own_project, name="bad_text_in_number.csv")
    assert response.status_code == 422
    body = response.json()
    assert not body["ok"] and body["stored"] == 0
    assert [(p["code"], p["row"], p["column"]) for p in body["problems"]] == [
        ("not_a_number", 3, "värde"),
        ("not_a_number", 4, "antal"),
    ]
    assert "tolv" in body["problems"][0]["message"]
    assert body["errors"][0]["field"] == "row 3" and body["errors"][0]["code"] == "not_a_number"
    response = upload(client, personas.own_project, name="personnummer_in_comment_sv_cp1252.csv")
    assert response.status_code == 422
    assert response.json()["refused_for_personal_number"]
    assert b"121212" not in response.content
    assert Measurement.objects.count() == 0 and ImportBatch.objects.count() == 0


@pytest.mark.parametrize(
    "role, read, write",
    [
        ("owner", 200, 200),
        ("economist", 200, 200),
        ("project_leader", 200, 200),
        ("evaluator", 200, 403),
        ("auditor", 200, 403),
        ("other_owner", 404, 404),
        ("outsider", 404, 404),
    ],
)
def test_permissions(personas, role, read, write):
    setup(personas.own_project)
    client = as_(personas[role])
    pk = personas.own_project.pk
    assert client.get(f"/api/v1/projects/{pk}/measurements").status_code == read
    assert upload(client, personas.own_project).status_code == write
    assert Measurement.objects.count() == (3 if write == 200 else 0)


def test_leader_of_another_project_and_anonymous(personas):
    setup(personas.other_project)
    response = upload(as_(personas["project_leader"]), personas.other_project)
    assert response.status_code == 403  # a member of the organisation: 403, not 404
    assert (
        Client().get(f"/api/v1/projects/{personas.own_project.pk}/measurements").status_code == 401
    )
    assert Measurement.objects.count() == 0
