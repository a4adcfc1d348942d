"""`socinv calc`'s table, word for word in both languages, and its stderr: the golden files in
tests/fixtures/calc_tables were written by the command before its words moved into the
gettext catalogue (a hand-made sv/en dictionary then), so the move changed nothing; they
were written again when the measures took their one name (socinv.l10n.measures: "Nuvärde
av nyttor", "Nytto-kostnadskvot" …), which changed only those words."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from socinv.cli.calc import run, texts
from socinv.cli.main import build_parser

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "fixtures" / "calc_tables"
EXAMPLES = ["arbete-forsorjningsstod", "hemmasittare-avskrivning", "skolstod-familjehem"]


def calc(capsys, *argv: str) -> tuple[int, str, str]:
    args = build_parser().parse_args(["calc", *argv])
    code = run(args)
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def at_root(monkeypatch):
    monkeypatch.chdir(ROOT)  # the golden stderr names the file as given, from the root


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("name", EXAMPLES)
def test_the_table_is_word_for_word_what_it_was(capsys, at_root, name, lang):
    code, out, err = calc(
        capsys, f"examples/{name}.toml", "--lang", lang, "--draws", "2000", "--seed", "3"
    )
    assert code == 0, err
    assert out == (GOLDEN / f"{name}.{lang}.txt").read_text(encoding="utf-8")
    assert err == ""


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_an_unpaid_repayment_and_a_warning_are_worded_as_they_were(capsys, at_root, lang):
    code, out, err = calc(capsys, "tests/fixtures/calc_tables/unpaid.toml", "--lang", lang)
    assert code == 0, err
    assert out == (GOLDEN / f"unpaid.{lang}.txt").read_text(encoding="utf-8")
    assert err == (GOLDEN / f"unpaid.{lang}.stderr.txt").read_text(encoding="utf-8")


def test_the_table_uses_the_glossarys_words():
    sv = texts("sv")
    assert sv["break_even_factor"] == "Brytpunktsfaktor"
    assert sv["payback_year"] == "Återbetalningsår"
    assert texts("en")["break_even_factor"] == "Break-even factor"


def test_at_most_fifty_problem_lines_then_how_many_more(capsys, tmp_path):
    bad = tmp_path / "bad.toml"
    cohorts = ", ".join(['"x"'] * 60)
    bad.write_text(
        f'name = "x"\nstart_year = 2026\nhorizon = 100\ndiscount_rate = 0.0\n'
        f"participants = [{cohorts}]\n"
        '[[stakeholders]]\nid = "m"\nname = "M"\n',
        encoding="utf-8",
    )
    code, out, err = calc(capsys, os.fspath(bad))
    assert (code, out) == (2, "")
    lines = err.splitlines()
    assert len(lines) == 51
    assert lines[0] == f"{bad}: participants[0]: must be a whole number, got 'x'"
    assert lines[49] == f"{bad}: participants[49]: must be a whole number, got 'x'"
    assert lines[50] == f"{bad}: … and 10 more"  # 60 cohorts; the English of the spec
