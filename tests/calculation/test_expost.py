"""The ex-post calculation: the prefill from the ledger and the measurements, the
comparison with the ex-ante (the engine's own figures), validation at the fields,
permissions per persona, the page, the API and the report section."""

from __future__ import annotations

import datetime
import tomllib

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import translation
from tests.ledger_helpers import record_attested

from socinv.calculation import expost as ex
from socinv.calculation.models import ExPostCalculation
from socinv.core.calc import calculate, parse
from socinv.core.ledger import Decision
from socinv.core.problems import Refused
from socinv.projects.services import set_calculation

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"
MINUS = "\u2212"
KS = Decision("Kommunstyrelsen", datetime.date(2024, 1, 10), "KS 2024/1")

# r = 0 so that every present value can be checked by hand
EXANTE = """\
name = "Tidiga insatser"
start_year = 2024
horizon = 5
discount_rate = 0.0
success_probability = 0.5
participants = [10, 10]

[[stakeholders]]
id = "kommun/socialnamnd"
name = "Socialnämnden"
municipal = true
public = true

[[stakeholders]]
id = "stat/af"
name = "Arbetsförmedlingen"
public = true

[[costs]]
label = "Personal"
stakeholder = "kommun/socialnamnd"
years = [0, 1]
amount = { dist = "uniform", low = 800000, high = 1200000 }

[[costs]]
label = "Handläggartid"
stakeholder = "stat/af"
years = [0, 1]
amount_per_participant = 5000

[[outcomes]]
label = "Färre placeringar"
baseline_rate = 0.5
relative_effect = { dist = "triangular", low = 0.1, mode = 0.2, high = 0.4 }
lag = 1
duration = 1

  [[outcomes.values]]
  stakeholder = "kommun/socialnamnd"
  amount = 100000
  kind = "resource"
"""

READERS = ["administrator", "owner", "economist", "auditor", "project_leader", "evaluator"]
WRITERS = ["owner", "economist", "project_leader"]


def sv(text: str) -> str:
    """Swedish money text as the filters write it (no-break spaces, a real minus)."""
    return text.replace(" ", NBSP).replace("-", MINUS)


def book(p, type, date, kr, board=None, **kw):
    return record_attested(
        acting_user=p["economist"],
        fund=p.fund,
        type=type,
        date=date,
        amount_ore=kr * 100,
        project=None if type == "contribution" else p.own_project,
        board=board,
        decision=KS if type in ("contribution", "commitment") else None,
        **kw,
    )


@pytest.fixture
def setup(personas):
    """own_project with the ex-ante above, disbursements 2024: 1 000 000 (social board) +
    500 000 (school board); 2025: 800 000 and 200 000 that was reversed; an output
    indicator with 2024-Q2 (6), 2024-Q4 (12), 2025 (value 15, no individuals)."""
    from socinv.applications.models import Indicator
    from socinv.followup.models import Measurement

    p = personas
    set_calculation(acting_user=p["economist"], project=p.own_project, toml_text=EXANTE)
    p.own_project.refresh_from_db()
    book(p, "contribution", datetime.date(2024, 1, 10), 10_000_000)
    book(p, "commitment", datetime.date(2024, 1, 15), 4_000_000)
    book(p, "disbursement", datetime.date(2024, 2, 1), 1_000_000, p.social_board)
    book(p, "disbursement", datetime.date(2024, 9, 1), 500_000, p.school_board)
    book(p, "disbursement", datetime.date(2025, 2, 1), 800_000, p.social_board)
    wrong = book(p, "disbursement", datetime.date(2025, 3, 1), 200_000, p.social_board)
    book(p, "reversal", datetime.date(2025, 3, 2), 200_000, p.social_board, reverses=wrong)
    output = Indicator.objects.create(
        project=p.own_project, level="outputs", name="Nya deltagare", unit="st"
    )
    Indicator.objects.create(
        project=p.own_project, level="outputs", name="Genomförda kartläggningar"
    )
    Measurement.objects.create(indicator=output, period="2024-Q2", value=6, individuals=6)
    Measurement.objects.create(indicator=output, period="2024-Q4", value=12, individuals=12)
    Measurement.objects.create(indicator=output, period="2025", value=15.2)
    outcome = Indicator.objects.create(
        project=p.own_project,
        level="outcomes",
        name="Andel placerade",
        baseline_value=0.5,
        target_value=0.4,
        direction="lower",
    )
    Measurement.objects.create(indicator=outcome, period="2025", value=0.45)
    return p


def test_disbursements_by_year_leave_out_the_reversed_one(setup):
    p = setup
    got = ex.disbursements_by_year(p.own_project)
    assert got == {
        2024: {p.social_board.pk: 100_000_000, p.school_board.pk: 50_000_000},
        2025: {p.social_board.pk: 80_000_000},
    }


def test_participants_take_the_latest_measurement_per_year(setup):
    indicator = ex.default_participants_indicator(setup.own_project)
    assert indicator.name == "Nya deltagare"
    assert ex.participants_from_measurements(indicator) == {2024: 12, 2025: 15}


def test_prefill_maps_ledger_and_measurements(setup):
    p = setup
    with translation.override("en"):
        pre = ex.prefill(p.own_project)
    d = pre.data
    assert d["success_probability"] == 1.0
    assert d["participants"] == [12, 15]
    # the municipal line is replaced by the disbursements per board and year; AF is kept
    assert [(c["stakeholder"], c["years"], c.get("amount")) for c in d["costs"]] == [
        ("kommun/socialnamnd", [0], 1_000_000),
        ("kommun/utbildningsnamnd", [0], 500_000),
        ("kommun/socialnamnd", [1], 800_000),
        ("stat/af", [0, 1], None),
    ]
    assert d["costs"][3]["amount_per_participant"] == 5000
    assert d["costs"][0]["label"] == "Disbursement from the fund 2024 (Socialnämnden)"
    assert {
        "id": "kommun/utbildningsnamnd",
        "name": "Utbildningsnämnden",
        "municipal": True,
        "public": True,
    } in d["stakeholders"]
    # the distribution is at its central value (the mode of the triangular)
    assert d["outcomes"][0]["relative_effect"] == 0.2
    assert pre.disbursements == {2024: 150_000_000, 2025: 80_000_000}
    assert f"SEK{NBSP}2,300,000 in all" in pre.note
    assert "Nya deltagare" in pre.note


def test_create_and_compare_with_hand_figures(setup):
    p = setup
    with translation.override("en"):
        record = ex.create_expost(acting_user=p["economist"], project=p.own_project)
        comp = ex.comparison(p.own_project)
    assert record.updated_by == p["economist"]
    assert record.participants_indicator.name == "Nya deltagare"
    m = comp.by_key()["municipal"]
    rows = {r.key: r for r in m.rows}
    # ex ante: costs 2 × 1 000 000; benefits 10 × 0.5 × 0.2 × 100 000 in 2025 and 2026
    assert rows["pv_costs"].ante == pytest.approx(2_000_000)
    assert rows["pv_benefits"].ante == pytest.approx(200_000)
    # ex post: costs 1 500 000 + 800 000; benefits (12 + 15) × 0.1 × 100 000
    assert rows["pv_costs"].post == pytest.approx(2_300_000)
    assert rows["pv_benefits"].post == pytest.approx(270_000)
    assert rows["npv"].diff == pytest.approx(-230_000)
    assert m.reading == (
        f"The outcome is SEK{NBSP}230,000 lower than the ex-ante calculation in the municipal "
        "perspective."
    )
    pub = {r.key: r for r in comp.by_key()["public"].rows}
    assert pub["pv_costs"].post == pytest.approx(2_300_000 + 27 * 5000)
    # the figures are the engine's own for each TOML
    ante = calculate(parse(p.own_project.calculation_toml))
    post = calculate(parse(record.toml))
    for persp in ("municipal", "public", "societal"):
        got = {r.key: r for r in comp.by_key()[persp].rows}
        for key in ("npv", "pv_benefits", "pv_costs", "payback_year", "break_even_factor"):
            assert got[key].ante == ante["perspectives"][persp][key]
            assert got[key].post == post["perspectives"][persp][key]
    assert record.result == post


def test_save_invalid_lands_at_the_field_and_stores_nothing(setup, client):
    p = setup
    ex.create_expost(acting_user=p["economist"], project=p.own_project)
    before = ExPostCalculation.objects.get().toml
    client.force_login(p["economist"])
    url = reverse("calculation:expost", args=[p.own_project.pk])
    page = client.get(url).content.decode()
    assert 'name="outcomes[0].relative_effect"' in page
    r = client.post(
        url,
        {
            "participants[0]": "12",
            "participants[1]": "15",
            "outcomes[0].relative_effect": "130",  # percent in the form
            "costs[0].amount": "1 000 000",
        },
    )
    assert r.status_code == 400
    html = r.content.decode()
    assert 'id="f-outcomes-0--relative_effect-error"' in html
    assert f"måste vara mellan 0 och 100 %, fick 130{NBSP}%" in html
    assert 'aria-invalid="true"' in html
    assert ExPostCalculation.objects.get().toml == before
    # a valid change is stored and recomputed
    r = client.post(
        url,
        {
            "participants[0]": "12",
            "participants[1]": "15",
            "outcomes[0].relative_effect": "30",
            "sources_note": "Effekt enligt utvärderingen 2025.",
        },
    )
    assert r.status_code == 302
    record = ExPostCalculation.objects.get()
    assert tomllib.loads(record.toml)["outcomes"][0]["relative_effect"] == 0.3
    assert record.result["perspectives"]["municipal"]["pv_benefits"] == pytest.approx(
        27 * 0.5 * 0.3 * 100_000
    )
    assert record.sources_note == "Effekt enligt utvärderingen 2025."
    assert record.history.count() == 2


def test_import_invalid_stores_nothing_and_export_round_trips(setup, client):
    p = setup
    client.force_login(p["owner"])
    url = reverse("calculation:expost_import", args=[p.own_project.pk])
    bad = EXANTE.replace("baseline_rate = 0.5", "baseline_rate = 1.5")
    r = client.post(url, {"toml_text": bad})
    assert r.status_code == 400
    assert "outcomes[0].baseline_rate" in r.content.decode()
    assert not ExPostCalculation.objects.exists()
    r = client.post(url, {"toml_text": EXANTE})
    assert r.status_code == 302
    got = client.get(reverse("calculation:expost_export", args=[p.own_project.pk]))
    assert got.status_code == 200
    assert b"".join(got).decode() == EXANTE


@pytest.mark.parametrize("role", READERS + ["outsider", "other_owner", "external"])
def test_who_may_read(setup, role):
    c = Client()
    c.force_login(setup[role])
    r = c.get(reverse("calculation:expost", args=[setup.own_project.pk]))
    assert r.status_code == (200 if role in READERS else 403 if role == "external" else 404)


@pytest.mark.parametrize(
    "role", ["owner", "economist", "project_leader", "auditor", "evaluator", "administrator"]
)
def test_who_may_change(setup, role):
    c = Client()
    c.force_login(setup[role])
    r = c.post(reverse("calculation:expost_prefill", args=[setup.own_project.pk]))
    assert r.status_code == (302 if role in WRITERS else 403)
    assert ExPostCalculation.objects.exists() == (role in WRITERS)


def test_leader_may_not_change_another_project(setup):
    p = setup
    set_calculation(acting_user=p["economist"], project=p.other_project, toml_text=EXANTE)
    p.other_project.refresh_from_db()
    c = Client()
    c.force_login(p["project_leader"])
    r = c.post(reverse("calculation:expost_prefill", args=[p.other_project.pk]))
    assert r.status_code == 403


def test_page_shows_both_side_by_side(setup, client):
    p = setup
    ex.create_expost(acting_user=p["economist"], project=p.own_project)
    client.force_login(p["auditor"])
    html = client.get(reverse("calculation:expost", args=[p.own_project.pk])).content.decode()
    assert 'id="comparison-municipal"' in html
    assert sv("−1 800 000 kr") in html  # ex-ante NPV, municipal
    assert sv("−2 030 000 kr") in html  # ex-post NPV, municipal
    assert sv("−230 000 kr") in html
    assert sv("2 300 000 kr") in html  # ex-post PV costs
    assert "Andel placerade" in html  # the measured change as a hint
    assert "expost-form" in html and "disabled" in html  # the auditor only reads
    assert "expost_prefill" not in html and "/expost/prefill/" not in html


def test_page_without_exante(personas, client):
    client.force_login(personas["owner"])
    r = client.get(reverse("calculation:expost", args=[personas.own_project.pk]))
    assert r.status_code == 200
    assert 'id="no-exante"' in r.content.decode()


def _mounted() -> bool:
    from socinv.api.api import api
    from socinv.calculation.api import router

    return any(r is router for _prefix, r in api._routers)


def _api_get(user, project_id):
    """GET /api/v1/projects/<id>/calculations: through the real API when the router is
    mounted there, else through the router alone (ninja's TestClient)."""
    if _mounted():
        c = Client()
        c.force_login(user)
        r = c.get(f"/api/v1/projects/{project_id}/calculations")
        return r.status_code, r.json()
    from ninja.testing import TestClient

    from socinv.calculation.api import router

    r = TestClient(router).get(f"/{project_id}/calculations", user=user)
    return r.status_code, r.json()


def test_api_calculations(setup):
    p = setup
    ex.create_expost(acting_user=p["economist"], project=p.own_project)
    status, body = _api_get(p["evaluator"], p.own_project.pk)
    assert status == 200, body
    assert body["ex_ante"]["perspectives"]["municipal"]["npv_ore"] == -180_000_000
    assert body["ex_post"]["perspectives"]["municipal"]["npv_ore"] == -203_000_000
    assert body["difference"]["municipal"]["npv_ore"] == -23_000_000
    assert body["ex_post"]["perspectives"]["public"]["pv_costs_ore"] == 243_500_000
    assert body["ex_ante"]["perspectives"]["municipal"]["expected_npv_ore"] == -190_000_000
    assert 'name = "Tidiga insatser"' in body["ex_ante"]["toml"]
    assert body["ex_post"]["toml"] == ExPostCalculation.objects.get().toml
    assert body["ex_post"]["updated_by"] == "economist"


def test_api_without_expost_and_for_outsiders(setup):
    p = setup
    status, body = _api_get(p["auditor"], p.own_project.pk)
    assert status == 200
    assert body["ex_post"] is None and body["difference"] is None
    assert body["ex_ante"]["perspectives"]["public"]["pv_costs_ore"] == 210_000_000
    status, _body = _api_get(p["other_owner"], p.own_project.pk)
    assert status == 404
    # a role in the organisation, but not this project's: 403 (socinv.api.access)
    status, _body = _api_get(p["project_leader"], p.other_project.pk)
    assert status == 403


def test_report_section(setup):
    from socinv.io.sections import Money, section_json

    p = setup
    from socinv.calculation.report import section

    with translation.override("en"):
        assert section(p.own_project).paragraphs == ["The project has no ex-post calculation yet."]
        ex.create_expost(acting_user=p["economist"], project=p.own_project)
        s = section(p.own_project)
    assert s.key == "expost"
    assert [t.caption for t in s.tables] == ["Municipal", "Public sector", "Societal"]
    npv = s.tables[0].rows[0]
    assert npv[1:] == [Money(-180_000_000), Money(-203_000_000), Money(-23_000_000)]
    assert s.paragraphs[0].startswith(f"The outcome is SEK{NBSP}230,000 lower")
    section_json(s)


def test_the_swedish_reading_is_translated():
    """The plain-Swedish sentence of the issue ("Utfallet är 1 234 567 kr lägre än förkalkylen
    i det kommunalekonomiska perspektivet") comes from the fragment's translations."""
    import re
    from pathlib import Path

    po = Path(ex.__file__).resolve().parents[1] / "locale" / "fragments" / "expost.po"
    text = po.read_text(encoding="utf-8")
    entries = {
        m.group(1): m.group(2)
        for m in re.finditer(r'^msgid "(.+)"\nmsgstr "(.*)"$', text, flags=re.M)
    }
    assert (
        entries["The outcome is %(amount)s lower than the ex-ante calculation %(where)s."]
        == "Utfallet är %(amount)s lägre än förkalkylen %(where)s."
    )
    assert entries["in the municipal perspective"] == "i det kommunalekonomiska perspektivet"
    assert all(entries.values()), [k for k, v in entries.items() if not v]


def test_prefill_page_lets_the_user_choose_the_participants_indicator(setup, client):
    from socinv.applications.models import Indicator

    p = setup
    client.force_login(p["project_leader"])
    url = reverse("calculation:expost_prefill", args=[p.own_project.pk])
    # none: the ex-ante cohorts
    assert client.post(url, {"participants_indicator": ""}).status_code == 302
    record = ExPostCalculation.objects.get()
    assert tomllib.loads(record.toml)["participants"] == [10, 10]
    assert record.participants_indicator is None
    # the measured one: 12 and 15; the earlier version stays in the history
    chosen = Indicator.objects.get(name="Nya deltagare")
    assert client.post(url, {"participants_indicator": str(chosen.pk)}).status_code == 302
    record = ExPostCalculation.objects.get()
    assert tomllib.loads(record.toml)["participants"] == [12, 15]
    assert record.participants_indicator == chosen
    assert record.history.count() == 2
    assert record.history.first().history_user == p["project_leader"]


def test_readers_may_not_post_the_form_or_import(setup):
    p = setup
    ex.create_expost(acting_user=p["economist"], project=p.own_project)
    before = ExPostCalculation.objects.get().toml
    for role in ["auditor", "evaluator", "administrator"]:
        c = Client()
        c.force_login(p[role])
        pk = p.own_project.pk
        assert c.post(reverse("calculation:expost", args=[pk]), {}).status_code == 403
        r = c.post(reverse("calculation:expost_import", args=[pk]), {"toml_text": EXANTE})
        assert r.status_code == 403
    assert ExPostCalculation.objects.get().toml == before


def test_project_without_exante_cannot_be_prefilled(personas, client):
    client.force_login(personas["owner"])
    r = client.post(reverse("calculation:expost_prefill", args=[personas.own_project.pk]))
    assert r.status_code == 302
    assert not ExPostCalculation.objects.exists()


def test_a_distribution_from_an_imported_file_is_kept_when_its_field_is_left_empty(setup, client):
    p = setup
    ex.import_expost(acting_user=p["owner"], project=p.own_project, toml_text=EXANTE)
    client.force_login(p["owner"])
    url = reverse("calculation:expost", args=[p.own_project.pk])
    page = client.get(url).content.decode()
    assert 'id="f-outcomes-0--relative_effect-help"' in page and "(triangular)" in page
    r = client.post(url, {"outcomes[0].relative_effect": "", "participants[0]": "10"})
    assert r.status_code == 302
    stored = tomllib.loads(ExPostCalculation.objects.get().toml)
    assert stored["outcomes"][0]["relative_effect"]["dist"] == "triangular"
    assert stored["participants"] == [10]


def test_an_emptied_amount_is_reported_at_its_cost_and_can_be_filled_in_again(setup, client):
    p = setup
    ex.create_expost(acting_user=p["economist"], project=p.own_project)
    client.force_login(p["economist"])
    url = reverse("calculation:expost", args=[p.own_project.pk])
    r = client.post(url, {"costs[0].amount": "", "costs[0].amount_per_participant": ""})
    assert r.status_code == 400
    html = r.content.decode()
    assert 'id="f-costs-0--error"' in html
    assert "ange ett belopp per år, ett belopp per deltagare eller båda" in html.casefold()
    assert 'name="costs[0].amount"' in html
    r = client.post(url, {"costs[0].amount": "1 100 000,50"})
    assert r.status_code == 302
    stored = tomllib.loads(ExPostCalculation.objects.get().toml)
    assert stored["costs"][0]["amount"] == 1_100_000.5
    assert stored["participants"] == [12, 15]  # not posted: kept


# -- the write contract: the services check their own permission and refuse with codes ------


@pytest.mark.parametrize("role", ["auditor", "evaluator", "outsider"])
def test_the_expost_services_check_their_own_permission(personas, setup, role):
    with pytest.raises(PermissionDenied):
        ex.create_expost(acting_user=personas[role], project=personas.own_project)
    with pytest.raises(PermissionDenied):
        ex.import_expost(acting_user=personas[role], project=personas.own_project, toml_text="")
    assert not ExPostCalculation.objects.exists()


def test_the_expost_services_refuse_with_codes(personas, setup):
    economist, project = personas["economist"], personas.own_project
    with pytest.raises(Refused) as exc:
        ex.create_expost(acting_user=economist, project=personas.other_project)
    assert exc.value.codes == ["no_exante"]
    with pytest.raises(Refused) as exc:
        ex.import_expost(acting_user=economist, project=project, toml_text="name = 1")
    assert exc.value.codes and all(c for c in exc.value.codes)
    assert {r.field for r in exc.value.refusals} >= {"name"}
    assert not ExPostCalculation.objects.exists()


# -- the form's units: the editor's percent and Swedish numbers ------------------------------


def _input_value(html: str, name: str) -> str:
    import re

    m = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*value="([^"]*)"', html)
    assert m, f"no input {name}"
    return m.group(1)


def test_rates_are_typed_and_shown_in_percent_and_amounts_in_swedish(setup, client):
    p = setup
    ex.create_expost(acting_user=p["economist"], project=p.own_project)
    client.force_login(p["economist"])
    url = reverse("calculation:expost", args=[p.own_project.pk])
    with translation.override("sv"):
        page = client.get(url, HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    # the prefill's fractions (0.5, 0.2) in percent, under the editor's labels
    assert _input_value(page, "outcomes[0].baseline_rate") == "50"
    assert _input_value(page, "outcomes[0].relative_effect") == "20"
    assert "Basnivå, andel utan insats (%)" in page
    assert _input_value(page, "costs[0].amount") == f"1{NBSP}000{NBSP}000"
    r = client.post(
        url,
        {
            "outcomes[0].baseline_rate": "3,5 %",
            "outcomes[0].relative_effect": "12,5",
            "costs[0].amount": "1 200 000",
        },
    )
    assert r.status_code == 302
    stored = tomllib.loads(ExPostCalculation.objects.get().toml)
    assert stored["outcomes"][0]["baseline_rate"] == 0.035
    assert stored["outcomes"][0]["relative_effect"] == 0.125
    assert stored["costs"][0]["amount"] == 1_200_000
    page = client.get(url).content.decode()
    assert _input_value(page, "outcomes[0].baseline_rate") == "3,5"
    assert _input_value(page, "outcomes[0].relative_effect") == "12,5"
    assert _input_value(page, "costs[0].amount") == f"1{NBSP}200{NBSP}000"


def test_text_in_a_rate_is_named_by_the_forms_label_and_nothing_is_stored(setup, client):
    p = setup
    ex.create_expost(acting_user=p["economist"], project=p.own_project)
    before = ExPostCalculation.objects.get().toml
    client.force_login(p["economist"])
    url = reverse("calculation:expost", args=[p.own_project.pk])
    r = client.post(url, {"outcomes[0].baseline_rate": "abc", "costs[0].amount": "1 200 000"})
    assert r.status_code == 400
    html = r.content.decode()
    # the summary names the outcome and the field as the form labels them, in Swedish
    assert (
        "Färre placeringar, Basnivå, andel utan insats (%): måste vara ett tal, fick 'abc'"
        in html.replace("&#x27;", "'")
    )
    assert 'href="#f-outcomes-0--baseline_rate"' in html
    assert 'id="f-outcomes-0--baseline_rate-error"' in html
    assert "outcomes[0].baseline_rate:" not in html  # not the engine's path
    # what was typed is shown again, the other figures in the form's units
    assert _input_value(html, "outcomes[0].baseline_rate") == "abc"
    assert _input_value(html, "outcomes[0].relative_effect") == "20"
    assert _input_value(html, "costs[0].amount") == f"1{NBSP}200{NBSP}000"
    assert ExPostCalculation.objects.get().toml == before


def test_a_rate_outside_its_range_is_worded_in_percent(setup, client):
    p = setup
    ex.create_expost(acting_user=p["economist"], project=p.own_project)
    client.force_login(p["economist"])
    url = reverse("calculation:expost", args=[p.own_project.pk])
    r = client.post(url, {"outcomes[0].baseline_rate": "−5 %"})
    assert r.status_code == 400
    html = r.content.decode()
    assert f"måste vara mellan 0 och 100 %, fick {MINUS}5{NBSP}%" in html
    assert _input_value(html, "outcomes[0].baseline_rate") == f"{MINUS}5"


@pytest.mark.parametrize(
    ("typed", "fraction"),
    [("3,5 %", 0.035), ("3,5%", 0.035), (f"3,5{NBSP}%", 0.035), ("3,5", 0.035), ("60", 0.6)],
)
def test_a_percent_is_read_with_or_without_its_sign(typed, fraction):
    from socinv.calculation.units import read_percent

    assert read_percent(typed) == fraction


@pytest.mark.parametrize("typed", ["abc", "%", "3,5 %%", "tre %"])
def test_a_percent_that_is_not_a_number_is_kept_as_typed(typed):
    from socinv.calculation.units import read_percent

    assert read_percent(typed) == typed


def test_the_hints_show_the_indicators_values_in_their_units_precision(setup, client):
    from socinv.applications.models import Indicator

    Indicator.objects.filter(name="Andel placerade").update(unit="andel")
    client.force_login(setup["economist"])
    html = client.get(reverse("calculation:expost", args=[setup.own_project.pk])).content.decode()
    hints = html[html.index('id="hints"') :]
    hints = hints[: hints.index("</table>")]
    # baseline 0.5, latest 0.45: percent, and the change in percentage points
    assert f"50{NBSP}%" in hints and f"45{NBSP}%" in hints
    assert f"{MINUS}5 procentenheter ({MINUS}10{NBSP}%)" in hints
    assert "0,50" not in hints and "0,45" not in hints
