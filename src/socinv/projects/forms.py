"""The project list's search, filters and sorting: GET parameters, so that a list can be
bookmarked, shared and reached by keyboard like any link."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from socinv.core.limits import MAX_SHORT_TEXT
from socinv.organisation.models import Board

from .models import Project

# The sortable columns: the GET value, and a key of one row (project, totals)
SORTS = {
    "title": lambda p, t: p.title.casefold(),
    "phase": lambda p, t: list(Project.Phase.values).index(p.phase),
    "type": lambda p, t: list(Project.Type.values).index(p.type),
    "risk": lambda p, t: (p.risk_class == "", p.risk_class),
    "committed": lambda p, t: t.committed,
    "disbursed": lambda p, t: t.disbursements,
}
SORT_CHOICES = [
    ("title", _("Project (A–Z)")),
    ("-title", _("Project (Z–A)")),
    ("phase", _("Phase")),
    ("type", _("Type")),
    ("risk", _("Risk class")),
    ("-committed", _("Committed (largest first)")),
    ("committed", _("Committed (smallest first)")),
    ("-disbursed", _("Disbursed (largest first)")),
    ("disbursed", _("Disbursed (smallest first)")),
]


class ProjectListForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=MAX_SHORT_TEXT,
        help_text=_("A word of the title, the project code or the target group."),
    )
    phase = forms.ChoiceField(
        label=_("Phase"), choices=[("", _("All")), *Project.Phase.choices], required=False
    )
    board = forms.ModelChoiceField(
        label=_("Board"), queryset=Board.objects.none(), required=False, empty_label=_("All")
    )
    type = forms.ChoiceField(
        label=_("Type"), choices=[("", _("All")), *Project.Type.choices], required=False
    )
    risk = forms.ChoiceField(
        label=_("Risk class"),
        choices=[("", _("All")), *Project.RiskClass.choices, ("none", _("Not classed"))],
        required=False,
    )
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORT_CHOICES, required=False)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["board"].queryset = Board.objects.filter(
            organisation_id__in=organisations
        ).order_by("name")

    def filtered(self, queryset):
        """``queryset`` narrowed by the valid filters (an invalid value filters nothing)."""
        if not self.is_valid():
            return queryset
        d = self.cleaned_data
        if d.get("q"):
            from django.db.models import Q

            words = d["q"].split()
            for word in words:
                queryset = queryset.filter(
                    Q(title__icontains=word)
                    | Q(code__iexact=word)
                    | Q(target_group__icontains=word)
                )
        if d.get("phase"):
            queryset = queryset.filter(phase=d["phase"])
        if d.get("type"):
            queryset = queryset.filter(type=d["type"])
        if d.get("risk") == "none":
            queryset = queryset.filter(risk_class="")
        elif d.get("risk"):
            queryset = queryset.filter(risk_class=d["risk"])
        if d.get("board"):
            queryset = queryset.filter(responsible_boards=d["board"]).distinct()
        return queryset

    def sort_key(self) -> str:
        value = (self.cleaned_data.get("sort") if self.is_valid() else "") or "title"
        return value

    def sorted(self, rows: list) -> list:
        """The rows (project, totals) in the chosen order; ties by title."""
        value = self.sort_key()
        key = SORTS[value.lstrip("-")]
        rows = sorted(rows, key=lambda r: r[0].title.casefold())
        return sorted(rows, key=lambda r: key(*r), reverse=value.startswith("-"))
