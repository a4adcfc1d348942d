"""Writing measurements: the all-or-nothing import of a measurements file.

``import_measurements`` streams the file through :class:`socinv.io.measurements.MeasurementReader`
(format, dialect, every bad cell, the personnummer guard), maps each row's indicator to the
project's :class:`~socinv.applications.models.Indicator` (name compared case-insensitively,
trimmed), refuses periods already reported and a file already imported, and stores
everything in one transaction, or nothing.

Permission: the caller checks it (views and the management command), see
:func:`may_report`. The report's messages come from the table below (Swedish and
English), built from each problem's ``code`` and ``params``; they never quote a
personnummer (the reader redacts every quoted text).
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

from socinv.applications.models import Indicator
from socinv.audit import attribute, attributed_to
from socinv.core.personnummer import contains_personal_number
from socinv.io.measurements import ImportProblem, MeasurementReader, MeasurementRow

from .models import ImportBatch, Measurement

__all__ = [
    "AlreadyReported",
    "Problem",
    "Report",
    "import_measurements",
    "may_report",
    "message",
    "report_measurement",
]

# Codes of the problems found here (the reader's codes are in ProblemCode).
UNKNOWN_INDICATOR = "unknown_indicator"
ALREADY_REPORTED = "already_reported"
ALREADY_IMPORTED = "already_imported"
SEVERAL_MUNICIPALITIES = "several_municipalities"
TOO_MANY_PROBLEMS = "too_many_problems"
FILE_CHANGED = "file_changed"

# code -> (Swedish, English); {placeholders} are filled from the problem's params.
MESSAGES: dict[str, tuple[str, str]] = {
    "empty_file": ("Filen är tom.", "The file is empty."),
    "no_data_rows": (
        "Filen har en rubrikrad men inga rader med data.",
        "The file has a header but no data rows.",
    ),
    "encoding": (
        "Filens teckenkodning kan inte läsas: spara den som UTF-8 eller Windows-1252.",
        "The file's character encoding cannot be read: save it as UTF-8 or Windows-1252.",
    ),
    "unsupported_format": (
        "Filformatet stöds inte: använd CSV, xlsx eller JSON från Kolada.",
        "The file format is not supported: use CSV, xlsx or JSON from Kolada.",
    ),
    "unreadable_file": (
        "Filen kan inte läsas (trasig eller avkortad xlsx-fil?).",
        "The file cannot be read (a corrupt or truncated xlsx file?).",
    ),
    "malformed_csv": ("CSV-filen kan inte läsas.", "The CSV file cannot be read."),
    "invalid_json": ("Filen är inte giltig JSON.", "The file is not valid JSON."),
    "invalid_structure": (
        "JSON-filen har inte Koladas format.",
        "The JSON file is not in Kolada's format.",
    ),
    "missing_column": ("Den obligatoriska kolumnen saknas.", "The required column is missing."),
    "unknown_column": ("Okänd kolumn.", "Unknown column."),
    "duplicate_column": ("Kolumnen finns två gånger.", "The column appears twice."),
    "unnamed_column": (
        "Det finns ett värde i en kolumn utan rubrik.",
        "There is a value in a column without a header.",
    ),
    "missing_value": ("Värdet saknas.", "The value is missing."),
    "not_a_number": ("”{text}” är inte ett tal.", "“{text}” is not a number."),
    "not_a_whole_number": (
        "Antalet individer måste vara ett heltal, inte ”{text}”.",
        "The number of individuals must be a whole number, not “{text}”.",
    ),
    "negative_individuals": (
        "Antalet individer får inte vara negativt (”{text}”).",
        "The number of individuals must not be negative (“{text}”).",
    ),
    "invalid_period": (
        "”{text}” är ingen period: skriv ett år (2026), ett kvartal (2026-Q1), "
        "en månad (2026-03) eller ett datum (2026-03-31).",
        "“{text}” is not a period: write a year (2026), a quarter (2026-Q1), "
        "a month (2026-03) or a date (2026-03-31).",
    ),
    "no_total_value": (
        "Kolada-posten saknar värde för totalt (kön T).",
        "The Kolada entry has no total value (gender T).",
    ),
    "duplicate_measurement": (
        "Indikatorn ”{indicator}” har perioden {period} två gånger i filen.",
        "The indicator “{indicator}” has the period {period} twice in the file.",
    ),
    "personal_number": (
        "Innehåller ett personnummer eller samordningsnummer. Hela filen avvisas och "
        "ingenting sparas: systemet får bara innehålla sammanställda uppgifter. Ta bort "
        "uppgiften och importera filen igen.",
        "Contains a Swedish personal identity number (personnummer or samordningsnummer). "
        "The whole file is refused and nothing is stored: the system holds aggregated "
        "data only. Remove it and import the file again.",
    ),
    "value_missing_skipped": (
        "Kolada saknar värde för ”{indicator}”, {period}: posten hoppas över.",
        "Kolada has no value for “{indicator}”, {period}: the entry is skipped.",
    ),
    UNKNOWN_INDICATOR: (
        "Projektet har ingen indikator som heter ”{indicator}”. Projektets indikatorer: {known}.",
        "The project has no indicator called “{indicator}”. The project's indicators: {known}.",
    ),
    ALREADY_REPORTED: (
        "”{indicator}” har redan ett mätvärde för perioden {period}.",
        "“{indicator}” already has a measurement for the period {period} (already reported).",
    ),
    ALREADY_IMPORTED: (
        "Den här filen har redan importerats {date} av {user}. Ingenting har sparats.",
        "This file has already been imported on {date} by {user}. Nothing has been stored.",
    ),
    TOO_MANY_PROBLEMS: (
        "… och ytterligare {more} problem.",
        "… and {more} more problems.",
    ),
    FILE_CHANGED: (
        "Filen ändrades medan den importerades. Ingenting har sparats: försök igen.",
        "The file changed while it was being imported. Nothing has been stored: try again.",
    ),
    SEVERAL_MUNICIPALITIES: (
        "Filen har värden för flera kommuner ({municipalities}) för samma indikator och "
        "period: välj en kommun.",
        "The file has values for several municipalities ({municipalities}) for the same "
        "indicator and period: choose one municipality.",
    ),
}


@dataclass(frozen=True)
class Problem:
    code: str
    row: int | None
    column: str | None
    params: dict[str, Any]
    english: str = ""  # the reader's own message, the fallback
    row_label: str = "row"

    def message(self, lang: str = "sv") -> str:
        return message(self.code, self.params, lang, self.english)

    def where(self, lang: str = "sv") -> str:
        sv = lang != "en"
        parts = []
        if self.row is not None:
            label = (
                ("post" if sv else "entry")
                if self.row_label == "entry"
                else ("rad" if sv else "row")
            )
            parts.append(f"{label} {self.row}")
        if self.column is not None:
            parts.append(f"{'kolumn' if sv else 'column'} ”{self.column}”")
        return ", ".join(parts)

    def __str__(self) -> str:
        where = self.where()
        return f"{where}: {self.message()}" if where else self.message()


def message(code: str, params: dict[str, Any], lang: str = "sv", fallback: str = "") -> str:
    pair = MESSAGES.get(code)
    if pair is None:
        return fallback or code
    template = pair[1] if lang == "en" else pair[0]
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return fallback or template


def _from_reader(p: ImportProblem) -> Problem:
    return Problem(str(p.code), p.row, p.column, dict(p.params), p.message, p.row_label)


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

    @property
    def ok(self) -> bool:
        return not self.problems

    def lines(self, lang: str = "sv") -> list[str]:
        sv = lang != "en"
        out: list[str] = []
        if self.problems:
            out.append(
                f"Filen avvisades: {len(self.problems)} problem. Ingenting har sparats."
                if sv
                else f"The file was refused: {len(self.problems)} problem(s). Nothing has "
                "been stored."
            )
            out += [
                f"  {p.where(lang) + ': ' if p.where(lang) else ''}{p.message(lang)}"
                for p in self.problems
            ]
        elif self.dry_run:
            out.append(
                f"Provkörning: {self.rows} mätvärden kan sparas. Ingenting har sparats."
                if sv
                else f"Dry run: {self.rows} measurement(s) can be stored. Nothing has been stored."
            )
        else:
            out.append(
                f"{self.stored} mätvärden sparade."
                if sv
                else f"{self.stored} measurement(s) stored."
            )
        if self.warnings:
            out.append("Varningar:" if sv else "Warnings:")
            out += [
                f"  {p.where(lang) + ': ' if p.where(lang) else ''}{p.message(lang)}"
                for p in self.warnings
            ]
        return out


def may_report(user, project) -> bool:
    """Who may report measurements for ``project``: the rule
    ``followup.report_measurements`` (the fund's owner and economist, the project's own
    leader)."""
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and user.has_perm("followup.report_measurements", project)
    )


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


MAX_PROBLEMS = 1000  # listed in a report; the rest are counted
STORE_BATCH = 1000  # rows per INSERT


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
    everything and stores nothing. The caller checks the permission (:func:`may_report`).
    """
    if file is None:
        file = io.BytesIO(data or b"")
    elif not _seekable(file):
        copy = tempfile.TemporaryFile()
        shutil.copyfileobj(file, copy)
        copy.seek(0)
        file = copy
    start = file.tell()
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
    if not reader.ok:
        report.problems = [_from_reader(p) for p in reader.problems]
        return report

    earlier = (
        ImportBatch.objects.filter(project=project, fingerprint=reader.fingerprint)
        .select_related("imported_by")
        .first()
    )
    if earlier is not None:
        report.problems = [_already_imported(earlier)]
        return report
    if checker.problems:
        problems = sorted(checker.problems, key=lambda p: p.row or 0)
        if checker.more:
            problems.append(Problem(TOO_MANY_PROBLEMS, None, None, {"more": checker.more}))
        report.problems = problems
        return report

    report.rows = len(checker.pairs)
    if dry_run:
        return report
    file.seek(start)
    try:
        with transaction.atomic(), attributed_to(acting_user):
            batch = ImportBatch(
                project=project,
                filename=filename[:255],
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

    def _problem(self, problem: Problem) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(problem)
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
            ind = self._indicator(r.indicator)
            if ind is None:
                self._problem(
                    Problem(
                        UNKNOWN_INDICATOR,
                        r.row,
                        _column(fmt, "indicator"),
                        {"indicator": r.indicator, "known": self.known},
                        row_label=label,
                    )
                )
                continue
            key = (ind.pk, r.period)
            if key not in pairs:
                pairs[key] = r.municipality
                if key in stored:
                    self._problem(
                        Problem(
                            ALREADY_REPORTED,
                            r.row,
                            _column(fmt, "period"),
                            {"indicator": ind.name, "period": r.period},
                            row_label=label,
                        )
                    )
                continue
            if key in self.reported:
                continue
            self.reported.add(key)
            first = pairs[key]
            if first and r.municipality and first != r.municipality:
                towns = ", ".join(sorted({first, r.municipality}))
                self._problem(
                    Problem(
                        SEVERAL_MUNICIPALITIES,
                        r.row,
                        None,
                        {"municipalities": towns},
                        row_label=label,
                    )
                )
            else:  # the same indicator written twice, differing only in case or spaces
                self._problem(
                    Problem(
                        "duplicate_measurement",
                        r.row,
                        _column(fmt, "period"),
                        {"indicator": ind.name, "period": r.period},
                        row_label=label,
                    )
                )


class AlreadyReported(Exception):
    """The indicator already has a measurement for the period."""


def report_measurement(
    *,
    acting_user,
    indicator: Indicator,
    period: str,
    value: float,
    comparison_value: float | None = None,
    individuals: int | None = None,
    comparison_individuals: int | None = None,
    comment: str = "",
) -> Measurement:
    """Store one measurement reported by hand (the caller checks
    ``followup.report_measurements`` on the indicator's project). ``period`` is
    normalised. A period already reported raises :class:`AlreadyReported` (a reported
    measurement is not overwritten: its history stays as it was imported or reported);
    a personal identity number in the comment raises ``ValueError``: nothing is stored.
    """
    if contains_personal_number(comment):
        raise ValueError("the comment holds a personal identity number")
    try:
        with transaction.atomic():
            m = Measurement(
                indicator=indicator,
                period=period,
                value=value,
                comparison_value=comparison_value,
                individuals=individuals,
                comparison_individuals=comparison_individuals,
                comment=comment,
                reported_by=acting_user,
            )
            attribute(m, acting_user)
            m.save()
    except IntegrityError:
        raise AlreadyReported(period) from None
    return m


class NothingToCorrect(Exception):
    """The indicator has no measurement for the period."""


def correct_measurement(
    *,
    acting_user,
    indicator: Indicator,
    period: str,
    value: float,
    reason: str,
    comparison_value: float | None = None,
    individuals: int | None = None,
    comparison_individuals: int | None = None,
    comment: str = "",
) -> Measurement:
    """Correct the measurement of ``indicator`` for ``period`` (the caller checks
    ``followup.report_measurements``). Nothing is deleted: the earlier values stay in the
    measurement's history, and the new history row names ``acting_user`` and carries
    ``reason``. The corrected measurement counts as reported by ``acting_user``. A
    personal identity number in the comment or the reason raises ``ValueError``."""
    if not reason.strip():
        raise ValueError("a correction needs a reason")
    if contains_personal_number(comment) or contains_personal_number(reason):
        raise ValueError("the comment or the reason holds a personal identity number")
    with transaction.atomic():
        m = (
            Measurement.objects.select_for_update()
            .filter(indicator=indicator, period=period)
            .first()
        )
        if m is None:
            raise NothingToCorrect(period)
        m.value = value
        m.comparison_value = comparison_value
        m.individuals = individuals
        m.comparison_individuals = comparison_individuals
        m.comment = comment
        m.reported_by = acting_user
        m._change_reason = reason.strip()[:100]
        attribute(m, acting_user)
        m.save()
    return m


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
