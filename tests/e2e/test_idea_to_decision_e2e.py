"""The whole path from an idea to a decision, in a real browser (Debian's chromium through
Playwright), through the pages only: the demo's project leader (projektledare) submits an
idea, the steering group (the owner, agare) says go on the list of ideas, the project
leader files the full application (need analysis, target group, type/route/logic, boards,
budget per year, the evidence chain in six levels with indicators, risk assessment,
evaluation, implementation plan signed off) and imports the calculation in the
calculation editor, sees that nothing is missing and submits; the owner reviews it
(checklist, risk class with a rationale, portfolio preview) and records an approval; the
fund overview's "Disponibelt att bevilja" drops by exactly the amount granted, the
project's decision page shows the decision and the decision memo downloads as a PDF.

Like test_accessibility.py the server is ``socinv serve`` in its own process on a
temporary SQLite file, migrated and loaded with the demo (``socinv demo``); never
pytest-django's ``live_server``, whose table flush the ledger's triggers refuse.

The steps are ordered tests sharing one walk (module scope): a step is skipped when an
earlier one failed. On a failure each open page is screenshotted to
/tmp/socinv-e2e-idea-<step>-<user>.png.
"""

from __future__ import annotations

import datetime
import re
from contextlib import contextmanager
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "skolstod-familjehem.toml"
NBSP = "\u00a0"
TIMEOUT_MS = 30_000

TITLE = "Skolstöd i familjehem – e2e"
FUND = "Sociala investeringsfonden"
BOARDS = ("Socialnämnden", "Utbildningsnämnden")
# The budget per year applied for, and granted in the decision (kronor)
YEARS = {2027: 450_000, 2028: 400_000}
DECIDED_TOTAL_KR = sum(YEARS.values())
DNR = "KS 2026/0999"


# --- the server, the browser, the two users ------------------------------------------------


def _login(browser, base: str, username: str):
    """A page of its own browser context (a Swedish browser), logged in as ``username``."""
    from socinv.demo import DEMO_PASSWORD

    context = browser.new_context(locale="sv-SE", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(f"{base}/login/")
    assert page.locator("html").get_attribute("lang") == "sv"
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(lambda url: "/login/" not in url)
    return page


@pytest.fixture(scope="module")
def walk(server, browser):
    """What the steps share: the base URL, the two users' pages, and what was learnt."""
    state = {"base": server, "pages": {}, "failed": None}
    try:
        state["pages"]["projektledare"] = _login(browser, server, "projektledare")
        state["pages"]["agare"] = _login(browser, server, "agare")
        # the owner lands on the fund's overview (Översikt); the fund's balances (Saldon)
        # are one level up, and later steps come back to that address
        owner_url = state["pages"]["agare"].url
        assert re.search(r"/funds/\d+/overview/$", owner_url), owner_url
        state["fund_url"] = owner_url.removesuffix("overview/")
        yield state
    finally:
        for page in state["pages"].values():
            page.context.close()


@contextmanager
def step(walk, name: str):
    """Run one step of the walk: skipped after an earlier failure; a screenshot of every
    page to /tmp when it fails."""
    if walk["failed"]:
        pytest.skip(f"an earlier step failed: {walk['failed']}")
    try:
        yield
    except BaseException as exc:
        if isinstance(exc, pytest.skip.Exception):
            raise
        walk["failed"] = name
        for user, page in walk["pages"].items():
            try:
                page.screenshot(path=f"/tmp/socinv-e2e-idea-{name}-{user}.png", full_page=True)
            except Exception:  # noqa: BLE001 - a screenshot must not hide the failure
                pass
        raise


# --- helpers -----------------------------------------------------------------------------------


def _text(locator) -> str:
    return locator.inner_text().replace(NBSP, " ").replace("\u202f", " ").strip()


def _kr(kronor: int) -> str:
    """1234567 → "1 234 567 kr", as the pages write whole kronor."""
    return f"{kronor:,}".replace(",", " ") + " kr"


def _parse_kr(text: str) -> int:
    """ "1 234 567 kr" → 1234567 (whole kronor only: the demo's balances are whole)."""
    m = re.fullmatch(r"(-?[\d ]+) kr", text)
    assert m, f"not an amount in whole kronor: {text!r}"
    return int(m.group(1).replace(" ", ""))


def _balance(page, label: str) -> str:
    row = page.locator("#balances tr", has=page.locator(f'th:text-is("{label}")'))
    return _text(row.locator("td"))


def _message(page) -> str:
    return _text(page.locator(".messages"))


def _click_and_wait(page, locator) -> None:
    """Click something that posts a form or follows a link, and wait for the new page."""
    with page.expect_navigation():
        locator.click()


def _open_project(page, base: str) -> None:
    """Projects (the main menu) → this project's page."""
    nav = page.get_by_role("navigation", name="Huvudmeny")
    _click_and_wait(page, nav.get_by_role("link", name="Projekt", exact=True))
    _click_and_wait(page, page.get_by_role("main").get_by_role("link", name=TITLE, exact=True))
    assert re.search(r"/projects/\d+/$", page.url), page.url
    assert _text(page.get_by_role("heading", level=1)) == TITLE


def _calculation_toml() -> str:
    """The Skolfam example with the demo catalogue's stakeholder keys (the boards are
    ``kommun/<code>``; the region and the state agency have plain keys in the demo)."""
    text = EXAMPLE.read_text(encoding="utf-8")
    for old, new in (
        ('"region/bup"', '"region"'),
        ('"stat/forsakringskassan"', '"forsakringskassan"'),
    ):
        assert old in text, f"{old} is no longer in {EXAMPLE.name}"
        text = text.replace(old, new)
    text = re.sub(r'^name = ".*"$', f'name = "{TITLE}"', text, count=1, flags=re.M)
    text = re.sub(r"^start_year = \d+$", f"start_year = {min(YEARS)}", text, count=1, flags=re.M)
    return text


# --- the walk --------------------------------------------------------------------------------


def test_01_the_project_leader_submits_an_idea(walk):
    with step(walk, "01-idea"):
        page = walk["pages"]["projektledare"]
        nav = page.get_by_role("navigation", name="Huvudmeny")
        _click_and_wait(page, nav.get_by_role("link", name="Ansökningar", exact=True))
        _click_and_wait(page, page.get_by_role("link", name="Ny idé", exact=True))
        assert page.url.endswith("/applications/new/")

        page.get_by_label("Projektets namn").fill(TITLE)
        page.get_by_label("Behov", exact=True).fill(
            "Var fjärde skolbarn i familjehem byter placering inom tre år; skolresultaten "
            "är svaga och många behöver särskilt stöd."
        )
        page.get_by_label("Målgrupp", exact=True).fill(
            "Familjehemsplacerade barn i årskurs 1–7, tre kohorter."
        )
        page.get_by_label("Insats", exact=True).fill(
            "Ett Skolfam-team (specialpedagog och psykolog) kartlägger varje barn och ger "
            "stöd till skola och familjehem."
        )
        page.get_by_label("Förväntade effekter", exact=True).fill(
            "Färre sammanbrott, mindre behov av särskilt stöd, fler fullföljer grundskolan."
        )
        boards = page.get_by_role("group", name="Ansvariga nämnder")
        for board in BOARDS:
            boards.get_by_label(board).check()
        _click_and_wait(page, page.get_by_role("button", name="Spara utkast"))
        assert re.search(r"/applications/\d+/$", page.url), page.url
        assert "Idén sparades som utkast." in _message(page)
        walk["application_url"] = page.url

        _click_and_wait(page, page.get_by_role("button", name="Skicka idén till styrgruppen"))
        assert page.url == walk["application_url"]
        assert "Idén skickades till styrgruppen." in _message(page)
        assert _text(page.locator("#stage")) == "Idé inskickad"


def test_02_the_steering_group_says_go_on_the_list_of_ideas(walk):
    with step(walk, "02-go"):
        page = walk["pages"]["agare"]
        nav = page.get_by_role("navigation", name="Huvudmeny")
        _click_and_wait(page, nav.get_by_role("link", name="Idéer att pröva", exact=True))
        assert re.search(r"/applications/funds/\d+/ideas/$", page.url), page.url
        idea = page.get_by_role("region", name=TITLE, exact=True)
        idea.get_by_role("radio", name="Gå vidare: fortsätt till en fullständig ansökan").check()
        idea.get_by_label("Kommentar").fill(
            "Gå vidare. Beskriv jämförelsegruppen och hur utbildningsnämnden tar över metoden."
        )
        _click_and_wait(page, idea.get_by_role("button", name="Registrera beslutet"))
        assert re.search(r"/applications/funds/\d+/ideas/$", page.url), page.url
        assert f"Beslutet om ”{TITLE}” registrerades." in _message(page)
        # it left the waiting list for the table of decided ideas
        assert page.get_by_role("region", name=TITLE, exact=True).count() == 0
        decided = page.get_by_role("row", name=re.compile(re.escape(TITLE)))
        assert "Idé godkänd (gå vidare)" in _text(decided)


def test_03_the_project_leader_fills_in_the_full_application(walk):
    with step(walk, "03-full"):
        page = walk["pages"]["projektledare"]
        page.goto(walk["application_url"])
        assert _text(page.locator("#stage")) == "Idé godkänd (gå vidare)"
        _click_and_wait(page, page.get_by_role("button", name="Börja den fullständiga ansökan"))
        assert page.url == walk["application_url"] + "full/"

        page.get_by_label("Behovsanalys").fill(
            "Socialnämndens verksamhetsplan 2026 pekar ut skolmisslyckanden bland placerade "
            "barn som ett prioriterat problem; 24 % av placeringarna bryter samman."
        )
        page.get_by_label("Källa", exact=True).fill(
            "Socialnämndens verksamhetsplan 2026; egen uppföljning av placeringar 2023–2025."
        )
        page.get_by_label("Siffror", exact=True).fill(
            "62 barn i årskurs 1–7 placerade i familjehem; 15 sammanbrott 2023–2025."
        )
        page.get_by_label("Målgruppens storlek (personer)").fill("62")
        page.get_by_label(re.compile(r"^Typ\b")).select_option(label="Metodprövning")
        page.get_by_label(re.compile(r"^Väg\b")).select_option(label="Implementeringsvägen")
        page.get_by_label("Projektlogik").select_option(label="Plandriven")
        boards = page.get_by_role("group", name="Ansvariga nämnder")
        for board in BOARDS:
            assert boards.get_by_label(board).is_checked(), f"{board} of the idea is not checked"
        _click_and_wait(page, page.get_by_role("button", name="Spara och fortsätt"))
        assert page.url == walk["application_url"] + "full/2/"
        assert "Steget sparades." in _message(page)
        current = page.locator('[aria-current="step"]')
        assert _text(current) == "2. Beviskedja"

        # the evidence chain: one statement per level, the levels are given in order
        statements = [
            "Ett Skolfam-team på 1,0 tjänst och 150 000 kr till metodutbildning.",
            "Kartläggning av varje barn, handlingsplan med skola och familjehem.",
            "62 barn kartlagda och med en handlingsplan.",
            "Bättre skolresultat och färre sammanbrott i placeringen.",
            "Fler fullföljer grundskolan och går vidare till gymnasiet.",
            "Lägre kostnader för HVB och särskilt stöd; arbete i stället för försörjningsstöd.",
        ]
        for i, text in enumerate(statements, start=1):
            row = page.get_by_role("group", name=f"Beskrivning {i}", exact=True)
            row.get_by_label("Beskrivning", exact=True).fill(text)

        indicator = page.get_by_role("group", name="Indikator 1", exact=True)
        indicator.get_by_label("Nivå").select_option(label="Prestationer")
        indicator.get_by_label("Indikator", exact=True).fill("Barn med handlingsplan")
        indicator.get_by_label("Enhet").fill("barn")
        indicator.get_by_label("Riktning").select_option(label="Högre är bättre")
        indicator.get_by_label("Utgångsvärde", exact=True).fill("0")
        indicator.get_by_label("Källa för utgångsvärdet").fill("Socialtjänstens journalsystem")
        indicator.get_by_label("Datum för utgångsvärdet").fill("2026-09-01")
        indicator.get_by_label("Målvärde").fill("62")
        indicator.get_by_label("Rapporteras").select_option(label="Varje år")

        _click_and_wait(page, page.get_by_role("button", name="Spara utkast"))
        assert page.url == walk["application_url"] + "full/2/"
        assert "Steget sparades." in _message(page)

        # the step came back with what was saved and one more empty row of each list
        indicator = page.get_by_role("group", name="Indikator 2", exact=True)
        indicator.get_by_label("Nivå").select_option(label="Effekter")
        indicator.get_by_label("Indikator", exact=True).fill("Sammanbrott i placeringen")
        indicator.get_by_label("Enhet").fill("andel av placeringarna (%)")
        indicator.get_by_label("Riktning").select_option(label="Lägre är bättre")
        indicator.get_by_label("Utgångsvärde", exact=True).fill("24")
        indicator.get_by_label("Källa för utgångsvärdet").fill("Egen uppföljning 2023–2025")
        indicator.get_by_label("Datum för utgångsvärdet").fill("2025-12-31")
        indicator.get_by_label("Målvärde").fill("15")
        indicator.get_by_label("Rapporteras").select_option(label="Varje år")

        _click_and_wait(page, page.get_by_role("button", name="Spara och fortsätt"))
        assert page.url == walk["application_url"] + "full/3/"

        # the budget: the project's period, then every year in one table, saved at once
        page.get_by_label(re.compile(r"^Första år")).fill(str(min(YEARS)))
        page.get_by_label(re.compile(r"^Sista år")).fill(str(max(YEARS)))
        _click_and_wait(page, page.get_by_role("button", name="Visa åren"))
        table = page.get_by_role("table", name="Budget per år")
        assert [_text(h) for h in table.locator("tbody th").all()] == [str(y) for y in YEARS]
        for year, amount in YEARS.items():
            table.get_by_label(f"{year}: Från fonden (kr)").fill(f"{amount:,}".replace(",", " "))
            table.get_by_label(f"{year}: Medfinansiering, pengar (kr)").fill("100 000")
            table.get_by_label(f"{year}: Medfinansiering, tid (timmar)").fill("400")
        _click_and_wait(page, page.get_by_role("button", name="Spara och fortsätt"))
        assert page.url == walk["application_url"] + "full/4/"

        page.get_by_label("Samarbetspartner i idéburen sektor").fill("Föreningen Läxhjälp")
        page.get_by_label("Riskbedömning", exact=True).fill(
            "Svårt att rekrytera psykolog: vi delar tjänsten med BUP. Skolorna deltar inte: "
            "rektorerna har skrivit under en avsiktsförklaring."
        )
        page.get_by_label("Utvärderingsplan").fill(
            "Högskolan följer barnen med tester vid start och efter två år."
        )
        page.get_by_label("Utvärderingens kostnad (kr)").fill("150 000")
        page.get_by_label("Utvärderingen är vetenskaplig (t.ex. av ett universitet)").check()
        page.get_by_label("Det finns en jämförelsegrupp").check()
        page.get_by_label("Jämförelsegrupp", exact=True).fill(
            "Placerade barn i två grannkommuner utan Skolfam-team."
        )
        page.get_by_label("Plan för implementering i ordinarie verksamhet").fill(
            "Teamet blir en del av elevhälsan från 2030; utbildningsnämnden tar över kostnaden."
        )
        page.get_by_label("Godkänd av (namn på chefen som ska äga den)").fill("Anna Ström")
        page.get_by_label("Chefens titel").fill("Förvaltningschef, utbildningsförvaltningen")
        page.get_by_label("Godkänd den").fill("2026-11-20")

        _click_and_wait(page, page.get_by_role("button", name="Spara och fortsätt"))
        assert page.url == walk["application_url"] + "full/5/"
        # all that is missing now is the calculation
        missing = page.get_by_role("region", name="Det här saknas innan du kan skicka in")
        assert [_text(li) for li in missing.get_by_role("listitem").all()] == ["Kalkylen saknas."]


def test_04_the_project_leader_imports_the_calculation(walk):
    with step(walk, "04-calculation"):
        page = walk["pages"]["projektledare"]
        base = walk["base"]
        _open_project(page, base)
        walk["project_url"] = page.url
        walk["project_pk"] = int(re.search(r"/projects/(\d+)/$", page.url).group(1))
        _click_and_wait(page, page.get_by_role("link", name="Redigera kalkylen"))
        assert page.url == f"{base}/calculation/projects/{walk['project_pk']}/"

        page.get_by_text("Avancerat: kalkylfilen").click()  # the calculation file: advanced
        import_section = page.get_by_role("region", name="Importera en kalkylfil")
        import_section.get_by_label("…eller klistra in filens text").fill(_calculation_toml())
        _click_and_wait(page, import_section.get_by_role("button", name="Importera"))
        assert page.url == f"{base}/calculation/projects/{walk['project_pk']}/"
        assert "Kalkylen importerades och sparades." in _message(page)
        # the engine's results beside the editor
        results = page.get_by_role("table", name="Resultat per perspektiv")
        results.wait_for()
        assert results.get_by_role("row").count() > 2


def test_05_nothing_is_missing_and_the_project_leader_submits(walk):
    with step(walk, "05-submit"):
        page = walk["pages"]["projektledare"]
        page.goto(walk["project_url"])
        _click_and_wait(page, page.get_by_role("link", name="Ansökan", exact=True))
        assert page.url == walk["application_url"]
        _click_and_wait(page, page.get_by_role("link", name="Redigera den fullständiga ansökan"))
        assert page.url == walk["application_url"] + "full/"
        # nothing unfinished: the application's address shows the review step
        assert _text(page.locator('[aria-current="step"]')) == "5. Granska och skicka in"
        panel = page.get_by_role("region", name="Inget saknas")
        assert panel.is_visible(), "the panel of what is missing is not empty"
        assert panel.get_by_role("listitem").count() == 0
        _click_and_wait(page, page.get_by_role("button", name="Skicka in ansökan"))
        assert page.url == walk["application_url"], page.url
        assert "Ansökan skickades in." in _message(page)
        assert _text(page.locator("#stage")) == "Fullständig ansökan inskickad"


def test_06_the_steering_group_reviews_with_the_checklist(walk):
    with step(walk, "06-review"):
        page = walk["pages"]["agare"]
        base = walk["base"]
        # what is available before the decision, on the fund overview
        page.goto(walk["fund_url"])
        walk["available_before"] = _parse_kr(_balance(page, "Disponibelt att bevilja"))
        assert walk["available_before"] >= DECIDED_TOTAL_KR, (
            f"the demo fund has only {walk['available_before']} kr to commit"
        )

        _open_project(page, base)
        _click_and_wait(
            page, page.get_by_role("link", name="Beredning (checkfrågor, risk, portföljeffekt)")
        )
        assert page.url == f"{base}/review/projects/{walk['project_pk']}/"

        preview = page.get_by_role("region", name="Förhandsvisning av portföljen")
        assert _text(preview.locator("#available")) == _kr(walk["available_before"])
        assert _text(preview.locator("#proposed")) == f"{_kr(DECIDED_TOTAL_KR)} (ansökans budget)"

        assessment = page.get_by_role("region", name="Bedömning")
        answers = assessment.get_by_role("radio", name="Ja", exact=True)
        assert answers.count() >= 4, "the checklist has no questions"
        for i in range(answers.count()):
            answers.nth(i).check()
        assessment.get_by_label("Kommentar").first.fill(
            "Behovet är belagt i verksamhetsplanen med källa och siffror."
        )
        assessment.get_by_role("radio", name="Låg risk", exact=True).check()
        assessment.get_by_label("Motivering av riskklassen").fill(
            "Metoden är väl utvärderad i andra kommuner; målgruppen är avgränsad och "
            "förvaltningen har drivit liknande projekt."
        )
        assessment.get_by_label("Förslag till beslut").select_option(label="Bevilja")
        _click_and_wait(page, assessment.get_by_role("button", name="Spara beredningen"))
        assert page.url == f"{base}/review/projects/{walk['project_pk']}/"
        assert "Beredningen har sparats." in _message(page)

        # the stored answers come back, and the preview shows the spread after the project
        assessment = page.get_by_role("region", name="Bedömning")
        answers = assessment.get_by_role("radio", name="Ja", exact=True)
        assert all(answers.nth(i).is_checked() for i in range(answers.count()))
        assert assessment.get_by_role("radio", name="Låg risk", exact=True).is_checked()
        preview = page.get_by_role("region", name="Förhandsvisning av portföljen")
        spread = preview.get_by_role(
            "table", name="Riskspridning efter beviljade medel, före och efter detta projekt"
        )
        low = spread.get_by_role("row", name=re.compile(r"^Låg risk"))
        cells = [_text(c) for c in low.get_by_role("cell").all()]
        # committed before, share before, committed after, share after, ...
        before, after = _parse_kr(cells[0]), _parse_kr(cells[2])
        assert after - before == DECIDED_TOTAL_KR, cells
        assert preview.get_by_role("row", name=re.compile(re.escape(TITLE))).count() == 1


def test_07_the_steering_group_records_the_approval(walk):
    with step(walk, "07-decide"):
        page = walk["pages"]["agare"]
        base = walk["base"]
        _click_and_wait(page, page.get_by_role("link", name="Registrera beslutet"))
        assert page.url == f"{base}/review/projects/{walk['project_pk']}/decide/"
        assert _text(page.locator("#available")) == _kr(walk["available_before"])

        page.get_by_role("radio", name="Beviljat", exact=True).check()
        page.get_by_label("Beslutande organ").select_option(label="Styrgruppen (på delegation)")
        page.get_by_label("Beslutsdatum").fill(datetime.date.today().isoformat())
        page.get_by_label("Diarienummer (dnr)").fill(DNR)
        years = page.get_by_label("År", exact=True)
        amounts = page.get_by_label("Belopp (kr)", exact=True)
        for i, (year, amount) in enumerate(sorted(YEARS.items())):
            years.nth(i).fill(str(year))
            amounts.nth(i).fill(f"{amount:,}".replace(",", " "))
        page.get_by_label("Villkor").fill("Återrapport till styrgruppen varje halvår.")
        page.get_by_label("Återföringsmetod").select_option(label="En andel av besparingen")
        page.get_by_label("Andel av besparingen som återförs (%)").fill("100")
        page.get_by_label("Första år för återföring").fill(str(max(YEARS) + 1))
        _click_and_wait(page, page.get_by_role("button", name="Registrera beslutet"))
        assert page.url == f"{base}/review/projects/{walk['project_pk']}/decision/", page.url
        assert "Beslutet har registrerats: beviljat." in _message(page)


def test_08_the_fund_overview_shows_the_commitment(walk):
    with step(walk, "08-overview"):
        page = walk["pages"]["agare"]
        page.goto(walk["fund_url"])
        after = _balance(page, "Disponibelt att bevilja")
        assert after == _kr(walk["available_before"] - DECIDED_TOTAL_KR), (
            f"before {_kr(walk['available_before'])}, after {after}, "
            f"granted {_kr(DECIDED_TOTAL_KR)}"
        )


def test_09_the_decision_page_shows_the_decision(walk):
    with step(walk, "09-decision"):
        page = walk["pages"]["projektledare"]
        base = walk["base"]
        page.goto(walk["project_url"])
        _click_and_wait(page, page.get_by_role("link", name="Beslutet", exact=True))
        assert page.url == f"{base}/review/projects/{walk['project_pk']}/decision/"
        facts = page.locator("#decision")
        text = _text(facts)
        assert "Beviljat" in text
        assert "Styrgruppen (på delegation)" in text
        assert datetime.date.today().isoformat() in text
        assert DNR in text
        granted = page.get_by_role("table", name="Beviljat per år")
        for year, amount in YEARS.items():
            row = granted.get_by_role("row", name=re.compile(rf"^{year}"))
            assert _text(row.get_by_role("cell")) == _kr(amount)
        total = granted.get_by_role("row", name=re.compile(r"^Summa"))
        assert _text(total.get_by_role("cell")) == _kr(DECIDED_TOTAL_KR)


def test_10_the_decision_memo_downloads_as_a_pdf(walk):
    with step(walk, "10-memo"):
        page = walk["pages"]["agare"]
        page.goto(walk["project_url"])
        with page.expect_download() as info:
            page.get_by_role("link", name="PDF", exact=True).click()
        download = info.value
        assert download.suggested_filename == f"beslutsunderlag-{walk['project_pk']}.pdf"
        data = Path(download.path()).read_bytes()
        assert data.startswith(b"%PDF"), data[:200]
