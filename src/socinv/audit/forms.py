"""The audit trail's filters (shared by the page and the CSV export)."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from socinv.accounts.models import Membership

from .selectors import ACTIONS, record_types, user_label


class _UserChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return user_label(obj)


class TrailFilterForm(forms.Form):
    organisation = forms.TypedChoiceField(label=_("Organisation"), coerce=int, required=False)
    model = forms.ChoiceField(label=_("Record type"), required=False)
    user = _UserChoice(label=_("User"), queryset=get_user_model().objects.none(), required=False)
    date_from = forms.DateField(
        label=_("From date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    action = forms.ChoiceField(label=_("Action"), required=False)

    def __init__(self, data, *, organisations, organisation):
        super().__init__(data)
        everything = [("", _("All"))]
        self.fields["organisation"].choices = [(o.pk, o.name) for o in organisations]
        self.fields["model"].choices = everything + record_types()
        self.fields["action"].choices = everything + ACTIONS
        # Everyone who has held a role in the organisation, former members too.
        members = Membership.history.filter(organisation_id=organisation.pk).values("user_id")
        self.fields["user"].queryset = (
            get_user_model().objects.filter(pk__in=members).order_by("username")
        )
        self.fields["user"].empty_label = _("All")
        # Dates in ISO form whatever the language: <input type="date"> needs them so.
        for name in ("date_from", "date_to"):
            self.fields[name].widget.format = "%Y-%m-%d"
            self.fields[name].input_formats = ["%Y-%m-%d"]

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return data

    def filters(self) -> dict:
        """The keyword arguments for :func:`audit_events`: only the valid filters."""
        self.is_valid()
        data = self.cleaned_data  # without the fields that did not validate
        return {
            "model": data.get("model") or None,
            "user": data.get("user"),
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
            "action": data.get("action") or None,
        }
