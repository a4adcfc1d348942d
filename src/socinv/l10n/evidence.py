"""The five evidence grades in words (spec unit-costs.md "Evidence grades", on the scale of
Nesta's Standards of Evidence): what is known at each grade, for the memo, the pages and
the workbooks alike. The haircuts are the core's (:mod:`socinv.core.calc.evidence`)."""

from __future__ import annotations

from .catalogue import gettext_noop, translator

GRADES = {
    1: gettext_noop("We can describe what the effort does and why it should work"),
    2: gettext_noop("We have measured change among participants"),
    3: gettext_noop("We have compared with a group that did not get the effort"),
    4: gettext_noop("One or more independent comparisons, randomised or replicated"),
    5: gettext_noop("Systematic reviews; shown to work in Swedish practice at scale"),
}


def grade_text(grade: int, lang: str | None = "sv") -> str:
    """What is known at ``grade`` (1 … 5), in ``lang``."""
    return translator(lang).gettext(GRADES[grade])
