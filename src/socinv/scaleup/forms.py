"""Forms of the multiplier-effects page. The rules are checked by :mod:`.services`; each
form has a prefix so that the three forms' fields have distinct ids on one page."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from socinv.organisation.models import Board, Department
from socinv.web.forms import DateInput, FreeText, limit

from .models import Adoption, ChangedDocument, MultiplierEffect


class _RegisterForm(forms.Form):
    """A registration form of the project's page; ``service_kwargs`` are what its service
    takes besides the acting user and the project."""

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)


class AdoptionForm(_RegisterForm):
    prefix = "adoption"
    unit = FreeText(
        label=_("Unit that adopted the method"),
        max_length=limit(Adoption, "unit"),
        help_text=_("For example Arbetsmarknadsenheten Centrum."),
    )
    department = forms.ModelChoiceField(
        label=_("Department (optional)"), queryset=Department.objects.none(), required=False
    )
    board = forms.ModelChoiceField(
        label=_("Board (optional)"), queryset=Board.objects.none(), required=False
    )
    date = forms.DateField(label=_("Date"), widget=DateInput())
    comment = FreeText(
        label=_("Comment"), required=False, rows=2, max_length=limit(Adoption, "comment")
    )

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, project=project, **kwargs)
        organisation_id = project.fund.organisation_id
        self.fields["department"].queryset = (
            Department.objects.filter(board__organisation_id=organisation_id)
            .select_related("board")
            .order_by("name")
        )
        self.fields["board"].queryset = Board.objects.filter(
            organisation_id=organisation_id
        ).order_by("name")


class EffectForm(_RegisterForm):
    prefix = "effect"
    kind = forms.ChoiceField(
        label=_("Kind of multiplier effect"),
        choices=MultiplierEffect.Kind.choices,
        widget=forms.RadioSelect,
    )
    date = forms.DateField(label=_("Date"), widget=DateInput())
    description = FreeText(
        label=_("Description"), rows=3, max_length=limit(MultiplierEffect, "description")
    )
    people_per_year = forms.IntegerField(
        label=_("Additional people reached per year (multiplied)"),
        required=False,
        min_value=1,
    )
    before_value = forms.DecimalField(
        label=_("Scale before (enlarged)"),
        required=False,
        min_value=Decimal("0"),
        decimal_places=2,
        localize=True,
    )
    after_value = forms.DecimalField(
        label=_("Scale after (enlarged)"),
        required=False,
        min_value=Decimal("0"),
        decimal_places=2,
        localize=True,
    )
    unit = FreeText(
        label=_("Unit of the scale (enlarged)"),
        required=False,
        max_length=limit(MultiplierEffect, "unit"),
        help_text=_("For example schools, units or districts."),
    )

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        before, after = d.get("before_value"), d.get("after_value")
        return {
            "kind": d["kind"],
            "date": d["date"],
            "description": d["description"],
            "people_per_year": d.get("people_per_year"),
            "before_value": None if before is None else float(before),
            "after_value": None if after is None else float(after),
            "unit": d.get("unit") or "",
        }


class DocumentForm(_RegisterForm):
    prefix = "document"
    kind = forms.ChoiceField(label=_("Kind of document"), choices=ChangedDocument.Kind.choices)
    title = FreeText(label=_("Title"), max_length=limit(ChangedDocument, "title"))
    reference = FreeText(
        label=_("Reference or registration number (dnr)"),
        required=False,
        max_length=limit(ChangedDocument, "reference"),
    )
    date = forms.DateField(label=_("Date"), widget=DateInput())
