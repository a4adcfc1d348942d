from django import forms
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD = 20 * 1024 * 1024


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Measurements file"),
        help_text=_(
            "CSV (comma or semicolon separated), xlsx, or JSON downloaded from Kolada. "
            "Columns: indicator, period, value; optionally comparison value, individuals, "
            "comment. Aggregated data only: a file with a personal identity number is refused."
        ),
    )
    municipality = forms.CharField(
        label=_("Municipality code (Kolada files)"),
        required=False,
        max_length=4,
        help_text=_("Only for Kolada files with several municipalities, e.g. 0180."),
    )
    dry_run = forms.BooleanField(
        label=_("Dry run (check the file, store nothing)"),
        required=False,
    )

    def clean_file(self):
        f = self.cleaned_data["file"]
        if f.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is too large (at most 20 MB)."))
        return f
