"""Writing measurements: the all-or-nothing import of a measurements file.

``import_measurements`` reads the file with :func:`socinv.io.measurements.read_measurements`
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

from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from socinv.applications.models import Indicator
from socinv.audit import attributed_to
from socinv.io.measurements import ImportProblem, read_measurements

from .models import ImportBatch, Measurement

__all__ = ["Problem", "Report", "import_measurements", "may_report", "message"]

# Codes of the problems found here (the reader's codes are in ProblemCode).
UNKNOWN_INDICATOR = "unknown_indicator"
ALREADY_REPORTED = "already_reported"
ALREADY_IMPORTED = "already_imported"
SEVERAL_MUNICIPALITIES = "several_municipalities"

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
    """Who may report measurements for ``project``: its leader (and whoever may change the
    project), the fund's owner and economist. No new rule: the existing permissions
    ``fund.change_project`` on the project or ``fund.record_entry`` on its fund."""
    return bool(
        user
        and user.is_authenticated
        and (
            user.has_perm("fund.change_project", project)
            or user.has_perm("fund.record_entry", project.fund)
        )
    )


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def import_measurements(
    *,
    acting_user,
    project,
    data: bytes,
    filename: str,
    dry_run: bool = False,
    municipality: str | None = None,
) -> Report:
    """Import a measurements file into ``project``: all or nothing.

    ``municipality`` (a Kolada municipality code, e.g. "0180") keeps only that
    municipality's rows when the file carries municipality codes. ``dry_run`` validates
    everything and stores nothing. The caller checks the permission (:func:`may_report`).
    """
    result = read_measurements(data, filename)
    report = Report(
        format=result.format,
        fingerprint=result.fingerprint,
        dry_run=dry_run,
        warnings=[_from_reader(w) for w in result.warnings],
        refused_for_personal_number=result.refused_for_personal_number,
    )
    if not result.ok:
        report.problems = [_from_reader(p) for p in result.problems]
        return report

    earlier = (
        ImportBatch.objects.filter(project=project, fingerprint=result.fingerprint)
        .select_related("imported_by")
        .first()
    )
    if earlier is not None:
        report.problems = [_already_imported(earlier)]
        return report

    rows = list(result.rows)
    if municipality:
        rows = [r for r in rows if r.municipality in (None, municipality)]
    indicators = {_key(i.name): i for i in Indicator.objects.filter(project=project)}
    known = ", ".join(f"”{i.name}”" for i in indicators.values()) or "–"
    problems: list[Problem] = []
    seen: dict[tuple[int, str], list] = {}
    for r in rows:
        ind = indicators.get(_key(r.indicator))
        if ind is None:
            problems.append(
                Problem(
                    UNKNOWN_INDICATOR,
                    r.row,
                    _column(result.format, "indicator"),
                    {"indicator": r.indicator, "known": known},
                    row_label=_row_label(result.format),
                )
            )
            continue
        seen.setdefault((ind.pk, r.period), []).append((ind, r))
    for (_pk, period), group in seen.items():
        if len(group) < 2:
            continue
        towns = sorted({r.municipality for _i, r in group if r.municipality})
        if len(towns) > 1:
            problems.append(
                Problem(
                    SEVERAL_MUNICIPALITIES,
                    group[1][1].row,
                    None,
                    {"municipalities": ", ".join(towns)},
                    row_label=_row_label(result.format),
                )
            )
        else:  # the same indicator written twice, differing only in case or spaces
            problems.append(
                Problem(
                    "duplicate_measurement",
                    group[1][1].row,
                    _column(result.format, "period"),
                    {"indicator": group[0][0].name, "period": period},
                    row_label=_row_label(result.format),
                )
            )
    stored_periods = set(
        Measurement.objects.filter(indicator__project=project).values_list("indicator_id", "period")
    )
    for (pk, period), group in seen.items():
        if (pk, period) in stored_periods:
            ind, r = group[0]
            problems.append(
                Problem(
                    ALREADY_REPORTED,
                    r.row,
                    _column(result.format, "period"),
                    {"indicator": ind.name, "period": period},
                    row_label=_row_label(result.format),
                )
            )
    if problems:
        problems.sort(key=lambda p: p.row or 0)
        report.problems = problems
        return report

    report.rows = len(seen)
    if dry_run:
        return report
    try:
        with transaction.atomic(), attributed_to(acting_user):
            batch = ImportBatch(
                project=project,
                filename=filename[:255],
                fingerprint=result.fingerprint,
                format=result.format,
                imported_by=acting_user,
                rows=len(seen),
            )
            batch.save()
            for (_pk, period), group in seen.items():
                ind, r = group[0]
                Measurement(
                    indicator=ind,
                    period=period,
                    value=r.value,
                    comparison_value=r.comparison_value,
                    individuals=r.individuals,
                    comment=r.comment,
                    reported_by=acting_user,
                    batch=batch,
                ).save()
    except IntegrityError:
        # a concurrent import of the same file or the same periods: nothing was stored
        earlier = ImportBatch.objects.filter(
            project=project, fingerprint=result.fingerprint
        ).first()
        report.problems = [
            _already_imported(earlier)
            if earlier
            else Problem(ALREADY_REPORTED, None, None, {"indicator": "–", "period": "–"})
        ]
        return report
    report.stored = len(seen)
    return report


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
