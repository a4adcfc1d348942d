"""Forms of the application pages. Every field of a draft is optional (a draft saves
whatever is filled in; :func:`socinv.applications.rules.missing_items` says what is
still needed). Money is typed in kronor and parsed by :class:`socinv.web.forms.KronorField`
into öre."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from socinv.core.limits import MAX_NAME, MAX_NOTE, MAX_SHORT_TEXT, MAX_TEXT
from socinv.fund.models import Fund
from socinv.organisation.models import Board
from socinv.projects.models import Project
from socinv.web.forms import DateInput, FreeText, KronorField, ModelMultipleChoiceField
from socinv.web.i18n import ore_to_text

from .models import Application, Indicator, Level
from .services import APPLICATION_FIELDS

TEXT = {"rows": 4}
UNIT_LENGTH = Indicator._meta.get_field("unit").max_length


def _text(label, help_text="", rows=4, limit=MAX_TEXT):
    return FreeText(label=label, required=False, help_text=help_text, rows=rows, max_length=limit)


class BoardsField(ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple


class IdeaForm(forms.Form):
    fund = forms.ModelChoiceField(label=_("Fund"), queryset=Fund.objects.none())
    title = FreeText(label=_("Name of the project"), max_length=MAX_SHORT_TEXT)
    need = _text(_("Need"), _("Which social problem, and how large is it?"))
    target_group = _text(_("Target group"))
    intervention = _text(_("Intervention"), _("What will be done, and how?"))
    expected_effects = _text(_("Expected effects"))
    estimated_cost = KronorField(
        label=_("Estimated cost (kr)"),
        required=False,
        help_text=_("What the project will cost in all, in kronor, for example 1 200 000."),
    )
    boards = BoardsField(
        label=_("Responsible boards"), queryset=Board.objects.none(), required=False
    )
    applicant_organisation = FreeText(
        label=_("Applying organisation (civil society)"),
        max_length=MAX_NAME,
        required=False,
        help_text=_("Only when a civil-society organisation applies."),
    )
    # the service's names of the fields typed under another name here
    SERVICE_NAMES = {"estimated_cost_ore": "estimated_cost"}

    def __init__(self, *args, funds, fund: Fund | None = None, civil_society: bool, **kwargs):
        """``funds``: where the user may submit ideas (a choice when there are several);
        ``fund``: the application's fund when editing; ``civil_society``: show the
        applying organisation."""
        super().__init__(*args, **kwargs)
        if fund is not None:
            del self.fields["fund"]
            organisation_id = fund.organisation_id
        else:
            self.fields["fund"].queryset = Fund.objects.filter(
                pk__in=[f.pk for f in funds]
            ).order_by("name")
            organisation_ids = {f.organisation_id for f in funds}
            if len(funds) == 1:
                self.fields["fund"].initial = funds[0].pk
            organisation_id = next(iter(organisation_ids), None)
        self.fields["boards"].queryset = Board.objects.filter(
            organisation_id=organisation_id
        ).order_by("name")
        if not civil_society:
            del self.fields["applicant_organisation"]

    @staticmethod
    def initial_for(application: Application) -> dict:
        project = application.project
        return {
            "title": project.title,
            "need": application.need,
            "target_group": project.target_group,
            "intervention": application.intervention,
            "expected_effects": application.expected_effects,
            "estimated_cost": kr_input(application.estimated_cost_ore),
            "boards": list(project.responsible_boards.all()),
            "applicant_organisation": project.applicant_organisation,
        }

    def service_fields(self) -> dict:
        """The cleaned data as keyword arguments of ``create_idea`` and
        ``update_application`` (the fund and the boards included)."""
        d = dict(self.cleaned_data)
        d["estimated_cost_ore"] = d.pop("estimated_cost", None)
        if "boards" in d:
            d["boards"] = list(d["boards"])
        return d


def kr_input(ore: int | None) -> str:
    """Öre as typed in a form, in Swedish: ``1 234 567,50`` (empty for nothing)."""
    if not ore:
        return ""
    return ore_to_text(ore, "sv").removesuffix("\u00a0kr")


class FullApplicationForm(forms.Form):
    title = FreeText(label=_("Name of the project"), max_length=MAX_SHORT_TEXT)
    # the need
    need = _text(_("Need"))
    needs_analysis = _text(_("Needs analysis"), _("The documented problem and its size."), 6)
    needs_source = _text(_("Source"), _("An operational plan, statistics, a report."), 2)
    needs_figures = _text(_("Figures"), _("The figures that show the need."), 3)
    # the target group
    target_group = _text(_("Target group"))
    target_group_size = forms.IntegerField(
        label=_("Size of the target group (people)"), min_value=1, required=False
    )
    intervention = _text(_("Intervention"))
    expected_effects = _text(_("Expected effects"))
    # type, route, logic, boards
    type = forms.ChoiceField(label=_("Type"), choices=Project.Type.choices)
    route = forms.ChoiceField(label=_("Route"), choices=Project.Route.choices)
    logic = forms.ChoiceField(label=_("Project logic"), choices=Project.Logic.choices)
    boards = BoardsField(
        label=_("Responsible boards"), queryset=Board.objects.none(), required=False
    )
    applicant_organisation = FreeText(
        label=_("Applying organisation (civil society)"), max_length=MAX_NAME, required=False
    )
    civil_society_partners = _text(_("Civil-society partners"), _("One organisation per line."), 3)
    # risk, evaluation, implementation
    risk_assessment = _text(
        _("Risk assessment"), _("What may go wrong, and what you will do then."), 5
    )
    evaluation_plan = _text(_("Evaluation plan"), rows=5)
    evaluation_cost = KronorField(
        label=_("Cost of the evaluation (kr)"),
        required=False,
        help_text=_("In kronor, for example 250 000."),
    )
    evaluation_scientific = forms.BooleanField(
        label=_("The evaluation is scientific (e.g. by a university)"), required=False
    )
    has_comparison_group = forms.BooleanField(
        label=_("There is a comparison group"), required=False
    )
    comparison_group = _text(_("Comparison group"), _("Describe it, or why there can be none."), 3)
    implementation_plan = _text(_("Plan for implementation in ordinary operations"), rows=5)
    implementation_owner_name = FreeText(
        label=_("Signed off by (name of the manager who will own it)"),
        max_length=MAX_NAME,
        required=False,
    )
    implementation_owner_title = FreeText(
        label=_("The manager's title"), max_length=MAX_NAME, required=False
    )
    implementation_signed_on = forms.DateField(
        label=_("Signed off on"), required=False, widget=DateInput()
    )

    SECTIONS = [
        (_("The need"), ["need", "needs_analysis", "needs_source", "needs_figures"]),
        (
            _("Target group and intervention"),
            ["target_group", "target_group_size", "intervention", "expected_effects"],
        ),
        (
            _("Type, route, logic and boards"),
            ["title", "type", "route", "logic", "boards", "applicant_organisation"],
        ),
        (_("Partners"), ["civil_society_partners"]),
        (_("Risk assessment"), ["risk_assessment"]),
        (
            _("Evaluation"),
            [
                "evaluation_plan",
                "evaluation_cost",
                "evaluation_scientific",
                "has_comparison_group",
                "comparison_group",
            ],
        ),
        (
            _("Implementation in ordinary operations"),
            [
                "implementation_plan",
                "implementation_owner_name",
                "implementation_owner_title",
                "implementation_signed_on",
            ],
        ),
    ]

    def __init__(
        self, *args, fund: Fund, civil_society: bool, sections: list[int] | None = None, **kwargs
    ):
        """``sections``: the indexes of :attr:`SECTIONS` this form holds (one step of the
        full application); all of them when ``None``."""
        super().__init__(*args, **kwargs)
        self.fields["boards"].queryset = Board.objects.filter(
            organisation_id=fund.organisation_id
        ).order_by("name")
        if not civil_society:
            del self.fields["applicant_organisation"]
        if sections is not None:
            self.section_indexes = sections
            kept = {name for i in sections for name in self.SECTIONS[i][1]}
            for name in list(self.fields):
                if name not in kept:
                    del self.fields[name]
        else:
            self.section_indexes = list(range(len(self.SECTIONS)))

    def sections(self):
        return [
            (title, [self[name] for name in names if name in self.fields])
            for i, (title, names) in enumerate(self.SECTIONS)
            if i in self.section_indexes
        ]

    @staticmethod
    def initial_for(application: Application) -> dict:
        project = application.project
        data = {
            name: getattr(application, name)
            for name in APPLICATION_FIELDS
            # typed in kronor: evaluation_cost below; the estimate is the idea's
            if name not in ("evaluation_cost_ore", "estimated_cost_ore")
        }
        data.update(
            title=project.title,
            target_group=project.target_group,
            type=project.type,
            route=project.route,
            logic=project.logic,
            applicant_organisation=project.applicant_organisation,
            boards=list(project.responsible_boards.all()),
        )
        if application.evaluation_cost_ore:
            data["evaluation_cost"] = ore_to_text(
                application.evaluation_cost_ore, "sv"
            ).removesuffix("\u00a0kr")
        return data

    def service_fields(self) -> dict:
        """The cleaned data as keyword arguments of ``update_application``."""
        d = dict(self.cleaned_data)
        if "evaluation_cost" in d:
            d["evaluation_cost_ore"] = d.pop("evaluation_cost")
        if "boards" in d:
            d["boards"] = list(d["boards"])
        for name in ("target_group_size", "implementation_signed_on"):
            if name in d:
                d[name] = d.get(name) or None
        return d


MAX_BUDGET_YEARS = 15
BUDGET_COLUMNS = (
    ("amount", _("From the fund (kr)")),
    ("cofinancing_money", _("Co-financing, money (kr)")),
    ("cofinancing_hours", _("Co-financing, time (hours)")),
)


class _BudgetKronor(KronorField):
    """An amount of the budget table, where a year without money may be typed as 0."""

    def clean(self, value):
        if _ZERO.fullmatch(str(value or "")):
            return None
        return super().clean(value)


_ZERO = re.compile(r"\s*0+(?:[,.]0+)?\s*(?:kr)?\s*", re.IGNORECASE)


class BudgetYearsForm(forms.Form):
    """Every budget year of the project's period in one table, saved at once: the period
    (first and last year) and, per year, the amount from the fund and the co-financing.
    Each field's label names its year, so that the error summary says which year is
    wrong."""

    first_year = forms.IntegerField(label=_("First year"), min_value=2000, max_value=2100)
    last_year = forms.IntegerField(label=_("Last year"), min_value=2000, max_value=2100)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.years = years
        for year in years:
            for column, label in BUDGET_COLUMNS:
                name = f"{column}_{year}"
                if column == "cofinancing_hours":
                    field = forms.IntegerField(min_value=0, max_value=10_000_000, required=False)
                else:
                    field = _BudgetKronor(required=False)
                field.label = f"{year}: {label}"
                self.fields[name] = field

    def clean(self):
        data = super().clean()
        first, last = data.get("first_year"), data.get("last_year")
        if first and last and not 0 <= last - first < MAX_BUDGET_YEARS:
            raise forms.ValidationError(
                _("The last year must be the first year or at most %(n)s years after it.")
                % {"n": MAX_BUDGET_YEARS - 1}
            )
        return data

    def table(self):
        """The rows of the table: (year, its bound fields in the order of the columns)."""
        return [
            (year, [self[f"{column}_{year}"] for column, _label in BUDGET_COLUMNS])
            for year in self.years
        ]

    def rows(self) -> list[dict]:
        """The budget years for ``update_application``: a year with nothing filled in is
        left out."""
        d = self.cleaned_data
        found = []
        for year in self.years:
            values = [d.get(f"{column}_{year}") or 0 for column, _label in BUDGET_COLUMNS]
            if any(values):
                amount, money, hours = values
                found.append(
                    {
                        "year": year,
                        "amount_ore": amount,
                        "cofinancing_money_ore": money,
                        "cofinancing_hours": hours,
                    }
                )
        return found


class StatementForm(forms.Form):
    level = forms.ChoiceField(label=_("Level"), choices=Level.choices)
    text = FreeText(label=_("Statement"), rows=2, required=False, max_length=MAX_NOTE)

    def row(self) -> dict | None:
        text = (self.cleaned_data.get("text") or "").strip()
        return {"level": self.cleaned_data["level"], "text": text} if text else None


class IndicatorForm(forms.Form):
    level = forms.ChoiceField(label=_("Level"), choices=Level.choices, initial=Level.OUTCOMES)
    name = FreeText(label=_("Indicator"), max_length=MAX_SHORT_TEXT, required=False)
    unit = FreeText(label=_("Unit"), max_length=UNIT_LENGTH, required=False)
    direction = forms.ChoiceField(label=_("Direction"), choices=Indicator.Direction.choices)
    baseline_value = forms.FloatField(label=_("Baseline"), required=False, localize=True)
    baseline_source = FreeText(
        label=_("Source of the baseline"), max_length=MAX_SHORT_TEXT, required=False
    )
    baseline_date = forms.DateField(
        label=_("Date of the baseline"), required=False, widget=DateInput()
    )
    target_value = forms.FloatField(label=_("Target"), required=False, localize=True)
    reporting_frequency = forms.ChoiceField(
        label=_("Reported"), choices=Indicator.Frequency.choices, initial=Indicator.Frequency.YEARLY
    )

    def clean(self):
        data = super().clean()
        others = ("unit", "baseline_value", "baseline_source", "baseline_date", "target_value")
        if not data.get("name") and any(data.get(f) not in (None, "") for f in others):
            self.add_error("name", _("Give the indicator a name."))
        return data

    def row(self) -> dict | None:
        d = self.cleaned_data
        if not d.get("name"):
            return None
        return {
            name: d.get(name) if d.get(name) is not None else ""
            for name in (
                "level",
                "name",
                "unit",
                "direction",
                "baseline_source",
                "reporting_frequency",
            )
        } | {name: d.get(name) for name in ("baseline_value", "baseline_date", "target_value")}


class BaseRowsFormSet(forms.BaseFormSet):
    def rows(self) -> list[dict]:
        result = []
        for form in self.forms:
            if not form.has_changed() and not form.initial:
                continue
            if self.can_delete and self._should_delete_form(form):
                continue
            row = form.row()
            if row is not None:
                result.append(row)
        return result


StatementFormSet = forms.formset_factory(StatementForm, formset=BaseRowsFormSet, extra=2)
IndicatorFormSet = forms.formset_factory(IndicatorForm, formset=BaseRowsFormSet, extra=1)


class _Placed:
    """A bound field of a formset's row, its label saying where it is ("Budget: Year")."""

    def __init__(self, bound, where: str):
        self.label = f"{where}: {bound.label}"
        self.errors = bound.errors
        self.auto_id = bound.auto_id
        self.field = bound.field


class ErrorSummary:
    """A form and its row formsets as one form for the error summary
    (``partials/error_summary.html``): the form's errors, then each formset's, each
    labelled with the formset's title (``parts``: (title, formset))."""

    prefix = ""

    def __init__(self, form: forms.Form, parts: list[tuple[str, forms.BaseFormSet]]):
        self.form = form
        self.parts = parts

    @property
    def errors(self) -> bool:
        return bool(self.form.errors) or any(fs.total_error_count() for _t, fs in self.parts)

    def non_field_errors(self) -> list[str]:
        found = list(self.form.non_field_errors())
        for title, formset in self.parts:
            found += list(formset.non_form_errors())
            found += [f"{title}: {e}" for row in formset for e in row.non_field_errors()]
        return found

    def __iter__(self):
        yield from self.form
        for title, formset in self.parts:
            for row in formset:
                for bound in row:
                    yield _Placed(bound, title)


class IdeaDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("go", _("Go: continue to a full application")), ("no_go", _("No-go"))],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose go or no-go."),
            "invalid_choice": _("Choose go or no-go."),
        },
    )
    comment = FreeText(
        label=_("Comment"),
        required=False,
        rows=3,
        max_length=MAX_NOTE,
        help_text=_("Required for a no-go."),
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Attach a file"), help_text=_("PDF or Excel (xlsx)."))
