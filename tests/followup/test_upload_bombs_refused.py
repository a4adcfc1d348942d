"""A zip bomb is refused at every door of the measurement import before it is parsed
(issue 11, finding 2): the command line, the page, stored nothing."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from tests.zipbombs import huge_cell_xlsx

from socinv.followup.models import ImportBatch, Measurement

pytestmark = pytest.mark.django_db


def test_the_command_line_refuses_a_zip_bomb(personas, tmp_path, capsys):
    bomb = huge_cell_xlsx(tmp_path / "bomb.xlsx", 50 * 1024 * 1024)
    with pytest.raises(CommandError) as error:
        call_command(
            "import_measurements", str(bomb), project=personas.own_project.pk, user="owner"
        )
    assert error.value.returncode == 2
    out = capsys.readouterr().out
    assert "ser ut som en zipbomb och lästes inte" in out
    assert Measurement.objects.count() == 0 and ImportBatch.objects.count() == 0


def test_the_import_page_refuses_a_zip_bomb(client, personas, tmp_path):
    bomb = huge_cell_xlsx(tmp_path / "bomb.xlsx").read_bytes()  # 300 MB in 300 KB
    client.force_login(personas["owner"])
    response = client.post(
        reverse("followup:import", args=[personas.own_project.pk]),
        {"file": SimpleUploadedFile("m.xlsx", bomb)},
    )
    assert "Filen packas upp till mer än 100 MB" in response.content.decode().replace("\u00a0", " ")
    assert Measurement.objects.count() == 0
