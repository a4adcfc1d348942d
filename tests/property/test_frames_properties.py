"""Budget frames, pure: the budget model's runway, the frame years, and the frames file
read back exactly as written (any boards, years and amounts in kronor and öre)."""

import datetime as dt
import io

import xlsxwriter
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from socinv.core.frames import budget_runway, check_frame, frame_years
from socinv.core.limits import MAX_FRAME_ORE, MAX_FRAME_YEAR, MIN_FRAME_YEAR
from socinv.core.personnummer import contains_personal_number
from socinv.io.frames_xlsx import read_frames

SETTINGS = settings(max_examples=60, deadline=None)
TODAY = dt.date(2026, 12, 3)


def test_the_runway_by_hand():
    # 400 000 kr committed over 2024-2026 (three years): 133 333,33 kr a year; 600 000 kr
    # left lasts 5 more years (2027-2031)
    r = budget_runway(
        available_ore=60_000_000,
        committed_by_year={2024: 40_000_000},
        today=TODAY,
        period_start=dt.date(2024, 1, 1),
    )
    assert (r.reason, r.year, r.pace_ore) == ("pace", 2031, 13_333_333)
    late = budget_runway(
        available_ore=60_000_000,
        committed_by_year={2024: 40_000_000},
        today=TODAY,
        period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2028, 12, 31),
    )
    assert (late.reason, late.year) == ("after_period", 2028)
    over = budget_runway(
        available_ore=60_000_000,
        committed_by_year={2024: 40_000_000},
        today=TODAY,
        period_end=dt.date(2025, 12, 31),
    )
    assert (over.reason, over.year, over.available_ore) == ("period_ended", 2025, 60_000_000)
    used = budget_runway(available_ore=0, committed_by_year={2025: 5}, today=TODAY)
    assert (used.reason, used.year) == ("used_up", 2025)
    assert budget_runway(available_ore=5, committed_by_year={}, today=TODAY).reason == "no_pace"


@SETTINGS
@given(
    st.integers(1, 10**12),
    st.dictionaries(st.integers(2015, 2026), st.integers(0, 10**11), max_size=12),
)
def test_the_runway_year_is_when_the_pace_has_spent_what_is_left(available, committed):
    r = budget_runway(available_ore=available, committed_by_year=committed, today=TODAY)
    if r.reason == "no_pace":
        assert r.pace_ore == 0
        return
    assert r.reason == "pace" and r.year > TODAY.year
    more = r.year - TODAY.year
    assert r.pace_ore * more >= available > r.pace_ore * (more - 1)


@SETTINGS
@given(
    st.dictionaries(st.integers(2020, 2030), st.integers(1, 10**12)),
    st.dictionaries(st.integers(2020, 2030), st.integers(0, 10**10)),
    st.dictionaries(st.integers(2020, 2030), st.integers(0, 10**10)),
)
def test_each_year_s_frame_after_is_the_frame_less_the_reductions(frames, decided, expected):
    years = frame_years(frames, decided, expected)
    assert [y.year for y in years] == sorted(set(frames) | set(decided) | set(expected))
    for y in years:
        assert y.reductions_ore == decided.get(y.year, 0) + expected.get(y.year, 0)
        if y.year in frames:
            assert y.frame_after_ore == frames[y.year] - y.reductions_ore
        else:
            assert y.frame_after_ore is None and y.share is None


def _workbook(rows) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    for i, r in enumerate(rows):
        sheet.write_row(i, 0, r)
    book.close()
    return buffer.getvalue()


def _kronor_text(ore: int) -> str:
    kr, rest = divmod(ore, 100)
    grouped = f"{kr:,}".replace(",", "\u00a0")
    return f"{grouped},{rest:02d}" if rest else grouped


frame_rows = st.dictionaries(
    st.tuples(
        st.sampled_from(["socialnamnd", "Utbildningsnämnden", "kf"]), st.integers(2000, 2100)
    ),
    st.tuples(st.integers(1, MAX_FRAME_ORE), st.booleans()),
    min_size=1,
    max_size=15,
)


@SETTINGS
@given(frame_rows)
def test_a_frames_file_reads_back_as_written(rows):
    sheet = [["Nämnd", "År", "Budgetram (kr)"]]
    for (board, year), (ore, as_text) in rows.items():
        cell = _kronor_text(ore) if as_text else str(ore / 100)
        # an ungrouped amount of ten or twelve digits can be a valid personnummer, and a
        # file holding one is refused whole (tests/frames/test_frames.py): not this case
        assume(not contains_personal_number(cell))
        sheet.append([board, year, cell])
    # a number cell in kronor only where it is exact as a float
    read, problems = read_frames(_workbook(sheet))
    assert problems == []
    assert {(r.board, r.year): r.amount_ore for r in read} == {k: v[0] for k, v in rows.items()}
    assert [r.row for r in read] == list(range(2, len(rows) + 2))


@SETTINGS
@given(frame_rows, st.integers(0, 14), st.sampled_from(["year", "amount", "board"]))
def test_one_bad_row_refuses_the_whole_file_naming_it(rows, pick, what):
    sheet = [["Board", "Year", "Budget frame (SEK)"]]
    for (board, year), (ore, _t) in rows.items():
        sheet.append([board, year, _kronor_text(ore)])
    n = pick % (len(sheet) - 1) + 1
    bad = list(sheet[n])
    bad[{"board": 0, "year": 1, "amount": 2}[what]] = {
        "year": "20x",
        "amount": "12,345",
        "board": "",
    }[what]
    sheet[n] = bad
    read, problems = read_frames(_workbook(sheet))
    assert read == []
    assert [(p.params["row"], p.params["column"]) for p in problems] == [
        (n + 1, {"board": "A", "year": "B", "amount": "C"}[what])
    ]


@given(st.integers(), st.integers())
def test_check_frame_accepts_exactly_the_bounded_frames(year, amount):
    problems = check_frame(year, amount)
    ok = MIN_FRAME_YEAR <= year <= MAX_FRAME_YEAR and 0 < amount <= MAX_FRAME_ORE
    assert (problems == []) == ok
