"""The follow-up report (uppföljningsrapport) of a project: a header and the sections of
every part of the follow-up, in order: measurements, phases, learning evaluation,
savings and repayment, ex-ante against ex-post, multiplier effects.

Each part provides ``section(project) -> Section`` (plain data, :mod:`socinv.io.sections`)
in its app's ``report.py``; here they are called inside ``translation.override(lang)``
and rendered as a page, a PDF, an Excel workbook and JSON.

Language: the page follows the reader's language; the PDF and the workbook are Swedish
unless ``?lang=en`` is asked for (they are documents that are filed and passed on, like
the decision memo); the API answers in Swedish unless ``?lang=en``.

A part whose section cannot be made (a bug, a table not yet migrated) does not take the
report down: its section is shown with its title and a plain note, and the error is
logged.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field
from importlib import import_module

from django.db import DatabaseError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from socinv.fund import selectors as fund_selectors
from socinv.fund.models import LedgerEntry
from socinv.io.sections import Cell, Money, Number, Percent, Section, cell_json, section_json
from socinv.l10n import format_number, format_percent
from socinv.projects.models import Project
from socinv.web.i18n import ore_to_text

log = logging.getLogger(__name__)

LANGUAGES = ("sv", "en")

# key, module with section(project), the title used when that part fails
PARTS = [
    ("measurements", "socinv.followup.report"),
    ("phases", "socinv.phases.report"),
    ("evaluation", "socinv.evaluation.report"),
    ("savings", "socinv.savings.report"),
    ("expost", "socinv.calculation.report"),
    ("multiplier", "socinv.scaleup.report"),
]


def language(value: str | None, default: str = "sv") -> str:
    """``sv`` or ``en`` from a query parameter or a language code (``en-gb`` → ``en``)."""
    value = (value or "").strip().lower()
    if value.startswith("en"):
        return "en"
    if value.startswith("sv"):
        return "sv"
    return default


def _fallback_titles() -> dict[str, str]:
    return {
        "measurements": _("Indicators and measurements"),
        "phases": _("Phases and gates"),
        "evaluation": _("Learning evaluation"),
        "savings": _("Realised savings and repayment"),
        "expost": _("Ex-ante and ex-post calculation"),
        "multiplier": _("Multiplier effects"),
    }


def _one(key: str, module: str, project) -> Section:
    try:
        with transaction.atomic():  # a savepoint: a failing part must not spoil the request
            result = import_module(module).section(project)
        if not isinstance(result, Section):
            raise TypeError(f"{module}.section returned {type(result).__name__}")
        return result
    except Exception:  # noqa: BLE001 - one part never takes the report down
        log.exception("The follow-up report's section %s could not be made", key)
        return Section(
            key=key,
            title=_fallback_titles()[key],
            paragraphs=[_("This part of the report could not be made. The error has been logged.")],
        )


def sections(project: Project, lang: str = "sv") -> list[Section]:
    """Every part's section in the report's order, translated into ``lang``."""
    with translation.override(lang):
        return [_one(key, module, project) for key, module in PARTS]


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
    """(description, dnr) of the decision that granted the project: the latest approved
    decision recorded in the review, else the first commitment in the ledger that names
    a decision."""
    try:
        from socinv.review.models import Decision

        with transaction.atomic():
            d = (
                Decision.objects.filter(project=project, outcome=Decision.Outcome.APPROVED)
                .order_by("-date", "-pk")
                .first()
            )
        if d is not None:
            return f"{d.get_body_display()} {d.date.isoformat()}, {_('dnr')} {d.dnr}", d.dnr
    except (ImportError, DatabaseError):
        pass
    entry = (
        LedgerEntry.objects.filter(project=project, type="commitment")
        .exclude(decision_dnr="")
        .order_by("date", "pk")
        .first()
    )
    if entry is None:
        return "", ""
    when = entry.decision_date.isoformat() if entry.decision_date else ""
    body = " ".join(x for x in (entry.decision_body, when) if x)
    return f"{body}, {_('dnr')} {entry.decision_dnr}", entry.decision_dnr


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
    return isinstance(cell, Money | Number | Percent | int | float) and not isinstance(cell, bool)


def display(section: Section, lang: str = "sv") -> dict:
    """A section with every cell formatted, for the templates."""
    import base64

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
                "src": "data:image/svg+xml;base64,"
                + base64.b64encode(c.svg.encode("utf-8")).decode("ascii"),
            }
            for c in section.charts
        ],
        "empty": not (section.paragraphs or section.facts or section.tables or section.charts),
    }


def context(project: Project, lang: str) -> dict:
    """Everything the page and the PDF show, formatted in ``lang``."""
    h = header(project, lang)
    parts = sections(project, lang)
    with translation.override(lang):
        return {
            "project": project,
            "lang": lang,
            "header": h,
            "header_facts": [(label, cell_text(v, lang)) for label, v in h.facts],
            "sections": [display(s, lang) for s in parts],
        }
