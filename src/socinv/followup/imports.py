"""The import of a measurements file: all or nothing.

:func:`import_measurements` streams the file through
:class:`socinv.io.measurements.MeasurementReader` (format, dialect, every bad cell, the
personnummer guard), maps each row's indicator to the project's
:class:`~socinv.applications.models.Indicator` (name compared case-insensitively,
trimmed), refuses periods already reported and a file already imported, and stores
everything in one transaction, or nothing.

A refused file is not an exception: the :class:`Report` lists every problem (code, row,
column, params) so that the page, the API (its richer 422) and the command line can show
them all. The sentences come from :mod:`socinv.l10n.measurements`, one per code; they
never quote a personnummer (the reader redacts every quoted text).
"""

from __future__ import annotations

import io
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from django.db import IntegrityError, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from socinv.accounts.access import require
from socinv.applications.models import Indicator
from socinv.audit import attributed_to
from socinv.core.kolada import municipality_code
from socinv.core.problems import refuse_if
from socinv.io.measurements import ImportProblem, MeasurementReader, MeasurementRow
from socinv.l10n.catalogue import gettext_noop, translator
from socinv.l10n.measurements import describe, where
from socinv.web.refusals import file_name

from .models import ImportBatch, Measurement

__all__ = ["PERMISSION", "Problem", "Report", "import_measurements"]

PERMISSION = "followup.report_measurements"

# Codes of the problems found here (the reader's codes are in ProblemCode).
UNKNOWN_INDICATOR = "unknown_indicator"
ALREADY_REPORTED = "already_reported"
ALREADY_IMPORTED = "already_imported"
SEVERAL_MUNICIPALITIES = "several_municipalities"
TOO_MANY_PROBLEMS = "too_many_problems"
FILE_CHANGED = "file_changed"
DUPLICATE_MEASUREMENT = "duplicate_measurement"
COMMENT_TOO_LONG = "comment_too_long"
NOTHING_STORED = "nothing_stored"

# the report's summary lines: the report page's own plural msgids (extracted from
# followup/report.html, where the page words them)
REFUSED = "The file was refused: %(n)s problem. Nothing has been stored."
REFUSED_PLURAL = "The file was refused: %(n)s problems. Nothing has been stored."
DRY_RUN = "Dry run: %(n)s measurement can be stored. Nothing has been stored."
DRY_RUN_PLURAL = "Dry run: %(n)s measurements can be stored. Nothing has been stored."
STORED = "%(n)s measurement stored."
STORED_PLURAL = "%(n)s measurements stored."
WARNINGS = gettext_noop("Warnings")
KOLADA_STORED = gettext_noop(
    "Kolada: baselines set: %(baselines)s; comparison values stored: %(comparisons)s."
)
KOLADA_DRY_RUN = gettext_noop(
    "Dry run: baselines to set: %(baselines)s; comparison values to store: "
    "%(comparisons)s. Nothing has been stored."
)


@dataclass(frozen=True)
class Problem:
    """One reason a file is refused (or a warning), as the report lists it: the reader's
    code (:class:`socinv.io.measurements.ProblemCode`) or one of the project's checks
    above, where it is, and the values its sentence needs (:mod:`socinv.l10n.measurements`
    words it)."""

    code: str
    row: int | None
    column: str | None
    params: dict[str, Any]
    row_label: str = "row"

    def message(self, lang: str | None = "sv") -> str:
        return describe(self.code, self.params, lang)

    def where(self, lang: str | None = "sv") -> str:
        return where(self.row, self.column, self.row_label, lang)

    def line(self, lang: str | None = "sv") -> str:
        """``where: message`` (only the message for the whole file)."""
        at = self.where(lang)
        return f"{at}: {self.message(lang)}" if at else self.message(lang)

    def __str__(self) -> str:
        return self.line()


def _from_reader(p: ImportProblem) -> Problem:
    return Problem(str(p.code), p.row, p.column, dict(p.params), p.row_label)


@dataclass
class Report:
    stored: int = 0
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    format: str = ""
    fingerprint: str = ""
    dry_run: bool = False
    rows: int = 0  # the rows that were (or, in a dry run, would be) stored
    refused_for_personal_number: bool = False
    # a Kolada file (socinv.followup.kolada): baselines set, comparison values stored
    baselines: int = 0
    comparisons: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    def lines(self, lang: str | None = "sv") -> list[str]:
        """The report as the command line prints it, in ``lang``."""
        ngettext = translator(lang).ngettext
        out: list[str] = []
        if self.problems:
            n = len(self.problems)
            out.append(ngettext(REFUSED, REFUSED_PLURAL, n) % {"n": n})
            out += [f"  {p.line(lang)}" for p in self.problems]
        elif self.format == "kolada":
            gettext = translator(lang).gettext
            n = {"baselines": self.baselines, "comparisons": self.comparisons}
            if self.dry_run:
                out.append(gettext(KOLADA_DRY_RUN) % n)
            else:
                out.append(gettext(KOLADA_STORED) % n)
        elif self.dry_run:
            out.append(ngettext(DRY_RUN, DRY_RUN_PLURAL, self.rows) % {"n": self.rows})
        else:
            out.append(ngettext(STORED, STORED_PLURAL, self.stored) % {"n": self.stored})
        if self.warnings:
            out.append(translator(lang).gettext(WARNINGS) + ":")
            out += [f"  {p.line(lang)}" for p in self.warnings]
        return out


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


MAX_PROBLEMS = 1000  # listed in a report; the rest are counted
STORE_BATCH = 1000  # rows per INSERT
COMMENT_LIMIT = Measurement._meta.get_field("comment").max_length


def import_measurements(
    *,
    acting_user,
    project,
    data: bytes | None = None,
    file: BinaryIO | None = None,
    filename: str,
    dry_run: bool = False,
    municipality: str | None = None,
) -> Report:
    """Import a measurements file into ``project``: all or nothing.

    The file is ``file`` (a binary file object: an upload, an open file; read twice,
    so it must be seekable, else it is copied to a temporary file first) or ``data``
    (bytes). Two streaming passes: the first reads and validates everything (the
    reader's checks, then the project's: known indicators, periods not yet reported,
    not the same file again) keeping only the (indicator, period) pairs to be stored
    (about 200 bytes each, one per measurement: 100 000 measurements take some 20 MB);
    the second reads the file again and stores it in batches of ``STORE_BATCH`` rows in
    one transaction, which is rolled back if anything differs. Memory does not grow with
    the size of the file otherwise.

    ``municipality`` (a Kolada municipality code, e.g. "0180") keeps only that
    municipality's rows when the file carries municipality codes. ``dry_run`` validates
    everything and stores nothing. ``acting_user`` needs ``followup.report_measurements``
    on the project (else :class:`~django.core.exceptions.PermissionDenied`).

    A file name that cannot be kept (a personal identity number, more than
    :data:`~socinv.core.limits.MAX_FILE_NAME` characters) raises
    :class:`~socinv.core.problems.Refused` (field ``file``) before the file is read:
    the name is not the file's content, and nothing is stored.
    """
    require(acting_user, PERMISSION, project)
    refuse_if(file_name(filename))
    if file is None:
        file = io.BytesIO(data or b"")
    elif not _seekable(file):
        copy = tempfile.TemporaryFile()
        shutil.copyfileobj(file, copy)
        copy.seek(0)
        file = copy
    start = file.tell()
    if municipality:  # "581" is Norrköping, 0581
        municipality = municipality_code(municipality) or municipality.strip()
    reader = MeasurementReader(file, filename)
    indicators = {_key(i.name): i for i in Indicator.objects.filter(project=project)}
    checker = _ProjectCheck(project, indicators, municipality)
    for batch in reader.batches():
        checker.check(batch, reader.format)
    report = Report(
        format=reader.format,
        fingerprint=reader.fingerprint,
        dry_run=dry_run,
        warnings=[_from_reader(w) for w in reader.warnings],
        refused_for_personal_number=reader.refused_for_personal_number,
    )
    # every problem at once: the file's (the reader's) and the project's together
    problems = [_from_reader(p) for p in reader.problems]
    if reader.ok:
        earlier = (
            ImportBatch.objects.filter(project=project, fingerprint=reader.fingerprint)
            .select_related("imported_by")
            .first()
        )
        if earlier is not None:
            report.problems = [_already_imported(earlier)]
            return report
    if checker.problems and not reader.refused_for_personal_number:
        problems += checker.problems
        problems.sort(key=lambda p: (p.row is not None, p.row or 0))
        if checker.more:
            problems.append(Problem(TOO_MANY_PROBLEMS, None, None, {"more": checker.more}))
    if problems:
        report.problems = problems
        return report

    report.rows = len(checker.pairs)
    if not report.rows:  # nothing to store: no batch, so the corrected file is accepted
        report.problems = [Problem(NOTHING_STORED, None, None, {})]
        return report
    if dry_run:
        return report
    file.seek(start)
    try:
        with transaction.atomic(), attributed_to(acting_user):
            batch = ImportBatch(
                project=project,
                filename=filename,
                fingerprint=reader.fingerprint,
                format=reader.format,
                imported_by=acting_user,
                rows=report.rows,
            )
            batch.save()
            again = MeasurementReader(file, filename)
            stored = 0
            for rows in again.batches():
                objs = [
                    Measurement(
                        indicator=ind,
                        period=r.period,
                        value=r.value,
                        comparison_value=r.comparison_value,
                        individuals=r.individuals,
                        comparison_individuals=r.comparison_individuals,
                        comment=r.comment,
                        reported_by=acting_user,
                        batch=batch,
                    )
                    for r, ind in checker.kept(rows)
                ]
                bulk_create_with_history(
                    objs, Measurement, batch_size=STORE_BATCH, default_user=acting_user
                )
                stored += len(objs)
            if not again.ok or again.fingerprint != reader.fingerprint or stored != report.rows:
                raise _Changed
    except _Changed:
        report.problems = [Problem(FILE_CHANGED, None, None, {})]
        report.rows = 0
        return report
    except IntegrityError:
        # a concurrent import of the same file or the same periods: nothing was stored
        earlier = ImportBatch.objects.filter(
            project=project, fingerprint=reader.fingerprint
        ).first()
        report.problems = [
            _already_imported(earlier)
            if earlier
            else Problem(ALREADY_REPORTED, None, None, {"indicator": "–", "period": "–"})
        ]
        return report
    report.stored = stored
    return report


class _Changed(Exception):
    """The file read in the second pass is not the one validated in the first."""


def _seekable(file) -> bool:
    try:
        return bool(file.seekable())
    except (AttributeError, ValueError):
        return False


class _ProjectCheck:
    """The project's checks on the reader's rows, streaming: each row's indicator must
    be one of the project's (names compared case-insensitively, trimmed), each
    (indicator, period) once (several municipalities for one are refused), and not
    reported before. Keeps one small entry per (indicator, period) to be stored."""

    def __init__(self, project, indicators: dict[str, Indicator], municipality: str | None):
        self.indicators = indicators
        self.municipality = municipality
        self.names: dict[str, Indicator | None] = {}
        self.known = ", ".join(f"”{i.name}”" for i in indicators.values()) or "–"
        self.pairs: dict[tuple[int, str], str | None] = {}  # -> the row's municipality
        self.reported: set[tuple[int, str]] = set()
        self.stored = set(
            Measurement.objects.filter(indicator__project=project).values_list(
                "indicator_id", "period"
            )
        )
        self.problems: list[Problem] = []
        self.more = 0

    def _indicator(self, name: str) -> Indicator | None:
        try:
            return self.names[name]
        except KeyError:
            ind = self.names[name] = self.indicators.get(_key(name))
            return ind

    def _problem(self, code: str, row: MeasurementRow, column, params, label: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(code, row.row, column, params, row_label=label))
        else:
            self.more += 1

    def kept(self, rows) -> Iterator[tuple[MeasurementRow, Indicator]]:
        """The rows to store, with their indicator (after :meth:`check` found none bad)."""
        town = self.municipality
        for r in rows:
            if town and r.municipality not in (None, town):
                continue
            yield r, self._indicator(r.indicator)

    def check(self, rows, fmt: str) -> None:
        town = self.municipality
        label = _row_label(fmt)
        pairs, stored = self.pairs, self.stored
        for r in rows:
            if town and r.municipality not in (None, town):
                continue
            if len(r.comment) > COMMENT_LIMIT:  # stored by bulk_create: no pre-save guard
                limit = {"limit": COMMENT_LIMIT, "length": len(r.comment)}
                self._problem(COMMENT_TOO_LONG, r, _column(fmt, "comment"), limit, label)
            ind = self._indicator(r.indicator)
            if ind is None:
                self._problem(
                    UNKNOWN_INDICATOR,
                    r,
                    _column(fmt, "indicator"),
                    {"indicator": r.indicator, "known": self.known},
                    label,
                )
                continue
            key = (ind.pk, r.period)
            if key not in pairs:
                pairs[key] = r.municipality
                if key in stored:
                    self._problem(
                        ALREADY_REPORTED,
                        r,
                        _column(fmt, "period"),
                        {"indicator": ind.name, "period": r.period},
                        label,
                    )
                continue
            if key in self.reported:
                continue
            self.reported.add(key)
            first = pairs[key]
            if first and r.municipality and first != r.municipality:
                towns = ", ".join(sorted({first, r.municipality}))
                self._problem(SEVERAL_MUNICIPALITIES, r, None, {"municipalities": towns}, label)
            else:  # the same indicator written twice, differing only in case or spaces
                self._problem(
                    DUPLICATE_MEASUREMENT,
                    r,
                    _column(fmt, "period"),
                    {"indicator": ind.name, "period": r.period},
                    label,
                )


def _already_imported(batch: ImportBatch) -> Problem:
    when = timezone.localtime(batch.imported_at).strftime("%Y-%m-%d %H:%M")
    user = batch.imported_by.get_username() if batch.imported_by else "system"
    return Problem(ALREADY_IMPORTED, None, None, {"date": when, "user": user})


def _row_label(fmt: str) -> str:
    return "entry" if fmt == "json" else "row"


def _column(fmt: str, name: str) -> str | None:
    if fmt == "json":
        return {"indicator": "kpi", "period": "period"}.get(name)
    return name
