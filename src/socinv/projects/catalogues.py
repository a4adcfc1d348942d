"""The organisation's unit-cost catalogue and the fund's haircut table as plain data, for
the services that store a calculation and the pages that mark one.

Both live in the catalogue app, a layer above projects, which declares them on its
AppConfig (:mod:`socinv.web.hooks`): ``calculation_catalogue = ["dotted.path"]``, a
function ``(organisation) -> socinv.core.calc.catalogue.Catalogue``, and
``calculation_haircuts = ["dotted.path"]``, ``(fund) -> {grade: haircut}``. Without them
(no catalogue app installed) a calculation has no catalogue and the spec's default
haircuts apply."""

from __future__ import annotations

from socinv.core.calc.catalogue import Catalogue
from socinv.web.hooks import declared, resolved


def _first(name: str):
    for _app, path in declared(name):
        return resolved(path)
    return None


def current(organisation) -> Catalogue | None:
    """The organisation's catalogue as it is now (None without a catalogue app)."""
    read = _first("calculation_catalogue")
    return read(organisation) if read is not None else None


def haircuts(fund) -> dict[int, float] | None:
    """The fund's haircut per evidence grade (None without a catalogue app)."""
    read = _first("calculation_haircuts")
    return read(fund) if read is not None else None
