"""The default gate checklists. English msgids translated in
``locale/fragments/phases.po``; a fund's copy is stored in Swedish when first used and is
then the fund's own to edit in the admin."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext, gettext_noop

from socinv.core.phases import Phase

DEFAULT_GATE_QUESTIONS: dict[str, list[str]] = {
    Phase.CLOSING: [
        gettext_noop("Has the final report on the indicators been submitted?"),
        gettext_noop("Has the final report of the learning evaluation come in?"),
        gettext_noop("Have the realised savings been reported?"),
        gettext_noop("Has the money not used been accounted for and released to the fund?"),
    ],
    Phase.SCALE_UP: [
        gettext_noop("Is there a decision on funding in the ordinary budget?"),
        gettext_noop("Has a responsible unit been appointed?"),
        gettext_noop("Have routines and policy documents been updated?"),
        gettext_noop("Will the indicators continue to be followed up after the project?"),
    ],
    Phase.WIND_DOWN: [
        gettext_noop("Has the target group been informed and referred to other support?"),
        gettext_noop("Have the lessons learned been documented?"),
        gettext_noop("Have the staff and the partners been informed?"),
        gettext_noop("Has the repayment or write-down been settled?"),
    ],
}


def swedish(text: str) -> str:
    """The Swedish text of a default question, from the catalogue (whatever the language
    of the request that first needs the fund's checklist)."""
    with translation.override("sv"):
        return gettext(text)
