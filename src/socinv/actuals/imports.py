"""The import of actual costs (utfall) from a SIE 4 file of the general ledger: all or nothing.

The file is read by :func:`socinv.io.sie.read` (encoding fallbacks, balanced vouchers, the
personnummer guard, the checksum). Its ``#TRANS`` rows whose dimension-6 (projekt) object is
the code of one of the fund's projects are summed per project, account and month (the row's
date, else its voucher's) and stored in one transaction, or nothing is:

- a problem of the reader (an unbalanced voucher, named by its series and number; a file
  that is no SIE file; a personnummer) refuses the file;
- the same file again (its SHA-256) is refused, and so is a month of a project's account
  that an earlier file already brought (it would be counted twice);
- rows with other dimension-6 codes are listed (a warning: the general ledger holds every
  project of the municipality); when no row carries a project code of the fund, the file
  is refused, so that a wrong file is never recorded as imported;
- only result accounts (classes 3 to 8) are actual costs: rows on balance-sheet accounts
  are counted in a warning.

A refused file is not an exception: the :class:`Report` lists every problem.
"""

from __future__ import annotations

import datetime
import hashlib
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from socinv.accounts.access import require
from socinv.audit import attributed_to
from socinv.core.limits import MAX_ENTRY_ORE, MAX_FILE_NAME
from socinv.core.personnummer import contains_personal_number
from socinv.fund.models import Fund
from socinv.io import sie
from socinv.l10n.catalogue import translator
from socinv.l10n.sie import line

from .models import ActualCost, SieImport

PERMISSION = "actuals.import_actuals"
DIM_PROJECT = "6"
RESULT_CLASSES = "345678"
MAX_LISTED = 30  # codes or months named in one problem, then "… and N more"

REFUSED = "The file was refused: %(n)s problem. Nothing has been stored."
REFUSED_PLURAL = "The file was refused: %(n)s problems. Nothing has been stored."
# (no plural forms: the catalogue's merge does not fill a plural entry from the fragments)
DRY_RUN = "Dry run: sums of actual costs that can be stored: %(n)s. Nothing has been stored."
STORED = "Sums of actual costs stored: %(n)s."
WARNINGS = "Warnings"


@dataclass(frozen=True)
class Problem:
    code: str
    line: int | None = None
    params: dict[str, Any] = field(default_factory=dict)

    def text(self, lang: str | None = "sv") -> str:
        return line(self.code, self.params, self.line, lang)


Key = tuple[int, str, datetime.date]  # project id, account, month


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    encoding: str = ""
    fingerprint: str = ""
    dry_run: bool = False
    sums: dict[Key, int] = field(default_factory=dict)
    stored: int = 0
    per_project: dict[str, int] = field(default_factory=dict)  # project code -> öre

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def rows(self) -> int:
        return len(self.sums)

    def lines(self, lang: str | None = "sv") -> list[str]:
        t = translator(lang)
        out: list[str] = []
        if self.problems:
            n = len(self.problems)
            out.append(t.ngettext(REFUSED, REFUSED_PLURAL, n) % {"n": n})
            out += [f"  {p.text(lang)}" for p in self.problems]
        elif self.dry_run:
            out.append(t.gettext(DRY_RUN) % {"n": self.rows})
        else:
            out.append(t.gettext(STORED) % {"n": self.stored})
        if self.warnings:
            out.append(t.gettext(WARNINGS) + ":")
            out += [f"  {w.text(lang)}" for w in self.warnings]
        return out


def _listed(items: list[str]) -> str:
    shown = ", ".join(items[:MAX_LISTED])
    return shown + (f" (+{len(items) - MAX_LISTED})" if len(items) > MAX_LISTED else "")


def _ore(amount) -> int:
    return int(amount * 100)


def import_actuals(
    *, acting_user, fund: Fund, data: bytes, filename: str, dry_run: bool = False
) -> Report:
    """Import the actual costs of ``data`` (a SIE 4 file's bytes) into ``fund``'s projects:
    all or nothing (see the module). ``acting_user`` needs ``actuals.import_actuals`` on the
    fund (else :class:`~django.core.exceptions.PermissionDenied`)."""
    require(acting_user, PERMISSION, fund)
    report = Report(dry_run=dry_run, fingerprint=hashlib.sha256(data).hexdigest())
    if contains_personal_number(filename):
        report.problems.append(Problem("file_name_personal_number"))
        return report
    result = sie.read(data)
    report.encoding = result.encoding
    report.warnings += [Problem(w.code, w.line, dict(w.params)) for w in result.warnings]
    if not result.ok:
        report.problems = [Problem(p.code, p.line, dict(p.params)) for p in result.problems]
        if result.more_problems:
            report.problems.append(Problem("more_problems", None, {"count": result.more_problems}))
        return report
    earlier = SieImport.objects.filter(fund=fund, fingerprint=report.fingerprint).first()
    if earlier is not None:
        report.problems.append(_already_imported(earlier))
        return report
    if not result.sie.vouchers:
        report.problems.append(Problem("no_vouchers", None, {"sietyp": result.sie.sietyp}))
        return report
    _sum(report, result.sie, fund)
    if report.problems or dry_run:
        return report
    try:
        with transaction.atomic(), attributed_to(acting_user):
            batch = SieImport(
                fund=fund,
                filename=filename[:MAX_FILE_NAME],
                fingerprint=report.fingerprint,
                encoding=result.encoding,
                imported_by=acting_user,
                rows=report.rows,
            )
            batch.save()
            ActualCost.objects.bulk_create(
                ActualCost(batch=batch, project_id=p, account=a, month=m, amount_ore=v)
                for (p, a, m), v in report.sums.items()
            )
    except IntegrityError:  # the same file imported at the same moment: nothing stored
        earlier = SieImport.objects.filter(fund=fund, fingerprint=report.fingerprint).first()
        report.problems.append(_already_imported(earlier) if earlier else Problem("empty_file"))
        return report
    report.stored = report.rows
    return report


def _sum(report: Report, sie_file: sie.SieFile, fund: Fund) -> None:
    projects = {p.code: p for p in fund.projects.exclude(code="").only("pk", "code")}
    unknown: Counter = Counter()
    balance_rows = 0
    sums: dict[Key, int] = {}
    for v in sie_file.vouchers:
        for t in v.rows:
            code = t.object(DIM_PROJECT)
            if code is None:
                continue
            project = projects.get(code)
            if project is None:
                unknown[code] += 1
                continue
            if not t.account.isdigit() or t.account[0] not in RESULT_CLASSES:
                balance_rows += 1
                continue
            month = (t.date or v.date).replace(day=1)
            key = (project.pk, t.account, month)
            sums[key] = sums.get(key, 0) + _ore(t.amount)
    if unknown:
        report.warnings.append(
            Problem("unknown_project_codes", None, {"codes": _listed(sorted(unknown))})
        )
    if balance_rows:
        report.warnings.append(Problem("balance_accounts", None, {"count": balance_rows}))
    if not sums:
        known = _listed(sorted(projects)) or "–"
        report.problems.append(Problem("no_project_rows", None, {"known": known}))
        return
    code_of = {p.pk: c for c, p in projects.items()}
    for (p, account, month), value in sums.items():
        if abs(value) > MAX_ENTRY_ORE:
            params = {"code": code_of[p], "account": account, "month": f"{month:%Y-%m}"}
            report.problems.append(Problem("sum_too_large", None, params))
    stored = ActualCost.objects.filter(
        project_id__in=code_of, month__in={m for _p, _a, m in sums}
    ).select_related("batch")
    for cost in stored:
        if (cost.project_id, cost.account, cost.month) in sums:
            params = {
                "code": code_of[cost.project_id],
                "account": cost.account,
                "month": f"{cost.month:%Y-%m}",
                "file": cost.batch.filename,
            }
            if len(report.problems) < MAX_LISTED:
                report.problems.append(Problem("month_already_imported", None, params))
    report.sums = sums
    for (p, _a, _m), value in sums.items():
        report.per_project[code_of[p]] = report.per_project.get(code_of[p], 0) + value


def _already_imported(batch: SieImport) -> Problem:
    when = timezone.localtime(batch.imported_at).strftime("%Y-%m-%d %H:%M")
    user = batch.imported_by.get_username() if batch.imported_by else "system"
    return Problem("already_imported", None, {"date": when, "user": user})
