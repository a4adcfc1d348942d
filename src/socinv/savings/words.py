"""The words for the codes the core's repayment rules give (:mod:`socinv.core.repayment`):
one wording per code, for the pages, the follow-up report and the API's readers alike."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from socinv.core.repayment import Reason

REASONS = {
    Reason.SHARE: _("share of the realised saving"),
    Reason.INSTALMENT: _("instalment of the repayment plan"),
    Reason.BUDGET_MODEL: _("budget model: nothing is repaid"),
    Reason.BEFORE_START: _("before the first year of repayment"),
    Reason.AFTER_PERIOD: _("after the repayment period"),
    Reason.NO_SAVING: _("no realised saving for the year"),
    Reason.NOTHING_OWED: _("the board owes the fund nothing for the project"),
    Reason.ALREADY_REPAID: _("the year's repayment has been made"),
    Reason.CAPPED: _("limited to what the board still owes"),
}

BEARERS = {
    "central": _("Central (the fund)"),
    "board": _("The responsible board"),
}


def reason_text(code: str) -> str:
    """Why a year's proposal is what it is, in the user's language."""
    return str(REASONS[Reason(code)])


def bearer_text(code: str | None) -> str:
    """Who bears a write-down (``None``: the fund's rules name no one for the type)."""
    return str(BEARERS.get(code or "", _("No rule for the project's type")))
