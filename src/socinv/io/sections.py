"""The follow-up report's building blocks: plain data, no Django.

Each part of the follow-up (measurements, phases, learning evaluation, savings and
repayment, the ex-post calculation, multiplier effects) describes its part of a project's
follow-up report as one :class:`Section`; the report is rendered from the sections as a
page, a PDF, an Excel workbook (one sheet per section) and JSON for the API. Cells keep
their kind (money in öre, a number with its decimals, a share, a date) so that each
renderer formats them its own way: ``1 234 567 kr`` on the page, a number with a
``#,##0 "kr"`` format in Excel, integer öre in JSON.

Strings (titles, column headings, paragraphs) are already translated by the producer:
the renderer calls the producers inside ``translation.override(language)``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Money:
    """An amount in öre (shown in whole kronor)."""

    ore: int


@dataclass(frozen=True, slots=True)
class Number:
    value: float
    decimals: int = 1
    unit: str = ""


@dataclass(frozen=True, slots=True)
class Percent:
    """A share: 0.25 is shown as 25 %."""

    value: float
    decimals: int = 0


@dataclass(frozen=True, slots=True)
class Year:
    """A calendar year: shown as 2026, never grouped like a number (2 026)."""

    value: int


Cell = str | int | Money | Number | Percent | Year | datetime.date | None


@dataclass
class Table:
    caption: str
    columns: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    empty_text: str = ""  # shown instead of an empty table


@dataclass
class Chart:
    """An accessible SVG chart (with a <title>); its data should also be in a table."""

    title: str
    svg: str


@dataclass
class Section:
    key: str  # stable, for anchors, sheet order and the API: "measurements", "savings", …
    title: str
    paragraphs: list[str] = field(default_factory=list)
    facts: list[tuple[str, Cell]] = field(default_factory=list)  # a definition list
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)


def cell_json(cell: Cell) -> Any:
    """A cell as JSON: money as ``{"ore": n}``, numbers as numbers, dates as ISO text."""
    if isinstance(cell, Money):
        return {"ore": cell.ore}
    if isinstance(cell, Number):
        return {"value": cell.value, "unit": cell.unit} if cell.unit else cell.value
    if isinstance(cell, Percent):
        return {"share": cell.value}
    if isinstance(cell, Year):
        return cell.value
    if isinstance(cell, datetime.date):
        return cell.isoformat()
    return cell


def section_json(section: Section) -> dict[str, Any]:
    return {
        "key": section.key,
        "title": section.title,
        "paragraphs": list(section.paragraphs),
        "facts": [{"label": label, "value": cell_json(v)} for label, v in section.facts],
        "tables": [
            {
                "caption": t.caption,
                "columns": list(t.columns),
                "rows": [[cell_json(c) for c in row] for row in t.rows],
            }
            for t in section.tables
        ],
        "charts": [c.title for c in section.charts],
    }
