"""The organisation's unit-cost catalogue: the services (who may write, the core's rules,
nothing half-stored), the history, the page (everyone reads, stale entries marked), import
and export as xlsx and TOML (round trip), and the demo's catalogue."""

from __future__ import annotations

import datetime
import io
import io as _io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone, translation

from socinv.catalogue import selectors, services
from socinv.catalogue.models import IndexValue, UnitCost
from socinv.core.calc import calculate, parse
from socinv.core.calc.catalogue_file import parse_catalogue
from socinv.core.problems import Refused
from socinv.io.catalogue_xlsx import catalogue_xlsx

pytestmark = pytest.mark.django_db

HVB = {
    "code": "hvb-dygn",
    "label": "Placering på HVB, per dygn",
    "unit": "dygn",
    "amount": 4200,
    "price_year": 2023,
    "bearer": "kommun/socialnamnd",
    "source": "Egen uppföljning 2023",
}


def _save(personas, role="economist", **kw):
    return services.save_unit_cost(
        acting_user=personas[role], organisation=personas.organisation, **{**HVB, **kw}
    )


def _client(personas, role):
    c = Client()
    c.force_login(personas[role])
    return c


# --- the services ---------------------------------------------------------------------


def test_the_economist_adds_and_changes_a_unit_cost_with_its_history(personas):
    item = _save(personas)
    assert (item.code, item.amount, item.price_year) == ("hvb-dygn", 4200, 2023)
    _save(personas, unit_cost=item, amount=4350.5, source="Egen uppföljning 2024", price_year=2024)
    item.refresh_from_db()
    assert str(item.amount) == "4350.50"
    versions = list(item.history.order_by("history_id"))
    assert [(v.history_type, str(v.amount), v.price_year) for v in versions] == [
        ("+", "4200.00", 2023),
        ("~", "4350.50", 2024),
    ]
    assert {v.history_user for v in versions} == {personas["economist"]}


@pytest.mark.parametrize(
    "role",
    [
        "administrator",
        "owner",
        "project_leader",
        "evaluator",
        "auditor",
        "external",
        "outsider",
        "other_owner",
    ],
)
def test_only_economists_write(personas, role):
    with pytest.raises(PermissionDenied):
        _save(personas, role=role)
    with pytest.raises(PermissionDenied):
        services.set_index(
            acting_user=personas[role],
            organisation=personas.organisation,
            name="PKV",
            values={2023: 100},
        )
    assert not UnitCost.objects.exists()


def test_the_cores_rules_refuse_with_swedish_messages_naming_the_field(personas):
    with translation.override("sv"), pytest.raises(Refused) as exc:
        _save(personas, code="hvb dygn", amount=-1, source=" ", price_year=1800)
    errors = exc.value.errors
    assert set(errors) == {"code", "amount", "source", "price_year"}
    assert (
        errors["amount"] == ["får inte vara negativt, fick -1"] or "negativ" in errors["amount"][0]
    )
    assert "bokstäver, siffror" in errors["code"][0]
    assert not UnitCost.objects.exists()


def test_an_id_is_unique_in_the_catalogue(personas):
    _save(personas)
    with translation.override("sv"), pytest.raises(Refused) as exc:
        _save(personas, label="Annan")
    assert exc.value.codes == ["duplicate_unit_cost"]
    assert UnitCost.objects.count() == 1


def test_a_personnummer_in_a_text_is_refused(personas):
    with pytest.raises(Refused) as exc:
        _save(personas, source="Uppgift från 19121212-1212")
    assert "personal_number" in exc.value.codes
    assert not UnitCost.objects.exists()


def test_the_index_is_replaced_and_checked(personas):
    org = personas.organisation
    services.set_index(
        acting_user=personas["economist"],
        organisation=org,
        name="PKV",
        values={2023: 106.1, 2026: 114.9},
    )
    services.set_index(
        acting_user=personas["economist"],
        organisation=org,
        name="PKV",
        values={2022: 100, 2026: 115},
    )
    assert [(iv.year, float(iv.value)) for iv in IndexValue.objects.order_by("year")] == [
        (2022, 100.0),
        (2026, 115.0),
    ]
    with pytest.raises(Refused) as exc:
        services.set_index(
            acting_user=personas["economist"], organisation=org, name="PKV", values={2023: 0}
        )
    assert exc.value.codes == ["index_not_positive"]
    assert IndexValue.objects.count() == 2


def test_the_catalogue_resolves_references_in_a_calculation(personas):
    _save(personas)
    org = personas.organisation
    services.set_index(
        acting_user=personas["economist"],
        organisation=org,
        name="PKV",
        values={2023: 106.1, 2026: 114.9},
    )
    calc = parse(
        """name = "x"
start_year = 2026
horizon = 1
discount_rate = 0.0
[[stakeholders]]
id = "kommun/socialnamnd"
name = "Socialnämnden"
municipal = true
public = true
[[costs]]
label = "HVB"
stakeholder = "kommun/socialnamnd"
year = 0
amount = { unit_cost = "hvb-dygn", quantity = 90 }
""",
        catalogue=selectors.as_core(org),
    )
    result = calculate(calc)
    assert result["perspectives"]["municipal"]["pv_costs"] == pytest.approx(
        90 * 4200 * 114.9 / 106.1
    )


# --- import and export -----------------------------------------------------------------


def _filled(personas):
    org = personas.organisation
    services.set_index(
        acting_user=personas["economist"],
        organisation=org,
        name="PKV",
        values={2018: 95, 2023: 106.1, 2026: 114.9},
    )
    _save(personas, valid_from=datetime.date(2023, 1, 1))
    _save(
        personas,
        code="bup-besok",
        label="Besök på BUP",
        unit="besök",
        amount=3000,
        price_year=2018,
        bearer="region",
        source="Påhittad",
    )


def test_the_toml_export_reads_back_to_the_same_catalogue(personas):
    _filled(personas)
    org = personas.organisation
    text = (
        _client(personas, "project_leader")
        .get(f"/catalogue/{org.pk}/catalogue.toml")
        .content.decode()
    )
    assert parse_catalogue(text) == selectors.as_core(org)
    assert parse_catalogue(text).index_values == {2018: 95.0, 2023: 106.1, 2026: 114.9}


def test_an_xlsx_export_imported_again_changes_nothing_and_a_changed_one_is_applied(personas):
    _filled(personas)
    org = personas.organisation
    before = selectors.as_core(org)
    data = _client(personas, "auditor").get(f"/catalogue/{org.pk}/catalogue.xlsx").content
    wb = openpyxl.load_workbook(_io.BytesIO(data))
    ws = wb.worksheets[0]
    assert [c.value for c in ws[1]][:8] == [
        "Id",
        "Benämning",
        "Enhet",
        "Belopp (kr per enhet)",
        "Prisår",
        "Kostnadsbärare",
        "Källa",
        "Gäller från",
    ]
    stale = {row[0].value: row[8].value for row in ws.iter_rows(min_row=2)}
    assert stale == {"bup-besok": "ja", "hvb-dygn": None}  # 2018 is more than five years ago
    report = services.import_catalogue(
        acting_user=personas["economist"], organisation=org, data=data, filename="k.xlsx"
    )
    assert (report.added, report.changed, report.removed) == (0, 0, 0)
    assert selectors.as_core(org) == before
    # change an amount, drop a row: applied all at once
    for row in ws.iter_rows(min_row=2):
        if row[0].value == "hvb-dygn":
            row[3].value = 4500
    ws.delete_rows(3)
    out = _io.BytesIO()
    wb.save(out)
    report = services.import_catalogue(
        acting_user=personas["economist"], organisation=org, data=out.getvalue(), filename="k.xlsx"
    )
    assert (report.added, report.changed, report.removed) == (0, 1, 1) or (
        report.added,
        report.changed,
        report.removed,
    ) == (0, 0, 1)
    assert UnitCost.objects.count() == 1


def test_a_bad_row_in_a_workbook_is_named_and_nothing_is_stored(personas):
    _filled(personas)
    org = personas.organisation
    core = selectors.as_core(org)
    data = catalogue_xlsx(core, 2026)
    wb = openpyxl.load_workbook(_io.BytesIO(data))
    wb.worksheets[0]["G3"] = None  # the second unit cost loses its source
    wb.worksheets[0]["D2"] = "mycket"
    out = _io.BytesIO()
    wb.save(out)
    with translation.override("sv"), pytest.raises(Refused) as exc:
        services.import_catalogue(
            acting_user=personas["economist"],
            organisation=org,
            data=out.getvalue(),
            filename="k.xlsx",
        )
    messages = [r.message for r in exc.value.refusals]
    assert any(m.startswith("k.xlsx, rad 2: ") for m in messages), messages
    assert any(m.startswith("k.xlsx, rad 3: ") and "måste anges" in m for m in messages), messages
    assert selectors.as_core(org) == core


def test_a_file_with_a_personnummer_is_refused(personas):
    toml = 'name = "K"\n[[unit_costs]]\nid = "a"\nlabel = "Ärende 19121212-1212"\nunit = "st"\namount = 1\nprice_year = 2024\nsource = "s"\n'
    with pytest.raises(Refused) as exc:
        services.import_catalogue(
            acting_user=personas["economist"],
            organisation=personas.organisation,
            data=toml.encode(),
            filename="k.toml",
        )
    assert exc.value.codes == ["personal_number"]
    assert not UnitCost.objects.exists()


def test_a_malformed_toml_names_the_file_and_field(personas):
    toml = 'name = "K"\n[[unit_costs]]\nid = "a"\nlabel = "x"\nunit = "st"\namount = 1\nprice_year = 2024\n'
    with pytest.raises(Refused) as exc:
        services.import_catalogue(
            acting_user=personas["economist"],
            organisation=personas.organisation,
            data=toml.encode(),
            filename="k.toml",
        )
    assert [r.message for r in exc.value.refusals] == [
        "k.toml: unit_costs[0].source: is required"
    ] or "unit_costs[0].source" in exc.value.refusals[0].message


def test_the_index_imported_from_a_workbook_of_years_and_values(personas):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["År", "Index"])
    for year, value in [(2022, 100), (2023, "106,1"), (2026, 114.9)]:
        ws.append([year, value])
    out = io.BytesIO()
    wb.save(out)
    services.import_index(
        acting_user=personas["economist"],
        organisation=personas.organisation,
        data=out.getvalue(),
        filename="pkv.xlsx",
    )
    assert selectors.as_core(personas.organisation).index_values == {
        2022: 100.0,
        2023: 106.1,
        2026: 114.9,
    }


# --- the page --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role",
    ["administrator", "owner", "economist", "project_leader", "evaluator", "auditor", "external"],
)
def test_everyone_in_the_organisation_reads_it(personas, role):
    _filled(personas)
    page = _client(personas, role).get(f"/catalogue/{personas.organisation.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Placering på HVB, per dygn" in html
    assert ("Lägg till en enhetskostnad" in html) == (role == "economist")


@pytest.mark.parametrize("role, status", [("outsider", 404), ("other_owner", 404)])
def test_outside_the_organisation_it_is_not_found(personas, role, status):
    assert (
        _client(personas, role).get(f"/catalogue/{personas.organisation.pk}/").status_code == status
    )


def test_an_entry_older_than_five_years_is_marked(personas):
    _filled(personas)
    html = (
        _client(personas, "owner").get(f"/catalogue/{personas.organisation.pk}/").content.decode()
    )
    this_year = timezone.localdate().year
    stale_row = html.split('id="unit-bup-besok"')[1].split("</tr>")[0]
    fresh_row = html.split('id="unit-hvb-dygn"')[1].split("</tr>")[0]
    assert ("äldre än fem år" in stale_row) == (this_year - 2018 > 5)
    assert "äldre än fem år" not in fresh_row or this_year - 2023 > 5
    assert (
        'class="stale"'
        in html.split('id="unit-bup-besok"')[0][-40:] + html.split('id="unit-bup-besok"')[1][:20]
    )


def test_the_economist_adds_through_the_page_and_a_refusal_is_shown(personas):
    c = _client(personas, "economist")
    org = personas.organisation.pk
    fields = {f"unit-{k}": v for k, v in HVB.items()} | {"unit-amount": "4 200,50"}
    r = c.post(f"/catalogue/{org}/units/", fields)
    assert r.status_code == 302, r.content.decode()[:3000]
    assert str(UnitCost.objects.get().amount) == "4200.50"
    r = c.post(f"/catalogue/{org}/units/", fields | {"unit-label": "Annan"})
    assert r.status_code == 400
    assert "används redan" in r.content.decode()
    assert _client(personas, "owner").post(f"/catalogue/{org}/units/", fields).status_code == 403


def test_the_page_takes_the_index_as_lines(personas):
    c = _client(personas, "economist")
    org = personas.organisation.pk
    r = c.post(
        f"/catalogue/{org}/index/",
        {"index-name": "PKV", "index-values": "2022 100\n2023 106,1\n\n2026: 114,9"},
    )
    assert r.status_code == 302
    assert selectors.as_core(personas.organisation).index_values == {
        2022: 100.0,
        2023: 106.1,
        2026: 114.9,
    }
    r = c.post(f"/catalogue/{org}/index/", {"index-name": "PKV", "index-values": "2022 hundra"})
    assert r.status_code == 400
    assert "Rad 1" in r.content.decode()


def test_the_page_imports_a_file(personas):
    _filled(personas)
    org = personas.organisation
    text = _client(personas, "economist").get(f"/catalogue/{org.pk}/catalogue.toml").content
    UnitCost.objects.filter(code="bup-besok").delete()
    upload = SimpleUploadedFile("katalog.toml", text)
    r = _client(personas, "economist").post(f"/catalogue/{org.pk}/import/", {"upload-file": upload})
    assert r.status_code == 302
    assert sorted(UnitCost.objects.values_list("code", flat=True)) == ["bup-besok", "hvb-dygn"]


def test_a_unit_cost_page_shows_its_history(personas):
    item = _save(personas)
    _save(personas, unit_cost=item, amount=4400)
    html = (
        _client(personas, "evaluator")
        .get(f"/catalogue/{personas.organisation.pk}/units/{item.pk}/")
        .content.decode()
    )
    assert "4 400 kr" in html.replace("\u00a0", " ").replace("\u202f", " ")
    assert "4 200 kr" in html.replace("\u00a0", " ").replace("\u202f", " ")
    assert "Ändra enhetskostnaden" not in html  # the evaluator reads only


# --- the fund's haircuts by evidence grade ------------------------------------------------


def test_the_funds_haircuts_default_to_the_spec_and_are_set_in_their_own_table(personas):
    fund = personas.fund
    assert services.haircut_table(fund) == {1: 0.4, 2: 0.3, 3: 0.2, 4: 0.1, 5: 0.0}
    own = {1: 0.5, 2: 0.35, 3: 0.2, 4: 0.1, 5: 0.0}
    item = services.set_evidence_haircuts(acting_user=personas["owner"], fund=fund, table=own)
    assert services.haircut_table(fund) == own
    assert item.history.get().history_user == personas["owner"]
    with translation.override("sv"), pytest.raises(Refused) as exc:
        services.set_evidence_haircuts(
            acting_user=personas["economist"], fund=fund, table={**own, 2: 1.5}
        )
    assert [(r.code, r.field) for r in exc.value.refusals] == [("not_fraction", "grade_2")]
    assert services.haircut_table(fund) == own
    for role in ("project_leader", "auditor", "administrator", "other_owner"):
        with pytest.raises(PermissionDenied):
            services.set_evidence_haircuts(acting_user=personas[role], fund=fund, table=own)


def test_the_haircut_page_reads_and_writes_in_percent(personas):
    url = f"/catalogue/funds/{personas.fund.pk}/evidence/"
    html = _client(personas, "auditor").get(url).content.decode().replace("\u00a0", " ")
    assert "Vi har mätt förändring hos deltagarna" in html and "30 %" in html
    assert "Ändra avdragen" not in html
    owner = _client(personas, "owner")
    fields = {
        f"haircut-grade_{g}": v
        for g, v in zip(range(1, 6), ["50", "35", "20", "10", "0"], strict=True)
    }
    assert owner.post(url, fields).status_code == 302
    assert services.haircut_table(personas.fund)[2] == 0.35
    assert owner.post(url, fields | {"haircut-grade_1": "140"}).status_code == 400
    assert _client(personas, "project_leader").post(url, fields).status_code == 403
