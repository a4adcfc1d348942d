"""Forms of the learning evaluation page (no JavaScript needed)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from socinv.projects.models import Project
from socinv.web.forms import DateInput, FreeText, limit

from .models import EvaluationEntry, FinalReport, ResearchAttachment, Response

NO_PERSONAL_DATA = _("Aggregated knowledge only: never a personal identity number.")


class _Prefixed(forms.Form):
    """Several forms share the page: each has its own prefix, so that ids stay unique."""

    default_prefix = ""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", self.default_prefix)
        super().__init__(*args, **kwargs)


class EntryForm(_Prefixed):
    default_prefix = "entry"
    phase = forms.ChoiceField(label=_("Phase"), choices=Project.Phase.choices)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=EvaluationEntry.Kind.choices, widget=forms.RadioSelect
    )
    title = FreeText(label=_("Title"), max_length=limit(EvaluationEntry, "title"))
    text = FreeText(
        label=_("Text"),
        rows=5,
        help_text=NO_PERSONAL_DATA,
        max_length=limit(EvaluationEntry, "text"),
    )
    date = forms.DateField(
        label=_("Date"), required=False, widget=DateInput(), help_text=_("Empty: today.")
    )


class ResponseForm(forms.Form):
    party = forms.ChoiceField(label=_("On behalf of"), choices=Response.Party.choices)
    status = forms.ChoiceField(
        label=_("Stand on the recommendation"),
        choices=Response.Status.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    text = FreeText(
        label=_("Response"), rows=3, help_text=NO_PERSONAL_DATA, max_length=limit(Response, "text")
    )
    planned_action = FreeText(
        label=_("Planned action"),
        required=False,
        rows=2,
        help_text=_("What will be done, by whom and when (not needed when not accepted)."),
        max_length=limit(Response, "planned_action"),
    )

    def __init__(self, *args, entry, parties, **kwargs):
        kwargs.setdefault("prefix", f"r{entry.pk}")
        super().__init__(*args, **kwargs)
        self.entry = entry
        labels = dict(Response.Party.choices)
        self.fields["party"].choices = [(p, labels[p]) for p in parties]
        if parties:
            self.fields["party"].initial = parties[0]
        if len(parties) <= 1:
            self.fields["party"].widget = forms.HiddenInput()
            self.fields["party"].required = False
        if entry.kind != EvaluationEntry.Kind.RECOMMENDATION:
            del self.fields["status"]
            del self.fields["planned_action"]


class FinalReportForm(_Prefixed):
    default_prefix = "final"
    summary = FreeText(
        label=pgettext_lazy("evaluation", "Summary"),
        rows=5,
        help_text=NO_PERSONAL_DATA,
        max_length=limit(FinalReport, "summary"),
    )
    conclusions = FreeText(
        label=_("Conclusions"), rows=5, max_length=limit(FinalReport, "conclusions")
    )
    recommendations = FreeText(
        label=_("Recommendations for ordinary operations"),
        required=False,
        rows=4,
        max_length=limit(FinalReport, "recommendations"),
    )
    date = forms.DateField(
        label=_("Date"), required=False, widget=DateInput(), help_text=_("Empty: today.")
    )
    final = forms.BooleanField(
        label=_("Mark the report final"),
        required=False,
        help_text=_(
            "A final report is not changed any more; earlier versions stay in the history."
        ),
    )


class ResearchForm(_Prefixed):
    default_prefix = "research"
    title = FreeText(label=_("Title"), max_length=limit(ResearchAttachment, "title"))
    authors = FreeText(
        label=_("Authors or organisation"),
        max_length=limit(ResearchAttachment, "authors"),
        required=False,
    )
    file = forms.FileField(
        label=_("File"), required=False, help_text=_("PDF or Excel (xlsx), or give a reference.")
    )
    reference = FreeText(
        label=_("Web address or reference"),
        max_length=limit(ResearchAttachment, "reference"),
        required=False,
        help_text=_("Instead of a file: where the report can be found."),
    )
