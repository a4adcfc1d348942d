"""The decision memo (beslutsunderlag / tjänsteskrivelse): everything it shows, read once
and formatted here, so that the HTML preview and the PDF render the very same context.

The memo is a Swedish document whatever the reader's language: it goes to a Swedish
political body and is filed (diarieförs) as it is. Its wording therefore sits in the
templates in Swedish, and its figures are formatted with ``lang="sv"`` (``1 234 567 kr``).

The application (``socinv.applications``), the review and decision (``socinv.review``)
and the charts (``socinv.io.charts``) are read when they exist: every lookup is lazy and
tolerant, so that a memo can be made for any project, and each section says plainly what
is not there yet ("Ännu inte beredd", "Inget beslutsförslag").
"""

from __future__ import annotations

import base64
import datetime
import tomllib
from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import FieldError
from django.db import DatabaseError, transaction
from django.utils import timezone

from socinv.fund import selectors
from socinv.l10n import format_decimal, format_money, format_percent
from socinv.projects.models import Project

LANG = "sv"
# key, heading, short label (table columns), how the summary names its NPV
PERSPECTIVES = [
    ("municipal", "Kommunalekonomisk kalkyl", "Kommunalekonomisk", "kommunalekonomiskt"),
    ("public", "Kalkyl för hela offentlig sektor", "Offentlig sektor", "för hela offentlig sektor"),
    ("societal", "Samhällsekonomisk kalkyl", "Samhällsekonomisk", "samhällsekonomiskt"),
]
LEVELS = [
    ("resources", "Resurser"),
    ("activities", "Aktiviteter"),
    ("outputs", "Prestationer"),
    ("outcomes", "Effekter"),
    ("impact", "Påverkan"),
    ("value", "Skapat värde"),
]
LEVEL_ALIASES = {
    "resource": "resources",
    "inputs": "resources",
    "input": "resources",
    "activity": "activities",
    "output": "outputs",
    "outcome": "outcomes",
    "impacts": "impact",
    "value_created": "value",
    "values": "value",
}
RISK_LABELS = {"low": "Låg risk", "medium": "Medelhög risk", "high": "Hög risk", "": "Ej klassad"}
TYPE_LABELS = {
    "method_trial": "Metodprövning",
    "method_development": "Metodutveckling",
    "social_innovation": "Social innovation",
}
ROUTE_LABELS = {"innovation": "Innovationsvägen", "implementation": "Implementeringsvägen"}
LOGIC_LABELS = {"plan_driven": "Plandriven", "experimental": "Experimentell"}
PHASE_LABELS = {
    "application": "Ansökan",
    "implementation": "Genomförande",
    "closing": "Avslut",
    "scale_up": "Implementering",
}


def kr(value: float | None) -> str:
    """Kronor (float) → ``1 234 567 kr``."""
    return format_money(None if value is None else round(float(value)), LANG)


def ore_kr(ore: int | None) -> str:
    return "–" if ore is None else kr(ore / 100)


# --- tolerant reads of models that other apps define -------------------------------------


def _model(app_label: str, name: str):
    try:
        return apps.get_model(app_label, name)
    except LookupError:
        return None


def _pick(obj, *names, default=None):
    """The first of ``names`` that ``obj`` has with a non-empty value; for a field with
    choices its display text."""
    if obj is None:
        return default
    for name in names:
        if not hasattr(obj, name):
            continue
        display = getattr(obj, f"get_{name}_display", None)
        value = display() if callable(display) else getattr(obj, name)
        if callable(value) and not hasattr(value, "all"):
            continue
        if value not in (None, "", [], {}):
            return value
    return default


def _money_of(obj, *names):
    """An amount in kronor from the first field present: ``*_ore`` fields are öre."""
    for name in names:
        for candidate in (f"{name}_ore", name):
            value = getattr(obj, candidate, None)
            if value is not None and not callable(value):
                try:
                    number = float(value)
                except (TypeError, ValueError):
                    continue
                return number / 100 if candidate.endswith("_ore") else number
    return None


def _for_project(model, project, application=None):
    """Rows of ``model`` belonging to the project (by ``project`` or ``application``)."""
    if model is None:
        return []
    for key, value in (("project", project), ("application", application)):
        if value is None:
            continue
        try:
            # a savepoint: a table not yet migrated must not spoil the request's transaction
            with transaction.atomic():
                return list(model.objects.filter(**{key: value}))
        except (FieldError, ValueError, TypeError, DatabaseError):
            continue
    return []


def _latest(rows):
    def key(row):
        when = _pick(row, "decided_at", "reviewed_at", "created_at", "updated_at")
        return (when.timestamp() if hasattr(when, "timestamp") else 0, row.pk or 0)

    try:
        return max(rows, key=key) if rows else None
    except TypeError:
        return rows[-1] if rows else None


def _application(project):
    model = _model("applications", "Application")
    if model is None:
        return None
    try:
        with transaction.atomic():
            return model.objects.filter(project=project).first()
    except (FieldError, ValueError, DatabaseError):
        return None


# --- sections ---------------------------------------------------------------------------


@dataclass
class Fact:
    label: str
    value: str


@dataclass
class Section:
    available: bool = False
    note: str = ""
    facts: list[Fact] = field(default_factory=list)


APPLICATION_FIELDS = [
    ("need", "Behov"),
    ("needs_analysis", "Behovsanalys"),
    ("need_analysis", "Behovsanalys"),
    ("needs_source", "Källa (verksamhetsplan, statistik)"),
    ("need_source", "Källa (verksamhetsplan, statistik)"),
    ("needs_figures", "Siffror som visar behovet"),
    ("need_figures", "Siffror som visar behovet"),
    ("target_group", "Målgrupp"),
    ("target_group_size", "Målgruppens storlek"),
    ("intervention", "Insats"),
    ("expected_effects", "Förväntade effekter"),
    ("civil_society_partners", "Partner i idéburen sektor"),
    ("evaluation_plan", "Utvärderingsplan"),
    ("comparison_group", "Jämförelsegrupp"),
    ("implementation_plan", "Plan för implementering i ordinarie verksamhet"),
    ("implementation_owner_name", "Chef som tar emot metoden"),
    ("implementation_owner_title", "Chefens befattning"),
    ("implementation_signed_on", "Undertecknad"),
]


def _text(value) -> str:
    if isinstance(value, datetime.datetime):
        return (
            timezone.localtime(value).strftime("%Y-%m-%d")
            if timezone.is_aware(value)
            else value.strftime("%Y-%m-%d")
        )
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "Ja" if value else "Nej"
    if isinstance(value, float):
        return format_decimal(value, 2, LANG)
    if hasattr(value, "all"):  # a related manager
        return ", ".join(str(v) for v in value.all()) or "–"
    return str(value)


def need_section(project, application) -> Section:
    section = Section()
    if application is not None:
        seen = set()
        for name, label in APPLICATION_FIELDS:
            value = _pick(application, name)
            if value is not None and label not in seen:
                seen.add(label)
                section.facts.append(Fact(label, _text(value)))
        cost = _money_of(application, "evaluation_cost")
        if cost:
            section.facts.append(Fact("Kostnad för utvärderingen", kr(cost)))
    if not any(f.label.startswith("Målgrupp") for f in section.facts) and project.target_group:
        section.facts.append(Fact("Målgrupp", project.target_group))
    section.available = bool(section.facts)
    if application is None:
        section.note = "Ingen ansökan är registrerad i systemet för projektet."
    elif not section.available:
        section.note = "Ansökan beskriver ännu inte behovet."
    return section


@dataclass
class Level:
    key: str
    label: str
    statements: list[str] = field(default_factory=list)
    indicators: list[dict] = field(default_factory=list)


def _level_of(row) -> str:
    raw = str(getattr(row, "level", "") or "").strip().lower()
    return LEVEL_ALIASES.get(raw, raw)


def evidence_chain(project, application) -> tuple[list[Level], bool]:
    statements = _for_project(_model("applications", "EvidenceStatement"), project, application)
    indicators = _for_project(_model("applications", "Indicator"), project, application)
    levels = {key: Level(key, label) for key, label in LEVELS}

    def order(row):
        return (getattr(row, "order", 0) or 0, row.pk or 0)

    statements.sort(key=order)
    indicators.sort(key=order)
    for row in statements:
        level = levels.get(_level_of(row))
        text = _pick(row, "text", "statement", "description", "body")
        if level is not None and text:
            level.statements.append(str(text))
    for row in indicators:
        level = levels.get(_level_of(row))
        if level is None:
            continue
        baseline = _pick(row, "baseline", "baseline_value")
        target = _pick(row, "target", "target_value")
        source = _pick(row, "baseline_source", "source")
        when = _pick(row, "baseline_date")
        level.indicators.append(
            {
                "name": str(_pick(row, "name", "label", "title", default="–")),
                "unit": str(_pick(row, "unit", default="")),
                "baseline": "–" if baseline is None else _text(baseline),
                "baseline_source": " ".join(
                    t for t in (_text(source) if source else "", _text(when) if when else "") if t
                ),
                "target": "–" if target is None else _text(target),
            }
        )
    ordered = [levels[key] for key, _ in LEVELS]
    return ordered, bool(statements or indicators)


def _stakeholder_names(project) -> dict[str, str]:
    try:
        data = tomllib.loads(project.calculation_toml or "")
    except (tomllib.TOMLDecodeError, TypeError):
        return {}
    return {
        s.get("id"): s.get("name") or s.get("id")
        for s in data.get("stakeholders", [])
        if isinstance(s, dict)
    }


def _payback(value, start_year) -> str:
    if value is None:
        return "Inom kalkylperioden nås ingen återbetalning"
    if start_year is None:
        return f"år {value}"
    return f"{start_year + int(value)} (år {value} i kalkylen)"


def _svg_img(svg, alt: str) -> dict | None:
    if not svg:
        return None
    data = svg.encode("utf-8") if isinstance(svg, str) else bytes(svg)
    return {
        "src": "data:image/svg+xml;base64," + base64.b64encode(data).decode("ascii"),
        "alt": alt,
    }


def _charts_module():
    try:
        from socinv.io import charts
    except Exception:  # noqa: BLE001 - not built yet, or matplotlib missing: memo without charts
        return None
    return charts


def _chart(func_name: str, *args, alt: str):
    charts = _charts_module()
    func = getattr(charts, func_name, None) if charts is not None else None
    if func is None:
        return None
    try:
        return _svg_img(func(*args), alt)
    except Exception:  # noqa: BLE001 - a chart that cannot be drawn is left out, not the memo
        return None


def _npv_draws(project, meta: dict):
    """The NPV draws behind the stored Monte Carlo summary, drawn again with its seed by the
    calculation editor's helper (the same engine), for the histogram; None when that
    helper is not there or the calculation no longer parses."""
    try:
        from socinv.calculation.results import npv_draws
        from socinv.core.calc.parse import parse

        calc = parse(project.calculation_toml, source="calculation")
        return npv_draws(calc, int(meta["draws"]), int(meta.get("seed") or 0))
    except Exception:  # noqa: BLE001 - the histogram is left out, never the memo
        return None


def calculation_section(project) -> dict | None:
    result = project.calculation_result
    if not isinstance(result, dict) or not isinstance(result.get("perspectives"), dict):
        return None
    start = result.get("start_year")
    horizon = result.get("horizon") or 0
    mc = (result.get("monte_carlo") or {}).get("perspectives") or {}
    perspectives = []
    for key, heading, short, phrase in PERSPECTIVES:
        p = result["perspectives"].get(key)
        if not isinstance(p, dict):
            continue
        rows = [
            ("Nuvärde av nyttor", kr(p.get("pv_benefits"))),
            ("Nuvärde av kostnader", kr(p.get("pv_costs"))),
            ("Nettonuvärde", kr(p.get("npv"))),
            ("Förväntat nettonuvärde", kr(p.get("expected_npv"))),
            ("Nytto-kostnadskvot", format_decimal(p.get("bcr"), 2, LANG)),
            ("Återbetalningsår", _payback(p.get("payback_year"), start)),
            ("Brytpunktsfaktor", format_decimal(p.get("break_even_factor"), 2, LANG)),
        ]
        m = mc.get(key) or {}
        if m:
            rows += [
                (
                    "Sannolikhet för positivt nettonuvärde (Monte Carlo)",
                    format_percent(m.get("prob_positive"), 0, LANG),
                ),
                ("Simulerat nettonuvärde, median", kr(m.get("p50"))),
                (
                    "Simulerat nettonuvärde, 5:e–95:e percentilen",
                    f"{kr(m.get('p05'))} – {kr(m.get('p95'))}",
                ),
            ]
        perspectives.append(
            {
                "key": key,
                "heading": heading,
                "short": short,
                "phrase": phrase,
                "npv": kr(p.get("npv")),
                "positive": (p.get("npv") or 0) > 0,
                "rows": rows,
                "cumulative": [
                    kr(v) for v in (p.get("annual") or {}).get("cumulative_discounted_net", [])
                ],
            }
        )
    years = [str(start + i) if start is not None else str(i) for i in range(horizon)]
    annual = [
        {
            "year": year,
            "values": [
                p["cumulative"][i] if i < len(p["cumulative"]) else "–" for p in perspectives
            ],
        }
        for i, year in enumerate(years)
    ]
    names = _stakeholder_names(project)
    stakeholders = [
        {
            "name": names.get(sid, sid),
            "pv_benefits": kr(s.get("pv_benefits")),
            "pv_costs": kr(s.get("pv_costs")),
            "npv": kr(s.get("npv")),
        }
        for sid, s in (result.get("stakeholders") or {}).items()
        if isinstance(s, dict)
    ]
    repayment = None
    rep = result.get("repayment")
    if isinstance(rep, dict) and rep:
        by = rep.get("repaid_by_year")
        repayment = [
            ("Att återföra", kr(rep.get("total", 0) + rep.get("outstanding", 0))),
            ("Återfört inom kalkylperioden", kr(rep.get("total"))),
            ("Kvar efter kalkylperioden", kr(rep.get("outstanding"))),
            (
                "Helt återfört",
                _payback(by, start) if by is not None else "Nej, inte inom kalkylperioden",
            ),
            ("Kapitalkostnad (internränta) totalt", kr(rep.get("capital_cost_total"))),
        ]
    charts = []
    cumulative = _chart(
        "cumulative_net_svg",
        result,
        LANG,
        alt="Diagram: ackumulerat diskonterat netto per år och perspektiv (värdena står i tabellen).",
    )
    if cumulative:
        charts.append(cumulative)
    draws = _npv_draws(project, result.get("monte_carlo") or {}) if mc else None
    if draws:
        histogram = _chart(
            "npv_histogram_svg",
            draws,
            LANG,
            alt="Diagram: fördelningen av nettonuvärdet i Monte Carlo-simuleringen.",
        )
        if histogram:
            charts.append(histogram)
    return {
        "start_year": start,
        "horizon": horizon,
        "discount_rate": format_percent(result.get("discount_rate"), 1, LANG),
        "success_probability": format_percent(project.success_probability, 0, LANG)
        if project.success_probability is not None
        else None,
        "perspectives": perspectives,
        "annual": annual,
        "stakeholders": stakeholders,
        "repayment": repayment,
        "monte_carlo": bool(mc),
        "draws": (result.get("monte_carlo") or {}).get("draws"),
        "charts": charts,
        "charts_available": _charts_module() is not None,
    }


def _review(project, application):
    return _latest(_for_project(_model("review", "Review"), project, application))


def _decision(project, application):
    return _latest(_for_project(_model("review", "Decision"), project, application))


def _decision_years(decision) -> list[tuple[str, float]]:
    rows = []
    related = None
    for name in ("years", "decision_years", "decisionyear_set", "amounts"):
        manager = getattr(decision, name, None)
        if manager is not None and hasattr(manager, "all"):
            related = list(manager.all())
            break
    if related is None:
        related = []
        model = _model("review", "DecisionYear")
        if model is not None:
            try:
                with transaction.atomic():
                    related = list(model.objects.filter(decision=decision))
            except (FieldError, ValueError, DatabaseError):
                related = []
    for row in related:
        year = _pick(row, "year", default="–")
        amount = _money_of(row, "amount")
        if amount is not None:
            rows.append((str(year), amount))
    rows.sort()
    return rows


def _budget_years(project, application) -> list[tuple[str, float]]:
    rows = []
    for row in _for_project(_model("applications", "BudgetYear"), project, application):
        amount = _money_of(row, "amount", "applied", "fund_amount", "requested")
        if amount is not None:
            rows.append((str(_pick(row, "year", default="–")), amount))
    rows.sort()
    return rows


DECISION_FIELDS = [
    ("body", "Beslutande organ"),
    ("board", "Nämnd"),
    ("decision_body", "Beslutande organ"),
    ("date", "Beslutsdatum"),
    ("decision_date", "Beslutsdatum"),
    ("dnr", "Diarienummer"),
    ("decision_dnr", "Diarienummer"),
    ("outcome", "Utfall"),
    ("conditions", "Villkor"),
    ("repayment_method", "Återföring: metod"),
    ("repayment_share", "Återföring: andel av besparingen"),
    ("repayment_period_years", "Återföring: period (år)"),
    ("repayment_period", "Återföring: period (år)"),
    ("repayment_start_year", "Återföring: från år"),
    ("repayment_start", "Återföring: från år"),
    ("write_down_bearer", "Vem bär en nedskrivning"),
    ("bearer", "Vem bär en nedskrivning"),
]


def decision_section(project, application, decision, review=None) -> dict:
    if decision is not None:
        facts, seen = [], set()
        for name, label in DECISION_FIELDS:
            value = _pick(decision, name)
            if value is not None and label not in seen:
                seen.add(label)
                if name == "repayment_share" and isinstance(value, float) and value <= 1:
                    facts.append(Fact(label, format_percent(value, 0, LANG)))
                else:
                    facts.append(Fact(label, _text(value)))
        years = _decision_years(decision)
        return {
            "kind": "decision",
            "heading": "Beslut",
            "facts": facts,
            "years": [(y, kr(a)) for y, a in years],
            "total": kr(sum(a for _, a in years)) if years else None,
            "total_kr": sum(a for _, a in years),
        }
    years = _budget_years(project, application)
    if years:
        return {
            "kind": "proposal",
            "heading": "Förslag till beslut",
            "facts": [],
            "years": [(y, kr(a)) for y, a in years],
            "total": kr(sum(a for _, a in years)),
            "total_kr": sum(a for _, a in years),
        }
    facts = []
    recommendation = _pick(review, "recommendation")
    if recommendation:
        facts.append(Fact("Styrgruppens rekommendation", _text(recommendation)))
    amount = _money_of(review, "amount") if review is not None else None
    if amount:
        facts.append(Fact("Föreslaget belopp", kr(amount)))
    if facts:
        return {
            "kind": "proposal",
            "heading": "Förslag till beslut",
            "facts": facts,
            "years": [],
            "total": kr(amount) if amount else None,
            "total_kr": amount or 0,
        }
    return {
        "kind": "none",
        "heading": "Förslag till beslut",
        "facts": [],
        "years": [],
        "total": None,
        "total_kr": 0,
    }


def _bounds(fund) -> dict[str, tuple[float, float]]:
    return {b.risk_class: (b.min_share, b.max_share) for b in fund.risk_bounds.all()}


def portfolio_effect(project, risk_class: str, amount_kr: float) -> dict | None:
    """The fund's risk spread by committed money before and after this project's money,
    against the policy's bounds. Money already committed to the project counts as "after"
    (the decision is taken); otherwise the proposed amount is added to its risk class."""
    if not risk_class:
        return None
    fund = project.fund
    spread_after = {k: v for k, v in selectors.risk_spread(fund).items()}
    committed = selectors.project_totals(project).committed
    spread_before = dict(spread_after)
    if committed > 0:
        # the commitments sit under the project's stored class
        stored = project.risk_class or ""
        spread_before[stored] = spread_before.get(stored, 0) - committed
    else:
        if amount_kr <= 0:
            return None
        spread_after[risk_class] = spread_after.get(risk_class, 0) + round(amount_kr * 100)
    bounds = _bounds(fund)
    steered = fund.risk_policy == fund.RiskPolicy.STEERED
    total_before = sum(spread_before.values())
    total_after = sum(spread_after.values())
    rows, breach = [], False
    for key in ["low", "medium", "high", ""]:
        before, after = spread_before.get(key, 0), spread_after.get(key, 0)
        if key == "" and not (before or after):
            continue
        share_before = before / total_before if total_before > 0 else None
        share_after = after / total_after if total_after > 0 else None
        bound = bounds.get(key)
        outside = bool(
            bound is not None
            and share_after is not None
            and not (bound[0] - 1e-9 <= share_after <= bound[1] + 1e-9)
        )
        breach = breach or (outside and steered)
        rows.append(
            {
                "label": RISK_LABELS.get(key, key),
                "before": ore_kr(before),
                "share_before": format_percent(share_before, 0, LANG),
                "after": ore_kr(after),
                "share_after": format_percent(share_after, 0, LANG),
                "bound": f"{format_percent(bound[0], 0, LANG)} – {format_percent(bound[1], 0, LANG)}"
                if bound
                else "–",
                "outside": outside,
                "this": key == risk_class,
            }
        )
    # the chart labels its bars with the keys: give it the Swedish names
    chart = _chart(
        "risk_spread_svg",
        {
            RISK_LABELS.get(k, k): spread_after.get(k, 0)
            for k in ["low", "medium", "high", ""]
            if k in spread_after or k in bounds
        },
        {RISK_LABELS.get(k, k): v for k, v in bounds.items()},
        LANG,
        alt="Diagram: riskspridningen efter beslutet mot policyns gränser (värdena står i tabellen).",
    )
    return {
        "rows": rows,
        "steered": steered,
        "breach": breach,
        "total_before": ore_kr(total_before),
        "total_after": ore_kr(total_after),
        "decided": committed > 0,
        "chart": chart,
    }


def memo_context(project: Project) -> dict:
    """Everything the memo shows, formatted in Swedish."""
    fund = project.fund
    application = _application(project)
    decision = _decision(project, application)
    calculation = calculation_section(project)
    levels, has_chain = evidence_chain(project, application)
    review = _review(project, application)
    proposal = decision_section(project, application, decision, review)

    risk_class = str(getattr(review, "risk_class", "") or project.risk_class or "")
    rationale = _pick(review, "risk_rationale", "rationale", "risk_comment")
    applicant_risk = _pick(application, "risk_assessment")
    review_comment = _pick(review, "comment")
    amount = proposal["total_kr"] or 0
    effect = (
        portfolio_effect(project, risk_class, amount) if (review or project.risk_class) else None
    )
    available = selectors.fund_totals(fund).available

    dnr = (
        _pick(decision, "dnr", "decision_dnr")
        or _pick(application, "dnr", "registration_number")
        or ""
    )
    applicant = (
        project.applicant_board.name
        if project.applicant_board_id
        else project.applicant_organisation or "–"
    )
    boards = ", ".join(b.name for b in project.responsible_boards.order_by("name")) or "–"
    summary_text = _pick(application, "summary", "idea", "description")

    return {
        "project": project,
        "fund": fund,
        "organisation": fund.organisation,
        "dnr": str(dnr),
        "date": timezone.localdate().isoformat(),
        "applicant": applicant,
        "boards": boards,
        "type": TYPE_LABELS.get(project.type, project.type),
        "route": ROUTE_LABELS.get(project.route, project.route),
        "logic": LOGIC_LABELS.get(project.logic, project.logic),
        "phase": PHASE_LABELS.get(project.phase, project.phase),
        "summary_text": str(summary_text) if summary_text else "",
        "application": application,
        "need": need_section(project, application),
        "levels": levels,
        "has_chain": has_chain,
        "calculation": calculation,
        "review": review,
        "risk_class": RISK_LABELS.get(risk_class, risk_class),
        "risk_rationale": str(rationale) if rationale else "",
        "applicant_risk": str(applicant_risk) if applicant_risk else "",
        "review_comment": str(review_comment) if review_comment else "",
        "reviewed_at": _text(_pick(review, "reviewed_at"))
        if review is not None and _pick(review, "reviewed_at")
        else "",
        "effect": effect,
        "available": ore_kr(available),
        "proposal": proposal,
        "success_probability": format_percent(project.success_probability, 0, LANG)
        if project.success_probability is not None
        else None,
    }
