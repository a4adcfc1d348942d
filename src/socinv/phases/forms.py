"""The gate form: one answer (yes/partly/no) and comment per checklist question, an
overall comment, a justification when a question is answered no, the date and an
optional decision reference. The rules are checked by :func:`.services.pass_gate`."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from socinv.web.forms import DateInput, FreeText, limit

from .models import GateAnswer, GatePassage, GateQuestion


class GateForm(forms.Form):
    date = forms.DateField(label=_("Date of the gate"), widget=DateInput())
    comment = FreeText(
        label=_("Overall comment"),
        rows=3,
        error_messages={"required": _("Write an overall comment on the gate.")},
        max_length=limit(GatePassage, "comment"),
    )
    justification = FreeText(
        label=_("Justification for passing with a no"),
        required=False,
        rows=2,
        help_text=_("Required when any checklist question is answered no."),
        max_length=limit(GatePassage, "justification"),
    )
    decision_body = FreeText(
        label=_("Decided by (optional)"),
        required=False,
        max_length=limit(GatePassage, "decision_body"),
        help_text=_("For example Kommunstyrelsen or the steering group."),
    )
    decision_date = forms.DateField(
        label=_("Decision date (optional)"), required=False, widget=DateInput()
    )
    decision_dnr = FreeText(
        label=_("Registration number (dnr) (optional)"),
        required=False,
        max_length=limit(GatePassage, "decision_dnr"),
    )

    def __init__(self, *args, questions: list[GateQuestion], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for q in questions:
            self.fields[f"q{q.pk}"] = forms.ChoiceField(
                label=q.text,
                choices=GateAnswer.Answer.choices,
                widget=forms.RadioSelect,
                error_messages={"required": _("Answer yes, partly or no.")},
            )
            self.fields[f"q{q.pk}_comment"] = FreeText(
                label=_("Comment"), required=False, rows=2, max_length=limit(GateAnswer, "comment")
            )

    def question_rows(self):
        return [(q, self[f"q{q.pk}"], self[f"q{q.pk}_comment"]) for q in self.questions]

    def answers(self) -> dict[int, tuple[str, str]]:
        d = self.cleaned_data
        return {
            q.pk: (d.get(f"q{q.pk}") or "", d.get(f"q{q.pk}_comment") or "") for q in self.questions
        }

    def pass_kwargs(self) -> dict:
        d = self.cleaned_data
        return {
            "date": d["date"],
            "comment": d["comment"],
            "answers": self.answers(),
            "justification": d.get("justification") or "",
            "decision_body": d.get("decision_body") or "",
            "decision_date": d.get("decision_date"),
            "decision_dnr": d.get("decision_dnr") or "",
        }
