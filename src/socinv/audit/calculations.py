"""A change to a calculation (its TOML text) as an auditor reads it: what changed, per
field of the calculation, before and after (never a raw diff of the text).

The calculation's items (stakeholders, costs, outcomes, …) are matched by their ``id``,
``label`` or ``name``, so that a cost moved in the file is not "changed"; a value that
is a rate or a share is shown in percent, numbers in the reader's format."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from socinv.l10n import format_number, format_percent
from socinv.web.i18n import current_lang

# the calculation's keys as the pages name them (unknown keys are shown as they are)
LABELS = {
    "name": gettext_lazy("Name"),
    "start_year": gettext_lazy("Start year"),
    "horizon": gettext_lazy("Horizon (years)"),
    "discount_rate": gettext_lazy("Discount rate"),
    "success_probability": gettext_lazy("Probability of success"),
    "participants": gettext_lazy("Participants per year"),
    "stakeholders": gettext_lazy("Stakeholders"),
    "costs": gettext_lazy("Costs"),
    "outcomes": gettext_lazy("Outcomes"),
    "label": gettext_lazy("Label"),
    "stakeholder": gettext_lazy("Stakeholder"),
    "years": gettext_lazy("Years"),
    "amount": gettext_lazy("Amount"),
    "municipal": gettext_lazy("Municipal"),
    "public": gettext_lazy("Public"),
}
_KEYS = ("id", "label", "name")
MAX_SHOWN = 200  # changes listed for one save (a whole new calculation is summarised)


def _is_share(key: str) -> bool:
    return key.endswith(("_rate", "_share", "_probability")) or key in {"share", "rate"}


def _label(key: str) -> str:
    return str(LABELS.get(key, key.replace("_", " ")))


def _value(key: str, value: Any) -> str:
    lang = current_lang()
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, float | int) and _is_share(key) and not isinstance(value, bool):
        return format_percent(float(value), 1, lang)
    if isinstance(value, int):
        return format_number(value, 0, lang) if abs(value) >= 10_000 else str(value)
    if isinstance(value, float):
        decimals = 0 if value.is_integer() else 2
        return format_number(value, decimals, lang)
    if isinstance(value, list) and all(not isinstance(v, dict) for v in value):
        return "[" + "; ".join(_value(key, v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + "; ".join(f"{_label(k)}: {_value(k, v)}" for k, v in value.items()) + "}"
    return str(value)


def _item_name(item: dict, index: int) -> str:
    for key in _KEYS:
        if isinstance(item.get(key), str) and item[key]:
            return item[key]
    return f"#{index + 1}"


def _flatten(data: dict, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """(path of labels, value) for every leaf; an array of tables by its items' names."""
    for key, value in data.items():
        here = (*path, _label(key))
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            for i, item in enumerate(value):
                yield from _flatten(item, (*here, _item_name(item, i)))
        elif isinstance(value, dict) and not _is_distribution(value):
            yield from _flatten(value, here)
        else:
            yield here, (key, value)


def _is_distribution(value: dict) -> bool:
    return "dist" in value


def _parse(text: str) -> dict | None:
    try:
        return tomllib.loads(text or "")
    except (tomllib.TOMLDecodeError, RecursionError):
        return None


def summarise(before: str, after: str) -> list[tuple[str, str, str]] | None:
    """(what, before, after) per changed field of the calculation, or ``None`` when either
    text is no calculation that can be read (the caller then says only that it changed)."""
    old, new = _parse(before), _parse(after)
    if old is None or new is None:
        return None
    was = dict(_flatten(old))
    now = dict(_flatten(new))
    rows = []
    for path in list(was) + [p for p in now if p not in was]:
        a, b = was.get(path), now.get(path)
        shown_a = "" if a is None else _value(*a)
        shown_b = "" if b is None else _value(*b)
        if shown_a != shown_b:
            rows.append((" › ".join(path), shown_a, shown_b))
    return rows


def overview(text: str) -> str:
    """A calculation in one line (for a created record): its name and how many items."""
    data = _parse(text)
    if data is None:
        return _("%(count)s characters") % {"count": format_number(len(text), 0, current_lang())}
    parts = [str(data.get("name", ""))] if data.get("name") else []
    for key in ("stakeholders", "costs", "outcomes"):
        items = data.get(key)
        if isinstance(items, list):
            parts.append(f"{_label(key)}: {len(items)}")
    return "; ".join(parts)
