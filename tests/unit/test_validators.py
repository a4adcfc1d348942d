"""The one free-text validator (socinv.web.validators.no_personal_number)."""

import pytest
from django.core.exceptions import ValidationError

from socinv.web.validators import NoPersonalNumber, no_personal_number


@pytest.mark.parametrize("text", ["19121212-1212", "Barnet 121212-1212 bor", "191212121212"])
def test_a_personal_number_is_refused_with_its_code(text):
    with pytest.raises(ValidationError) as exc:
        no_personal_number(text)
    assert exc.value.code == "personal_number"


@pytest.mark.parametrize("text", ["", None, "KS 2026/117", "1234811218987612", "Totalt 12 barn"])
def test_other_texts_pass(text):
    no_personal_number(text)


def test_it_deconstructs_for_migrations():
    path, args, kwargs = no_personal_number.deconstruct()
    assert path == "socinv.web.validators.NoPersonalNumber" and not args and not kwargs
    assert NoPersonalNumber() == no_personal_number
