"""An economist enters the spec's worked example (shared/examples/skolstod.toml) in the
calculation editor by keyboard only (Tab, typing, Space, arrow keys and Enter; no clicks on
fields) as the form asks for it: percent for rates and shares, calendar years, Swedish
numbers. The results panel then shows the spec's figures ("Worked example"), the saved
calculation gives the engine's figures for the example, and the page passes axe at 1280 and
390 px with nothing wider than the viewport."""

from __future__ import annotations

import re
import tomllib

import pytest
from e2e_support import inject_axe

from socinv.core.calc import calculate, parse

PROJECT = "Familjecentral i Norra stadsdelen"  # the demo's project without a calculation
# the spec's "Worked example", as the results panel shows it (whole kronor, calendar years)
EXPECTED = {
    "Nuvärde av nyttor": ["8 912 612 kr", "10 693 642 kr", "11 869 095 kr"],
    "Nuvärde av kostnader": ["3 305 651 kr", "3 305 651 kr", "3 305 651 kr"],
    "Nettonuvärde": ["5 606 961 kr", "7 387 990 kr", "8 563 444 kr"],
    "Förväntat nettonuvärde": ["2 041 916 kr", "3 110 534 kr", "3 815 806 kr"],
    "Återbetalningsår": ["2028", "2028", "2028"],  # year index 2 from 2026
}
SPEC = {
    "pv_benefits": (8_912_612.36, 10_693_641.96, 11_869_095.46),
    "pv_costs": (3_305_651.47, 3_305_651.47, 3_305_651.47),
    "npv": (5_606_960.89, 7_387_990.48, 8_563_443.99),
    "expected_npv": (2_041_915.94, 3_110_533.70, 3_815_805.80),
    "payback_year": (2, 2, 2),
}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="module")
def economist(server, browser):
    from socinv.demo import DEMO_PASSWORD

    context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(f"{server}/login/")
    page.get_by_label("Användarnamn").fill("ekonom")
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_load_state()
    page.goto(f"{server}/projects/")
    href = page.get_by_role("link", name=PROJECT).first.get_attribute("href")
    pk = int(re.fullmatch(r"/projects/(\d+)/", href).group(1))
    try:
        yield {"page": page, "url": f"{server}/calculation/projects/{pk}/", "base": server}
    finally:
        context.close()


# -- the keyboard ------------------------------------------------------------------------------
_FOCUSED = """() => { const e = document.activeElement;
  return e ? [e.getAttribute('name') || '', e.getAttribute('value') || '', e.tagName] : null; }"""


def tab_to(page, name: str, value: str | None = None, limit: int = 600) -> None:
    """Press Tab until the control ``name`` (with ``value``, for a button or a checkbox) has
    the focus: every field is reached in the page's own tab order."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        got = page.evaluate(_FOCUSED)
        if got and got[0] == name and (value is None or got[1] == value):
            return
    raise AssertionError(f"Tab never reached {name} {value or ''}")


def tab_to_summary(page, text: str, limit: int = 600) -> None:
    """Tab to a <details>' summary and open it with Enter."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        tag, content = page.evaluate(
            "() => [document.activeElement.tagName, document.activeElement.textContent]"
        )
        if tag == "SUMMARY" and text in content:
            page.keyboard.press("Enter")
            return
    raise AssertionError(f"Tab never reached the summary {text!r}")


def type_into(page, name: str, text: str) -> None:
    """Tab to a text input, replace what it holds, type ``text``."""
    tab_to(page, name)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def choose(page, name: str, option_text: str) -> None:
    """Tab to a select and pick an option with the arrow keys (Home, then ArrowDown)."""
    tab_to(page, name)
    page.keyboard.press("Home")
    for _ in range(40):
        selected = page.evaluate(
            "() => { const e = document.activeElement; return e.tagName + ' ' + "
            "(e.selectedOptions && e.selectedOptions[0] ? e.selectedOptions[0].textContent : ''); }"
        )
        assert selected.startswith("SELECT "), (name, selected)
        if selected.removeprefix("SELECT ").startswith(option_text):
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"{name} has no option {option_text!r}")


def press_button(page, value: str) -> None:
    """Tab to a submit button of the form (add a row ...) and press Enter: the page reloads."""
    page.keyboard.press("Home")
    tab_to(page, "action", value)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def fresh_focus(page) -> None:
    """Start the next walk through the form from the top of the page."""
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); }")
    page.evaluate("() => window.scrollTo(0, 0)")


def enter_the_worked_example(page) -> None:
    # the rows first: two costs, two outcomes, four values for the second outcome
    for action in ("add:costs", "add:outcomes"):
        fresh_focus(page)
        press_button(page, action)
    for _ in range(3):
        fresh_focus(page)
        press_button(page, "add:outcomes[1].values")
    fresh_focus(page)

    type_into(page, "name", "Skolstöd för familjehemsplacerade barn")
    type_into(page, "start_year", "2026")
    type_into(page, "horizon", "8")
    type_into(page, "discount_rate", "3,5")  # percent
    type_into(page, "success_probability", "60")
    type_into(page, "participants", "20, 20, 20")
    for key in ("kommun/socialnamnd", "kommun/utbildningsnamnd", "forsakringskassan", "individ"):
        tab_to(page, "stakeholders", key)
        page.keyboard.press("Space")

    type_into(page, "costs[0].label", "Specialpedagog och psykolog")
    choose(page, "costs[0].stakeholder", "Socialnämnden")
    type_into(page, "costs[0].years", "2026, 2027, 2028")  # calendar years
    type_into(page, "costs[0].amount", "900 000")
    type_into(page, "costs[1].label", "Testning och läromedel per barn")
    choose(page, "costs[1].stakeholder", "Utbildningsnämnden")
    type_into(page, "costs[1].years", "2026, 2027, 2028")
    type_into(page, "costs[1].amount_per_participant", "12 000")

    o = "outcomes[0]"
    type_into(page, f"{o}.label", "Undvikt sammanbrott i placering (byte till HVB)")
    type_into(page, f"{o}.baseline_rate", "25")
    choose(page, f"{o}.relative_effect.dist", "Normal")
    type_into(page, f"{o}.relative_effect.normal.mean", "30")
    type_into(page, f"{o}.relative_effect.normal.sd", "15")
    type_into(page, f"{o}.relative_effect.normal.min", "0")
    type_into(page, f"{o}.relative_effect.normal.max", "100")
    type_into(page, f"{o}.lag", "1")
    type_into(page, f"{o}.duration", "2")
    tab_to_summary(page, "Avtagande effekt")
    type_into(page, f"{o}.drop_off", "20")
    type_into(page, f"{o}.out_migration", "5")
    choose(page, f"{o}.values[0].stakeholder", "Socialnämnden")
    type_into(page, f"{o}.values[0].amount", "1 100 000")

    o = "outcomes[1]"
    type_into(page, f"{o}.label", "Fullföljd grundskola, färre år med försörjningsstöd")
    tab_to(page, f"{o}.effect")  # the radio group: the arrow key picks the second way
    page.keyboard.press("ArrowDown")
    assert page.evaluate("() => document.activeElement.value") == "cases"
    type_into(page, f"{o}.cases_per_participant", "0,10")
    type_into(page, f"{o}.lag", "3")
    type_into(page, f"{o}.duration", "4")
    tab_to_summary(page, "Avtagande effekt")
    type_into(page, f"{o}.deadweight", "20")
    type_into(page, f"{o}.out_migration", "5")
    values = [
        ("Socialnämnden", "110 000", "Transferering"),
        ("Individen", "-110 000", "Transferering"),
        ("Försäkringskassan", "60 000", "Transferering"),
        ("Individen", "250 000", "Resurs"),
    ]
    for j, (who, amount, kind) in enumerate(values):
        choose(page, f"{o}.values[{j}].stakeholder", who)
        type_into(page, f"{o}.values[{j}].amount", amount)
        choose(page, f"{o}.values[{j}].kind", kind)

    tab_to(page, "repayment.enabled")
    page.keyboard.press("Space")
    choose(page, "repayment.stakeholder", "Socialnämnden")
    type_into(page, "repayment.amount", "2 700 000")
    type_into(page, "repayment.share_of_savings", "100")
    type_into(page, "repayment.internal_rate", "2")
    page.keyboard.press("Tab")  # leave the last field: the results are computed again


def results_figures(page) -> dict[str, list[str]]:
    rows = page.locator("#results-table tbody tr")
    out = {}
    for i in range(rows.count()):
        row = rows.nth(i)
        cells = [
            c.replace("\u00a0", " ").replace("\u2212", "-")
            for c in row.locator("td").all_inner_texts()
        ]
        out[row.locator("th").inner_text().strip()] = cells
    return out


def no_overflow(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.evaluate("document.documentElement.clientWidth")
    assert width <= viewport, f"the page is {width} px wide in a {viewport} px viewport"


def axe_violations(page) -> list[str]:
    inject_axe(page)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


# -- the walk-through ----------------------------------------------------------------------------
def test_the_worked_example_entered_by_keyboard_gives_the_specs_figures(economist):
    page = economist["page"]
    page.goto(economist["url"])
    enter_the_worked_example(page)

    # the live results (not saved yet): the spec's figures, all three perspectives in view
    page.locator("#results-table").wait_for()
    page.wait_for_function(
        "() => document.querySelector('#results-table') && "
        "document.querySelector('#results-table').innerText.includes('8\u00a0912\u00a0612')"
    )
    figures = results_figures(page)
    for label, expected in EXPECTED.items():
        assert figures[label] == expected, (label, figures[label])
    panel = page.locator("#calc-results").bounding_box()
    table = page.locator("#results-table").bounding_box()
    assert table["x"] + table["width"] <= panel["x"] + panel["width"] + 1  # never cut
    assert panel["x"] + panel["width"] <= 1280
    repayment = page.locator("#results dl.facts").inner_text().replace("\u00a0", " ")
    assert "2028" in repayment and "130 650 kr" in repayment

    # the results stay in view while editing further down the form
    page.keyboard.press("Shift+Tab")
    assert page.locator("#calc-results").evaluate(
        "el => { const r = el.getBoundingClientRect(); return r.top < innerHeight && r.bottom > 0; }"
    )

    # save by keyboard: the stored calculation is the worked example for the engine
    tab_to(page, "action", "save")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Kalkylen sparades" in page.inner_text("body")
    text = page.request.get(economist["url"] + "calculation.toml").text()
    saved = calculate(parse(text))
    for key, figures in SPEC.items():  # the spec's table, to within 0.01 kr
        for p, expected in zip(("municipal", "public", "societal"), figures, strict=True):
            assert saved["perspectives"][p][key] == pytest.approx(expected, abs=0.01), (p, key)
    assert saved["repayment"]["capital_cost_total"] == pytest.approx(130_650, abs=0.01)
    data = tomllib.loads(text)
    assert data["discount_rate"] == 0.035 and data["costs"][0]["years"] == [0, 1, 2]

    # after saving, the form shows the economist's units again
    assert page.input_value('[name="discount_rate"]') == "3,5"
    assert page.input_value('[name="success_probability"]') == "60"
    assert page.input_value('[name="costs[0].amount"]') == "900\u00a0000"
    assert page.input_value('[name="costs[0].years"]') == "2026, 2027, 2028"
    assert page.input_value('[name="outcomes[1].cases_per_participant"]') == "0,1"
    assert page.input_value('[name="outcomes[1].values[1].amount"]') == "\u2212110\u00a0000"
    assert "(kommun/socialnamnd)" not in page.inner_text("#calc-form")  # names, not ids
    assert results_figures(page)["Nettonuvärde"] == EXPECTED["Nettonuvärde"]


@pytest.mark.parametrize("width", [1280, 390])
def test_the_editor_passes_axe_and_fits_the_screen(economist, browser, width):
    page = economist["page"]
    context = browser.new_context(
        locale="sv-SE",
        viewport={"width": width, "height": 900},
        storage_state=page.context.storage_state(),
    )
    try:
        narrow = context.new_page()
        narrow.goto(economist["url"])
        no_overflow(narrow)
        assert axe_violations(narrow) == []
        if width < 700:  # stacked: the results follow the form, at full width
            form = narrow.locator("#calc-form").bounding_box()
            panel = narrow.locator("#calc-results").bounding_box()
            assert panel["y"] >= form["y"] + form["height"]
            assert panel["width"] <= width
    finally:
        context.close()
