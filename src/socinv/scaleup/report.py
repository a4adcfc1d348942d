"""This part's section of the follow-up report (see :mod:`socinv.io.sections`)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from socinv.io.sections import Number, Section, Table

from . import selectors


def _figures(e) -> str | Number:
    if e.kind == "multiplied":
        return Number(e.people_per_year or 0, 0, _("people per year"))
    if e.kind == "enlarged":
        return f"{_number(e.before_value)} → {_number(e.after_value)} {e.unit}".strip()
    return ""


def _number(value: float | None) -> str:
    if value is None:
        return "–"
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}".replace(".", ",")


def section(project) -> Section:
    """The section for ``project``; called inside ``translation.override(language)``."""
    data = selectors.scale_up(project)
    paragraphs = [
        _(
            "What entered ordinary operations after the project: the units that adopted the "
            "method, how many more people it reaches (multiplied), at what scale (enlarged), "
            "how it was refined, and which routines, processes and policy documents changed. "
            "The indicators can be followed up after the project has ended."
        )
    ]
    facts = [
        (_("Units that adopted the method"), len(data.adoptions)),
        (
            _("Additional people reached per year"),
            Number(data.people_per_year, 0),
        ),
        (_("Routines, processes and policy documents that changed"), len(data.documents)),
    ]
    adoptions = Table(
        caption=_("Units that adopted the method"),
        columns=[_("Unit"), _("Department"), _("Board"), _("Date"), _("Comment")],
        rows=[
            [
                a.unit,
                a.department.name if a.department else "",
                a.board.name if a.board else "",
                a.date,
                a.comment,
            ]
            for a in data.adoptions
        ],
        empty_text=_("No unit has been registered as adopting the method yet."),
    )
    effects = Table(
        caption=_("Multiplied, enlarged, refined"),
        columns=[_("Kind"), _("Date"), _("Description"), _("Figures")],
        rows=[
            [str(e.get_kind_display()), e.date, e.description, _figures(e)] for e in data.effects
        ],
        empty_text=_("No multiplier effect has been registered yet."),
    )
    documents = Table(
        caption=_("Routines, processes and policy documents that changed"),
        columns=[_("Title"), _("Kind"), _("Reference or registration number (dnr)"), _("Date")],
        rows=[[d.title, str(d.get_kind_display()), d.reference, d.date] for d in data.documents],
        empty_text=_("No routine or policy document has been registered yet."),
    )
    return Section(
        key="multiplier",
        title=_("Multiplier effects"),
        paragraphs=paragraphs,
        facts=facts,
        tables=[adoptions, effects, documents],
    )
