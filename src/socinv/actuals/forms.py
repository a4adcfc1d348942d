from django import forms
from django.utils.translation import gettext_lazy as _

from socinv.core.limits import MAX_SIE_FILE_BYTES
from socinv.web.forms import FreeText, limit

from .models import MAPPABLE, FundAccountMapping


class MappingForm(forms.Form):
    entry_type = forms.ChoiceField(label=_("Entry type"), choices=MAPPABLE)
    debit_account = forms.CharField(
        label=_("Debit account"),
        max_length=limit(FundAccountMapping, "debit_account"),
        required=False,
    )
    debit_name = FreeText(
        label=_("Debit account's name"),
        max_length=limit(FundAccountMapping, "debit_name"),
        required=False,
    )
    credit_account = forms.CharField(
        label=_("Credit account"),
        max_length=limit(FundAccountMapping, "credit_account"),
        required=False,
    )
    credit_name = FreeText(
        label=_("Credit account's name"),
        max_length=limit(FundAccountMapping, "credit_name"),
        required=False,
        help_text=_("Leave both accounts empty to remove the entry type's mapping."),
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("SIE file"),
        help_text=_(
            "A SIE 4 file (.SE or .SI) from the general ledger. Rows whose project "
            "(dimension 6) is a project code of the fund are imported as actual costs."
        ),
    )
    dry_run = forms.BooleanField(label=_("Dry run (check the file, store nothing)"), required=False)

    def clean_file(self):
        f = self.cleaned_data["file"]
        if f.size > MAX_SIE_FILE_BYTES:
            raise forms.ValidationError(
                _("The file is too large (at most %(mb)s MB).")
                % {"mb": MAX_SIE_FILE_BYTES // 2**20}
            )
        return f


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2200)
