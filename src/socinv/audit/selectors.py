"""Reading the audit trail: every change to every record of one organisation.

The trail is folded from django-simple-history's historical tables (one per mutable
model) and from the append-only ledger, whose entries carry ``recorded_by`` and
``recorded_at`` themselves and appear as "created" events. Nothing is stored here.

Queries are bounded: per history table one query for the rows in scope, one for their
predecessors when a filter may have hidden them, and one per foreign key to name the
related records; never a query per row.

What is read, and how each record reaches its organisation, every app declares on its
AppConfig (``audit_sources``, see :mod:`socinv.audit.sources`): indirect links go through
the parents' *history* tables, so that the history of a record whose parent has since
been deleted stays in its organisation's trail. Users have no organisation: a user's
history belongs to every organisation where the user has held a role.
"""

from __future__ import annotations

import datetime
import decimal
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from socinv.core.limits import MAX_CALCULATION
from socinv.l10n import format_number
from socinv.web.i18n import current_lang, ore_to_text
from socinv.web.people import display_name
from socinv.web.templatetags.socinv_format import iso

from . import calculations
from .sources import Scopes, Source, sources

CREATED, CHANGED, DELETED = "created", "changed", "deleted"
ACTIONS = [
    (CREATED, gettext_lazy("created")),
    (CHANGED, gettext_lazy("changed")),
    (DELETED, gettext_lazy("deleted")),
]
_HISTORY_TYPE = {"+": CREATED, "~": CHANGED, "-": DELETED}
_ACTION_TO_TYPE = {v: k for k, v in _HISTORY_TYPE.items()}


@dataclass(frozen=True)
class FieldChange:
    name: str  # the field's attribute name
    field: str  # its verbose name, translated
    before: str
    after: str


@dataclass(frozen=True)
class AuditEvent:
    when: datetime.datetime
    user: object | None  # the acting user, None for the system (no request, no attribution)
    action: str  # created / changed / deleted
    model: str  # "app_label.model_name"
    record_type: str  # the model's verbose name, translated
    record_id: object
    record: str
    changes: tuple[FieldChange, ...] = field(default=())
    reason: str = ""

    @property
    def who(self) -> str:
        return user_label(self.user)

    @property
    def action_label(self) -> str:
        return str(dict(ACTIONS)[self.action])

    @property
    def local_when(self) -> datetime.datetime:
        return timezone.localtime(self.when)


def user_label(user) -> str:
    """Who made a change: the person's name (:func:`socinv.web.people.display_name`), or
    "system" for a change made with no one acting."""
    if user is None:
        return _("system")
    return display_name(user)


# Sources -----------------------------------------------------------------------------


def __getattr__(name: str):
    # SOURCES: every app's declared sources, gathered when asked for (never a list here)
    if name == "SOURCES":
        return sources()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def record_types() -> list[tuple[str, str]]:
    """(key, verbose name) of every kind of record in the trail, for a filter's choices."""
    types = [(s.key, str(s.model._meta.verbose_name)) for s in sources()]
    return sorted(types, key=lambda t: t[1].lower())


# Formatting values -------------------------------------------------------------------


def _is_money(model_field) -> bool:
    """An amount in öre (``amount_ore``, ``threshold_ore``, …): shown in kronor."""
    return model_field.name.endswith("_ore") and isinstance(
        model_field, models.IntegerField | models.BigIntegerField
    )


def _is_calculation(model_field) -> bool:
    """A calculation's TOML text (the ex-ante one on a project, an ex-post one): bounded by
    ``MAX_CALCULATION``, summarised per field of the calculation, never shown raw."""
    return isinstance(model_field, models.TextField) and model_field.max_length == MAX_CALCULATION


def field_label(model_field) -> str:
    """A field as the trail names it: its verbose name, without the unit of storage
    ("Belopp", not "Belopp (öre)": the amount is shown in kronor)."""
    return _ORE.sub("", str(model_field.verbose_name))


_ORE = re.compile(r"\s*\((?:öre|in öre|i öre)\)", re.IGNORECASE)


def _display(model_field, value, related: dict) -> str:
    """A field's value as people read it: choices by label, related records by name,
    amounts in kronor, a calculation in one line, dates and times as the pages show them."""
    if value is None or value == "":
        return ""
    if _is_money(model_field) and isinstance(value, int):
        return ore_to_text(value)
    if _is_calculation(model_field):
        return calculations.overview(value)
    if _is_fk(model_field):
        obj = related.get((model_field.related_model, value))
        if obj is None:
            return f"#{value}"
        if getattr(model_field.related_model._meta, "label_lower", "") == "auth.user":
            return display_name(obj)
        return str(obj)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.date):
        # a date as 2026-12-04, a datetime in local time as 2026-12-04 19:20 (the pages' iso)
        return iso(value)
    if isinstance(value, decimal.Decimal):
        # a price or an index value in the catalogue: every stored decimal, grouped, with a
        # decimal comma (113,6000; 12 345,50), never the database's 113.6000
        places = -value.as_tuple().exponent if value.is_finite() else 0
        return format_number(value, max(places, 0), current_lang())
    if isinstance(value, float | int):
        return formats.number_format(value)
    return str(value)


def _changes(model_field, old, new, related: dict) -> list[FieldChange]:
    """One field's change; a calculation's, one per field of the calculation."""
    label = field_label(model_field)
    if _is_calculation(model_field):
        rows = calculations.summarise(old or "", new or "")
        if rows is not None:
            shown = [
                FieldChange(model_field.name, f"{label} › {what}", before, after)
                for what, before, after in rows[: calculations.MAX_SHOWN]
            ]
            if len(rows) > calculations.MAX_SHOWN:
                more = _("… and %(count)s more changes") % {
                    "count": len(rows) - calculations.MAX_SHOWN
                }
                shown.append(FieldChange(model_field.name, label, "", more))
            return shown
    return [
        FieldChange(
            model_field.name,
            label,
            _display(model_field, old, related),
            _display(model_field, new, related),
        )
    ]


def _is_fk(f) -> bool:
    return bool(f.is_relation and (f.many_to_one or f.one_to_one))


def _fk_fields(model) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if _is_fk(f)]


def _related_objects(model, rows: Iterable) -> dict:
    """(related model, pk) → object, for every foreign key value in ``rows``: one query per
    foreign key of ``model``, fetched with the base manager (deleted ones are missing)."""
    wanted: dict[type, set] = defaultdict(set)
    for f in _fk_fields(model):
        for row in rows:
            value = getattr(row, f.attname)
            if value is not None:
                wanted[f.related_model].add(value)
    found = {}
    for rel_model, pks in wanted.items():
        for pk, obj in rel_model._base_manager.in_bulk(pks).items():
            found[(rel_model, pk)] = obj
    return found


def _record_str(model, instance, related: dict) -> str:
    """``str()`` of a record as it was, with its foreign keys primed (no query per row)."""
    for f in _fk_fields(model):
        value = getattr(instance, f.attname)
        obj = related.get((f.related_model, value))
        if obj is not None:
            f.set_cached_value(instance, obj)
    try:
        return str(instance)
    except ObjectDoesNotExist:  # a related record has since been deleted
        return f"{model._meta.verbose_name} #{instance.pk}"


def _as_record(model, history, row):
    """The record as it was, from its history row (simple-history's ``row.instance`` reads
    the fields excluded from history from the database, a query per row)."""
    values = {f.attname: getattr(row, f.attname) for f in history.tracked_fields}
    return model(**values)


def _snapshot(model, row, related, fields, *, after: bool) -> tuple[FieldChange, ...]:
    """Every filled-in field of ``row``: the values of a created (or deleted) record."""
    changes = []
    for f in fields:
        shown = _display(f, getattr(row, f.attname), related)
        if shown == "":
            continue
        name = field_label(f)
        changes.append(FieldChange(f.name, name, "" if after else shown, shown if after else ""))
    return tuple(changes)


# The trail ---------------------------------------------------------------------------


def _window(date_from, date_to, name: str = "history_date") -> Q:
    """``date_from``/``date_to`` (dates, inclusive, in the local time zone, or datetimes)."""
    q = Q()

    def start(d):
        if isinstance(d, datetime.datetime):
            return d if timezone.is_aware(d) else timezone.make_aware(d)
        return timezone.make_aware(datetime.datetime.combine(d, datetime.time.min))

    if date_from is not None:
        q &= Q((f"{name}__gte", start(date_from)))
    if date_to is not None:
        if isinstance(date_to, datetime.datetime):
            q &= Q((f"{name}__lte", start(date_to)))
        else:
            q &= Q((f"{name}__lt", start(date_to + datetime.timedelta(days=1))))
    return q


def _history_events(source: Source, scope: Q, *, user, date_from, date_to, action) -> list:
    model = source.model
    history = model.history.model
    filters = _window(date_from, date_to)
    if user is not None:
        filters &= Q(history_user_id=getattr(user, "pk", user))
    if action is not None:
        filters &= Q(history_type=_ACTION_TO_TYPE[action])
    rows = list(
        history.objects.filter(scope)
        .filter(filters)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
    )
    if not rows:
        return []

    # The previous row of each changed record, for diff_against. Without filters they are
    # all in `rows` already; with filters, fetch the records' earlier rows in one query.
    timeline_rows = rows
    if filters:
        need = {r.id for r in rows if r.history_type != "+"}
        if need:
            latest = max(r.history_date for r in rows)
            timeline_rows = list(
                history.objects.filter(scope, id__in=need, history_date__lte=latest)
            )
            have = {r.history_id for r in timeline_rows}
            timeline_rows += [r for r in rows if r.history_id not in have]
    previous: dict[int, object] = {}
    by_record = defaultdict(list)
    for r in timeline_rows:
        by_record[r.id].append(r)
    for record_rows in by_record.values():
        record_rows.sort(key=lambda r: (r.history_date, r.history_id))
        for before, after in zip(record_rows, record_rows[1:], strict=False):
            previous[after.history_id] = before

    related = _related_objects(model, timeline_rows)
    tracked = {f.name for f in history.tracked_fields if f.editable}
    fields = [
        f
        for f in model._meta.concrete_fields
        if f.name in tracked and not f.primary_key and f.name not in source.hidden
    ]
    by_name = {f.name: f for f in fields}
    events = []
    for row in rows:
        kind = _HISTORY_TYPE[row.history_type]
        before = previous.get(row.history_id)
        if kind == CREATED or before is None:
            changes = _snapshot(model, row, related, fields, after=kind != DELETED)
        elif kind == DELETED:
            changes = _snapshot(model, row, related, fields, after=False)
        else:
            delta = row.diff_against(before, included_fields=list(by_name))
            changes = tuple(
                change
                for c in delta.changes
                if c.field in by_name
                for change in _changes(by_name[c.field], c.old, c.new, related)
            )
            if not changes:
                # Saved with nothing tracked changed: a login (only last_login, which is
                # not tracked), an admin form saved as it was. Not a change to audit.
                continue
        events.append(
            AuditEvent(
                when=row.history_date,
                user=row.history_user,
                action=kind,
                model=source.key,
                record_type=str(model._meta.verbose_name),
                record_id=row.id,
                record=_record_str(model, _as_record(model, history, row), related),
                changes=changes,
                reason=row.history_change_reason or "",
            )
        )
    return events


def _ledger_events(source: Source, scope: Q, *, user, date_from, date_to, action) -> list:
    if action not in (None, CREATED):
        return []
    model = source.model
    q = scope & _window(date_from, date_to, "recorded_at")
    if user is not None:
        q &= Q(recorded_by_id=getattr(user, "pk", user))
    entries = list(
        model.objects.filter(q).select_related("recorded_by").order_by("-recorded_at", "-id")
    )
    related = _related_objects(model, entries)
    fields = [
        f for f in model._meta.concrete_fields if not f.primary_key and f.name not in source.hidden
    ]
    return [
        AuditEvent(
            when=e.recorded_at,
            user=e.recorded_by,
            action=CREATED,
            model=source.key,
            record_type=str(model._meta.verbose_name),
            record_id=e.pk,
            record=_record_str(model, e, related),
            changes=_snapshot(model, e, related, fields, after=True),
        )
        for e in entries
    ]


def audit_events(
    organisation,
    *,
    model=None,
    user=None,
    date_from=None,
    date_to=None,
    action=None,
) -> list[AuditEvent]:
    """The organisation's audit trail, newest first.

    ``model``: a model class or ``"app_label.model_name"`` (see :func:`record_types`);
    ``user``: a user or user id (who made the change); ``date_from`` / ``date_to``: dates,
    inclusive, in the local time zone (Europe/Stockholm), or aware datetimes; ``action``:
    ``"created"``, ``"changed"`` or ``"deleted"``. ``None`` means no filter.
    """
    if action is not None and action not in _ACTION_TO_TYPE:
        raise ValueError(f"unknown action {action!r}")
    key = None
    if model is not None:
        key = model._meta.label_lower if isinstance(model, type) else str(model).lower()
    events: list[AuditEvent] = []
    found = sources()
    scopes = Scopes(found)
    for source in found:
        if key is not None and source.key != key:
            continue
        fetch = _ledger_events if source.append_only else _history_events
        scope = scopes.scope(source, organisation)
        events += fetch(
            source, scope, user=user, date_from=date_from, date_to=date_to, action=action
        )
    events.sort(key=lambda e: e.when, reverse=True)  # stable: keeps each table's order
    return events
