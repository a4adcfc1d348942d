"""The decision memo (beslutsunderlag / tjänsteskrivelse) of a project.

The memo is a Swedish document whatever the reader's language: it goes to a Swedish
political body and is filed (diarieförs) as it is. Its words are gettext msgids rendered
under ``translation.override("sv")`` (the context here, the templates inside
``{% language "sv" %}``), its figures formatted with ``lang="sv"`` (``1 234 567 kr``).

Every read is typed: the application and its evidence chain (:mod:`.application`), the
calculation and its charts (:mod:`.calculation`), the decision or the proposal
(:mod:`.decision`, "the decision" being the approval) and the portfolio effect
(:mod:`.portfolio`); :func:`memo_context` gathers them (:mod:`.context`). Each section
says plainly what is not there yet ("Ännu inte beredd", "Inget beslutsförslag").
"""

from .context import memo_context

__all__ = ["memo_context"]
