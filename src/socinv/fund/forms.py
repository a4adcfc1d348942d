"""Forms of the fund pages. Money is typed in kronor (Swedish "1 234 567,50" or
"1234567.50") and becomes integer öre here, at the edge; the ledger rules themselves are
checked by :func:`socinv.fund.services.record_entry`, whose refusals the view puts next to
their fields (:data:`REFUSAL_FIELDS`, ``socinv.web.forms.add_refusal``)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from socinv.core.ledger import Decision
from socinv.core.limits import MAX_ATTESTATION_THRESHOLD_ORE, MAX_ENTRY_ORE
from socinv.organisation.models import Board
from socinv.web.forms import DateInput, FreeText, KronorField, limit

from .models import Fund, LedgerEntry, PreliminaryBooking

T = LedgerEntry.Type
# record_entry's field names → the booking form's, where they differ
REFUSAL_FIELDS = {"amount_ore": "amount"}


class BookingForm(forms.Form):
    type = forms.ChoiceField(label=_("Type of entry"), choices=T.choices)
    date = forms.DateField(label=_("Date"), widget=DateInput())
    amount = KronorField(
        label=_("Amount (kr)"),
        required=False,
        max_ore=MAX_ENTRY_ORE,
        help_text=_("In kronor, for example 1 234 567,50. The type gives the direction."),
    )
    project = forms.ModelChoiceField(label=_("Project"), queryset=None, required=False)
    board = forms.ModelChoiceField(label=_("Board"), queryset=Board.objects.none(), required=False)
    decision_body = FreeText(
        label=_("Decided by"), max_length=limit(LedgerEntry, "decision_body"), required=False
    )
    decision_date = forms.DateField(label=_("Decision date"), required=False, widget=DateInput())
    decision_dnr = FreeText(
        label=_("Registration number (dnr)"),
        max_length=limit(LedgerEntry, "decision_dnr"),
        required=False,
    )
    bearer = forms.ChoiceField(
        label=_("Borne by (write-downs only)"),
        choices=[("", "---------"), *Fund.WriteDownBearer.choices],
        required=False,
    )
    reverses = forms.IntegerField(
        label=_("Entry number to reverse (reversals only)"), min_value=1, required=False
    )
    note = FreeText(label=_("Note"), required=False, max_length=limit(LedgerEntry, "note"), rows=3)

    # fields that only some entry types use: shown or hidden by htmx when the type changes
    CONDITIONAL = {"bearer": {T.WRITE_DOWN}, "reverses": {T.REVERSAL}}

    def __init__(self, *args, fund: Fund, **kwargs):
        super().__init__(*args, **kwargs)
        self.fund = fund
        self.fields["project"].queryset = fund.projects.order_by("title")
        self.fields["board"].queryset = Board.objects.filter(
            organisation_id=fund.organisation_id
        ).order_by("name")
        self.reversed_entry: LedgerEntry | None = None

    def clean_reverses(self):
        seq = self.cleaned_data.get("reverses")
        if seq is None:
            return None
        entry = (
            LedgerEntry.objects.filter(fund=self.fund, seq=seq)
            .select_related("project", "board")
            .first()
        )
        if entry is None:
            raise forms.ValidationError(
                _("This fund has no entry number %(number)s."), params={"number": seq}
            )
        self.reversed_entry = entry
        return seq

    def clean(self):
        data = super().clean()
        kind = data.get("type")
        target = self.reversed_entry
        if kind == T.REVERSAL and target is not None:
            # a reversal repeats its target's amount, project and board: fill in what is blank
            if data.get("amount") is None and "amount" not in self.errors:
                data["amount"] = target.amount_ore
            if data.get("project") is None:
                data["project"] = target.project
            if data.get("board") is None:
                data["board"] = target.board
        if data.get("amount") is None and "amount" not in self.errors:
            self.add_error("amount", _("Enter the amount."))
        parts = [data.get("decision_body"), data.get("decision_date"), data.get("decision_dnr")]
        if any(parts) and not all(parts):
            for name, value in zip(
                ("decision_body", "decision_date", "decision_dnr"), parts, strict=True
            ):
                if not value and name not in self.errors:
                    self.add_error(
                        name,
                        _("A decision is recorded with its body, date and dnr: give all three."),
                    )
        return data

    def decision(self) -> Decision | None:
        d = self.cleaned_data
        if d.get("decision_body") and d.get("decision_date") and d.get("decision_dnr"):
            return Decision(d["decision_body"], d["decision_date"], d["decision_dnr"])
        return None

    def entry_kwargs(self) -> dict:
        d = self.cleaned_data
        kind = d["type"]
        return {
            "type": kind,
            "date": d["date"],
            "amount_ore": d["amount"],
            "project": d.get("project"),
            "board": d.get("board"),
            "decision": self.decision(),
            "note": d.get("note") or "",
            # a bearer or a reversed entry only goes with the types that use it; a value
            # left in a hidden field must not make a valid booking fail
            "bearer": (d.get("bearer") or None) if kind == T.WRITE_DOWN else None,
            "reverses": self.reversed_entry if kind == T.REVERSAL else None,
        }


class LedgerFilterForm(forms.Form):
    type = forms.ChoiceField(
        label=_("Type of entry"), choices=[("", _("All")), *T.choices], required=False
    )
    project = forms.ModelChoiceField(
        label=_("Project"), queryset=None, required=False, empty_label=_("All")
    )
    board = forms.ModelChoiceField(
        label=_("Board"), queryset=Board.objects.none(), required=False, empty_label=_("All")
    )
    date_from = forms.DateField(label=_("From date"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To date"), required=False, widget=DateInput())

    def __init__(self, *args, fund: Fund, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = fund.projects.order_by("title")
        self.fields["board"].queryset = Board.objects.filter(
            organisation_id=fund.organisation_id
        ).order_by("name")

    def filter(self, qs):
        if not self.is_valid():
            return qs
        d = self.cleaned_data
        if d.get("type"):
            qs = qs.filter(type=d["type"])
        if d.get("project"):
            qs = qs.filter(project=d["project"])
        if d.get("board"):
            qs = qs.filter(board=d["board"])
        if d.get("date_from"):
            qs = qs.filter(date__gte=d["date_from"])
        if d.get("date_to"):
            qs = qs.filter(date__lte=d["date_to"])
        return qs


class EarmarkingForm(forms.Form):
    """The year-end statement's one-step booking of the earmarking with its decision."""

    amount = KronorField(
        label=_("Amount to earmark (kr)"),
        max_ore=MAX_ENTRY_ORE,
        help_text=_("Prefilled with the proposal; change it if the decision says otherwise."),
    )
    decision_body = FreeText(label=_("Decided by"), max_length=limit(LedgerEntry, "decision_body"))
    decision_date = forms.DateField(label=_("Decision date"), widget=DateInput())
    decision_dnr = FreeText(
        label=_("Registration number (dnr)"), max_length=limit(LedgerEntry, "decision_dnr")
    )

    def decision(self) -> Decision:
        d = self.cleaned_data
        return Decision(d["decision_body"], d["decision_date"], d["decision_dnr"])


class RejectionForm(forms.Form):
    """Why a preliminary booking is rejected (it then never enters the ledger)."""

    reason = FreeText(
        label=_("Reason for the rejection"),
        max_length=limit(PreliminaryBooking, "rejection_reason"),
        rows=2,
    )


class AttestationThresholdForm(forms.Form):
    """The fund's attestation threshold in kronor (``1 000 000``): above it a disbursement
    or a repayment waits for a second person's attestation."""

    threshold = KronorField(
        label=_("Attestation threshold (kr)"),
        max_ore=MAX_ATTESTATION_THRESHOLD_ORE,
        help_text=_(
            "Disbursements and repayments above this amount wait for a second person's attestation."
        ),
    )
