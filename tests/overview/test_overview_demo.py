"""The overview (översikt) on the demo: every figure matches the ledger's totals, the
owner lands on it after login and sees the fan chart, the tiles and an attention list with
the demo's waiting idea and its indicators at risk; the page runs a fixed number of
queries; the API answers the same figures."""

from __future__ import annotations

import datetime
import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from socinv.core import effects
from socinv.demo.services import load_demo
from socinv.followup import selectors as followup
from socinv.fund import selectors as fund_selectors
from socinv.fund.models import Fund, LedgerEntry
from socinv.organisation.models import Board
from socinv.overview import selectors
from socinv.savings.models import RealisedSaving
from socinv.web.i18n import ore_to_text

pytestmark = pytest.mark.django_db

ON = datetime.date(2026, 12, 4)


@pytest.fixture
def demo(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    assert load_demo(io.StringIO()) is True
    return Fund.objects.get()


def _owner():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="agare")


def _entries_total(fund, *, year=None, board=None):
    """The ledger summed entry by entry in Python (not the selectors' grouped sums): the
    effective entries (reversals and what they reverse left out), by movement."""
    from socinv.core.ledger import Totals

    entries = list(LedgerEntry.objects.filter(fund=fund))
    cancelled = {e.reverses_id for e in entries if e.type == LedgerEntry.Type.REVERSAL}
    by_movement: dict[str, int] = {}
    for e in entries:
        if e.type == LedgerEntry.Type.REVERSAL or e.pk in cancelled:
            continue
        if year is not None and e.date.year != year:
            continue
        if board is not None and e.board_id != board.pk:
            continue
        m = e.type
        if e.type == LedgerEntry.Type.WRITE_DOWN:
            m = "write_down_board" if e.bearer == "board" else "write_down_central"
        by_movement[m] = by_movement.get(m, 0) + e.amount_ore
    return Totals.of(by_movement)


def test_every_figure_on_the_demos_overview_matches_the_ledger(demo):
    board = selectors.overview(_owner(), demo, with_projection=True, on=ON)
    total, year = _entries_total(demo), _entries_total(demo, year=ON.year)
    assert total == fund_selectors.fund_totals(demo)
    expected = {
        "available": (year.available, total.available),
        "committed": (year.committed, total.committed),
        "disbursed": (year.disbursements, total.disbursements),
        "receivable": (year.receivable, total.receivable),
        "repaid": (year.repayments, total.repayments),
        "written_down": (year.write_downs, total.write_downs),
    }
    assert {t.key: (t.this_year, t.total) for t in board.tiles} == expected
    assert total.disbursements > 0 and total.repayments > 0 and total.write_downs > 0
    # the money over time ends at the ledger's money in the fund, year by year
    assert board.history[-1] == (ON.year, total.fund_money)
    years = sorted(set(LedgerEntry.objects.filter(fund=demo).values_list("date__year", flat=True)))
    assert [y for y, _m in board.history] == years
    for y, money in board.history:
        assert money == sum(_entries_total(demo, year=yy).fund_money for yy in years if yy <= y)
    # the projection starts from the same ledger
    assert board.projection["years"][0] == ON.year
    assert board.projection["draws"] == selectors.OVERVIEW_DRAWS
    # projects by phase add up to the fund's projects
    assert sum(n for _p, _l, n in board.phases) == demo.projects.count()
    # realised savings per board as the savings app has them; repaid from the ledger
    for row in board.board_savings:
        realised = sum(
            RealisedSaving.objects.filter(board=row.board).values_list("amount_ore", flat=True)
        )
        assert row.realised_ore == realised
        assert row.repaid_ore == _entries_total(demo, board=row.board).frame_reductions
    assert any(r.expected_ore > 0 for r in board.board_savings)
    assert any(r.realised_ore > 0 for r in board.board_savings)


def test_the_attention_list_of_the_demo(demo):
    a = selectors.overview(_owner(), demo, with_projection=False, on=ON).attention
    assert [app.project.title for app in a.ideas] == ["Familjecentral i Norra stadsdelen"]
    assert a.indicators, "the demo has indicators at risk"
    for f in a.indicators:
        assert followup.figures(f.indicator, f.measurements).status in (
            effects.Status.AT_RISK,
            effects.Status.OFF_TRACK,
        )
    # the savings demo leaves 450 000 kr proposed for the social board in 2026
    social = Board.objects.get(code="socialnamnd")
    assert (social, 2026, 45_000_000) in [(b, y, amount) for _p, b, y, amount in a.repayments]


def _login(client: Client, username: str):
    from socinv.demo import DEMO_PASSWORD

    response = client.post(
        reverse("login"), {"username": username, "password": DEMO_PASSWORD}, follow=True
    )
    assert response.status_code == 200
    return response


def test_the_owner_lands_on_the_overview_after_login(demo):
    client = Client(HTTP_ACCEPT_LANGUAGE="sv")
    response = _login(client, "agare")
    url = reverse("overview:overview", args=[demo.pk])
    assert response.redirect_chain[-1][0] == url
    html = response.content.decode()
    assert "<h1>Översikt</h1>" in html
    assert 'img class="chart"' in html and "Fondens medel över tid" in html
    for key in ("available", "committed", "disbursed", "receivable", "repaid", "written_down"):
        assert f'id="tile-{key}"' in html
    total = fund_selectors.fund_totals(demo)
    assert "Disponibelt att bevilja" in html
    with translation.override("sv"):
        assert ore_to_text(total.available) in html
        assert ore_to_text(total.receivable) in html
    attention = html[html.index('id="attention"') :]
    attention = attention[: attention.index("</ul>")]
    assert "Familjecentral i Norra stadsdelen" in attention
    assert "Indikator i riskzonen" in attention or "Indikator ur kurs" in attention
    # the table for screen readers beside the chart
    assert 'id="table-money"' in html and 'id="table-tiles"' in html


def test_the_economist_lands_on_the_overview_and_an_english_page(demo):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    response = _login(client, "ekonom")
    assert response.redirect_chain[-1][0] == reverse("overview:overview", args=[demo.pk])
    client.cookies["django_language"] = "en"
    html = client.get(reverse("overview:overview", args=[demo.pk])).content.decode()
    assert "<h1>Overview</h1>" in html and "Needs attention" in html


def test_the_overview_runs_a_bounded_number_of_queries(demo):
    """A fixed number of queries, however many projects: none per project (its repayment
    plan and its part in the projection are read for all projects at once), ledger entry,
    indicator or measurement (tests/overview/test_overview_queries.py adds projects)."""
    client = Client()
    client.force_login(_owner())
    url = reverse("overview:overview", args=[demo.pk])
    client.get(url)
    paid = sum(1 for t in fund_selectors.fund_balances(demo).by_project.values() if t.disbursements)
    assert paid >= 8
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    # 62 on the demo (8 projects with money out; 263 when each project was read apart)
    assert len(ctx.captured_queries) <= 70, (len(ctx.captured_queries), paid)


def test_the_api_gives_the_overviews_figures(demo):
    client = Client()
    client.force_login(_owner())
    response = client.get(f"/api/v1/funds/{demo.pk}/overview")
    assert response.status_code == 200, response.content
    body = response.json()
    board = selectors.overview(_owner(), demo, with_projection=False)
    assert body["tiles"] == [
        {"key": t.key, "this_year_ore": t.this_year, "total_ore": t.total} for t in board.tiles
    ]
    assert body["attention"]["ideas"] == 1
    assert body["attention"]["indicators_at_risk"] == len(board.attention.indicators) > 0


def test_a_booking_awaiting_attestation_is_on_the_overview_until_it_is_attested(demo):
    """Issue 13: the dashboard lists what awaits attestation; the owner sees it without a
    link (the booking page is the economists'), an economist with a link to it."""
    from django.contrib.auth import get_user_model

    from socinv.core.ledger import Decision
    from socinv.fund.services import attest_booking, record_entry

    users = get_user_model().objects
    eco, eco2 = users.get(username="ekonom"), users.get(username="ekonom2")
    project = max(
        (p for p in demo.projects.all()),
        key=lambda p: fund_selectors.project_totals(p).outstanding,
    )
    assert fund_selectors.project_totals(project).outstanding >= 15_000_000
    board = project.responsible_boards.first()
    booking = record_entry(
        acting_user=eco,
        fund=demo,
        type="disbursement",
        date=ON,
        amount_ore=15_000_000,
        project=project,
        board=board,
        decision=Decision("Styrgruppen", ON, "KS 2026/0999"),
    )
    assert booking.status == "preliminary"
    listed = selectors.overview(_owner(), demo, with_projection=False, on=ON).attention
    # the demo's own booking awaiting attestation (socinv.fund.demo.AWAITING), then this one
    (demos,) = [b.pk for b in listed.attestation if b.pk != booking.pk]
    assert [b.pk for b in listed.attestation] == [demos, booking.pk]
    url = reverse("overview:overview", args=[demo.pk])
    book = reverse("fund:book", args=[demo.pk]) + "#awaiting"
    owner, economist = Client(), Client()
    owner.force_login(_owner())
    economist.force_login(eco2)
    seen = owner.get(url).content.decode()
    assert "attention-attestation" in seen and ore_to_text(15_000_000) in seen
    assert "Bokning som väntar på attest" in seen and book not in seen
    assert book in economist.get(url).content.decode()
    attest_booking(acting_user=eco2, booking=booking)
    after = selectors.overview(_owner(), demo, with_projection=False, on=ON).attention
    assert [b.pk for b in after.attestation] == [demos]
