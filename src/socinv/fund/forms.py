"""Forms of the fund pages. Money is typed in kronor (Swedish "1 234 567,50" or
"1234567.50") and becomes integer öre here, at the edge; the ledger rules themselves are
checked by :func:`socinv.fund.services.record_entry`, whose refusals are shown next to
their fields by :func:`add_ledger_errors`."""

from __future__ import annotations

from django import forms
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from socinv.core.ledger import Decision, ErrorCode
from socinv.l10n.messages import describe
from socinv.organisation.models import Board
from socinv.web.forms import DateInput, KronorField
from socinv.web.i18n import ore_to_text

from .models import Fund, LedgerEntry

T = LedgerEntry.Type


class BookingForm(forms.Form):
    type = forms.ChoiceField(label=_("Type of entry"), choices=T.choices)
    date = forms.DateField(label=_("Date"), widget=DateInput())
    amount = KronorField(
        label=_("Amount (kr)"),
        required=False,
        help_text=_("In kronor, for example 1 234 567,50. The type gives the direction."),
    )
    project = forms.ModelChoiceField(label=_("Project"), queryset=None, required=False)
    board = forms.ModelChoiceField(label=_("Board"), queryset=Board.objects.none(), required=False)
    decision_body = forms.CharField(label=_("Decided by"), max_length=200, required=False)
    decision_date = forms.DateField(label=_("Decision date"), required=False, widget=DateInput())
    decision_dnr = forms.CharField(
        label=_("Registration number (dnr)"), max_length=50, required=False
    )
    bearer = forms.ChoiceField(
        label=_("Borne by (write-downs only)"),
        choices=[("", "---------"), *Fund.WriteDownBearer.choices],
        required=False,
    )
    reverses = forms.IntegerField(
        label=_("Entry number to reverse (reversals only)"), min_value=1, required=False
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

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


# Ledger error codes → (form field, message in the user's language). Money in the params is
# öre and is shown in kronor.
_FIELD = {
    "amount_ore": "amount",
    "type": "type",
    "project": "project",
    "board": "board",
    "bearer": "bearer",
    "reverses": "reverses",
}

C = ErrorCode


def ledger_error_message(error) -> str:
    p = dict(error.params or {})
    messages = {
        C.AMOUNT_NOT_POSITIVE: gettext("The amount must be greater than zero."),
        C.PROJECT_REQUIRED: gettext("This type of entry must name a project."),
        C.BOARD_REQUIRED: gettext(
            "This type of entry must name a board (for a disbursement in the repayment model, the board that will repay it)."
        ),
        C.BEARER_REQUIRED: gettext("A write-down must say who bears it."),
        C.BEARER_INVALID: gettext("Unknown risk bearer: choose central, board or by project type."),
        C.BEARER_NOT_ALLOWED: gettext("Only a write-down has a risk bearer."),
        C.REVERSES_REQUIRED: gettext("A reversal must give the number of the entry it cancels."),
        C.REVERSES_NOT_ALLOWED: gettext("Only a reversal points at another entry."),
        C.NOT_IN_BUDGET_MODEL: gettext(
            "The budget model has no repayments or receivables, so this type of entry cannot be booked in this fund."
        ),
        C.PROJECT_IN_OTHER_FUND: gettext("The project belongs to another fund."),
        C.REVERSAL_TARGET_MISSING: gettext(
            "There is no earlier entry with this number to reverse."
        ),
        C.REVERSAL_TARGET_OTHER_FUND: gettext("The entry to reverse belongs to another fund."),
        C.REVERSAL_TARGET_ALREADY_REVERSED: gettext("This entry has already been reversed."),
        C.REVERSAL_OF_REVERSAL: gettext(
            "This entry is itself a reversal and cannot be reversed; book the original entry again instead."
        ),
        C.REVERSAL_AMOUNT_MISMATCH: gettext(
            "A reversal must have the amount of the entry it cancels: %(expected)s."
        )
        % {"expected": ore_to_text(p.get("expected"))},
        C.REVERSAL_PROJECT_MISMATCH: gettext(
            "A reversal must name the same project and board as the entry it cancels."
        ),
        C.REVERSAL_BREAKS_BALANCE: gettext(
            "Reversing this entry would make a balance negative: the money has already been used."
        ),
        C.EXCEEDS_AVAILABLE: gettext(
            "The amount exceeds the %(available)s available to commit in the fund."
        )
        % {"available": ore_to_text(p.get("available", 0))},
        C.EXCEEDS_OUTSTANDING_COMMITMENT: gettext(
            "The amount exceeds the project's outstanding commitment of %(outstanding)s."
        )
        % {"outstanding": ore_to_text(p.get("outstanding", 0))},
        C.EXCEEDS_RECEIVABLE: gettext(
            "The amount exceeds the %(receivable)s that the board owes the fund for this project."
        )
        % {"receivable": ore_to_text(p.get("receivable", 0))},
    }
    if error.code in messages:
        return messages[error.code]
    return gettext("The ledger refused the entry: %(reason)s") % {
        "reason": describe(error, get_language())
    }


def add_ledger_errors(form: forms.Form, errors) -> None:
    """Put each of the ledger's refusals next to its field (or above the form)."""
    for error in errors:
        field = _FIELD.get(error.field)
        if field == "bearer" and form.cleaned_data.get("type") != T.WRITE_DOWN:
            field = None
        form.add_error(field, ledger_error_message(error))


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
