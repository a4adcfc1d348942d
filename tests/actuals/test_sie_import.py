"""The import of actual costs from SIE 4 files (socinv sie import, the upload page): the
real sample files import or are refused with the right message, nothing is stored on error,
the same file is refused twice, and the permission is checked by the service."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from socinv.actuals.imports import import_actuals
from socinv.actuals.models import ActualCost, SieImport
from socinv.actuals.selectors import project_years
from socinv.cli.main import main
from socinv.projects.models import Project

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sie"


def _import(personas, name: str, *, dry_run=False, user="economist", data=None):
    return import_actuals(
        acting_user=personas[user],
        fund=personas.fund,
        data=(FIXTURES / name).read_bytes() if data is None else data,
        filename=name,
        dry_run=dry_run,
    )


def _code(project: Project, code: str) -> Project:
    project.code = code
    project.full_clean()
    project.save()
    return project


# file -> (the project code to give the fund's project, the sum stored in öre or the code
# of the one problem, the warnings' codes)
CASES = {
    "transaktioner_ovnbolag.se": ("0001", "stored", ["balance_accounts"]),
    "SIE4_Exempelfil_med_underdim.SE": (
        "0001",
        "stored",
        ["encoding_fallback", "replacement_characters", "unknown_project_codes"],
    ),
    "visma_anlaggningsregister_SIE4.si": ("0015", "stored", ["unknown_project_codes"]),
    "SIE_test_av_KST_projekt_Testbolaget.SE": (
        "1234567891234567",
        "stored",
        ["unknown_project_codes"],
    ),
    "LON Lönekörning.SI": ("5200", "stored", ["unknown_project_codes"]),
    "transaktioner_ovnbolag-bad-balance.se": ("0001", "unbalanced", []),
    "e-conomic_SIE4.se": ("102", "missing_open_brace", []),
    "BokSald.SE": ("0001", "not_sie", []),
    "BLBLOV_SIE4_ISO_8859_15.SE": ("0001", "no_project_rows", ["encoding_fallback"]),
    "Quotes_test.si": ("0001", "no_project_rows", ["encoding_fallback"]),
    "norstedts_bokslut_SIE4E.se": ("0001", "no_project_rows", []),
    "Exempelbolaget_SIE_110322_B_33.si": ("0001", "no_project_rows", []),
    "BL0001_typ4.SE": ("1010", "stored", ["unknown_project_codes"]),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_real_sample_file_imports_or_is_refused_with_its_reason(personas, name):
    code, outcome, warnings = CASES[name]
    project = _code(personas.own_project, code)
    report = _import(personas, name)
    assert [w.code for w in report.warnings] == warnings
    if outcome == "stored":
        assert report.ok, report.lines("en")
        stored = ActualCost.objects.filter(project=project)
        assert stored.count() == report.stored > 0
        assert SieImport.objects.get(fund=personas.fund).rows == report.stored
    else:
        assert [p.code for p in report.problems] == [outcome]
        assert not ActualCost.objects.exists() and not SieImport.objects.exists()


def test_the_unbalanced_voucher_is_named_in_swedish(personas):
    _code(personas.own_project, "0001")
    report = _import(personas, "transaktioner_ovnbolag-bad-balance.se")
    (text,) = [p.text("sv") for p in report.problems]
    assert text == (
        "rad 3905: Verifikation B 1 balanserar inte: raderna summerar till -12771.00, inte 0.00."
    )
    assert report.lines("sv")[0].startswith("Filen avvisades: 1 problem. Ingenting har sparats.")
    # the corrected file then imports: the refused one was not recorded as imported
    assert _import(personas, "transaktioner_ovnbolag.se").ok


def test_the_sums_per_project_account_and_month(personas):
    project = _code(personas.own_project, "0015")
    report = _import(personas, "visma_anlaggningsregister_SIE4.si")
    assert report.ok
    (cost,) = ActualCost.objects.filter(project=project)
    # #TRANS 7813 {1 "Nord" 6 "0015"} 2500.00 in #VER of 20101231
    assert (cost.account, cost.month, cost.amount_ore) == (
        "7813",
        datetime.date(2010, 12, 1),
        250_000,
    )
    unknown = report.warnings[0].text("sv")
    assert "0001, 0002, 0009" in unknown and "0015" not in unknown
    assert [(r.year, r.actual_ore) for r in project_years(project)] == [(2010, 250_000)]


def test_the_same_file_twice_and_a_dry_run(personas):
    _code(personas.own_project, "0001")
    dry = _import(personas, "transaktioner_ovnbolag.se", dry_run=True)
    assert dry.ok and dry.rows > 0 and not ActualCost.objects.exists()
    assert _import(personas, "transaktioner_ovnbolag.se").ok
    stored = ActualCost.objects.count()
    again = _import(personas, "transaktioner_ovnbolag.se")
    assert [p.code for p in again.problems] == ["already_imported"]
    assert "economist" in again.problems[0].text("sv")
    assert ActualCost.objects.count() == stored


def test_a_month_already_imported_from_another_file_is_refused(personas):
    _code(personas.own_project, "0001")
    data = (FIXTURES / "transaktioner_ovnbolag.se").read_bytes()
    assert _import(personas, "a.se", data=data).ok
    changed = data.replace(b"#GEN", b"#PROSA Kopia\n#GEN", 1)  # another file, the same rows
    report = _import(personas, "b.se", data=changed)
    assert report.problems and {p.code for p in report.problems} == {"month_already_imported"}
    assert SieImport.objects.count() == 1


def test_a_personnummer_refuses_the_file_and_is_never_quoted(personas):
    _code(personas.own_project, "P1")
    data = (
        '#FLAGGA 0\n#SIETYP 4\n#VER A 1 20260131 "Lön 19121212-1212"\n{\n'
        '#TRANS 5010 {6 "P1"} 100.00\n#TRANS 2440 {} -100.00\n}\n'
    ).encode("cp437")
    report = _import(personas, "lon.se", data=data)
    assert [p.code for p in report.problems] == ["personal_number"]
    assert "1212" not in " ".join(report.lines("sv"))
    assert not SieImport.objects.exists()


def test_only_the_owner_and_the_economist_import(personas):
    _code(personas.own_project, "0001")
    for role in ("project_leader", "auditor", "administrator", "other_owner"):
        with pytest.raises(PermissionDenied):
            _import(personas, "transaktioner_ovnbolag.se", user=role)
    assert _import(personas, "transaktioner_ovnbolag.se", user="owner").ok


def test_the_command_line_exit_codes(personas, capsys, tmp_path):
    _code(personas.own_project, "0001")
    bad = tmp_path / "transaktioner_ovnbolag-bad-balance.se"
    shutil.copy(FIXTURES / bad.name, bad)
    args = ["sie", "import", str(bad), "--fund", str(personas.fund.pk), "--user", "economist"]
    assert main(args) == 2
    assert "Verifikation B 1 balanserar inte" in capsys.readouterr().out
    good = str(FIXTURES / "transaktioner_ovnbolag.se")
    assert (
        main(
            [
                "sie",
                "import",
                good,
                "--fund",
                str(personas.fund.pk),
                "--user",
                "economist",
                "--dry-run",
            ]
        )
        == 0
    )
    assert "Provkörning" in capsys.readouterr().out and not ActualCost.objects.exists()
    assert main(["sie", "import", good, "--fund", str(personas.fund.pk), "--user", "nobody"]) == 1


def test_the_upload_page_and_the_project_page(personas):
    project = _code(personas.own_project, "0015")
    client = Client()
    client.force_login(personas["economist"])
    page = client.get(reverse("actuals:fund", args=[personas.fund.pk]))
    assert page.status_code == 200 and "Importera utfall" in page.content.decode()
    upload = SimpleUploadedFile(
        "Anläggningsregister.si", (FIXTURES / "visma_anlaggningsregister_SIE4.si").read_bytes()
    )
    response = client.post(reverse("actuals:import", args=[personas.fund.pk]), {"file": upload})
    text = response.content.decode()
    assert response.status_code == 200, text
    assert "Sparade summor av utfall: 1." in text
    shown = client.get(reverse("projects:project", args=[project.pk])).content.decode()
    assert "Budget mot utfall" in shown and "2\u00a0500\u00a0kr" in shown
    bad = SimpleUploadedFile("BokSald.SE", (FIXTURES / "BokSald.SE").read_bytes())
    refused = client.post(reverse("actuals:import", args=[personas.fund.pk]), {"file": bad})
    assert refused.status_code == 422 and "inte en SIE-fil" in refused.content.decode()
    leader = Client()
    leader.force_login(personas["project_leader"])
    assert leader.post(reverse("actuals:import", args=[personas.fund.pk])).status_code in (403, 404)
