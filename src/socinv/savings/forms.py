"""Forms of the savings pages: amounts in kronor as typed (``fund.forms.KronorField``)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from socinv.applications.models import Indicator
from socinv.core.ledger import Decision
from socinv.followup.models import Measurement
from socinv.fund.models import LedgerEntry
from socinv.organisation.models import Board
from socinv.web.forms import DateInput, FreeText, KronorField, ModelMultipleChoiceField, limit
from socinv.web.i18n import ore_to_text

from . import selectors, services
from .models import RealisedSaving
from .services import measurement_text


def _amount_text(ore: int) -> str:
    """An amount prefilled in kronor, without the unit ("" for nothing)."""
    return ore_to_text(ore, "sv").replace("\u00a0kr", "") if ore > 0 else ""


class SavingForm(forms.Form):
    board = forms.ModelChoiceField(label=_("Board"), queryset=None)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    amount = KronorField(
        label=_("Realised saving (kr)"),
        help_text=_("In kronor, for example 1 234 567,50: what the board saved that year."),
    )
    basis = FreeText(
        label=_("Basis"),
        rows=4,
        help_text=_(
            "How the saving was established (sources, comparison, method). Aggregated data "
            "only: never a personal identity number."
        ),
        max_length=limit(RealisedSaving, "basis"),
    )
    indicators = ModelMultipleChoiceField(
        label=_("Indicators that support it"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    measurements = ModelMultipleChoiceField(
        label=_("Measurements that support it"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        boards = selectors.boards_of(project)
        self.fields["board"].queryset = Board.objects.filter(
            pk__in=[b.pk for b in boards]
        ).order_by("name")
        self.fields["indicators"].queryset = Indicator.objects.filter(project=project).order_by(
            "order", "pk"
        )
        self.fields["measurements"].queryset = (
            Measurement.objects.filter(indicator__project=project)
            .select_related("indicator")
            .order_by("indicator__order", "indicator__pk", "period")
        )
        self.fields["measurements"].label_from_instance = measurement_text
        self.fields["year"].initial = selectors.today().year


class DecisionFields(forms.Form):
    """A booking's decision and note: bounded as the ledger entry they are written to."""

    decision_body = FreeText(label=_("Decided by"), max_length=limit(LedgerEntry, "decision_body"))
    decision_date = forms.DateField(label=_("Decision date"), widget=DateInput())
    decision_dnr = FreeText(
        label=_("Registration number (dnr)"), max_length=limit(LedgerEntry, "decision_dnr")
    )
    note = FreeText(label=_("Note"), required=False, rows=2, max_length=limit(LedgerEntry, "note"))

    def decision(self) -> Decision:
        d = self.cleaned_data
        return Decision(d["decision_body"].strip(), d["decision_date"], d["decision_dnr"].strip())

    def booking(self) -> dict:
        """What the service books: the amount, the decision and the note."""
        d = self.cleaned_data
        return {"amount_ore": d["amount"], "decision": self.decision(), "note": d.get("note") or ""}


class RepaymentForm(DecisionFields):
    template = "savings/repayment.html"
    service = staticmethod(services.confirm_repayment)
    field_order = ["amount", "decision_body", "decision_date", "decision_dnr", "note"]
    amount = KronorField(
        label=_("Amount to repay (kr)"),
        help_text=_("Prefilled with the proposal; you may lower it, not raise it."),
    )

    @staticmethod
    def initial_for(fig, row) -> dict:
        proposal = row.proposal.proposal_ore if row is not None else 0
        return {
            "amount": _amount_text(proposal),
            "decision_body": fig.board.name,
            "decision_date": selectors.today(),
        }

    @staticmethod
    def booked_message() -> str:
        return gettext(
            "The repayment of %(amount)s from %(board)s has been booked as entry %(seq)s (%(dnr)s)."
        )


class WriteDownForm(DecisionFields):
    template = "savings/write_down.html"
    service = staticmethod(services.confirm_write_down)
    field_order = ["amount", "decision_body", "decision_date", "decision_dnr", "note"]
    amount = KronorField(
        label=_("Amount to write down (kr)"),
        help_text=_("Prefilled with what the board still owes; a part may be written down."),
    )

    @staticmethod
    def initial_for(fig, row) -> dict:
        return {"amount": _amount_text(fig.receivable_ore), "decision_date": selectors.today()}

    @staticmethod
    def booked_message() -> str:
        return gettext(
            "The write-down of %(amount)s for %(board)s has been booked as entry %(seq)s (%(dnr)s)."
        )
