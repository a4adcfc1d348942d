"""The ex-post's focused form: the key figures of the stored ex-post TOML.

Participants per cohort (one input per year), each cost line's amounts, each outcome's
effect (the baseline rate and relative effect, or the changed cases per participant) and
its values per stakeholder. Every input is named by its spec path (``participants[2]``,
``costs[0].amount``, ``outcomes[1].values[0].amount``), so that a problem the engine
reports lands at its field. The rest of the calculation (stakeholders, lags, fractions,
repayment) is kept from the stored TOML; change it through a TOML import.

The units are the calculation editor's (:mod:`.units`): Swedish numbers in and out
(``1 200 000``, ``3,5``), rates and shares in percent in the form (``3,5`` or ``3,5 %``)
and fractions in the engine (0.035). A problem is worded as the editor words it
(:mod:`.wording`): the field named as the form labels it, values in the form's units.

Validation is the engine's only (:func:`socinv.core.calc.from_dict`, through
:func:`socinv.calculation.expost.save_expost`): a value that is not a number is passed on
as typed, so the engine names it and the page shows it again unchanged.
"""

from __future__ import annotations

import copy
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from socinv.l10n.messages import localise

from . import wording
from .editor import _show, anchor, field_id
from .expost import EFFECT_KEYS
from .units import is_percent, read_number, read_percent


def build_data(post, stored: dict) -> dict:
    """The stored ex-post mapping with the posted key figures written over it."""
    data = copy.deepcopy(stored)
    horizon = stored.get("horizon") if isinstance(stored.get("horizon"), int) else 0
    if any(f"participants[{t}]" in post for t in range(horizon)):
        cohorts: list[Any] = []
        for t in range(horizon):
            text = (post.get(f"participants[{t}]") or "").strip()
            cohorts.append(read_number(text) if text else 0)
        while cohorts and cohorts[-1] == 0:
            cohorts.pop()
        data["participants"] = cohorts

    def put(target: dict, key: str, path: str) -> None:
        if path not in post:
            return
        text = (post.get(path) or "").strip()
        if text:
            target[key] = read_percent(text) if is_percent(path) else read_number(text)
        elif not isinstance(target.get(key), dict):  # an empty distribution field keeps it
            target.pop(key, None)

    for i, cost in enumerate(data.get("costs") or []):
        put(cost, "amount", f"costs[{i}].amount")
        put(cost, "amount_per_participant", f"costs[{i}].amount_per_participant")
    for i, outcome in enumerate(data.get("outcomes") or []):
        for key in EFFECT_KEYS:
            put(outcome, key, f"outcomes[{i}].{key}")
        for j, value in enumerate(outcome.get("values") or []):
            put(value, "amount", f"outcomes[{i}].values[{j}].amount")
    return data


def _name(names: dict[str, str], key: Any) -> str:
    """A stakeholder by its name (its key when the calculation does not declare it)."""
    if not isinstance(key, str):
        return "" if key is None else str(key)
    return names.get(key, key)


class ExPostForm:
    """What the template needs: fields with name, id, label, value, errors, help."""

    def __init__(self, data: dict, problems=(), readonly: bool = False):
        self.data = data
        self.readonly = readonly
        self.fields: dict[str, dict] = {}
        self._build(self._names())
        self.summary: list[dict] = []
        lang = get_language() or "sv"
        labels = {path: f["label"] for path, f in self.fields.items()}
        names = self._names()
        for pr in localise(problems, lang):
            text = wording.message(pr, data, names, lang)
            place = wording.where(pr.path, labels) if pr.path else ""
            summary = f"{place}: {text}" if place else text
            a = anchor(pr.path, set(self.fields))
            if a is None:
                self.summary.append({"text": summary, "href": None})
                continue
            f = self.fields[a]
            f["errors"].append(text)
            self.summary.append({"text": summary, "href": "#" + f["id"]})
        for f in self.fields.values():
            ids = []
            if f.get("help"):
                ids.append(f["id"] + "-help")
            if f["errors"]:
                ids.append(f["id"] + "-error")
            f["describedby"] = " ".join(ids)

    def _field(self, path: str, label: str, value: Any = None, help: str = "") -> dict:
        if isinstance(value, dict):  # a distribution (from an imported file)
            help = _(
                "Uncertain in the TOML file (%(dist)s): leave it empty to keep that, or "
                "type the realised value."
            ) % {"dist": value.get("dist", "?")}
        f = {
            "name": path,
            "id": field_id(path),
            "label": label,
            "value": "" if isinstance(value, dict) else _show(value, path),
            "help": help,
            "errors": [],
        }
        self.fields[path] = f
        return f

    def _names(self) -> dict[str, str]:
        """Stakeholder key → name, as the calculation declares them."""
        return {
            s["id"]: str(s.get("name") or s["id"])
            for s in self.data.get("stakeholders") or []
            if isinstance(s, dict) and isinstance(s.get("id"), str)
        }

    def _build(self, names: dict[str, str]) -> None:
        d = self.data
        start = d.get("start_year") if isinstance(d.get("start_year"), int) else 0
        horizon = d.get("horizon") if isinstance(d.get("horizon"), int) else 0
        cohorts = d.get("participants") if isinstance(d.get("participants"), list) else []
        self.participants_group = self._field("participants", _("Participants per cohort"))
        self.participants = [
            self._field(
                f"participants[{t}]",
                _("Starting in %(year)s") % {"year": start + t},
                cohorts[t] if t < len(cohorts) else 0,
            )
            for t in range(horizon)
        ]
        self.costs = []
        for i, c in enumerate(d.get("costs") or []):
            c = c if isinstance(c, dict) else {}
            path = f"costs[{i}]"
            years = c.get("years", [c["year"]] if "year" in c else [])
            years = years if isinstance(years, list) else []
            row = {
                "path": path,
                "group": self._field(path, c.get("label") or _("Cost %(n)s") % {"n": i + 1}),
                "stakeholder": _name(names, c.get("stakeholder")),
                "years": ", ".join(str(start + y) for y in years if isinstance(y, int) and start),
                "inputs": [],
            }
            # both inputs always, so that an emptied one can be filled in again
            row["inputs"].append(
                self._field(f"{path}.amount", _("Amount per year (kr)"), c.get("amount"))
            )
            row["inputs"].append(
                self._field(
                    f"{path}.amount_per_participant",
                    _("Amount per participant (kr)"),
                    c.get("amount_per_participant"),
                )
            )
            self.costs.append(row)
        self.outcomes = []
        for i, o in enumerate(d.get("outcomes") or []):
            o = o if isinstance(o, dict) else {}
            path = f"outcomes[{i}]"
            inputs = []
            given = [k for k in EFFECT_KEYS if k in o]
            if "cases_per_participant" in o or not given:
                inputs.append(
                    self._field(
                        f"{path}.cases_per_participant",
                        _("Changed cases per participant"),
                        o.get("cases_per_participant"),
                    )
                )
            if "cases_per_participant" not in o or len(given) > 1:
                inputs.append(
                    self._field(
                        f"{path}.baseline_rate",
                        _("Baseline rate (%)"),
                        o.get("baseline_rate"),
                        help=_("Cases per participant without the project, in percent."),
                    )
                )
                inputs.append(
                    self._field(
                        f"{path}.relative_effect",
                        _("Relative effect (%)"),
                        o.get("relative_effect"),
                        help=_("Share of the cases avoided, in percent."),
                    )
                )
            values = []
            for j, v in enumerate(o.get("values") or []):
                v = v if isinstance(v, dict) else {}
                vpath = f"{path}.values[{j}]"
                values.append(
                    self._field(
                        f"{vpath}.amount",
                        _("%(stakeholder)s, kr per changed case and year (%(kind)s)")
                        % {
                            "stakeholder": _name(names, v.get("stakeholder")),
                            "kind": _("transfer") if v.get("kind") == "transfer" else _("resource"),
                        },
                        v.get("amount"),
                    )
                )
            self.outcomes.append(
                {
                    "path": path,
                    "group": self._field(path, o.get("label") or _("Outcome %(n)s") % {"n": i + 1}),
                    "inputs": inputs,
                    "values": values,
                }
            )
