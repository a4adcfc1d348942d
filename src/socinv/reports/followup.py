"""The follow-up report (uppföljningsrapport) of a project: a header and the sections of
every part of the follow-up, in the order their apps declare.

Each follow-up app declares ``report_sections = [(order, key, "socinv.<app>.report.section")]``
on its AppConfig (:mod:`socinv.web.hooks`); ``section(project) -> Section`` returns plain
data (:mod:`socinv.io.sections`). Here they are gathered, called inside
``translation.override(lang)`` in their order and rendered as a page, a PDF, an Excel
workbook and JSON.

Language: the page follows the reader's language; the PDF and the workbook are Swedish
unless ``?lang=en`` is asked for (they are documents that are filed and passed on, like
the decision memo); the API answers in Swedish unless ``?lang=en``.

A section that raises is a bug. With ``SOCINV_STRICT_HOOKS`` (under DEBUG, and in the
tests) it fails the report (the error is raised again, so that a regression can never pass
as a note); in production the report stands, with that section's title (its app's name) and a plain note in its place,
and the error is logged. A declared path that does not import, or a section that returns
something else than a :class:`Section`, always fails.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from socinv.fund import selectors as fund_selectors
from socinv.io.sections import (
    Cell,
    Money,
    Number,
    Percent,
    Section,
    Year,
    cell_json,
    section_json,
)
from socinv.l10n import format_number, format_percent
from socinv.projects.models import Project
from socinv.review.selectors import granting_decision
from socinv.web import hooks
from socinv.web.charts import svg_data_uri
from socinv.web.i18n import ore_to_text

log = logging.getLogger(__name__)

LANGUAGES = ("sv", "en")


@dataclass(frozen=True)
class Part:
    """One declared section of the report."""

    order: int
    key: str
    path: str  # dotted path of ``section(project) -> Section``
    app_label: str


def parts() -> list[Part]:
    """Every declared report section, in the report's order (by order, then key)."""
    declared = [
        Part(order, key, path, label)
        for label, (order, key, path) in hooks.declared("report_sections")
    ]
    return sorted(declared, key=lambda part: (part.order, part.key))


def language(value: str | None, default: str = "sv") -> str:
    """``sv`` or ``en`` from a query parameter or a language code (``en-gb`` → ``en``)."""
    value = (value or "").strip().lower()
    if value.startswith("en"):
        return "en"
    if value.startswith("sv"):
        return "sv"
    return default


def raises_section_errors() -> bool:
    """Whether a section that raises fails the whole report: ``SOCINV_STRICT_HOOKS``
    (by default DEBUG; the tests turn it on)."""
    return settings.SOCINV_STRICT_HOOKS


def _one(part: Part, project) -> Section:
    make = hooks.resolved(part.path)
    try:
        with transaction.atomic():  # a savepoint: a failing part must not spoil the request
            result = make(project)
    except Exception:
        if raises_section_errors():
            raise
        log.exception("The follow-up report's section %s could not be made", part.key)
        return Section(
            key=part.key,
            title=str(apps.get_app_config(part.app_label).verbose_name),
            paragraphs=[_("This part of the report could not be made. The error has been logged.")],
        )
    if not isinstance(result, Section):
        raise TypeError(f"{part.path} returned {type(result).__name__}, not a Section")
    return result


def sections(project: Project, lang: str = "sv") -> list[Section]:
    """Every part's section in the report's order, translated into ``lang``."""
    with translation.override(lang):
        return [_one(part, project) for part in parts()]


# --- the header ---------------------------------------------------------------------------


@dataclass
class Header:
    organisation: str
    fund: str
    project: str
    phase: str
    boards: str
    decision: str  # "Kommunstyrelsen 2025-04-12, dnr KS 2025/0533", or ""
    dnr: str
    date: datetime.date
    facts: list[tuple[str, Cell]] = field(default_factory=list)


def _decision(project) -> tuple[str, str]:
    """(description, dnr) of the decision that granted the project: the decision record
    (:func:`~socinv.review.selectors.granting_decision`), never a copy of its dnr (the
    ledger's commitments carry one, as the book they are); ``("", "")`` without one."""
    d = granting_decision(project)
    if d is None:
        return "", ""
    return f"{d.body_text} {d.date.isoformat()}, {_('dnr')} {d.dnr}", d.dnr


def header(project: Project, lang: str = "sv") -> Header:
    with translation.override(lang):
        fund = project.fund
        totals = fund_selectors.project_totals(project)
        decision, dnr = _decision(project)
        boards = ", ".join(b.name for b in project.responsible_boards.order_by("name")) or "–"
        h = Header(
            organisation=fund.organisation.name,
            fund=fund.name,
            project=project.title,
            phase=str(project.get_phase_display()),
            boards=boards,
            decision=decision,
            dnr=dnr,
            date=timezone.localdate(),
        )
        h.facts = [
            (_("Organisation"), h.organisation),
            (_("Fund"), h.fund),
            (_("Project"), h.project),
            (_("Phase"), h.phase),
            (_("Responsible boards"), h.boards),
            (_("Decision"), h.decision or _("No decision recorded")),
            (_("Committed"), Money(totals.committed)),
            (_("Disbursed"), Money(totals.disbursements)),
            (_("Repaid"), Money(totals.repayments)),
            (_("Written down"), Money(totals.write_downs)),
            (_("Receivable"), Money(totals.receivable)),
            (_("Date of the report"), h.date),
        ]
        return h


def report_json(project: Project, lang: str = "sv") -> dict:
    """The whole report as JSON (the API): the header and every section."""
    h = header(project, lang)
    return {
        "project_id": project.pk,
        "language": lang,
        "date": h.date.isoformat(),
        "header": [{"label": label, "value": cell_json(v)} for label, v in h.facts],
        "dnr": h.dnr,
        "sections": [section_json(s) for s in sections(project, lang)],
    }


# --- formatting for the page and the PDF --------------------------------------------------


def cell_text(cell: Cell, lang: str = "sv") -> str:
    """A cell as text: ``1 234 567 kr``, ``78,5 %``, ``0,12``, ``2026-03-31``, ``–``."""
    if cell is None or cell == "":
        return "–" if cell is None else ""
    if isinstance(cell, Money):
        return ore_to_text(cell.ore, lang)
    if isinstance(cell, Number):
        text = format_number(cell.value, cell.decimals, lang)
        return f"{text} {cell.unit}" if cell.unit else text
    if isinstance(cell, Percent):
        return format_percent(cell.value, cell.decimals, lang)
    if isinstance(cell, Year):
        return str(cell.value)
    if isinstance(cell, bool):
        return _("Yes") if cell else _("No")
    if isinstance(cell, int):
        return format_number(cell, 0, lang)
    if isinstance(cell, float):
        return format_number(cell, 2, lang)
    if isinstance(cell, datetime.date):
        return cell.isoformat()
    return str(cell)


def _is_num(cell: Cell) -> bool:
    return isinstance(cell, Money | Number | Percent | Year | int | float) and not isinstance(
        cell, bool
    )


def display(section: Section, lang: str = "sv") -> dict:
    """A section with every cell formatted, for the templates."""
    return {
        "key": section.key,
        "title": section.title,
        "paragraphs": section.paragraphs,
        "facts": [(label, cell_text(v, lang)) for label, v in section.facts],
        "tables": [
            {
                "caption": t.caption,
                "columns": t.columns,
                "rows": [[(cell_text(c, lang), _is_num(c)) for c in row] for row in t.rows],
                "empty_text": t.empty_text,
                "wide": len(t.columns) > 7,
            }
            for t in section.tables
        ],
        "charts": [
            {
                "title": c.title,
                "src": svg_data_uri(c.svg),
            }
            for c in section.charts
        ],
        "empty": not (section.paragraphs or section.facts or section.tables or section.charts),
    }


def context(project: Project, lang: str) -> dict:
    """Everything the page and the PDF show, formatted in ``lang``."""
    h = header(project, lang)
    made = sections(project, lang)
    with translation.override(lang):
        return {
            "project": project,
            "lang": lang,
            "header": h,
            "header_facts": [(label, cell_text(v, lang)) for label, v in h.facts],
            "sections": [display(s, lang) for s in made],
        }
