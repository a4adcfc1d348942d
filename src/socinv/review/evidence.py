"""The fund's evidence profile on the portfolio: the committed money by evidence grade of
the projects (spec unit-costs.md "Evidence grades"). A project's grade is the lowest of its
calculation's graded outcomes, read from its stored result's ``outcomes_adjusted``
(:func:`socinv.core.calc.evidence.project_grade`); a project without grades is counted as
ungraded."""

from __future__ import annotations

from django.utils.translation import gettext as _

from socinv.core.calc.evidence import evidence_profile, project_grade
from socinv.l10n.evidence import grade_text
from socinv.web.i18n import current_lang


def grade_of(result: dict | None) -> int | None:
    adjusted = (result or {}).get("outcomes_adjusted") or []
    return project_grade(a.get("grade") for a in adjusted if isinstance(a, dict))


def profile_rows(rows) -> list[dict]:
    """One row per grade 1 … 5 and one for the ungraded: the committed money (öre), its
    share of the rows' committed money, what the grade means and how many projects."""
    grades = [(grade_of(r.project.calculation_result), r.committed) for r in rows]
    profile = evidence_profile(grades)
    total = sum(profile.values())
    lang = current_lang()
    return [
        {
            "grade": "–" if grade is None else str(grade),
            "meaning": _("No grade given") if grade is None else grade_text(grade, lang),
            "committed": committed,
            "share": committed / total if total else None,
            "projects": sum(1 for g, _c in grades if g == grade),
        }
        for grade, committed in profile.items()
    ]
