"""Form pieces every app uses: amounts in kronor as typed in Sweden, ISO date inputs, and
a write service's refusal put on the form it came from."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from socinv.core.limits import MAX_DB_INT, MAX_ENTRY_ORE
from socinv.core.problems import Refused

from .refusals import amount_too_large_message
from .validators import named_limits, no_personal_number

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
_AMOUNT = re.compile(r"^\d+(\.\d+)?$")


def parse_kronor(text: str) -> int:
    """Kronor as typed → öre. Accepts "1 234 567,50", "1234567.50", "1 234 567 kr";
    refuses zero, negative amounts and more than two decimals (ValidationError)."""
    raw = _SPACES.sub("", str(text or "")).lower()
    raw = raw.removesuffix("kr").removeprefix("sek")
    if raw.startswith(("-", "\u2212")):
        raise forms.ValidationError(_("The amount must be greater than zero."), code="negative")
    if "," in raw and "." in raw:
        # the last separator is the decimal one: "1.234.567,50" or "1,234,567.50"
        decimal_sep = "," if raw.rfind(",") > raw.rfind(".") else "."
        thousands = "." if decimal_sep == "," else ","
        raw = raw.replace(thousands, "")
    raw = raw.replace(",", ".")
    if not _AMOUNT.match(raw):
        raise forms.ValidationError(
            _("Enter an amount in kronor, for example 1 234 567,50."), code="invalid"
        )
    try:
        value = Decimal(raw)
    except InvalidOperation as exc:  # pragma: no cover - the pattern excludes it
        raise forms.ValidationError(_("Enter an amount in kronor."), code="invalid") from exc
    if value.as_tuple().exponent < -2 and value != value.quantize(Decimal("0.01")):
        raise forms.ValidationError(
            _("Give the amount in kronor with at most two decimals (öre)."), code="decimals"
        )
    ore = int(value * 100)
    if ore <= 0:
        raise forms.ValidationError(_("The amount must be greater than zero."), code="zero")
    return ore


class KronorField(forms.CharField):
    """An amount in kronor → öre, at most ``max_ore`` (by default one ledger entry's bound,
    :data:`socinv.core.limits.MAX_ENTRY_ORE`, so that every app's money is capped and no sum
    of it can overflow the database's 64-bit integers)."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def __init__(self, *args, max_ore: int = MAX_ENTRY_ORE, **kwargs):
        self.max_ore = max_ore
        super().__init__(*args, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values:
            return None
        ore = parse_kronor(value)
        if ore > self.max_ore:
            raise forms.ValidationError(
                amount_too_large_message(self.max_ore), code="amount_too_large"
            )
        return ore


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's, refusing a posted key too large for the database as an unknown choice:
    Django looks such a key up with ``pk__in``, which SQLite's driver answers with
    ``OverflowError`` (a 500; found by the form fuzz, tests/fuzz)."""

    def _check_values(self, value):
        for pk in value if isinstance(value, list | tuple) else []:
            try:
                number = int(str(pk).strip())
            except ValueError:
                continue  # Django's own check refuses it as it should
            if not -MAX_DB_INT <= number <= MAX_DB_INT:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def add_refusal(form: forms.Form, refused: Refused, fields: dict[str, str] | None = None) -> None:
    """Put a service's refusal on ``form``: each reason on its field when the form has it
    (``fields`` maps a service's field name to the form's where they differ), else on the
    whole form. The page's error summary lists them all."""
    fields = fields or {}
    for refusal in refused.refusals:
        name = fields.get(refusal.field or "", refusal.field)
        form.add_error(name if name in form.fields else None, refusal.message)


class FreeText(forms.CharField):
    """A free text in a form: at most ``max_length`` characters (the refusal names the
    label and the limit) and no personal identity number. ``rows`` makes it a textarea."""

    def __init__(self, *, max_length: int, rows: int | None = None, **kwargs):
        if rows is not None:
            kwargs.setdefault("widget", forms.Textarea(attrs={"rows": rows}))
        super().__init__(max_length=max_length, **kwargs)
        self.validators[:] = [
            *named_limits(self.validators, max_length, self.label),
            no_personal_number,
        ]


def limit(model, name: str) -> int:
    """The maximum length of ``model``'s field ``name``: a form's bound follows its model's."""
    return model._meta.get_field(name).max_length
