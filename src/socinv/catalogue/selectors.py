"""What the catalogue page and the exports read: the organisation's catalogue as the
core's :class:`~socinv.core.calc.catalogue.Catalogue`, and its rows with the marks."""

from __future__ import annotations

from dataclasses import dataclass

from socinv.core.calc.catalogue import Catalogue as CoreCatalogue
from socinv.core.calc.catalogue import UnitCost as CoreUnitCost
from socinv.core.calc.catalogue import indexed_amount, is_stale
from socinv.organisation.models import Organisation

from .models import Catalogue, IndexValue, UnitCost


def catalogue_of(organisation: Organisation) -> Catalogue | None:
    return Catalogue.objects.filter(organisation=organisation).first()


def as_core(organisation: Organisation) -> CoreCatalogue:
    """The catalogue as plain data (empty when the organisation has none yet): what the
    calculation engine resolves references in and what the exports write."""
    catalogue = catalogue_of(organisation)
    if catalogue is None:
        return CoreCatalogue(name=str(organisation))
    units = tuple(
        CoreUnitCost(
            id=u.code,
            label=u.label,
            unit=u.unit,
            amount=float(u.amount),
            price_year=u.price_year,
            source=u.source,
            bearer=u.bearer or None,
            valid_from=u.valid_from,
        )
        for u in UnitCost.objects.filter(catalogue=catalogue).order_by("label", "code")
    )
    index = {iv.year: float(iv.value) for iv in IndexValue.objects.filter(catalogue=catalogue)}
    return CoreCatalogue(catalogue.name, units, catalogue.index_name or None, index)


@dataclass(frozen=True)
class Row:
    unit_cost: UnitCost
    stale: bool  # priced more than five years before this year
    indexed: float | None  # in this year's prices (None: the index lacks a year)


def rows(organisation: Organisation, this_year: int) -> list[Row]:
    core = as_core(organisation)
    catalogue = catalogue_of(organisation)
    if catalogue is None:
        return []
    by_code = {u.id: u for u in core.unit_costs}
    return [
        Row(u, is_stale(u.price_year, this_year), indexed_amount(core, by_code[u.code], this_year))
        for u in UnitCost.objects.filter(catalogue=catalogue).order_by("label", "code")
    ]


def history(unit_cost: UnitCost) -> list:
    """Every saved version of the unit cost, newest first, with who changed it."""
    return list(
        unit_cost.history.select_related("history_user").order_by("-history_date", "-history_id")
    )
