"""The calculation editor at /calculation/projects/<pk>/: who may look and change, the
structured form validated by the engine, live results, TOML import and export, xlsx."""

from __future__ import annotations

import io
import json
import tomllib
import zipfile

import pytest
from django.urls import reverse

from socinv.core.calc import calculate, from_dict, parse

pytestmark = pytest.mark.django_db

VIEWERS = ["administrator", "owner", "economist", "auditor", "project_leader", "evaluator"]
EDITORS = ["owner", "economist", "project_leader"]
NOBODY = ["outsider", "other_owner", "external"]


def editor_url(project):
    return reverse("calculation:editor", args=[project.pk])


def form_post(**overrides):
    """A complete, valid form (two municipal boards), as the browser posts it."""
    data = {
        "name": "Skolstöd",
        "start_year": "2026",
        "horizon": "8",
        "discount_rate": "3,5",  # percent in the form, a fraction in the engine
        "success_probability": "60",
        "participants": "20, 20, 20",
        "stakeholders": ["kommun/socialnamnd", "kommun/utbildningsnamnd"],
        "costs.count": "1",
        "costs[0].label": "Specialpedagog",
        "costs[0].stakeholder": "kommun/socialnamnd",
        "costs[0].years": "2026, 2027, 2028",  # calendar years
        "costs[0].amount.dist": "fixed",
        "costs[0].amount": "900 000",
        "costs[0].amount_per_participant.dist": "fixed",
        "costs[0].amount_per_participant": "",
        "outcomes.count": "1",
        "outcomes[0].label": "Undvikt sammanbrott",
        "outcomes[0].effect": "pair",
        "outcomes[0].baseline_rate.dist": "fixed",
        "outcomes[0].baseline_rate": "25",
        "outcomes[0].relative_effect.dist": "normal",
        "outcomes[0].relative_effect.normal.mean": "30",
        "outcomes[0].relative_effect.normal.sd": "15",
        "outcomes[0].relative_effect.normal.min": "0",
        "outcomes[0].relative_effect.normal.max": "100",
        "outcomes[0].lag": "1",
        "outcomes[0].duration": "2",
        "outcomes[0].drop_off.dist": "fixed",
        "outcomes[0].drop_off": "20",
        "outcomes[0].values.count": "1",
        "outcomes[0].values[0].stakeholder": "kommun/socialnamnd",
        "outcomes[0].values[0].amount.dist": "triangular",
        "outcomes[0].values[0].amount.triangular.low": "900000",
        "outcomes[0].values[0].amount.triangular.mode": "1 100 000",
        "outcomes[0].values[0].amount.triangular.high": "1300000",
        "outcomes[0].values[0].amount.uniform.low": "",  # hidden, but posted by browsers
        "outcomes[0].values[0].amount.uniform.high": "",
        "outcomes[0].values[0].kind": "resource",
        "repayment.enabled": "1",
        "repayment.stakeholder": "kommun/socialnamnd",
        "repayment.method": "savings",
        "repayment.amount": "2700000",
        "repayment.internal_rate": "2",
    }
    data.update(overrides)
    return data


def posted_form(page: str) -> dict[str, list[str]]:
    """What a browser posts for the editor form as rendered (successful controls)."""
    import html
    import re

    start = page.index('id="calc-form"')
    form = page[start : page.index("</form>", start)]
    post: dict[str, list[str]] = {}
    for m in re.finditer(r"<input ([^>]*)>", form):
        attrs = dict(re.findall(r'([\w-]+)="([^"]*)"', m.group(1)))
        name = attrs.get("name")
        if not name or attrs.get("type") == "file":
            continue
        if attrs.get("type") in ("checkbox", "radio") and " checked" not in m.group(1):
            continue
        post.setdefault(name, []).append(attrs.get("value", ""))
    for m in re.finditer(r'<select [^>]*name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        sel = re.search(r'<option value="([^"]*)" selected>', m.group(2))
        post[m.group(1)] = [sel.group(1) if sel else ""]
    return {k: [html.unescape(x) for x in v] for k, v in post.items()}


def test_the_rendered_form_posts_back_the_same_calculation(client, personas):
    client.force_login(personas["economist"])
    project = personas.own_project
    client.post(editor_url(project), form_post())
    project.refresh_from_db()
    first = project.calculation_toml
    post = posted_form(client.get(editor_url(project)).content.decode())
    post["action"] = ["save"]
    assert client.post(editor_url(project), post).status_code == 302
    project.refresh_from_db()
    assert tomllib.loads(project.calculation_toml) == tomllib.loads(first)
    assert tomllib.loads(first)["outcomes"][0]["values"][0]["amount"] == {
        "dist": "triangular",
        "low": 900000,
        "mode": 1100000,
        "high": 1300000,
    }


# -- permissions -----------------------------------------------------------------------------
@pytest.mark.parametrize("role", VIEWERS)
def test_it_shows_the_editor_to_those_who_may_see_the_project(client, personas, role):
    client.force_login(personas[role])
    response = client.get(editor_url(personas.own_project))
    assert response.status_code == 200
    may_edit = role in EDITORS
    assert ('name="action" value="save"' in response.content.decode()) is may_edit


@pytest.mark.parametrize("role", NOBODY)
def test_it_refuses_the_editor_to_others(client, personas, role):
    client.force_login(personas[role])
    # no part in the organisation: nothing is revealed (404); a member without the right: 403
    expected = 403 if role == "external" else 404
    assert client.get(editor_url(personas.own_project)).status_code == expected


def test_it_sends_anonymous_users_to_the_login_page(client, personas):
    response = client.get(editor_url(personas.own_project))
    assert response.status_code == 302


@pytest.mark.parametrize("role", ["administrator", "auditor", "evaluator"])
def test_it_refuses_saving_to_read_only_roles(client, personas, role):
    client.force_login(personas[role])
    response = client.post(editor_url(personas.own_project), form_post())
    assert response.status_code == 403
    personas.own_project.refresh_from_db()
    assert personas.own_project.calculation_toml == ""


def test_an_applicant_may_edit_only_in_the_application_phase(client, personas):
    client.force_login(personas["external"])
    response = client.get(editor_url(personas.application))
    assert 'value="save"' in response.content.decode()


@pytest.mark.parametrize(("role", "status"), [("auditor", 403), ("outsider", 404)])
def test_it_refuses_import_without_the_change_permission(
    client, personas, role, status, skolstod_text
):
    client.force_login(personas[role])
    url = reverse("calculation:import", args=[personas.own_project.pk])
    assert client.post(url, {"toml_text": skolstod_text}).status_code == status


# -- the structured form -------------------------------------------------------------------------
def test_a_valid_form_stores_toml_and_the_engines_results(client, personas):
    client.force_login(personas["economist"])
    project = personas.own_project
    response = client.post(editor_url(project), form_post())
    assert response.status_code == 302
    project.refresh_from_db()
    calc = parse(project.calculation_toml)
    # stored with the fund's Monte Carlo run (default 10 000 draws, seed 1) and the tornado
    expected = calculate(calc, draws=10_000, seed=1, sensitivity=True)
    assert project.calculation_result == json.loads(json.dumps(expected))
    data = tomllib.loads(project.calculation_toml)
    assert data["discount_rate"] == 0.035
    assert data["costs"][0]["amount"] == 900000
    assert data["outcomes"][0]["relative_effect"] == {
        "dist": "normal",
        "mean": 0.3,
        "sd": 0.15,
        "min": 0,
        "max": 1,
    }
    assert data["stakeholders"][0]["name"] == "Socialnämnden"
    assert project.success_probability == 0.6
    # the page shows it again
    page = client.get(editor_url(project)).content.decode()
    assert 'value="Specialpedagog"' in page
    assert "results-table" in page


def test_an_invalid_form_keeps_every_field_and_shows_the_engines_messages(client, personas):
    client.force_login(personas["project_leader"])
    project = personas.own_project
    post = form_post(
        **{
            "discount_rate": "fyra",
            "outcomes[0].baseline_rate": "130",  # percent
            "outcomes[0].relative_effect.normal.sd": "-1",
            "costs[0].years": "2026, 2035",  # calendar years; the horizon ends in 2033
        }
    )
    response = client.post(editor_url(project), post)
    assert response.status_code == 400
    page = response.content.decode()
    # the engine's problems, each naming the field as the form shows it, in the form's units
    # and the page's language (Swedish), the engine's path only as a detail
    for message in (
        "Diskonteringsränta (%): måste vara ett tal, fick &#x27;fyra&#x27;",
        "Effekt 1, Basnivå, andel utan insats (%): måste vara mellan 0 och 100 %, fick 130\xa0%",
        "Effekt 1, Relativ effekt (%), Standardavvikelse: får inte vara negativt, fick \u22121\xa0%",
        "Kostnad 1, År: 2035 ligger utanför kalkylens år (2026–2033)",
        "<code>outcomes[0].baseline_rate</code>",
        "<code>costs[0].years[1]</code>",
    ):
        assert message in page, message
    # every typed value is still there, numbers in Swedish format
    for value in ('value="fyra"', 'value="130"', 'value="\u22121"', 'value="2026, 2035"'):
        assert value in page, value
    assert 'value="Skolstöd"' in page
    # errors sit next to their fields, linked by aria-describedby
    assert 'id="f-discount_rate-error"' in page
    assert 'aria-describedby="f-discount_rate-help f-discount_rate-error"' in page
    assert 'id="f-outcomes-0--relative_effect-sd-normal-error"' in page
    assert 'href="#f-costs-0--years"' in page
    project.refresh_from_db()
    assert project.calculation_toml == ""


def test_it_validates_with_the_engine_not_a_copy(personas):
    """The form's mapping is exactly what from_dict accepts."""
    from django.http import QueryDict

    from socinv.calculation.editor import build_data
    from socinv.calculation.views import catalogue_of

    q = QueryDict(mutable=True)
    for k, v in form_post().items():
        q.setlist(k, v if isinstance(v, list) else [v])
    data = build_data(q, catalogue_of(personas.own_project))
    calc = from_dict(data)
    assert calc.repayment.amount == 2700000
    assert [s.id for s in calc.stakeholders] == ["kommun/socialnamnd", "kommun/utbildningsnamnd"]


def test_it_adds_and_removes_rows_without_saving(client, personas):
    client.force_login(personas["owner"])
    project = personas.own_project
    page = client.post(editor_url(project), form_post(action="add:costs")).content.decode()
    assert 'name="costs[1].label"' in page
    page = client.post(editor_url(project), form_post(action="remove:outcomes[0]")).content.decode()
    assert 'name="outcomes[0].label"' not in page
    project.refresh_from_db()
    assert project.calculation_toml == ""


# -- live results ------------------------------------------------------------------------------
def test_live_results_show_perspectives_probabilities_and_charts(client, personas):
    client.force_login(personas["economist"])
    url = reverse("calculation:results", args=[personas.own_project.pk])
    response = client.post(url, form_post(), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<html" not in page  # a fragment
    # the charts as images (an inline <svg> would need inline styles under the CSP)
    # the cumulative chart, the histogram and one tornado per perspective
    assert page.count('<img class="chart" src="data:image/svg+xml;base64,') == 5
    assert "<svg" not in page
    assert "results-table" in page and "cumulative-table" in page and "histogram-table" in page
    for p in ("municipal", "public", "societal"):
        assert f'id="tornado-table-{p}"' in page
    assert "2\u00a0000 simulerade dragningar" in page
    assert "Återföring till fonden" in page


def test_live_results_list_the_problems_of_an_invalid_form(client, personas):
    client.force_login(personas["economist"])
    url = reverse("calculation:results", args=[personas.own_project.pk])
    page = client.post(url, form_post(horizon="")).content.decode()
    assert "Tidshorisont (år): måste fyllas i" in page
    assert "<code>horizon</code>" in page
    assert 'class="chart"' not in page


# -- import and export -------------------------------------------------------------------------
def test_import_export_round_trip_with_the_worked_example(
    client, personas, catalogue, skolstod_text, tmp_path, capsys
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from socinv.cli.main import main

    client.force_login(personas["economist"])
    project = personas.own_project
    upload = SimpleUploadedFile("skolstod.toml", skolstod_text.encode(), "application/toml")
    response = client.post(reverse("calculation:import", args=[project.pk]), {"toml_file": upload})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.calculation_toml == skolstod_text
    assert project.calculation_result["perspectives"]["municipal"]["npv"] == pytest.approx(
        5_606_960.89, abs=0.01
    )

    exported = client.get(reverse("calculation:export_toml", args=[project.pk]))
    assert exported.status_code == 200
    assert "attachment" in exported["Content-Disposition"]
    path = tmp_path / "export.toml"
    path.write_bytes(exported.content)
    capsys.readouterr()
    assert main(["calc", str(path), "--json"]) == 0
    cli = json.loads(capsys.readouterr().out)
    assert cli["perspectives"] == project.calculation_result["perspectives"]

    # saving it through the form writes TOML that the CLI reads to the same result
    page = client.get(editor_url(project)).content.decode()
    assert 'value="Specialpedagog och psykolog"' in page


def test_the_form_round_trips_the_worked_example(
    client, personas, catalogue, skolstod_text, tmp_path, capsys
):
    """Load the example into the form (as the page renders it), post it back, and the stored
    TOML gives the worked example's figures in `socinv calc`."""
    from socinv.cli.main import main

    client.force_login(personas["owner"])
    project = personas.own_project
    client.post(reverse("calculation:import", args=[project.pk]), {"toml_text": skolstod_text})
    post = posted_form(client.get(editor_url(project)).content.decode())
    post["action"] = ["save"]
    response = client.post(editor_url(project), post)
    assert response.status_code == 302, response.content.decode()[:3000]
    project.refresh_from_db()
    path = tmp_path / "saved.toml"
    path.write_text(project.calculation_toml, encoding="utf-8")
    capsys.readouterr()
    assert main(["calc", str(path), "--json"]) == 0
    cli = json.loads(capsys.readouterr().out)
    expected = calculate(parse(skolstod_text))
    for p in ("municipal", "public", "societal"):
        assert cli["perspectives"][p]["npv"] == pytest.approx(expected["perspectives"][p]["npv"])
    assert cli["repayment"]["capital_cost_total"] == pytest.approx(130_650)


def test_an_invalid_import_lists_problems_by_path_and_stores_nothing(
    client, personas, catalogue, skolstod_text
):
    client.force_login(personas["economist"])
    project = personas.own_project
    bad = skolstod_text.replace("baseline_rate = 0.25", "baseline_rate = 1.3")
    response = client.post(reverse("calculation:import", args=[project.pk]), {"toml_text": bad})
    assert response.status_code == 400
    assert "outcomes[0].baseline_rate: måste vara mellan 0 och 1, fick 1.3" in (
        response.content.decode()
    )
    project.refresh_from_db()
    assert project.calculation_toml == ""


def test_an_import_with_stakeholders_outside_the_catalogue_is_refused(
    client, personas, skolstod_text
):
    client.force_login(personas["economist"])  # no catalogue fixture: individ is unknown
    project = personas.own_project
    response = client.post(
        reverse("calculation:import", args=[project.pk]), {"toml_text": skolstod_text}
    )
    assert response.status_code == 400
    assert "stakeholders[3].id" in response.content.decode()
    project.refresh_from_db()
    assert project.calculation_toml == ""


def test_a_toml_syntax_error_names_the_line(client, personas, catalogue):
    client.force_login(personas["economist"])
    url = reverse("calculation:import", args=[personas.own_project.pk])
    page = client.post(url, {"toml_text": 'name = "x"\nhorizon = \n'}).content.decode()
    assert "syntaxfel i TOML: rad 2" in page


def test_export_without_a_calculation_is_not_found(client, personas):
    client.force_login(personas["owner"])
    assert (
        client.get(reverse("calculation:export_toml", args=[personas.own_project.pk])).status_code
        == 404
    )


def test_the_xlsx_export_has_inputs_results_and_a_native_chart(
    client, personas, catalogue, skolstod_text
):
    import openpyxl

    client.force_login(personas["auditor"])
    project = personas.own_project
    from socinv.projects.services import set_calculation

    set_calculation(acting_user=personas["owner"], project=project, toml_text=skolstod_text)
    response = client.get(reverse("calculation:export_xlsx", args=[project.pk]))
    assert response.status_code == 200
    body = response.content
    names = zipfile.ZipFile(io.BytesIO(body)).namelist()
    assert any(n.startswith("xl/charts/chart") for n in names)
    wb = openpyxl.load_workbook(io.BytesIO(body))
    assert wb.sheetnames == ["Indata", "Resultat", "Per år"]
    results = wb["Resultat"]
    assert results["A4"].value == "Nettonuvärde"
    assert results["B4"].value == pytest.approx(5_606_960.89, abs=0.01)
    assert results["D4"].value == pytest.approx(8_563_443.99, abs=0.01)
    years = wb["Per år"]
    assert [years.cell(row=2 + t, column=1).value for t in range(8)] == list(range(2026, 2034))
    assert "Skolstöd" in wb["Indata"]["A1"].value
    labels = [c.value for c in wb["Indata"]["A"] if c.value]
    assert "Specialpedagog och psykolog" in labels


@pytest.mark.parametrize(
    ("lang", "heading", "problem"),
    [
        ("sv", "Kalkylen sparades inte", "Tidshorisont (år): måste vara minst 1, fick 0"),
        ("en", "The calculation was not saved", "Horizon (years): must be at least 1, got 0"),
    ],
)
def test_the_page_speaks_the_users_language_around_the_engines_messages(
    client, personas, settings, lang, heading, problem
):
    client.force_login(personas["economist"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    response = client.post(editor_url(personas.own_project), form_post(horizon="0"))
    page = response.content.decode()
    assert heading in page
    assert problem in page  # the engine's problem, in the user's language too


def test_an_upload_over_the_limit_names_the_limit_in_words(client, personas):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from socinv.core.limits import MAX_CALC_UPLOAD_BYTES

    client.force_login(personas["economist"])
    project = personas.own_project
    upload = SimpleUploadedFile("big.toml", b"#" * (MAX_CALC_UPLOAD_BYTES + 1), "application/toml")
    url = reverse("calculation:import", args=[project.pk])
    page = client.post(url, {"toml_file": upload}, follow=True).content.decode()
    assert "Filen är större än 512\xa0kB." in page
