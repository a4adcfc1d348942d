"""The personnummer finder against known examples (check digits worked out by hand)."""

import pytest

from socinv.core.personnummer import (
    contains_personal_number,
    find_personal_numbers,
    luhn_check_digit,
    redact,
)

# Luhn over the 10-digit form, weights 2,1,2,1,… from the left, digits of products summed:
#   121212-121[2]: 1·2 2 1·2 2 1·2 2 1·2 2 1·2 = 2+2+2+2+2+2+2+2+2 = 18 -> (10 - 8) % 10 = 2
#   811218-987[6]: 16->7, 1, 2, 2, 2, 8, 18->9, 8, 14->5 = 44 -> (10 - 4) % 10 = 6
#   701063-239[1] (samordningsnummer, day 63 = 3 + 60): 14->5, 0, 2, 0, 12->3, 3, 4, 3, 18->9
#                  = 29 -> (10 - 9) % 10 = 1


def test_luhn_check_digit_by_hand() -> None:
    assert luhn_check_digit("121212121") == 2
    assert luhn_check_digit("811218987") == 6
    assert luhn_check_digit("701063239") == 1


@pytest.mark.parametrize(
    "text",
    [
        "19121212-1212",
        "191212121212",
        "121212-1212",
        "1212121212",
        "121212+1212",  # over 100 years old
        "811218-9876",
        "8112189876",
        "198112189876",
        "19811218-9876",
        "811218\u20139876",  # en dash from a word processor
        "701063-2391",  # samordningsnummer
        "19701063-2391",
        "000229-0005",  # 29 February 2000 (YY divisible by 4)
    ],
)
def test_it_finds_valid_numbers(text: str) -> None:
    found = find_personal_numbers(text)
    assert len(found) == 1
    assert (found[0].start, found[0].end) == (0, len(text))
    assert contains_personal_number(text)


def test_it_finds_numbers_inside_text_with_positions() -> None:
    text = "Elev 811218-9876 och 19121212-1212, samt 701063-2391."
    found = find_personal_numbers(text)
    assert [text[m.start : m.end] for m in found] == [
        "811218-9876",
        "19121212-1212",
        "701063-2391",
    ]
    assert [m.digits for m in found] == [10, 12, 10]
    assert [m.kind for m in found] == ["personnummer", "personnummer", "samordningsnummer"]


def test_a_comma_separated_list_is_found() -> None:
    assert len(find_personal_numbers("121212-1212,811218-9876;8112189876")) == 3


@pytest.mark.parametrize(
    "text",
    [
        "811218-9875",  # wrong check digit
        "19121212-1213",
        "811318-9876",  # month 13 (the check digit is recomputed below to isolate the date)
        "1234811218987612",  # inside a 16-digit number
        "98112189876",  # 11 digits
        "12345",
        "2026-03-31",
        "1 234 567,50",
        "19121212+1212",  # + is for the 10-digit form only
        "17121212-1212",  # 12 digits must start with 18, 19 or 20
        "",
    ],
)
def test_it_ignores_what_is_not_a_personal_number(text: str) -> None:
    assert find_personal_numbers(text) == []
    assert not contains_personal_number(text)


@pytest.mark.parametrize(
    "nine",
    [
        "811318987",  # month 13
        "810018987",  # month 0
        "811200987",  # day 0
        "810231987",  # 31 February
        "810229987",  # 29 February 1981/2081: not a leap year
        "810492987",  # samordningsnummer day 92 = 32
        "19000229123",  # 29 February 1900 (12-digit form knows the century): nine = YYYYMMDDN..
    ],
)
def test_impossible_dates_are_not_matches_even_with_a_right_check_digit(nine: str) -> None:
    if len(nine) == 11:  # 12-digit form: the check digit is over the last 9 of the first 11
        text = nine + str(luhn_check_digit(nine[2:]))
    else:
        text = nine + str(luhn_check_digit(nine))
    assert find_personal_numbers(text) == []


def test_numbers_stored_as_numbers_are_found() -> None:
    assert contains_personal_number(8112189876)
    assert contains_personal_number(8112189876.0)  # how a spreadsheet stores it
    assert contains_personal_number(198112189876)
    assert not contains_personal_number(12.5)
    assert not contains_personal_number(None)


def test_a_match_does_not_show_the_number() -> None:
    (m,) = find_personal_numbers("x 811218-9876")
    assert "9876" not in repr(m) and "811218" not in repr(m)


def test_redact_replaces_every_number() -> None:
    assert redact("a 811218-9876 b 19121212-1212") == "a [personnummer] b [personnummer]"
    assert redact("ingen här 2026-03") == "ingen här 2026-03"
