"""Forms of the catalogue page. The rules are the core's, checked by :mod:`.services`."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from socinv.core.limits import MAX_START_YEAR, MAX_UPLOAD_BYTES, MIN_START_YEAR
from socinv.web.forms import DateInput, FreeText, limit

from .models import Catalogue, UnitCost

_INDEX_LINE = re.compile(r"^\s*(\d{4})\s*[:=;\t ]\s*([0-9 \u00a0\u202f]+(?:[.,][0-9]+)?)\s*$")


class UnitCostForm(forms.Form):
    prefix = "unit"
    code = forms.CharField(
        label=_("Id"),
        max_length=limit(UnitCost, "code"),
        help_text=_("Letters, digits, - and _, e.g. hvb-dygn; what a calculation refers to."),
    )
    label = FreeText(label=_("Label"), max_length=limit(UnitCost, "label"))
    unit = FreeText(
        label=_("Unit"), max_length=limit(UnitCost, "unit"), help_text=_("e.g. day, year, visit")
    )
    amount = forms.CharField(
        label=_("Amount (kr per unit)"),
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        help_text=_("In the price year's prices, e.g. 4 200 or 4 200,50."),
    )
    price_year = forms.IntegerField(
        label=_("Price year"),
        min_value=MIN_START_YEAR,
        max_value=MAX_START_YEAR,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    bearer = forms.CharField(
        label=_("Bearer (optional)"),
        max_length=limit(UnitCost, "bearer"),
        required=False,
        help_text=_("The stakeholder who usually bears the cost, e.g. kommun/socialnamnd."),
    )
    source = FreeText(label=_("Source"), max_length=limit(UnitCost, "source"))
    valid_from = forms.DateField(
        label=_("Valid from (optional)"), required=False, widget=DateInput()
    )

    def clean_amount(self) -> Decimal:
        """Kronor as typed ("4 200,50", "4200.50 kr"); the core checks the range."""
        raw = (
            re.sub(r"[\s\u00a0\u202f]", "", self.cleaned_data["amount"]).lower().removesuffix("kr")
        )
        raw = raw.replace("\u2212", "-").replace(",", ".")
        try:
            value = Decimal(raw)
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite() or value != value.quantize(Decimal("0.01")):
            raise ValidationError(
                _("Enter an amount in kronor with at most two decimals, e.g. 4 200,50.")
            )
        return value


class IndexForm(forms.Form):
    prefix = "index"
    name = FreeText(
        label=_("Name of the index"),
        max_length=limit(Catalogue, "index_name"),
        required=False,
        help_text=_("e.g. PKV (the price index of municipal services)"),
    )
    values = forms.CharField(
        label=_("Index values"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        max_length=20_000,
        help_text=_("One year and its value per line, e.g. 2026 114,9."),
    )

    def clean_values(self) -> dict[int, Decimal]:
        values: dict[int, Decimal] = {}
        for n, line in enumerate(self.cleaned_data["values"].splitlines(), start=1):
            if not line.strip():
                continue
            m = _INDEX_LINE.match(line)
            try:
                value = (
                    Decimal(re.sub(r"[ \u00a0\u202f]", "", m.group(2)).replace(",", "."))
                    if m
                    else None
                )
            except InvalidOperation:
                value = None
            if value is None:
                raise ValidationError(
                    _("Line %(line)s: write a year and a value, e.g. 2026 114,9."),
                    params={"line": n},
                )
            year = int(m.group(1))
            if year in values:
                raise ValidationError(
                    _("Line %(line)s: the year %(year)s is given twice."),
                    params={"line": n, "year": year},
                )
            values[year] = value
        return values


class UploadForm(forms.Form):
    prefix = "upload"
    file = forms.FileField(label=_("File"))

    def clean_file(self):
        f = self.cleaned_data["file"]
        if f.size > MAX_UPLOAD_BYTES:
            raise ValidationError(_("The file is too large: at most 20 MB."))
        return f


class IndexUploadForm(UploadForm):
    prefix = "index_upload"


class HaircutForm(forms.Form):
    """The haircut per evidence grade, in percent (the glossary: shares in percent)."""

    prefix = "haircut"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for g in range(1, 6):
            self.fields[f"grade_{g}"] = forms.DecimalField(
                label=_("Haircut at grade %(grade)s (%%)") % {"grade": g},
                min_value=0,
                max_value=100,
                decimal_places=1,
                localize=True,
            )

    def table(self) -> dict[int, Decimal]:
        return {g: self.cleaned_data[f"grade_{g}"] / 100 for g in range(1, 6)}
