"""The workbooks' one number format for amounts (socinv.l10n.excel_money_format)."""

from socinv.l10n import excel_money_format


def test_swedish_amounts_end_in_kr_and_english_in_sek() -> None:
    assert excel_money_format("sv") == '#,##0 "kr";-#,##0 "kr"'
    assert excel_money_format("en") == '#,##0 "SEK";-#,##0 "SEK"'


def test_decimals_are_öre() -> None:
    assert excel_money_format("sv", 2) == '#,##0.00 "kr";-#,##0.00 "kr"'
    assert excel_money_format("en", 2) == '#,##0.00 "SEK";-#,##0.00 "SEK"'
