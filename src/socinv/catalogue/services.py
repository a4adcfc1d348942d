"""Writes to the organisation's unit-cost catalogue. Each is atomic, takes a keyword-only
``acting_user``, checks ``catalogue.change_catalogue`` on the organisation (the
economists), refuses with :class:`~socinv.core.problems.Refused` before anything is
stored and is attributed in the audit trail (simple-history keeps every change).

The rules of a unit cost and of the index are the core's
(:func:`socinv.core.calc.catalogue.catalogue_from_dict`): a form, an import of a TOML file
and an import of a workbook pass the same checks, worded by ``socinv.l10n.messages``.

Codes: the core's problem codes (``required``, ``negative``, ``bad_unit_cost_id``,
``duplicate_unit_cost``, ``index_not_positive`` …), ``personal_number``,
``file_too_large``, ``file_unreadable`` and the zip guard's codes."""

from __future__ import annotations

import datetime
import io
import re
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext

from socinv.accounts.access import require
from socinv.audit import attributed_to
from socinv.core.calc import InputError
from socinv.core.calc.catalogue import Catalogue as CoreCatalogue
from socinv.core.calc.catalogue import catalogue_from_dict
from socinv.core.calc.catalogue_file import parse_catalogue
from socinv.core.calc.evidence import DEFAULT_HAIRCUT
from socinv.core.calc.evidence import haircut_table as evidence_table
from socinv.core.calc.reader import Reader
from socinv.core.limits import MAX_CALC_FILE_BYTES, MAX_UPLOAD_BYTES
from socinv.core.personnummer import contains_personal_number
from socinv.core.problems import Refusal, Refused, refuse_if
from socinv.io.catalogue_xlsx import UnreadableWorkbook, read_catalogue_xlsx, read_index_xlsx
from socinv.l10n.measurements import describe as zip_describe
from socinv.l10n.messages import localise
from socinv.organisation.models import Organisation
from socinv.web.i18n import current_lang
from socinv.web.refusals import personal_number

from .models import Catalogue, EvidenceHaircuts, IndexValue, UnitCost

CHANGE = "catalogue.change_catalogue"
VIEW = "catalogue.view_catalogue"
# the core's field names where the form's differ
_FORM_FIELD = {"id": "code"}
_UNIT_PATH = re.compile(r"^unit_costs\[(\d+)\]\.?(.*)$")


def may_change(user, organisation: Organisation) -> bool:
    return user.has_perm(CHANGE, organisation)


def catalogue_for_writing(organisation: Organisation) -> Catalogue:
    """The organisation's catalogue, created (with its default name) the first time."""
    catalogue = Catalogue.objects.filter(organisation=organisation).first()
    if catalogue is None:
        name = gettext("Unit-cost catalogue of %(organisation)s") % {"organisation": organisation}
        catalogue = Catalogue.objects.create(organisation=organisation, name=name[:200])
    return catalogue


def _entry(code, label, unit, amount, price_year, source, bearer="", valid_from=None) -> dict:
    entry = {"id": code, "label": label, "unit": unit, "amount": amount, "price_year": price_year}
    entry["source"] = source
    if bearer:
        entry["bearer"] = bearer
    if valid_from is not None:
        entry["valid_from"] = valid_from
    return entry


def _plain(value):
    """A Decimal from a form as the float the core reads (None and others unchanged)."""
    return float(value) if isinstance(value, Decimal) else value


def _refusals(problems, where=None) -> list[Refusal]:
    """The core's problems as refusals: the field a form shows (``unit_costs[0].id`` →
    ``code``), the sentence in the user's language; ``where(index)`` names a row of a file."""
    out = []
    for d in localise(problems, current_lang()):
        m = _UNIT_PATH.match(d.path or "")
        if m and where is None:
            key = m.group(2) or None
            out.append(Refusal(d.code, _FORM_FIELD.get(key, key), d.message))
        elif m:
            out.append(Refusal(d.code, "file", f"{where(int(m.group(1)))}: {d.message}"))
        else:
            out.append(Refusal(d.code, "file" if where else None, str(d)))
    return out


def save_unit_cost(
    *,
    acting_user,
    organisation: Organisation,
    code: str,
    label: str,
    unit: str,
    amount: Decimal | float,
    price_year: int,
    source: str,
    bearer: str = "",
    valid_from: datetime.date | None = None,
    unit_cost: UnitCost | None = None,
) -> UnitCost:
    """Add a unit cost, or change ``unit_cost`` (its history keeps the earlier values)."""
    require(acting_user, CHANGE, organisation)
    if unit_cost is not None and unit_cost.catalogue.organisation_id != organisation.pk:
        raise Refused.one("other_organisation", gettext("The unit cost is in another catalogue."))
    code, label, unit, source, bearer = (
        (v or "").strip() for v in (code, label, unit, source, bearer)
    )
    entry = _entry(code, label, unit, _plain(amount), price_year, source, bearer, valid_from)
    refusals = personal_number("label", label) + personal_number("source", source)
    refusals += personal_number("unit", unit)
    try:
        catalogue_from_dict({"name": "-", "unit_costs": [entry]})
    except InputError as exc:
        refusals += _refusals(exc.problems)
    with transaction.atomic(), attributed_to(acting_user):
        catalogue = catalogue_for_writing(organisation)
        taken = UnitCost.objects.filter(catalogue=catalogue, code=code)
        if unit_cost is not None:
            taken = taken.exclude(pk=unit_cost.pk)
        if code and taken.exists():
            message = gettext("The id %(id)s is already used in the catalogue.") % {"id": code}
            refusals.append(Refusal("duplicate_unit_cost", "code", message))
        refuse_if(refusals)
        item = unit_cost or UnitCost(catalogue=catalogue)
        item.code, item.label, item.unit, item.source, item.bearer = (
            code,
            label,
            unit,
            source,
            bearer,
        )
        item.amount = Decimal(str(amount)).quantize(Decimal("0.01"))
        item.price_year = price_year
        item.valid_from = valid_from
        item.save()
    return item


def remove_unit_cost(*, acting_user, unit_cost: UnitCost) -> None:
    """Take a unit cost out of the catalogue (its history stays in the audit trail)."""
    require(acting_user, CHANGE, unit_cost.catalogue.organisation)
    with transaction.atomic(), attributed_to(acting_user):
        unit_cost.delete()


def set_index(
    *, acting_user, organisation: Organisation, name: str, values: dict[int, Decimal | float]
) -> Catalogue:
    """Replace the price index series: its name and every year's value."""
    require(acting_user, CHANGE, organisation)
    name = (name or "").strip()
    refusals = personal_number("index_name", name)
    try:
        catalogue_from_dict(
            {"name": "-", "index_values": {str(y): _plain(v) for y, v in values.items()}}
        )
    except InputError as exc:
        refusals += [Refusal(r.code, "values", r.message) for r in _refusals(exc.problems)]
    refuse_if(refusals)
    with transaction.atomic(), attributed_to(acting_user):
        catalogue = catalogue_for_writing(organisation)
        catalogue.index_name = name
        catalogue.save()
        _store_index(catalogue, {int(y): v for y, v in values.items()})
    return catalogue


def _store_index(catalogue: Catalogue, values: dict[int, Decimal | float]) -> None:
    existing = {iv.year: iv for iv in IndexValue.objects.filter(catalogue=catalogue)}
    for year, iv in existing.items():
        if year not in values:
            iv.delete()
    for year, value in sorted(values.items()):
        v = Decimal(str(value)).quantize(Decimal("0.0001"))
        iv = existing.get(year)
        if iv is None:
            IndexValue.objects.create(catalogue=catalogue, year=year, value=v)
        elif iv.value != v:
            iv.value = v
            iv.save()


@dataclass(frozen=True)
class ImportReport:
    added: int
    changed: int
    removed: int
    index_years: int


def read_upload(data: bytes, filename: str) -> CoreCatalogue:
    """A catalogue file (the spec's TOML, or a workbook) read and validated by the core;
    :class:`Refused` on the field ``file`` naming the row or field of every problem, and
    for a text holding a personnummer anywhere."""
    if len(data) > MAX_UPLOAD_BYTES:
        limit = MAX_UPLOAD_BYTES // 1024 // 1024
        raise Refused.one(
            "file_too_large",
            gettext("%(name)s is too large: at most %(limit)s MB.")
            % {"name": filename, "limit": limit},
            "file",
        )
    if data.startswith(b"PK\x03\x04"):
        try:
            mapping = read_catalogue_xlsx(io.BytesIO(data), name="-")
        except UnreadableWorkbook as exc:
            message = zip_describe(exc.code, exc.params, current_lang())
            raise Refused.one(exc.code, f"{filename}: {message}", "file") from None

        def where(i):
            return gettext("%(file)s, row %(row)s") % {"file": filename, "row": i + 2}

        try:
            catalogue = catalogue_from_dict(mapping, filename)
        except InputError as exc:
            raise Refused(_refusals(exc.problems, where)) from None
    else:
        if len(data) > MAX_CALC_FILE_BYTES:
            raise Refused.one("file_too_large", gettext("The file is too large."), "file")
        try:
            catalogue = parse_catalogue(data.decode("utf-8"), filename)
        except UnicodeDecodeError:
            message = gettext("%(name)s is neither a catalogue file (TOML) nor a workbook (xlsx).")
            raise Refused.one("file_unreadable", message % {"name": filename}, "file") from None
        except InputError as exc:
            raise Refused(
                Refusal(d.code, "file", f"{filename}: {d}")
                for d in localise(exc.problems, current_lang())
            ) from None
    _refuse_personal_numbers(catalogue, filename)
    return catalogue


def _refuse_personal_numbers(catalogue: CoreCatalogue, filename: str) -> None:
    texts = [catalogue.name, catalogue.index or ""]
    for u in catalogue.unit_costs:
        texts += [u.id, u.label, u.unit, u.source, u.bearer or ""]
    if any(contains_personal_number(t) for t in texts):
        message = gettext(
            "%(name)s contains what looks like a personal identity number (personnummer) and "
            "was not imported; socinv holds aggregated data only."
        )
        raise Refused.one("personal_number", message % {"name": filename}, "file")


def import_catalogue(
    *, acting_user, organisation: Organisation, data: bytes, filename: str
) -> ImportReport:
    """Replace the whole catalogue by a file's (TOML or xlsx): unit costs added, changed by
    id, and removed when the file lacks them; the index too when the file has one. All or
    nothing."""
    require(acting_user, CHANGE, organisation)
    imported = read_upload(data, filename)
    added = changed = removed = 0
    with transaction.atomic(), attributed_to(acting_user):
        catalogue = catalogue_for_writing(organisation)
        if imported.name and imported.name != "-":
            catalogue.name = imported.name[:200]
        if imported.index:
            catalogue.index_name = imported.index[:200]
        catalogue.save()
        existing = {u.code: u for u in UnitCost.objects.filter(catalogue=catalogue)}
        for u in imported.unit_costs:
            item = existing.pop(u.id, None)
            fields = {
                "label": u.label,
                "unit": u.unit,
                "amount": Decimal(str(u.amount)).quantize(Decimal("0.01")),
                "price_year": u.price_year,
                "bearer": u.bearer or "",
                "source": u.source,
                "valid_from": u.valid_from,
            }
            if item is None:
                UnitCost.objects.create(catalogue=catalogue, code=u.id, **fields)
                added += 1
            elif any(getattr(item, k) != v for k, v in fields.items()):
                for k, v in fields.items():
                    setattr(item, k, v)
                item.save()
                changed += 1
        for item in existing.values():
            item.delete()
            removed += 1
        if imported.index_values:
            _store_index(catalogue, imported.index_values)
    return ImportReport(added, changed, removed, len(imported.index_values))


def import_index(
    *, acting_user, organisation: Organisation, data: bytes, filename: str
) -> Catalogue:
    """The price index from a workbook of years and values (its first sheet)."""
    require(acting_user, CHANGE, organisation)
    if not data.startswith(b"PK\x03\x04"):
        message = gettext("%(name)s is not an Excel workbook (xlsx).") % {"name": filename}
        raise Refused.one("file_unreadable", message, "file")
    try:
        name, values = read_index_xlsx(io.BytesIO(data))
    except UnreadableWorkbook as exc:
        message = zip_describe(exc.code, exc.params, current_lang())
        raise Refused.one(exc.code, f"{filename}: {message}", "file") from None
    if not values:
        message = gettext("%(name)s has no rows of a year and an index value.") % {"name": filename}
        raise Refused.one("index_empty", message, "file")
    try:
        catalogue_from_dict({"name": "-", "index_values": values}, filename)
    except InputError as exc:
        raise Refused(
            Refusal(d.code, "file", f"{filename}: {d}")
            for d in localise(exc.problems, current_lang())
        ) from None
    current = Catalogue.objects.filter(organisation=organisation).first()
    return set_index(
        acting_user=acting_user,
        organisation=organisation,
        name=name or (current.index_name if current else ""),
        values={int(y): v for y, v in values.items()},
    )


SET_HAIRCUTS = "catalogue.set_evidence_haircuts"


def haircut_table(fund) -> dict[int, float]:
    """The fund's haircut per evidence grade: its own table, else the spec's defaults (what
    a calculation the fund stores is to carry as ``evidence_haircut``)."""
    own = EvidenceHaircuts.objects.filter(fund=fund).first()
    return own.table() if own is not None else dict(DEFAULT_HAIRCUT)


def set_evidence_haircuts(
    *, acting_user, fund, table: dict[int, Decimal | float]
) -> EvidenceHaircuts:
    """Set the fund's haircut for every grade 1 … 5 (each a fraction in [0, 1], the core's
    rule: :func:`socinv.core.calc.evidence.haircut_table`)."""
    require(acting_user, SET_HAIRCUTS, fund)
    r = Reader()
    checked = evidence_table(r, {"evidence_haircut": {str(g): _plain(v) for g, v in table.items()}})
    refuse_if(
        Refusal(d.code, f"grade_{d.path.rsplit('.', 1)[-1]}", d.message)
        for d in localise(r.problems, current_lang())
    )
    with transaction.atomic(), attributed_to(acting_user):
        item = EvidenceHaircuts.objects.filter(fund=fund).first() or EvidenceHaircuts(fund=fund)
        for g, v in checked.items():
            setattr(item, f"grade_{g}", Decimal(str(v)).quantize(Decimal("0.001")))
        item.save()
    return item
