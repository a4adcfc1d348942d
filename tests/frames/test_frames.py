"""Budget frames and the repayment model as the report describes it (issue 12, item 1):
frames typed in and imported (all rows or none), the ramminskningar decided and expected per
board and year (page and workbook), a board-borne write-down returning the money to the
fund, the earmarking proposed and booked once with its decision, and the budget model's
period.

Money: the own project gets 400 000 kr committed and 300 000 kr disbursed to the social
board out of 1 000 000 kr contributed; every figure below is computed by hand from that."""

from __future__ import annotations

import datetime
import io
import re

import openpyxl
import pytest
import xlsxwriter
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from tests.ledger_helpers import record_attested

from socinv.core.ledger import Decision
from socinv.core.problems import Refused
from socinv.frames import selectors, services
from socinv.frames.models import BudgetFrame
from socinv.fund import selectors as fund_selectors
from socinv.fund.models import LedgerEntry
from socinv.fund.services import book_earmarking
from socinv.organisation.services import create_board_at_setup
from socinv.savings import services as savings

pytestmark = pytest.mark.django_db

KF = Decision("Kommunfullmäktige", datetime.date(2025, 2, 20), "KS 2025/117")
KS = Decision("Kommunstyrelsen", datetime.date(2026, 6, 1), "KS 2026/300")
THIS_YEAR = timezone.localdate().year


def fund_it(p, bearer="board"):
    p.fund.write_down_bearer = bearer
    p.fund.save()
    eco = p["economist"]
    record_attested(
        acting_user=eco, fund=p.fund, type="contribution", date=datetime.date(2025, 3, 1),
        amount_ore=100_000_000, decision=KF,
    )  # fmt: skip
    record_attested(
        acting_user=eco, fund=p.fund, type="commitment", date=datetime.date(2025, 3, 2),
        amount_ore=40_000_000, project=p.own_project, decision=KF,
    )  # fmt: skip
    record_attested(
        acting_user=eco, fund=p.fund, type="disbursement", date=datetime.date(2025, 3, 3),
        amount_ore=30_000_000, project=p.own_project, board=p.social_board,
    )  # fmt: skip


def client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def write_down(p, amount_ore):
    p.own_project.phase = "closing"
    p.own_project.save()
    return savings.confirm_write_down(
        acting_user=p["owner"],
        project=p.own_project,
        board=p.social_board,
        amount_ore=amount_ore,
        decision=KS,
    ).entry


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("\u00a0", " ")


def row_of(html: str, row_id: str, first_cell: str) -> list[str]:
    """The cells of the row of table ``row_id`` whose first cell is ``first_cell``."""
    table = html.split(f'id="{row_id}"', 1)[1].split("</table>", 1)[0]
    for tr in table.split("<tr")[1:]:
        cells = [text(c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", tr, re.S)]
        if cells and cells[0] == first_cell:
            return cells
    raise AssertionError(f"no row {first_cell!r} in {row_id}")


# -- the report's repayment model: a board-borne write-down returns the money -------------


def test_a_board_borne_write_down_raises_available_and_is_the_board_s_frame_reduction(personas):
    fund_it(personas, bearer="board")
    before = fund_selectors.fund_totals(personas.fund)
    assert before.available == 60_000_000
    entry = write_down(personas, 30_000_000)
    assert (entry.type, entry.bearer) == ("write_down", "board")
    after = fund_selectors.fund_totals(personas.fund)
    assert after.available - before.available == 30_000_000
    assert (after.receivable, after.capital, after.fund_money) == (0, 100_000_000, 100_000_000)
    decided = selectors.decided_reductions(personas.fund)
    assert decided == {(personas.social_board.pk, entry.date.year): 30_000_000}
    url = reverse("frames:board", args=[personas.fund.pk, personas.social_board.pk])
    html = client(personas["owner"]).get(url).content.decode()
    cells = row_of(html, "board-frames", str(entry.date.year))
    assert cells[2] == "300 000 kr"  # decided
    overview = client(personas["owner"]).get(reverse("fund:overview", args=[personas.fund.pk]))
    assert "Disponibelt att bevilja" in text(overview.content.decode())
    assert "900 000 kr" in text(overview.content.decode())


def test_a_central_write_down_is_the_fund_s_loss_and_no_frame_reduction(personas):
    fund_it(personas, bearer="central")
    write_down(personas, 30_000_000)
    t = fund_selectors.fund_totals(personas.fund)
    assert (t.available, t.capital, t.frame_reductions) == (60_000_000, 70_000_000, 0)
    assert selectors.decided_reductions(personas.fund) == {}


def test_a_reversed_write_down_leaves_no_frame_reduction(personas):
    fund_it(personas, bearer="board")
    entry = write_down(personas, 10_000_000)
    record_attested(
        acting_user=personas["economist"],
        fund=personas.fund,
        type="reversal",
        date=entry.date,
        amount_ore=entry.amount_ore,
        reverses=entry,
    )
    assert selectors.decided_reductions(personas.fund) == {}
    assert fund_selectors.fund_totals(personas.fund).available == 60_000_000


# -- frames: typed in ------------------------------------------------------------------------


def test_the_economist_records_a_frame_and_its_history_names_them(personas):
    frame = services.set_frame(
        acting_user=personas["economist"],
        board=personas.social_board,
        year=2027,
        amount_ore=1_289_000_000_00,
    )
    again = services.set_frame(
        acting_user=personas["economist"],
        board=personas.social_board,
        year=2027,
        amount_ore=1_300_000_000_00,
    )
    assert again.pk == frame.pk and BudgetFrame.objects.count() == 1
    assert BudgetFrame.objects.get().amount_ore == 1_300_000_000_00
    history = frame.history.order_by("history_date")
    assert [h.amount_ore for h in history] == [1_289_000_000_00, 1_300_000_000_00]
    assert {h.history_user for h in history} == {personas["economist"]}


@pytest.mark.parametrize("role", ["owner", "auditor", "project_leader", "administrator"])
def test_only_the_economist_maintains_frames(personas, role):
    with pytest.raises(PermissionDenied):
        services.set_frame(
            acting_user=personas[role], board=personas.social_board, year=2027, amount_ore=100
        )
    assert not BudgetFrame.objects.exists()


@pytest.mark.parametrize(
    "year, amount, field, code",
    [
        (1999, 100, "year", "frame_year_out_of_range"),
        (2027, 0, "amount", "frame_amount_not_positive"),
        (2027, 10**15, "amount", "frame_amount_too_large"),
    ],
)
def test_a_bad_frame_is_refused_and_nothing_stored(personas, year, amount, field, code):
    with pytest.raises(Refused) as caught:
        services.set_frame(
            acting_user=personas["economist"],
            board=personas.social_board,
            year=year,
            amount_ore=amount,
        )
    [r] = caught.value.refusals
    assert (r.code, r.field) == (code, field)
    assert not BudgetFrame.objects.exists()


def test_the_frame_form_through_the_page(personas):
    c = client(personas["economist"])
    url = reverse("frames:index", args=[personas.fund.pk])
    data = {"board": personas.social_board.pk, "year": "2027", "amount": "1 289 000 000"}
    assert c.post(url, {"action": "frame", **data}).status_code == 302
    assert BudgetFrame.objects.get().amount_ore == 1_289_000_000_00
    html = c.get(url).content.decode()
    assert row_of(html, "frames", "Socialnämnden")[:3] == [
        "Socialnämnden",
        "2027",
        "1 289 000 000 kr",
    ]
    assert client(personas["owner"]).post(url, {"action": "frame", **data}).status_code == 403


# -- frames: imported ------------------------------------------------------------------------


def workbook(rows) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    for i, r in enumerate(rows):
        sheet.write_row(i, 0, r)
    book.close()
    return buffer.getvalue()


HEADER = ["Nämnd", "År", "Budgetram (kr)"]


def test_a_file_of_frames_is_stored_whole(personas):
    data = workbook(
        [HEADER, ["socialnamnd", 2027, "1 289 000 000"], ["Utbildningsnämnden", 2027, 2.61e9]]
    )
    stored = services.import_frames(
        acting_user=personas["economist"], organisation=personas.organisation, data=data
    )
    assert len(stored) == 2
    assert selectors.frames_of(personas.organisation.pk) == {
        personas.social_board.pk: {2027: 1_289_000_000_00},
        personas.school_board.pk: {2027: 2_610_000_000_00},
    }
    assert {f.source for f in stored} == {"imported"}


@pytest.mark.parametrize(
    "bad_row, where, code",
    [
        (["socialnamnd", 2028, "12,345"], "Rad 3, kolumn ”C”", "amount_not_an_amount"),
        (["socialnamnd", "tjugo", 100], "Rad 3, kolumn ”B”", "year_not_a_year"),
        (["miljonamnd", 2028, 100], "Rad 3, kolumn ”A”", "board_unknown"),
        (["socialnamnd", 2027, 100], "Rad 3", "duplicate_row"),
        (["socialnamnd", 2028, -5], "Rad 3, kolumn ”C”", "frame_amount_not_positive"),
    ],
)
def test_a_file_with_one_bad_row_stores_nothing_and_names_the_row(personas, bad_row, where, code):
    data = workbook([HEADER, ["socialnamnd", 2027, 100_000], bad_row])
    with pytest.raises(Refused) as caught:
        services.import_frames(
            acting_user=personas["economist"], organisation=personas.organisation, data=data
        )
    [r] = caught.value.refusals
    assert r.code == code and r.field == "file"
    assert r.message.startswith(where), r.message
    assert not BudgetFrame.objects.exists()


def test_a_file_holding_a_personnummer_is_refused(personas):
    data = workbook([HEADER, ["socialnamnd", 2027, 100_000], ["19811218-9876", 2027, 5]])
    with pytest.raises(Refused) as caught:
        services.import_frames(
            acting_user=personas["economist"], organisation=personas.organisation, data=data
        )
    assert caught.value.codes == ["personal_number"]
    assert "9876" not in caught.value.refusals[0].message
    assert not BudgetFrame.objects.exists()


def test_a_file_that_is_no_workbook_and_one_without_the_columns(personas):
    for data, code in [
        (b"not a zip", "zip_invalid"),
        (workbook([["Namn", "Belopp"]]), "column_missing"),
    ]:
        with pytest.raises(Refused) as caught:
            services.import_frames(
                acting_user=personas["economist"], organisation=personas.organisation, data=data
            )
        assert code in caught.value.codes


def test_importing_through_the_page_and_the_template_reimports(personas):
    c = client(personas["economist"])
    template = c.get(reverse("frames:template", args=[personas.fund.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(template.content)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0] == HEADER
    filled = [rows[0]] + [[r[0], r[1], 1_000_000] for r in rows[1:]]
    upload = io.BytesIO(workbook(filled))
    upload.name = "ramar.xlsx"
    url = reverse("frames:index", args=[personas.fund.pk])
    response = c.post(url, {"action": "import", "file": upload})
    assert response.status_code == 302
    assert BudgetFrame.objects.count() == 2  # both boards, next year
    bad = io.BytesIO(workbook([HEADER, ["socialnamnd", 2027, "x"]]))
    bad.name = "ramar.xlsx"
    response = c.post(url, {"action": "import", "file": bad})
    assert response.status_code == 400
    assert "Rad 2, kolumn ”C”" in text(response.content.decode())


# -- reductions expected, the page, the workbook -------------------------------------------


def test_expected_reductions_come_from_the_repayment_plans(personas):
    fund_it(personas)
    savings.record_saving(
        acting_user=personas["economist"],
        project=personas.own_project,
        board=personas.social_board,
        year=2025,
        amount_ore=10_000_000,
        basis="Lägre kostnader för försörjningsstöd enligt ekonomisystemet.",
    )
    services.set_frame(
        acting_user=personas["economist"],
        board=personas.social_board,
        year=2025,
        amount_ore=1_000_000_000,
    )
    [board] = selectors.fund_frames(personas.fund)
    [y2025] = board.years
    assert (y2025.frame_ore, y2025.decided_ore, y2025.expected_ore) == (
        1_000_000_000,
        0,
        10_000_000,
    )
    assert y2025.frame_after_ore == 990_000_000
    # the seam: a projection's expected amounts replace the plans'
    [board] = selectors.fund_frames(
        personas.fund, expected={(personas.social_board.pk, 2026): 5_000_000}
    )
    assert [(y.year, y.expected_ore) for y in board.years] == [(2025, 0), (2026, 5_000_000)]
    response = client(personas["auditor"]).get(reverse("frames:export", args=[personas.fund.pk]))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    data = [r for r in sheet.iter_rows(min_row=5, values_only=True)]
    assert data == [("Socialnämnden", 2025, 10_000_000, 0, 100_000, 9_900_000)]
    assert sheet.cell(4, 4).value == "Beslutade ramminskningar (kr)"


@pytest.mark.parametrize(
    "role, status",
    [
        ("owner", 200),
        ("economist", 200),
        ("auditor", 200),
        ("project_leader", 403),
        ("other_owner", 404),
    ],
)
def test_who_may_read_the_frames(personas, role, status):
    for name, args in [
        ("frames:index", [personas.fund.pk]),
        ("frames:board", [personas.fund.pk, personas.social_board.pk]),
        ("frames:export", [personas.fund.pk]),
    ]:
        assert client(personas[role]).get(reverse(name, args=args)).status_code == status


def test_a_board_of_another_organisation_is_not_found(personas):
    theirs = create_board_at_setup(
        organisation=personas.other_organisation, name="Deras", code="deras"
    )
    url = reverse("frames:board", args=[personas.fund.pk, theirs.pk])
    assert client(personas["owner"]).get(url).status_code == 404


# -- the earmarking: proposed from the year's figures, booked once with its decision -------


def test_the_statement_proposes_the_earmarking_and_books_it_once(personas):
    fund_it(personas)
    year = 2025  # 1 000 000 kr contributed in 2025, nothing repaid
    c = client(personas["economist"])
    url = reverse("fund:statement", args=[personas.fund.pk, year])
    html = c.get(url).content.decode()
    assert "Föreslagen öronmärkning" in html
    assert text(html.split('id="proposed-earmarking">')[1].split("</dd>")[0]) == "1 000 000 kr"
    assert "Regeln:" in html  # the rule is on the page
    token = re.search(r'name="_once" value="([^"]+)"', html).group(1)
    data = {
        "_once": token,
        "amount": "1 000 000",
        "decision_body": "Kommunfullmäktige",
        "decision_date": "2026-02-20",
        "decision_dnr": "KS 2026/55",
    }
    first, second = c.post(url, data), c.post(url, data)
    assert first.status_code == second.status_code == 302
    [entry] = LedgerEntry.objects.filter(type="earmarking")
    assert (entry.amount_ore, entry.date, entry.decision_dnr) == (
        100_000_000,
        datetime.date(2025, 12, 31),
        "KS 2026/55",
    )
    assert entry.recorded_by == personas["economist"]
    html = c.get(url).content.decode()
    assert text(html.split('id="proposed-earmarking">')[1].split("</dd>")[0]) == "0 kr"
    assert 'name="_once"' not in html  # nothing more to earmark: no form


def test_the_earmarking_needs_its_decision_and_the_right(personas):
    fund_it(personas)
    with pytest.raises(Refused) as caught:
        book_earmarking(
            acting_user=personas["economist"],
            fund=personas.fund,
            year=2025,
            amount_ore=100,
            decision=Decision("", datetime.date(2026, 1, 1), ""),
        )
    assert set(caught.value.codes) == {"decision_body_required", "decision_dnr_required"}
    with pytest.raises(Refused) as caught:
        book_earmarking(
            acting_user=personas["economist"],
            fund=personas.fund,
            year=THIS_YEAR + 1,
            amount_ore=100,
            decision=KF,
        )
    assert caught.value.codes == ["year_not_begun"]
    with pytest.raises(PermissionDenied):
        book_earmarking(
            acting_user=personas["auditor"],
            fund=personas.fund,
            year=2025,
            amount_ore=100,
            decision=KF,
        )
    assert not LedgerEntry.objects.filter(type="earmarking").exists()


# -- the budget model's period ---------------------------------------------------------------


def test_a_commitment_after_the_budget_model_s_period_is_refused(personas):
    f = personas.fund
    f.economic_model = "budget"
    f.period_start, f.period_end = datetime.date(2024, 1, 1), datetime.date(2025, 12, 31)
    f.save()
    eco = personas["economist"]
    record_attested(
        acting_user=eco, fund=f, type="contribution", date=datetime.date(2024, 1, 10),
        amount_ore=100_000_000, decision=KF,
    )  # fmt: skip
    record_attested(
        acting_user=eco, fund=f, type="commitment", date=datetime.date(2025, 12, 31),
        amount_ore=40_000_000, project=personas.own_project, decision=KF,
    )  # fmt: skip
    with pytest.raises(Refused) as caught:
        record_attested(
            acting_user=eco, fund=f, type="commitment", date=datetime.date(2026, 1, 2),
            amount_ore=1_000, project=personas.own_project, decision=KF,
        )  # fmt: skip
    [r] = caught.value.refusals
    assert (r.code, r.field) == ("commitment_after_period", "date")
    assert "2025-12-31" in r.message and "fullmäktige" in r.message
    assert LedgerEntry.objects.filter(type="commitment").count() == 1
    # the overview says what is left of the money: the period is over with 600 000 kr
    html = text(
        client(personas["owner"]).get(reverse("fund:overview", args=[f.pk])).content.decode()
    )
    assert "Budgetmodellens period" in html
    assert "Perioden slutade 2025 med 600 000 kr kvar som disponibelt att bevilja" in html
    # and while it runs, when the money is used up at the pace so far
    f.period_end = datetime.date(THIS_YEAR + 10, 12, 31)
    f.save()
    html = text(
        client(personas["owner"]).get(reverse("fund:overview", args=[f.pk])).content.decode()
    )
    years_so_far = THIS_YEAR - 2024 + 1  # 400 000 kr committed over them
    pace = 40_000_000 // years_so_far
    used_up = THIS_YEAR + -(-60_000_000 // pace)
    assert f"är disponibelt att bevilja (600 000 kr) förbrukat {used_up}" in html


def test_the_statement_in_the_api_and_the_command_line_has_the_frame_reductions(personas):
    from io import StringIO

    from django.core.management import call_command

    from socinv.api.services import create_token

    fund_it(personas, bearer="board")
    entry = write_down(personas, 10_000_000)
    year = entry.date.year
    _t, plain = create_token(acting_user=None, user=personas["auditor"], name="t")
    r = Client().get(
        f"/api/v1/funds/{personas.fund.pk}/statements/{year}",
        headers={"Authorization": f"Bearer {plain}"},
    )
    assert r.status_code == 200
    body = r.json()
    assert body["board_write_downs_ore"] == 10_000_000
    assert body["frame_reductions_by_board"] == [
        {"board_id": personas.social_board.pk, "amount_ore": 10_000_000}
    ]
    assert body["proposed_earmarking_ore"] == 10_000_000  # the ramminskning of the year
    out = StringIO()
    call_command("ledger_statement", personas.fund.pk, year, stdout=out)
    assert "Föreslagen öronmärkning" in out.getvalue()
    assert "Ramminskningar per nämnd" in out.getvalue()
