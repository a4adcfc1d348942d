"""Writes: the fund's account mapping (and, in :mod:`.imports`, the import of actual costs).

Each takes a keyword-only ``acting_user``, checks its permission itself
(:func:`socinv.accounts.access.require`), is atomic and attributed to ``acting_user``, and
refuses with :class:`socinv.core.problems.Refused` (one reason per field; nothing stored).

Codes: ``entry_type`` (a reversal, or no entry type: a reversal is booked on its target's
accounts), the model's own (``account``, ``personal_number``, ``max_length``, the two
accounts differing).
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext

from socinv.accounts.access import require
from socinv.audit import attributed_to
from socinv.core.problems import Refusal, refuse_if
from socinv.fund.models import Fund
from socinv.web.refusals import validated

from .imports import import_actuals
from .models import MAPPABLE, FundAccountMapping

__all__ = ["import_actuals", "remove_account_mapping", "set_account_mapping"]

PERMISSION = "actuals.set_account_mapping"


def _entry_type_refusals(entry_type: str) -> list[Refusal]:
    if entry_type in dict(MAPPABLE):
        return []
    message = gettext("Choose an entry type (a reversal is booked on its entry's accounts).")
    return [Refusal("entry_type", "entry_type", message)]


def set_account_mapping(
    *,
    acting_user,
    fund: Fund,
    entry_type: str,
    debit_account: str,
    debit_name: str,
    credit_account: str,
    credit_name: str,
) -> FundAccountMapping:
    """Set the accounts ``fund``'s entries of ``entry_type`` are exported on (replacing the
    type's earlier mapping). Needs ``actuals.set_account_mapping`` on the fund."""
    require(acting_user, PERMISSION, fund)
    refuse_if(_entry_type_refusals(entry_type))
    with transaction.atomic(), attributed_to(acting_user):
        mapping = (
            FundAccountMapping.objects.select_for_update()
            .filter(fund=fund, entry_type=entry_type)
            .first()
        ) or FundAccountMapping(fund=fund, entry_type=entry_type)
        mapping.debit_account = (debit_account or "").strip()
        mapping.debit_name = (debit_name or "").strip()
        mapping.credit_account = (credit_account or "").strip()
        mapping.credit_name = (credit_name or "").strip()
        refuse_if(validated(mapping.full_clean))
        mapping.save()
    return mapping


def remove_account_mapping(*, acting_user, fund: Fund, entry_type: str) -> bool:
    """Remove the mapping of ``entry_type`` (its entries are no longer exported); ``False``
    when there was none. Needs ``actuals.set_account_mapping`` on the fund."""
    require(acting_user, PERMISSION, fund)
    refuse_if(_entry_type_refusals(entry_type))
    with transaction.atomic(), attributed_to(acting_user):
        mapping = FundAccountMapping.objects.filter(fund=fund, entry_type=entry_type).first()
        if mapping is None:
            return False
        mapping.delete()
    return True
