"""Forms of the budget frame pages: an amount in kronor (``web.forms.KronorField``), a
file to import. The rules are the services'."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from socinv.core.limits import MAX_FRAME_ORE, MAX_FRAME_YEAR, MIN_FRAME_YEAR
from socinv.organisation.models import Board
from socinv.web.forms import KronorField


class FrameForm(forms.Form):
    board = forms.ModelChoiceField(label=_("Board"), queryset=Board.objects.none())
    year = forms.IntegerField(label=_("Year"), min_value=MIN_FRAME_YEAR, max_value=MAX_FRAME_YEAR)
    amount = KronorField(
        label=_("Budget frame (kr)"),
        max_ore=MAX_FRAME_ORE,
        help_text=_("The board's budget frame (driftram) for the year, in kronor."),
    )

    def __init__(self, *args, organisation_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["board"].queryset = Board.objects.filter(
            organisation_id=organisation_id
        ).order_by("name")


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Budget frames file (xlsx)"),
        help_text=_(
            "An xlsx file with the columns Board (its code or name), Year and Budget frame "
            "(kr), one row per board and year. A file with a bad row stores nothing."
        ),
    )
