"""The reader's details in its sentences: each param that the old English sentence held
(a suggested column, the first bad byte's position, the JSON error's place …) is shown by
the code's wording in socinv.l10n.measurements, in Swedish and in English."""

import json

import pytest

from socinv.io.measurements import ImportProblem, ProblemCode, read_measurements
from socinv.l10n.catalogue import translator
from socinv.l10n.measurements import DETAILS, MESSAGES, describe

P = ProblemCode


def only(data: bytes, name: str, code: ProblemCode) -> ImportProblem:
    result = read_measurements(data, name)
    found = [p for p in result.problems if p.code == code]
    assert len(found) == 1, result.problems
    return found[0]


def said(p: ImportProblem) -> dict[str, str]:
    return {lang: describe(p.code, p.params, lang) for lang in ("sv", "en")}


def test_every_detail_belongs_to_a_code_and_is_translated() -> None:
    for code, _ in DETAILS:
        assert code in MESSAGES
    for english in DETAILS.values():
        assert translator("sv").gettext(english) != english


def test_the_old_excel_format_is_named() -> None:
    p = only(b"\xd0\xcf\x11\xe0rest", "m.xls", P.UNSUPPORTED_FORMAT)
    words = said(p)
    assert "(.xls)" in words["en"] and "(.xls)" in words["sv"]
    assert "Excelformatet" in words["sv"] and "old Excel format" in words["en"]


def test_the_first_bad_byte_is_placed() -> None:
    data = b"indicator,period,value\nA,2026,\x81\n"  # 0x81 is neither UTF-8 nor cp1252
    p = only(data, "m.csv", P.ENCODING)
    position = data.index(b"\x81") + 1
    assert p.params == {"position": position}
    words = said(p)
    assert f"position {position}" in words["en"] and f"position {position}" in words["sv"]
    data = b"\xef\xbb\xbfindicator,period,value\nA,2026,1\x00\n"
    nul = only(data, "m.json", P.ENCODING)
    assert nul.params == {"position": data.index(b"\x00") + 1}  # the byte, BOM counted


def test_a_broken_utf16_file_names_its_encoding() -> None:
    data = "indicator,period,value\n".encode("utf-16") + b"\x00\xd8a\x00"
    p = only(data, "m.csv", P.ENCODING)
    assert p.params == {"encoding": "utf-16"}
    words = said(p)
    assert "utf-16" in words["en"] and "utf-16" in words["sv"]


def test_the_json_error_is_placed() -> None:
    p = only(b'{"values": [\n  {"kpi": }]}', "k.json", P.INVALID_JSON)
    assert (p.params["line"], p.params["column_number"]) == (2, 11)
    words = said(p)
    assert "line 2, column 11: Expecting value" in words["en"]
    assert "rad 2, kolumn 11: Expecting value" in words["sv"]


def test_the_csv_error_is_placed() -> None:
    params = {"line": 7, "detail": "field larger than field limit (131072)"}
    en, sv = (describe(P.MALFORMED_CSV, params, lang) for lang in ("en", "sv"))
    assert "line 7: field larger" in en and "rad 7: field larger" in sv


def test_kolada_structure_says_what_it_expected() -> None:
    p = only(b'{"data": 1}', "k.json", P.INVALID_STRUCTURE)
    words = said(p)
    assert '"values": [{"kpi"' in words["en"] and '"values": [{"kpi"' in words["sv"]
    doc = {"values": [{"kpi": "N1", "period": 2024, "municipality": [1], "values": []}]}
    town = [
        p
        for p in read_measurements(json.dumps(doc).encode(), "k.json").problems
        if p.code == P.INVALID_STRUCTURE
    ]
    assert [(p.row, p.column, p.params["expected"]) for p in town] == [
        (1, "municipality", '"0180"')
    ]
    nested = {"nested": True}
    assert "nested too deeply" in describe(P.INVALID_STRUCTURE, nested, "en")
    assert "för många nivåer" in describe(P.INVALID_STRUCTURE, nested, "sv")


def test_kolada_without_entries_names_the_list() -> None:
    p = only(b'{"values": []}', "k.json", P.NO_DATA_ROWS)
    words = said(p)
    assert "“values”" in words["en"] and "”values”" in words["sv"]
    csv = only(b"indicator,period,value\n", "m.csv", P.NO_DATA_ROWS)
    assert said(csv) == {"sv": "Filen har inga rader med data.", "en": "The file has no data rows."}


def test_the_header_suggests_lists_and_names() -> None:
    result = read_measurements(b"indikator;period;vrde;Period\nA;2026;1;2026\n", "m.csv")
    unknown, duplicate, missing = result.problems
    assert (unknown.code, duplicate.code, missing.code) == (
        P.UNKNOWN_COLUMN,
        P.DUPLICATE_COLUMN,
        P.MISSING_COLUMN,
    )
    words = said(unknown)
    assert "“värde”?" in words["en"] and "”värde”?" in words["sv"]
    assert "jämförelsevärde, kommentar" in words["en"]
    assert "jämförelsevärde, kommentar" in words["sv"]
    words = said(duplicate)
    assert duplicate.params["first"] == "period"
    assert "“period” is the same column" in words["en"]
    assert "”period” är samma kolumn" in words["sv"]
    words = said(missing)
    assert "“värde”" in words["en"] and "”värde”" in words["sv"]


def test_a_decimal_comma_in_a_comma_file_gets_the_hint() -> None:
    p = only(b'indicator,period,value\nA,2026,"1,5"\n', "m.csv", P.NOT_A_NUMBER)
    words = said(p)
    assert words["en"] == "“1,5” is not a number. This file uses a decimal point."
    assert "decimalpunkt" in words["sv"]


@pytest.mark.parametrize("town", ["Malmö", ""])
def test_a_duplicate_names_the_first_row_and_the_municipality(town: str) -> None:
    data = f"indikator;period;värde;kommun\nA;2026;1;{town}\nA;2026;2;{town}\n".encode()
    p = only(data, "m.csv", P.DUPLICATE_MEASUREMENT)
    words = said(p)
    assert "first is on row 2" in words["en"] and "första finns på rad 2" in words["sv"]
    assert ("Malmö" in words["en"]) == bool(town) and ("Malmö" in words["sv"]) == bool(town)


def test_a_kolada_duplicate_names_the_first_entry() -> None:
    entry = {"kpi": "N1", "municipality": "0180", "period": 2024, "values": []}
    entry["values"] = [{"gender": "T", "value": 1}]
    p = only(json.dumps({"values": [entry, entry]}).encode(), "k.json", P.DUPLICATE_MEASUREMENT)
    assert p.params["first_entry"] == 1 and "first_row" not in p.params
    words = said(p)
    assert "entry 1" in words["en"] and "post 1" in words["sv"]
    assert "0180" in words["en"] and "0180" in words["sv"]
    skipped = dict(entry, values=[{"gender": "T", "value": None}])
    warning = read_measurements(json.dumps([skipped]).encode(), "k.json").warnings[0]
    assert "“N1”, 2024" in describe(warning.code, warning.params, "en")


def test_the_count_of_problems_not_listed() -> None:
    data = b"indicator,period,value\n" + b"A,x,1\n" * 1005
    p = read_measurements(data, "m.csv").problems[-1]
    assert p.code == P.TOO_MANY_PROBLEMS and p.params == {"more": 5}
    assert "5" in str(p) and "5" in describe(p.code, p.params, "sv")


def test_str_is_the_english_sentence_with_where() -> None:
    p = only(b"indicator,period,value\nA,2026,tolv\n", "m.csv", P.NOT_A_NUMBER)
    assert str(p) == "row 2, column “value”: “tolv” is not a number. " + (
        "This file uses a decimal point."
    )
