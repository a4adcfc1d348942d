from django import forms
from django.utils.translation import gettext_lazy as _

from socinv.applications.models import Indicator
from socinv.core.kolada import MAX_COMPARISONS
from socinv.core.limits import MAX_CHANGE_REASON, MAX_UPLOAD_BYTES
from socinv.io.measurements import normalise_period, parse_number
from socinv.l10n import format_size
from socinv.web.forms import FreeText, limit
from socinv.web.i18n import current_lang

from .models import KoladaLink, Measurement


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Measurements file"),
        help_text=_(
            "CSV (comma or semicolon separated), xlsx, or JSON downloaded from Kolada. "
            "Columns: indicator, period, value; optionally comparison value, individuals, "
            "individuals in the comparison group, "
            "comment. Aggregated data only: a file with a personal identity number is refused."
        ),
    )
    municipality = forms.CharField(
        label=_("Municipality code (Kolada files)"),
        required=False,
        max_length=12,
        help_text=_(
            "Kolada files: the municipality whose values are read, e.g. 0581 (581 is read "
            "as 0581); for linked indicators, instead of the link's municipality."
        ),
    )
    dry_run = forms.BooleanField(
        label=_("Dry run (check the file, store nothing)"),
        required=False,
    )

    def clean_file(self):
        f = self.cleaned_data["file"]
        if f.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is too large (at most %(limit)s).")
                % {"limit": format_size(MAX_UPLOAD_BYTES, current_lang())}
            )
        return f


class SwedishNumberField(forms.CharField):
    """A number as people type it: decimal comma or point, thousands grouped with a
    space ("1 234,5"), the real minus sign."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 40)
        super().__init__(*args, **kwargs)

    def clean(self, value):
        text = super().clean(value)
        if text in (None, ""):
            return None
        number = parse_number(text, decimal_comma=True)
        if number is None:
            raise forms.ValidationError(
                _("Write a number, e.g. 0,82 or 1 234,5."), code="not_a_number"
            )
        return number


class MeasurementForm(forms.Form):
    """One measurement reported by hand: an indicator of the project and a period."""

    indicator = forms.ModelChoiceField(
        label=_("Indicator"), queryset=Indicator.objects.none(), empty_label=None
    )
    period = forms.CharField(
        label=_("Period"),
        max_length=20,
        help_text=_(
            "A year (2026), a quarter (2026-Q1), a month (2026-03) or a date (2026-03-31)."
        ),
    )
    value = SwedishNumberField(label=_("Value"))
    comparison_value = SwedishNumberField(label=_("Comparison group's value"), required=False)
    individuals = forms.IntegerField(label=_("Individuals"), required=False, min_value=0)
    comparison_individuals = forms.IntegerField(
        label=_("Individuals in the comparison group"), required=False, min_value=0
    )
    comment = FreeText(
        label=_("Comment"),
        required=False,
        max_length=limit(Measurement, "comment"),
        rows=3,
        help_text=_("Aggregated data only: never a personal identity number."),
    )

    correct = forms.BooleanField(
        label=_("Correct the measurement already reported for this period"),
        required=False,
        help_text=_("The earlier value stays in the history, with who corrected it and why."),
    )
    reason = FreeText(
        label=_("Reason for the correction"), required=False, max_length=MAX_CHANGE_REASON
    )

    def __init__(self, *args, project, **kwargs):
        kwargs.setdefault("prefix", "entry")
        super().__init__(*args, **kwargs)
        self.project = project
        self.fields["indicator"].queryset = Indicator.objects.filter(project=project).order_by(
            "order", "pk"
        )

    def clean_period(self):
        period = normalise_period(self.cleaned_data["period"])
        if period is None:
            raise forms.ValidationError(
                _(
                    "Not a period: write a year (2026), a quarter (2026-Q1), a month "
                    "(2026-03) or a date (2026-03-31)."
                ),
                code="invalid_period",
            )
        return period


class KoladaLinkForm(forms.Form):
    """An indicator's link to a Kolada KPI (:func:`socinv.followup.kolada.link_indicator`
    checks the codes and names each bad one)."""

    indicator = forms.ModelChoiceField(
        label=_("Indicator"), queryset=Indicator.objects.none(), empty_label=None
    )
    kpi = forms.CharField(
        label=_("Kolada KPI"), max_length=12, help_text=_("The KPI's id in Kolada, e.g. N15419.")
    )
    municipality = forms.CharField(
        label=_("Municipality"),
        max_length=12,
        help_text=_("Four digits, e.g. 0581 (581 is read as 0581): its value is the baseline."),
    )
    gender = forms.ChoiceField(label=_("Gender"), choices=KoladaLink.Gender.choices, initial="T")
    comparisons = forms.CharField(
        label=_("Comparison municipalities"),
        required=False,
        max_length=MAX_COMPARISONS * 6,
        help_text=_("Municipality codes separated by commas, e.g. 0180, 1480."),
    )
    group = forms.CharField(
        label=_("Kolada municipality group"),
        required=False,
        max_length=12,
        help_text=_("A group id from Kolada, e.g. G124026 (optional)."),
    )

    def __init__(self, *args, project, **kwargs):
        kwargs.setdefault("prefix", "kolada")
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = Indicator.objects.filter(project=project).order_by(
            "order", "pk"
        )
