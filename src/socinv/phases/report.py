"""This part's section of the follow-up report (see :mod:`socinv.io.sections`)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from socinv.io.sections import Section, Table
from socinv.projects.models import Project

from . import selectors


def section(project) -> Section:
    """The section for ``project``; called inside ``translation.override(language)``."""
    entries = selectors.timeline(project)
    facts = [(_("Current phase"), str(Project.Phase(project.phase).label))]
    if entries:
        last = entries[-1]
        facts.append((_("Latest gate passed"), f"{last.from_label} → {last.to_label}"))
        facts.append((_("Date of the latest gate"), last.date))
    passages = Table(
        caption=_("Gates passed"),
        columns=[
            _("Date"),
            _("From phase"),
            _("To phase"),
            _("Passed by"),
            _("Decision"),
            _("Overall comment"),
        ],
        rows=[
            [
                e.date,
                e.from_label,
                e.to_label,
                e.who,
                " ".join(
                    x
                    for x in (
                        e.decision_body,
                        e.decision_date.isoformat() if e.decision_date else "",
                        f"({e.decision_dnr})" if e.decision_dnr else "",
                    )
                    if x
                ),
                e.comment,
            ]
            for e in entries
        ],
        empty_text=_("The project has not passed any gate yet."),
    )
    answers = Table(
        caption=_("Gate checklists"),
        columns=[_("Gate"), _("Question"), _("Answer"), _("Comment")],
        rows=[
            [
                f"{e.from_label} → {e.to_label}",
                a.question_text,
                str(a.get_answer_display()),
                a.comment,
            ]
            for e in entries
            for a in e.answers
        ],
        empty_text=_("No gate checklist has been answered yet."),
    )
    return Section(
        key="phases", title=_("Phases and gates"), facts=facts, tables=[passages, answers]
    )
