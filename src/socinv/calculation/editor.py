"""The structured calculation form: posted fields ↔ the spec's mapping.

Every input is named by its spec path (``costs[0].amount``, ``outcomes[1].values[0].kind``;
an uncertain number adds ``.dist`` and ``.<dist>.<key>``, e.g. ``.normal.sd``,
``.triangular.low``), so a :class:`~socinv.core.calc.Problem`'s path names its field
directly. :func:`build_data` turns the POST into the mapping that the engine's
``from_dict`` validates (never a second implementation): a value that is not a number
is passed on as typed, so the engine reports it and the page shows it again unchanged.
Empty inputs are left out (then the engine applies its default or says "is required").
"""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from socinv.l10n.messages import localise

from . import wording
from .units import (
    is_percent,
    read_number,
    read_numbers,
    read_percent,
    show_list,
    show_number,
    show_percent,
    to_indices,
    to_years,
)

DIST_KEYS = {
    "normal": ("mean", "sd", "min", "max"),
    "triangular": ("low", "mode", "high"),
    "uniform": ("low", "high"),
}
FRACTIONS = ("drop_off", "deadweight", "attribution", "displacement", "out_migration")
REPAYMENT_KEYS = ("amount", "share_of_savings", "period", "start", "internal_rate")


# -- reading the POST ------------------------------------------------------------------------
_number = read_number  # the expost form reads its numbers the same way


def _count(post, key: str) -> int:
    try:
        return max(0, min(200, int(post.get(key, "0"))))
    except ValueError:
        return 0


class _Post:
    def __init__(self, post):
        self.post = post

    def text(self, key: str) -> str:
        return (self.post.get(key) or "").strip()

    def put_text(self, out: dict, key: str, path: str) -> None:
        v = self.text(path)
        if v:
            out[key] = v

    def put_number(self, out: dict, key: str, path: str) -> None:
        """A number as typed; a rate or a share (:func:`units.is_percent`) in percent, with
        or without its sign (``3,5`` or ``3,5 %``), read as the ex-post form reads it."""
        v = self.text(path)
        if v:
            out[key] = read_percent(v) if is_percent(path) else read_number(v)

    def put_param(self, out: dict, key: str, path: str) -> None:
        dist = self.text(f"{path}.dist") or "fixed"
        if dist == "fixed" or dist not in DIST_KEYS:
            self.put_number(out, key, path)
            return
        value: dict[str, Any] = {"dist": dist}
        for k in DIST_KEYS[dist]:
            self.put_number(value, k, f"{path}.{dist}.{k}")
        out[key] = value


def build_data(post, catalogue: dict[str, dict]) -> dict[str, Any]:
    """The spec's mapping from the posted form. ``catalogue``: key → {name, municipal,
    public} of the organisation's stakeholders (the only ones that can be chosen)."""
    p = _Post(post)
    data: dict[str, Any] = {}
    p.put_text(data, "name", "name")
    for key in ("start_year", "horizon", "discount_rate", "success_probability"):
        p.put_number(data, key, key)
    start = data.get("start_year")
    if p.text("participants"):
        data["participants"] = read_numbers(p.text("participants"))
    chosen = [k for k in post.getlist("stakeholders") if k in catalogue]
    data["stakeholders"] = [{"id": k, **catalogue[k]} for k in catalogue if k in chosen]

    costs = []
    for i in range(_count(post, "costs.count")):
        path = f"costs[{i}]"
        cost: dict[str, Any] = {}
        p.put_text(cost, "label", f"{path}.label")
        p.put_text(cost, "stakeholder", f"{path}.stakeholder")
        if p.text(f"{path}.years"):  # calendar years in the form, indices in the engine
            cost["years"] = to_indices(read_numbers(p.text(f"{path}.years")), start)
        p.put_param(cost, "amount", f"{path}.amount")
        p.put_param(cost, "amount_per_participant", f"{path}.amount_per_participant")
        costs.append(cost)
    if costs:
        data["costs"] = costs

    outcomes = []
    for i in range(_count(post, "outcomes.count")):
        path = f"outcomes[{i}]"
        o: dict[str, Any] = {}
        p.put_text(o, "label", f"{path}.label")
        if p.text(f"{path}.effect") == "cases":
            p.put_param(o, "cases_per_participant", f"{path}.cases_per_participant")
        else:
            p.put_param(o, "baseline_rate", f"{path}.baseline_rate")
            p.put_param(o, "relative_effect", f"{path}.relative_effect")
        p.put_number(o, "lag", f"{path}.lag")
        p.put_number(o, "duration", f"{path}.duration")
        for key in FRACTIONS:
            p.put_param(o, key, f"{path}.{key}")
        values = []
        for j in range(_count(post, f"{path}.values.count")):
            vpath = f"{path}.values[{j}]"
            v: dict[str, Any] = {}
            p.put_text(v, "stakeholder", f"{vpath}.stakeholder")
            p.put_param(v, "amount", f"{vpath}.amount")
            v["kind"] = p.text(f"{vpath}.kind") or "resource"
            values.append(v)
        o["values"] = values
        outcomes.append(o)
    if outcomes:
        data["outcomes"] = outcomes

    if post.get("repayment.enabled"):
        rp: dict[str, Any] = {}
        p.put_text(rp, "stakeholder", "repayment.stakeholder")
        method = p.text("repayment.method") or "savings"
        rp["method"] = method
        for key in REPAYMENT_KEYS:
            if key == "share_of_savings" and method != "savings":
                continue
            if key == "period" and method != "depreciation":
                continue
            p.put_number(rp, key, f"repayment.{key}")
        if "start" in rp:  # a calendar year in the form
            rp["start"] = to_indices([rp["start"]], start)[0]
        data["repayment"] = rp
    return data


# -- changing the rows (add / remove, without JavaScript) ---------------------------------------
def empty_cost() -> dict:
    return {"years": [0]}


def empty_outcome() -> dict:
    return {"values": [{"kind": "resource"}]}


def apply_row_action(data: dict, action: str) -> bool:
    """``add:costs``, ``add:outcomes``, ``add:outcomes[0].values``, ``remove:costs[1]``,
    ``remove:outcomes[0].values[2]``: change ``data`` in place; False if unknown."""
    verb, _, target = action.partition(":")
    m = re.fullmatch(r"(costs|outcomes)(?:\[(\d+)\](?:\.values(?:\[(\d+)\])?)?)?", target)
    if not m or verb not in ("add", "remove"):
        return False
    group, i, j = m.group(1), m.group(2), m.group(3)
    rows = data.setdefault(group, [])
    if verb == "add":
        if i is None:
            rows.append(empty_cost() if group == "costs" else empty_outcome())
            return True
        if group == "outcomes" and int(i) < len(rows) and target.endswith(".values"):
            rows[int(i)].setdefault("values", []).append({"kind": "resource"})
            return True
        return False
    if i is None or int(i) >= len(rows):
        return False
    if j is None:
        del rows[int(i)]
        return True
    values = rows[int(i)].get("values", [])
    if int(j) < len(values):
        del values[int(j)]
        return True
    return False


# -- errors → fields --------------------------------------------------------------------------
def field_id(path: str) -> str:
    return "f-" + re.sub(r"[^A-Za-z0-9_-]", "-", path)


def anchor(path: str, names: set[str]) -> str | None:
    """The field (or group) that shows a problem at ``path``: the path itself, else the
    nearest enclosing one (``participants[2]`` → ``participants``)."""
    while path:
        if path in names:
            return path
        m = re.fullmatch(r"(.*)(\[\d+\]|\.[^.\[\]]+)", path)
        if not m:
            return None
        path = m.group(1)
        if path.startswith("stakeholders"):
            path = "stakeholders"
    return None


# -- rendering --------------------------------------------------------------------------------
def _show(v: Any, path: str = "") -> str:
    """A value as the form shows it: numbers in Swedish format, rates and shares in
    percent, lists (years, cohorts) as written."""
    if isinstance(v, list):
        return show_list(v)
    if is_percent(path):
        return show_percent(v, get_language() or "sv")
    return show_number(v, get_language() or "sv")


class Editor:
    """What the template needs: each field's name, id, value and errors; groups' errors."""

    PARAM_LABELS = {
        "mean": _("Mean"),
        "sd": _("Standard deviation"),
        "min": _("Minimum"),
        "max": _("Maximum"),
        "low": _("Low"),
        "mode": _("Most likely"),
        "high": _("High"),
    }

    def __init__(self, data: dict, catalogue: dict[str, dict], problems=(), readonly=False):
        self.data = data
        self.catalogue = catalogue
        self.readonly = readonly
        self.names: set[str] = set()
        self.ids: dict[str, str] = {}
        self.errors: dict[str, list[str]] = {}
        self.unplaced: list[str] = []
        self.labels: dict[str, str] = {}  # spec path → the form's label (for messages)
        self._build()
        self.summary = self.describe(problems)
        for item in self.summary:
            if item["anchor"] is None:
                self.unplaced.append(item["text"])
            else:
                self.errors.setdefault(item["anchor"], []).append(item["message"])
        self._attach_errors()

    def describe(self, problems) -> list[dict]:
        """Each problem as the page shows it: ``text`` names the field as the form does
        ("Effekt 1, Benämning: måste fyllas i"), ``message`` is what the field itself
        shows, ``path`` the engine's path (a detail), ``href`` the field's anchor."""
        lang = get_language() or "sv"
        names = {k: v["name"] for k, v in self.catalogue.items()}
        out = []
        for pr in localise(problems, lang):
            text = wording.message(pr, self.data, names, lang)
            a = anchor(pr.path, self.names)
            place = wording.where(pr.path, self.labels) if pr.path else ""
            out.append(
                {
                    "text": f"{place}: {text}" if place else text,
                    "message": text,
                    "path": pr.path,
                    "anchor": a,
                    "href": None if a is None else "#" + self.ids[a],
                }
            )
        return out

    # each field is a dict; errors are attached after all names are known
    def _field(self, path: str, label, value: Any = None, **extra) -> dict:
        self.names.add(path)
        self.ids.setdefault(path, field_id(path))
        f = {"name": path, "id": field_id(path), "label": label, "value": _show(value, path)}
        if "#" not in path and not extra.get("unnamed"):
            self.labels.setdefault(path, label)
        f.update(extra)
        self._fields.append(f)
        return f

    def _param(self, path: str, label, value: Any, help_text=None) -> dict:
        dist = value.get("dist") if isinstance(value, dict) else "fixed"
        if dist not in DIST_KEYS:
            dist = "fixed" if not isinstance(value, dict) else dist
        fixed_value = None if isinstance(value, dict) else value
        group = self._field(path, label, fixed_value, param=True, dist=dist, help=help_text)
        if dist != "fixed":  # the plain-value input is hidden: link problems to the group
            group["anchor_id"] = group["id"] + "-group"
            self.ids[path] = group["anchor_id"]
        self._field(f"{path}.dist", _("Uncertainty"), dist, unnamed=True)
        parts = []
        for dname, keys in DIST_KEYS.items():
            for k in keys:
                v = value.get(k) if isinstance(value, dict) and value.get("dist") == dname else None
                parts.append(
                    self._field(f"{path}.{k}#{dname}", self.PARAM_LABELS[k], v, sub=k, dname=dname)
                )
        group["dists"] = [
            {
                "name": dname,
                "fields": [p for p in parts if p["dname"] == dname],
            }
            for dname in DIST_KEYS
        ]
        for p in parts:  # the posted name has no '#dist' suffix; ids stay unique
            # posted as path.<dist>.<key>: triangular and uniform both have low and high
            p["post_name"] = f"{path}.{p['dname']}.{p['sub']}"
            if p["dname"] == dist:  # problems at path.sd etc. go to the shown input
                spec_path = f"{path}.{p['sub']}"
                self.names.add(spec_path)
                self.ids[spec_path] = p["id"]
                self.labels[spec_path] = p["label"]
        return group

    def _build(self) -> None:
        d = self.data
        start = d.get("start_year")
        self._fields: list[dict] = []
        self.general = [
            self._field("name", _("Name of the calculation"), d.get("name"), required=True),
            self._field(
                "start_year",
                _("Start year"),
                show_list(d.get("start_year")),  # a year, never grouped
                required=True,
                help=_("The first calendar year of the calculation, e.g. 2026."),
            ),
            self._field("horizon", _("Horizon (years)"), d.get("horizon"), required=True),
            self._field(
                "discount_rate",
                _("Discount rate (%)"),
                d.get("discount_rate"),
                required=True,
                help=_("Real rate per year in percent, e.g. 3,5."),
            ),
            self._field(
                "success_probability",
                _("Probability that the method works (%)"),
                d.get("success_probability"),
                help=_("In percent, 0–100; empty means 100."),
            ),
            self._field(
                "participants",
                _("Participants per cohort"),
                d.get("participants"),
                help=_(
                    "New participants starting in the start year and each following year, "
                    "separated by commas, e.g. 20, 20, 20."
                ),
            ),
        ]
        chosen = {s.get("id") for s in d.get("stakeholders") or [] if isinstance(s, dict)}
        self.stakeholders_field = self._field("stakeholders", _("Stakeholders"))
        self.stakeholder_choices = [
            {
                "key": k,
                "name": v["name"],
                "municipal": v["municipal"],
                "public": v["public"],
                "checked": k in chosen,
                "id": field_id(f"stakeholders-{k}"),
            }
            for k, v in self.catalogue.items()
        ]
        self.unknown_stakeholders = sorted(
            s for s in chosen if s is not None and s not in self.catalogue
        )
        self.costs = []
        for i, c in enumerate(d.get("costs") or []):
            c = c if isinstance(c, dict) else {}
            path = f"costs[{i}]"
            years = c.get("years", [c["year"]] if "year" in c else None)
            if isinstance(years, list):
                years = to_years(years, start)
            self.costs.append(
                {
                    "path": path,
                    "group": self._field(path, _("Cost %(n)s") % {"n": i + 1}),
                    "label": self._field(f"{path}.label", _("Label"), c.get("label")),
                    "stakeholder": self._field(
                        f"{path}.stakeholder", _("Stakeholder"), c.get("stakeholder")
                    ),
                    "years": self._field(
                        f"{path}.years",
                        _("Calendar years"),
                        years,
                        help=_("Calendar years, e.g. 2026, 2027, 2028."),
                    ),
                    "amount": self._param(
                        f"{path}.amount", _("Amount per year (kr)"), c.get("amount")
                    ),
                    "per_participant": self._param(
                        f"{path}.amount_per_participant",
                        _("Amount per participant (kr)"),
                        c.get("amount_per_participant"),
                        help_text=_("Times the cohort starting that year."),
                    ),
                }
            )
        self.outcomes = []
        for i, o in enumerate(d.get("outcomes") or []):
            o = o if isinstance(o, dict) else {}
            path = f"outcomes[{i}]"
            effect = "cases" if "cases_per_participant" in o else "pair"
            values = []
            for j, v in enumerate(o.get("values") or []):
                v = v if isinstance(v, dict) else {}
                vpath = f"{path}.values[{j}]"
                values.append(
                    {
                        "path": vpath,
                        "group": self._field(vpath, _("Value %(n)s") % {"n": j + 1}),
                        "stakeholder": self._field(
                            f"{vpath}.stakeholder", _("Stakeholder"), v.get("stakeholder")
                        ),
                        "amount": self._param(
                            f"{vpath}.amount",
                            _("Amount per changed case and year (kr)"),
                            v.get("amount"),
                            help_text=_("Negative for a loss."),
                        ),
                        "kind": self._field(f"{vpath}.kind", _("Kind"), v.get("kind", "resource")),
                    }
                )
            self.outcomes.append(
                {
                    "path": path,
                    "group": self._field(path, _("Outcome %(n)s") % {"n": i + 1}),
                    "label": self._field(f"{path}.label", _("Label"), o.get("label")),
                    "effect": self._field(f"{path}.effect", _("How the effect is given"), effect),
                    "baseline_rate": self._param(
                        f"{path}.baseline_rate",
                        _("Baseline rate (%)"),
                        o.get("baseline_rate"),
                        help_text=_("Cases per participant without the project, in percent."),
                    ),
                    "relative_effect": self._param(
                        f"{path}.relative_effect",
                        _("Relative effect (%)"),
                        o.get("relative_effect"),
                        help_text=_("Share of the cases avoided, in percent."),
                    ),
                    "cases": self._param(
                        f"{path}.cases_per_participant",
                        _("Changed cases per participant"),
                        o.get("cases_per_participant"),
                    ),
                    "lag": self._field(f"{path}.lag", _("Lag (years)"), o.get("lag")),
                    "duration": self._field(
                        f"{path}.duration", _("Duration (years)"), o.get("duration")
                    ),
                    "fractions": [
                        self._param(f"{path}.{k}", label, o.get(k))
                        for k, label in (
                            ("drop_off", _("Drop-off per year (%)")),
                            ("deadweight", _("Deadweight (%)")),
                            ("attribution", _("Attribution (%)")),
                            ("displacement", _("Displacement (%)")),
                            ("out_migration", _("Out-migration per year (%)")),
                        )
                    ],
                    "values_group": self._field(
                        f"{path}.values", _("Values per stakeholder"), unnamed=True
                    ),
                    "values": values,
                }
            )
        rp = d.get("repayment") if isinstance(d.get("repayment"), dict) else None
        r = rp or {}
        self.repayment_enabled = rp is not None
        self.repayment = {
            "group": self._field("repayment", _("Repayment")),
            "stakeholder": self._field(
                "repayment.stakeholder", _("Board that repays"), r.get("stakeholder")
            ),
            "method": self._field("repayment.method", _("Method"), r.get("method", "savings")),
            "amount": self._field("repayment.amount", _("Amount to repay (kr)"), r.get("amount")),
            "share_of_savings": self._field(
                "repayment.share_of_savings",
                _("Share of each year's saving (%)"),
                r.get("share_of_savings"),
                help=_("Method savings; in percent, empty means 100."),
            ),
            "period": self._field(
                "repayment.period",
                _("Repayment period (years)"),
                r.get("period"),
                help=_("Method depreciation only."),
            ),
            "start": self._field(
                "repayment.start",
                _("First year with repayment"),
                show_list(to_years([r["start"]], start)[0]) if "start" in r else None,
                help=_("A calendar year; empty means the start year."),
            ),
            "internal_rate": self._field(
                "repayment.internal_rate",
                _("Internal interest rate (%)"),
                r.get("internal_rate"),
                help=_("In percent per year, e.g. 2."),
            ),
        }

    def _attach_errors(self) -> None:
        for f in self._fields:
            key = f["name"].split("#")[0]
            mine = self.ids.get(key) in (f["id"], f.get("anchor_id"))
            f["errors"] = self.errors.get(key, []) if mine else []
            ids = []
            if f.get("help"):
                ids.append(f["id"] + "-help")
            if f["errors"]:
                ids.append(f["id"] + "-error")
            f["describedby"] = " ".join(ids)

    @property
    def stakeholder_options(self) -> list[dict]:
        return [{"key": k, "name": v["name"]} for k, v in self.catalogue.items()]
