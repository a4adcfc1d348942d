from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from socinv.core.limits import (
    DEFAULT_PROJECTION_DRAWS,
    DEFAULT_PROJECTION_YEARS,
    MAX_ENTRY_ORE,
    MAX_PROJECTION_DRAWS,
    MAX_PROJECTION_YEARS,
    MAX_SEED,
    MAX_START_YEAR,
    MIN_PROJECTION_DRAWS,
    MIN_PROJECTION_YEARS,
    MIN_SEED,
    MIN_START_YEAR,
)
from socinv.web.forms import DateInput, FreeText, KronorField, limit

from .models import FundContributionPlan


class ProjectionForm(forms.Form):
    """The projection's options (GET): the date D, the years, the draws and the seed."""

    as_of = forms.DateField(label=_("As of"), required=False, widget=DateInput())
    years = forms.IntegerField(
        label=_("Years"),
        min_value=MIN_PROJECTION_YEARS,
        max_value=MAX_PROJECTION_YEARS,
        initial=DEFAULT_PROJECTION_YEARS,
        required=False,
    )
    draws = forms.IntegerField(
        label=_("Draws"),
        min_value=MIN_PROJECTION_DRAWS,
        max_value=MAX_PROJECTION_DRAWS,
        initial=DEFAULT_PROJECTION_DRAWS,
        required=False,
        help_text=_("0 gives the central path only."),
    )
    seed = forms.IntegerField(
        label=_("Seed"), min_value=MIN_SEED, max_value=MAX_SEED, initial=0, required=False
    )

    def options(self) -> dict:
        d = getattr(self, "cleaned_data", {})
        return {
            "as_of": d.get("as_of"),
            "years": d.get("years") if d.get("years") is not None else DEFAULT_PROJECTION_YEARS,
            "draws": d.get("draws") if d.get("draws") is not None else DEFAULT_PROJECTION_DRAWS,
            "seed": d.get("seed") or 0,
        }


class ContributionForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=MIN_START_YEAR, max_value=MAX_START_YEAR)
    amount = KronorField(
        label=_("Amount (kr)"),
        max_ore=MAX_ENTRY_ORE,
        help_text=_("In kronor, for example 5 000 000."),
    )
    decision_body = FreeText(
        label=_("Decided by"), max_length=limit(FundContributionPlan, "decision_body")
    )
    decision_date = forms.DateField(label=_("Decision date"), widget=DateInput())
    decision_dnr = FreeText(
        label=_("Registration number (dnr)"),
        max_length=limit(FundContributionPlan, "decision_dnr"),
    )
