"""Forms of the review and decision pages. Money is typed in kronor and parsed by
:class:`~socinv.web.forms.KronorField`; the rules are checked by the services, whose
refusals are put next to their fields by :func:`socinv.web.forms.add_refusal`."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from socinv.fund.models import Fund
from socinv.organisation.models import Board
from socinv.projects.models import Project
from socinv.web.forms import DateInput, FreeText, KronorField, limit

from .models import ChecklistQuestion, Decision, Review, ReviewAnswer

YEAR_ROWS = 6


class ReviewForm(forms.Form):
    risk_class = forms.ChoiceField(
        label=_("Risk class"), choices=Project.RiskClass.choices, widget=forms.RadioSelect
    )
    risk_rationale = FreeText(
        label=_("Rationale for the risk class"),
        rows=4,
        help_text=_("Why this class: the method's evidence, the target group, the organisation."),
        error_messages={"required": _("Explain why the project has this risk class.")},
        max_length=limit(Review, "risk_rationale"),
    )
    recommendation = forms.ChoiceField(
        label=_("Recommendation"),
        choices=[("", "---------"), *Review.Recommendation.choices],
        required=False,
    )
    amount = KronorField(
        label=_("Proposed amount (kr)"),
        required=False,
        help_text=_("Only needed when the application has no budget per year."),
    )
    comment = FreeText(
        label=_("Comment"), required=False, rows=3, max_length=limit(Review, "comment")
    )

    def __init__(self, *args, questions: list[ChecklistQuestion], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for q in questions:
            self.fields[f"q{q.pk}"] = forms.ChoiceField(
                label=q.text,
                choices=ReviewAnswer.Answer.choices,
                required=False,
                widget=forms.RadioSelect,
            )
            self.fields[f"q{q.pk}_comment"] = FreeText(
                label=_("Comment"),
                required=False,
                rows=2,
                max_length=limit(ReviewAnswer, "comment"),
            )

    def question_rows(self):
        """(area label, [(question, answer field, comment field)]) in the checklist's order."""
        areas: dict[str, list] = {}
        labels = dict(ChecklistQuestion.Area.choices)
        for q in self.questions:
            areas.setdefault(q.area, []).append((q, self[f"q{q.pk}"], self[f"q{q.pk}_comment"]))
        return [(labels.get(a, a), rows) for a, rows in areas.items()]

    def answers(self) -> dict[int, tuple[str, str]]:
        d = self.cleaned_data
        return {
            q.pk: (d.get(f"q{q.pk}") or "", d.get(f"q{q.pk}_comment") or "")
            for q in self.questions
            if d.get(f"q{q.pk}")
        }


class DecisionForm(forms.Form):
    body = forms.ChoiceField(label=_("Decided by"), choices=Decision.Body.choices)
    board = forms.ModelChoiceField(
        label=_("Board (when a board decides)"), queryset=Board.objects.none(), required=False
    )
    date = forms.DateField(label=_("Decision date"), widget=DateInput())
    dnr = FreeText(label=_("Registration number (dnr)"), max_length=limit(Decision, "dnr"))
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=Decision.Outcome.choices, widget=forms.RadioSelect
    )
    conditions = FreeText(
        label=_("Conditions"), required=False, rows=3, max_length=limit(Decision, "conditions")
    )
    repayment_method = forms.ChoiceField(
        label=_("Repayment method"),
        choices=[("", "---------"), *Decision.RepaymentMethod.choices],
        required=False,
    )
    repayment_share = forms.DecimalField(
        label=_("Share of the savings repaid (%)"),
        required=False,
        min_value=Decimal("0"),
        max_value=Decimal("100"),
        decimal_places=2,
        localize=True,
    )
    repayment_period_years = forms.IntegerField(
        label=_("Repayment period (years)"), required=False, min_value=1, max_value=50
    )
    repayment_start_year = forms.IntegerField(
        label=_("First year of repayment"), required=False, min_value=1900, max_value=2200
    )
    write_down_bearer = forms.ChoiceField(
        label=_("Write-downs borne by"),
        choices=[("", _("As the fund's rules say")), *Decision.Bearer.choices],
        required=False,
    )

    def __init__(self, *args, fund: Fund, **kwargs):
        super().__init__(*args, **kwargs)
        self.fund = fund
        self.fields["board"].queryset = Board.objects.filter(
            organisation_id=fund.organisation_id
        ).order_by("name")
        for i in range(1, YEAR_ROWS + 1):
            self.fields[f"year_{i}"] = forms.IntegerField(
                label=_("Year"), required=False, min_value=1900, max_value=2200
            )
            self.fields[f"amount_{i}"] = KronorField(label=_("Amount (kr)"), required=False)
        if fund.economic_model != Fund.Model.REPAYMENT:
            for name in (
                "repayment_method",
                "repayment_share",
                "repayment_period_years",
                "repayment_start_year",
                "write_down_bearer",
            ):
                del self.fields[name]

    def year_rows(self):
        return [(i, self[f"year_{i}"], self[f"amount_{i}"]) for i in range(1, YEAR_ROWS + 1)]

    def clean(self):
        data = super().clean()
        seen = set()
        for i in range(1, YEAR_ROWS + 1):
            year, amount = data.get(f"year_{i}"), data.get(f"amount_{i}")
            if year is not None and amount is None and f"amount_{i}" not in self.errors:
                self.add_error(f"amount_{i}", _("Enter the amount for this year."))
            if amount is not None and year is None and f"year_{i}" not in self.errors:
                self.add_error(f"year_{i}", _("Enter the year of this amount."))
            if year is not None:
                if year in seen:
                    self.add_error(f"year_{i}", _("Each year once."))
                seen.add(year)
        return data

    def years(self) -> dict[int, int]:
        d = self.cleaned_data
        out = {}
        for i in range(1, YEAR_ROWS + 1):
            if d.get(f"year_{i}") is not None and d.get(f"amount_{i}") is not None:
                out[d[f"year_{i}"]] = d[f"amount_{i}"]
        return out

    def decide_kwargs(self) -> dict:
        d = self.cleaned_data
        share = d.get("repayment_share")
        return {
            "body": d["body"],
            "board": d.get("board"),
            "date": d["date"],
            "dnr": d["dnr"],
            "outcome": d["outcome"],
            "years": self.years(),
            "conditions": d.get("conditions") or "",
            "repayment_method": d.get("repayment_method") or "",
            "repayment_share": None if share is None else float(share) / 100,
            "repayment_period_years": d.get("repayment_period_years"),
            "repayment_start_year": d.get("repayment_start_year"),
            "write_down_bearer": d.get("write_down_bearer") or "",
        }


class PortfolioFilterForm(forms.Form):
    phase = forms.ChoiceField(
        label=_("Phase"), choices=[("", _("All")), *Project.Phase.choices], required=False
    )
    type = forms.ChoiceField(
        label=_("Type"), choices=[("", _("All")), *Project.Type.choices], required=False
    )
    risk_class = forms.ChoiceField(
        label=_("Risk class"),
        choices=[("", _("All")), *Project.RiskClass.choices, ("none", _("Not classed"))],
        required=False,
    )
    board = forms.ModelChoiceField(
        label=_("Board"), queryset=Board.objects.none(), required=False, empty_label=_("All")
    )

    def __init__(self, *args, fund: Fund, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["board"].queryset = Board.objects.filter(
            organisation_id=fund.organisation_id
        ).order_by("name")

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        d = self.cleaned_data
        return {
            "phase": d.get("phase") or "",
            "type": d.get("type") or "",
            "risk_class": d.get("risk_class") or "",
            "board": d.get("board"),
        }
