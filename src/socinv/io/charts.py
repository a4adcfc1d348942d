"""Charts as inline SVG strings: the calculation's (cumulative net, histogram, tornado)
drawn as SVG directly, the others with matplotlib (Agg backend).

Django-free. matplotlib is imported inside the functions only, so that ``socinv calc`` and
anything else importing this module never pays for it. Every SVG starts with a ``<title>``
(the chart's accessible name, ``role="img"`` and ``aria-labelledby`` on the root); the
caller must also show the data as a table (WCAG 1.1.1). Element ids are prefixed per chart
so that several charts can be inlined in one page without duplicate ids.

API:
- ``cumulative_net_svg(result, lang)``: the spec's JSON result → a line per perspective of
  ``annual.cumulative_discounted_net`` by calendar year (drawn as SVG directly).
- ``npv_histogram_svg(draws_by_perspective, lang)``: perspective → sequence of NPV draws
  (drawn as SVG directly).
- ``risk_spread_svg(spread_by_class, bounds, lang)``: risk class → committed amount (any
  unit, e.g. öre), and risk class → (min, max) share of the total as fractions 0…1 (either
  may be ``None``); bars show each class's share, with the policy bounds marked.
- ``indicator_series_svg(title, periods, actual, comparison, target, baseline, lang,
  unit, share, others)``: one indicator's values over time (periods in time order, ``None``
  where a period has no value): the actual values and the comparison group's as lines, the
  target and the baseline as horizontal reference lines, ``others`` (labelled series, e.g.
  Kolada's municipalities) as further lines.
- ``tornado_svg(rows, npv, title, lang, labels)``: one perspective's sensitivity rows (the
  spec's ``sensitivity.<perspective>``) as a tornado around the central NPV; drawn as SVG
  directly, without matplotlib.
"""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Mapping, Sequence

from socinv.l10n import format_number, format_percent
from socinv.l10n.catalogue import translator

PERSPECTIVES = ("municipal", "public", "societal")


def _texts(lang: str) -> dict[str, str]:
    """The charts' words in ``lang`` ("sv" or "en"): msgids in the context "charts",
    translated by the catalogue (socinv.l10n)."""
    pgettext = translator(lang).pgettext
    return {
        "municipal": pgettext("charts", "Municipal"),
        "public": pgettext("charts", "Public sector"),
        "societal": pgettext("charts", "Societal"),
        "cumulative_title": pgettext("charts", "Cumulative discounted net by perspective"),
        "year": pgettext("charts", "Year"),
        "kr": pgettext("charts", "SEK"),
        "histogram_title": pgettext(
            "charts", "Distribution of the net present value in the simulation by perspective"
        ),
        "npv": pgettext("charts", "Net present value (SEK)"),
        "draws": pgettext("charts", "Number of draws"),
        "risk_title": pgettext("charts", "Risk spread: share of committed money by risk class"),
        "risk_class": pgettext("charts", "Risk class"),
        "share": pgettext("charts", "Share of committed money (%)"),
        "bounds": pgettext("charts", "Policy bounds"),
        "actual": pgettext("charts", "Actual"),
        "comparison": pgettext("charts", "Comparison group"),
        "target": pgettext("charts", "Target"),
        "baseline": pgettext("charts", "Baseline"),
        "period": pgettext("charts", "Period"),
        "value": pgettext("charts", "Value"),
        "low": pgettext("charts", "Low risk"),
        "medium": pgettext("charts", "Medium risk"),
        "high": pgettext("charts", "High risk"),
        "mkr": pgettext("charts", "MSEK"),
        "tkr": pgettext("charts", "kSEK"),
    }


# Okabe–Ito colours (distinguishable with colour-vision deficiencies), plus line styles and
# markers so that meaning is never carried by colour alone.
COLOURS = {"municipal": "#0072B2", "public": "#D55E00", "societal": "#009E73"}
STYLES = {"municipal": "-", "public": "--", "societal": ":"}
MARKERS = {"municipal": "o", "public": "s", "societal": "^"}

# the further series of an indicator's chart (Kolada's municipalities and groups)
OTHERS = (
    ("#CC79A7", (0, (5, 2)), "^"),
    ("#56B4E9", (0, (1, 1)), "D"),
    ("#E69F00", (0, (3, 1, 1, 1)), "v"),
    ("#000000", (0, (6, 2, 1, 2)), "P"),
    ("#009E73", (0, (2, 2)), "X"),
)

_counter = itertools.count(1)


def _text(lang: str) -> dict[str, str]:
    return _texts("en" if lang == "en" else "sv")


def _figure(width: float = 6.4, height: float = 3.6):
    import matplotlib

    matplotlib.use("Agg", force=False)
    matplotlib.rcParams["svg.fonttype"] = "none"  # text stays text (searchable, small)
    matplotlib.rcParams["svg.hashsalt"] = "socinv"  # deterministic ids
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), layout="constrained")
    return fig, fig.add_subplot()


def _money_formatter(lang: str):
    """Amounts on an axis in kronor, thousands (tkr) or millions (mnkr)."""
    from matplotlib.ticker import FuncFormatter

    label = _money_tick(lang)
    return FuncFormatter(lambda x, _pos: label(x))


def _escape(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _to_svg(fig, title: str) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    svg = buf.getvalue()
    svg = svg[svg.index("<svg") :]  # drop the XML declaration and DOCTYPE for inlining
    prefix = f"c{next(_counter)}-"
    svg = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}{m.group(1)}"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}{m.group(1)})", svg)
    svg = re.sub(r'href="#([^"]+)"', lambda m: f'href="#{prefix}{m.group(1)}"', svg)
    title_id = f"{prefix}title"
    end = svg.index(">", svg.index("<svg")) + 1
    root = svg[:end]
    root = re.sub(r'\s(width|height)="[^"]*"', "", root)  # scales with its container
    root = root[:-1] + f' role="img" aria-labelledby="{title_id}" class="chart">'
    return f'{root}<title id="{title_id}">{_escape(title)}</title>{svg[end:]}'


def risk_spread_svg(
    spread_by_class: Mapping[str, int],
    bounds: Mapping[str, tuple[float | None, float | None]],
    lang: str = "sv",
) -> str:
    """Bars: each risk class's share of the committed money (%); the policy's minimum and
    maximum share per class drawn as a bracket beside the bar."""
    t = _text(lang)
    # three or four bars: narrow, so that its text stays readable when a phone shrinks it
    fig, ax = _figure(4.4, 3.4)
    classes = list(dict.fromkeys([*spread_by_class, *bounds]))
    total = sum(int(v or 0) for v in spread_by_class.values())
    shares = [100.0 * int(spread_by_class.get(c) or 0) / total if total else 0.0 for c in classes]
    xs = list(range(len(classes)))
    ax.bar(xs, shares, color="#0072B2", width=0.6, edgecolor="#1a1a1a")
    labelled = False
    for x, c in zip(xs, classes, strict=True):
        lo, hi = bounds.get(c, (None, None)) or (None, None)
        if lo is None and hi is None:
            continue
        lo_pct = 100.0 * (lo or 0.0)
        hi_pct = 100.0 * (hi if hi is not None else 1.0)
        ax.vlines(
            x + 0.38,
            lo_pct,
            hi_pct,
            color="#D55E00",
            linewidth=3,
            label=None if labelled else t["bounds"],
        )
        ax.hlines([lo_pct, hi_pct], x + 0.32, x + 0.44, color="#D55E00", linewidth=2)
        labelled = True
    ax.set_xticks(xs, [t.get(c, c) for c in classes])
    ax.set_xlabel(t["risk_class"])
    ax.set_ylabel(t["share"])
    ax.set_ylim(0, 100)
    ax.grid(True, axis="y", alpha=0.3)
    if labelled:
        ax.legend()
    ax.set_title(t["risk_title"])
    return _to_svg(fig, t["risk_title"])


def indicator_series_svg(
    title: str,
    periods: Sequence[str],
    actual: Sequence[float | None],
    comparison: Sequence[float | None] | None = None,
    target: float | None = None,
    baseline: float | None = None,
    lang: str = "sv",
    unit: str = "",
    share: bool = False,
    others: Sequence[tuple[str, Sequence[float | None]]] = (),
) -> str:
    """One indicator over time: the actual values (solid line, circles) and the comparison
    group's (dashed line, squares) per period, the target (dash-dot) and the baseline
    (dotted) as horizontal lines. ``others``: further series drawn beside them, each a
    ``(label, values)`` in the legend (Kolada's municipalities and groups), each with its
    own colour, line style and marker. ``periods`` are labels in time order ("2025-Q1", …);
    ``None`` in a series leaves that period out of the line. ``share``: the values are
    fractions 0…1, shown on the axis as percentages. ``title`` names the chart (the SVG's
    ``<title>``), e.g. the indicator's name."""
    from matplotlib.ticker import FuncFormatter

    t = _text(lang)
    fig, ax = _figure()
    xs = list(range(len(periods)))

    def line(values, **kw):
        points = [(x, v) for x, v in zip(xs, values, strict=False) if v is not None]
        if points:
            ax.plot([p[0] for p in points], [p[1] for p in points], linewidth=2, **kw)

    line(actual, label=t["actual"], color="#0072B2", linestyle="-", marker="o")
    if comparison is not None and any(v is not None for v in comparison):
        line(comparison, label=t["comparison"], color="#D55E00", linestyle="--", marker="s")
    for (label, values), (colour, style, marker) in zip(
        others, itertools.cycle(OTHERS), strict=False
    ):
        line(values, label=label, color=colour, linestyle=style, marker=marker)
    if target is not None:
        ax.axhline(target, color="#009E73", linestyle="-.", linewidth=1.5, label=t["target"])
    if baseline is not None:
        ax.axhline(baseline, color="#333333", linestyle=":", linewidth=1.5, label=t["baseline"])
    ax.set_xticks(xs, list(periods))
    if len(periods) > 6:
        for label in ax.get_xticklabels():
            label.set_rotation(45)
            label.set_horizontalalignment("right")
    if share:
        ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _p: format_percent(y, 0, lang)))
    else:
        ax.yaxis.set_major_formatter(
            FuncFormatter(lambda y, _p: format_number(y, 0 if float(y).is_integer() else 1, lang))
        )
    ax.set_xlabel(t["period"])
    ax.set_ylabel(unit or t["value"])
    ax.grid(True, alpha=0.3)
    ax.legend()
    ax.set_title(title.replace("$", r"\$"))  # no mathtext from a name with dollar signs
    return _to_svg(fig, title)


def tornado_svg(
    rows: Sequence[Mapping],
    npv: float,
    title: str,
    lang: str = "sv",
    labels: Mapping[str, str] | None = None,
) -> str:
    """A tornado chart drawn directly as SVG (no matplotlib: a few milliseconds): one
    horizontal bar per uncertain field (``rows`` as the spec's ``sensitivity.<perspective>``,
    largest swing first), from the NPV with the field at its low value to the NPV at its
    high value, split at the central ``npv`` (the vertical line). The part towards the low
    value is blue and plain, the part towards the high value orange and hatched, and each
    end is labelled with its amount, so that colour never carries the meaning alone.
    ``labels``: field path → the name shown (default the path)."""
    t = _text(lang)
    words = translator("en" if lang == "en" else "sv").pgettext
    low_word = words("charts", "Field at its 5th percentile")
    high_word = words("charts", "Field at its 95th percentile")
    central_word = words("charts", "Central value")
    prefix = f"c{next(_counter)}-"
    bar_h, gap, left, right, top = 22, 12, 250, 20, 64
    width = 780
    inner = 60  # room for the amounts beside the bars' ends
    plot_w = width - left - right - 2 * inner
    height = top + max(1, len(rows)) * (bar_h + gap) + 56
    values = [npv] + [float(r[k]) for r in rows for k in ("npv_low", "npv_high")]
    lo, hi = min(values), max(values)
    if hi <= lo:
        lo, hi = lo - 1.0, hi + 1.0

    def x(v: float) -> float:
        return left + inner + (v - lo) / (hi - lo) * plot_w

    short = _money_tick(lang)

    title_id = f"{prefix}title"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="{title_id}" class="chart" '
        'font-family="DejaVu Sans, Arial, sans-serif" font-size="13">',
        f'<title id="{title_id}">{_escape(title)}</title>',
        "<defs>"
        f'<pattern id="{prefix}hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)">'
        '<rect width="6" height="6" fill="#D55E00"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#ffffff" stroke-width="2"/></pattern>'
        "</defs>",
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        f'<text x="{width / 2}" y="22" text-anchor="middle" font-size="15">{_escape(title)}</text>',
    ]
    # legend
    out.append(f'<rect x="{left}" y="34" width="14" height="14" fill="#0072B2"/>')
    out.append(f'<text x="{left + 20}" y="46">{_escape(low_word)}</text>')
    out.append(
        f'<rect x="{left + 250}" y="34" width="14" height="14" fill="url(#{prefix}hatch)" '
        'stroke="#1a1a1a" stroke-width="0.5"/>'
    )
    out.append(f'<text x="{left + 270}" y="46">{_escape(high_word)}</text>')
    base_x = x(npv)
    for i, r in enumerate(rows):
        y = top + i * (bar_h + gap)
        label = (labels or {}).get(r["field"], r["field"])
        if len(label) > 34:
            label = label[:33] + "…"
        out.append(
            f'<text x="{left - 4}" y="{y + bar_h * 0.7:.1f}" text-anchor="end">'
            f"{_escape(label)}</text>"
        )
        for key, fill in (("npv_low", "#0072B2"), ("npv_high", f"url(#{prefix}hatch)")):
            v = float(r[key])
            a, b = sorted((base_x, x(v)))
            out.append(
                f'<rect x="{a:.1f}" y="{y}" width="{max(b - a, 0.5):.1f}" height="{bar_h}" '
                f'fill="{fill}" stroke="#1a1a1a" stroke-width="0.5"/>'
            )
            anchor, tx = ("end", a - 4) if x(v) < base_x else ("start", b + 4)
            out.append(
                f'<text x="{tx:.1f}" y="{y + bar_h * 0.7:.1f}" text-anchor="{anchor}" '
                f'font-size="11">{_escape(short(v))}</text>'
            )
    bottom = top + max(1, len(rows)) * (bar_h + gap)
    out.append(
        f'<line x1="{base_x:.1f}" y1="{top - 6}" x2="{base_x:.1f}" y2="{bottom}" '
        'stroke="#333333" stroke-width="1.5"/>'
    )
    out.append(
        f'<text x="{base_x:.1f}" y="{bottom + 16}" text-anchor="middle" font-size="11">'
        f"{_escape(central_word)}: {_escape(short(npv))}</text>"
    )
    if lo < 0 < hi:
        out.append(
            f'<line x1="{x(0):.1f}" y1="{top - 6}" x2="{x(0):.1f}" y2="{bottom}" '
            'stroke="#777777" stroke-width="1" stroke-dasharray="4 3"/>'
        )
    out.append(
        f'<text x="{left + inner + plot_w / 2}" y="{bottom + 40}" text-anchor="middle">'
        f"{_escape(t['npv'])}</text>"
    )
    out.append("</svg>")
    return "".join(out)


# -- charts drawn as SVG directly (no matplotlib: milliseconds instead of tenths of a
# second, so that the calculation editor's page after a save stays fast) ------------------
_DASHES = {"-": "", "--": "7 4", ":": "2 3"}


def _nice_ticks(lo: float, hi: float, n: int = 6) -> list[float]:
    """Round tick values covering [lo, hi] (1, 2, 2.5 or 5 times a power of ten apart)."""
    import math

    if hi <= lo:
        hi = lo + 1.0
    raw = (hi - lo) / max(n - 1, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.floor(lo / step) * step
    ticks = []
    v = first
    while v <= hi + step * 1e-9:
        ticks.append(round(v, 10))
        v += step
    if ticks[-1] < hi:
        ticks.append(ticks[-1] + step)
    return ticks


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "o":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}"/>'
    if shape == "s":
        return f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7" fill="{colour}"/>'
    return (
        f'<polygon points="{x:.1f},{y - 4.5:.1f} {x - 4:.1f},{y + 3:.1f} {x + 4:.1f},{y + 3:.1f}" '
        f'fill="{colour}"/>'
    )


def _plot_svg(
    title: str,
    xlabel: str,
    ylabel: str,
    series: list[dict],
    x_range: tuple[float, float],
    y_range: tuple[float, float],
    x_format,
    y_format,
    x_ticks: list[float] | None = None,
    zero_line: str = "y",
    legend_left: bool = False,
) -> str:
    """Axes, grid, ticks, a legend and ``series`` (each: label, colour, style, marker or
    None, points [(x, y)]) as one SVG. ``zero_line``: a reference line at y = 0 ("y") or
    at x = 0 ("x"). The legend sits top right, or top left with ``legend_left``."""
    prefix = f"c{next(_counter)}-"
    width, height = 640, 360
    left, right, top, bottom = 78, 16, 40, 52
    pw, ph = width - left - right, height - top - bottom
    xt = x_ticks or _nice_ticks(*x_range)
    yt = _nice_ticks(*y_range)
    x0, x1 = min(xt[0], x_range[0]), max(xt[-1], x_range[1])
    y0, y1 = min(yt[0], y_range[0]), max(yt[-1], y_range[1])
    if x1 <= x0:
        x1 = x0 + 1.0
    if y1 <= y0:
        y1 = y0 + 1.0

    def X(v: float) -> float:
        return left + (v - x0) / (x1 - x0) * pw

    def Y(v: float) -> float:
        return top + ph - (v - y0) / (y1 - y0) * ph

    title_id = f"{prefix}title"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="{title_id}" class="chart" '
        'font-family="DejaVu Sans, Arial, sans-serif" font-size="11">',
        f'<title id="{title_id}">{_escape(title)}</title>',
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        f'<text x="{left + pw / 2}" y="20" text-anchor="middle" font-size="13">'
        f"{_escape(title)}</text>",
    ]
    for v in yt:
        if y0 <= v <= y1:
            out.append(
                f'<line x1="{left}" y1="{Y(v):.1f}" x2="{left + pw}" y2="{Y(v):.1f}" '
                'stroke="#d9d9d9" stroke-width="0.8"/>'
                f'<text x="{left - 6}" y="{Y(v) + 4:.1f}" text-anchor="end">'
                f"{_escape(y_format(v))}</text>"
            )
    for v in xt:
        if x0 <= v <= x1:
            out.append(
                f'<line x1="{X(v):.1f}" y1="{top}" x2="{X(v):.1f}" y2="{top + ph}" '
                'stroke="#d9d9d9" stroke-width="0.8"/>'
                f'<text x="{X(v):.1f}" y="{top + ph + 16}" text-anchor="middle">'
                f"{_escape(x_format(v))}</text>"
            )
    out.append(
        f'<rect x="{left}" y="{top}" width="{pw}" height="{ph}" fill="none" stroke="#333333" '
        'stroke-width="0.8"/>'
    )
    if zero_line == "y" and y0 < 0 < y1:
        out.append(
            f'<line x1="{left}" y1="{Y(0):.1f}" x2="{left + pw}" y2="{Y(0):.1f}" '
            'stroke="#333333" stroke-width="1"/>'
        )
    if zero_line == "x" and x0 < 0 < x1:
        out.append(
            f'<line x1="{X(0):.1f}" y1="{top}" x2="{X(0):.1f}" y2="{top + ph}" '
            'stroke="#333333" stroke-width="1"/>'
        )
    for s in series:
        if not s["points"]:
            continue
        d = " ".join(
            f"{'M' if i == 0 else 'L'}{X(x):.1f},{Y(y):.1f}" for i, (x, y) in enumerate(s["points"])
        )
        dash = _DASHES.get(s["style"], "")
        out.append(
            f'<path d="{d}" fill="none" stroke="{s["colour"]}" stroke-width="2"'
            + (f' stroke-dasharray="{dash}"' if dash else "")
            + "/>"
        )
        if s.get("marker"):
            out.extend(_marker(s["marker"], X(x), Y(y), s["colour"]) for x, y in s["points"])
    # the legend, top right inside the axes
    shown = [s for s in series if s["points"]]
    if shown:
        lx, ly = (left + 8 if legend_left else left + pw - 170), top + 8
        out.append(
            f'<rect x="{lx}" y="{ly}" width="162" height="{8 + 18 * len(shown)}" '
            'fill="#ffffff" fill-opacity="0.9" stroke="#bbbbbb"/>'
        )
        for i, s in enumerate(shown):
            y = ly + 14 + 18 * i
            dash = _DASHES.get(s["style"], "")
            out.append(
                f'<line x1="{lx + 8}" y1="{y - 4}" x2="{lx + 36}" y2="{y - 4}" '
                f'stroke="{s["colour"]}" stroke-width="2"'
                + (f' stroke-dasharray="{dash}"' if dash else "")
                + "/>"
            )
            if s.get("marker"):
                out.append(_marker(s["marker"], lx + 22, y - 4, s["colour"]))
            out.append(f'<text x="{lx + 42}" y="{y}">{_escape(s["label"])}</text>')
    out.append(
        f'<text x="{left + pw / 2}" y="{height - 10}" text-anchor="middle">{_escape(xlabel)}</text>'
    )
    out.append(
        f'<text x="14" y="{top + ph / 2}" text-anchor="middle" '
        f'transform="rotate(-90 14 {top + ph / 2})">{_escape(ylabel)}</text>'
    )
    out.append("</svg>")
    return "".join(out)


def _money_tick(lang: str):
    """An axis label for an amount in kronor: kronor, thousands (tkr) or millions (mnkr)."""
    t = _text(lang)

    def fmt(x):
        if abs(x) >= 1_000_000:
            return f"{format_number(x / 1_000_000, 1, lang)} {t['mkr']}"
        if abs(x) >= 1_000:
            return f"{format_number(x / 1_000, 0, lang)} {t['tkr']}"
        return format_number(x, 0, lang)

    return fmt


def cumulative_net_svg(result: Mapping, lang: str = "sv") -> str:
    """A line per perspective: the cumulative discounted net by calendar year."""
    t = _text(lang)
    start = int(result.get("start_year") or 0)
    series = []
    ys_all = [0.0]
    n = 0
    for p in PERSPECTIVES:
        persp = (result.get("perspectives") or {}).get(p)
        if not persp:
            continue
        ys = [float(v) for v in persp["annual"]["cumulative_discounted_net"]]
        n = max(n, len(ys))
        ys_all += ys
        series.append(
            {
                "label": t[p],
                "colour": COLOURS[p],
                "style": STYLES[p],
                "marker": MARKERS[p],
                "points": [(start + i, y) for i, y in enumerate(ys)],
            }
        )
    last = start + max(n - 1, 1)
    years = list(range(start, last + 1))
    if len(years) > 12:
        step = -(-len(years) // 10)
        years = years[::step]
    return _plot_svg(
        t["cumulative_title"],
        t["year"],
        t["kr"],
        series,
        (start, last),
        (min(ys_all), max(ys_all)),
        lambda v: str(int(round(v))),  # a year, never grouped
        _money_tick(lang),
        x_ticks=[float(y) for y in years],
        legend_left=True,
    )


def npv_histogram_svg(draws_by_perspective: Mapping[str, Sequence[float]], lang: str = "sv") -> str:
    """Overlaid step histograms of the NPV draws, one per perspective, on 40 shared bins."""
    import numpy as np

    t = _text(lang)
    arrays = {
        p: np.asarray(draws_by_perspective[p], dtype=float)
        for p in PERSPECTIVES
        if p in draws_by_perspective and len(draws_by_perspective[p])
    }
    series = []
    lo, hi, top = 0.0, 1.0, 1.0
    if arrays:
        lo = min(float(a.min()) for a in arrays.values())
        hi = max(float(a.max()) for a in arrays.values())
        if hi <= lo:
            hi = lo + 1.0
        edges = np.linspace(lo, hi, 41)
        for p, a in arrays.items():
            counts = np.histogram(a, bins=edges)[0]
            top = max(top, float(counts.max()))
            points = [(float(edges[0]), 0.0)]
            for k, c in enumerate(counts):
                points += [(float(edges[k]), float(c)), (float(edges[k + 1]), float(c))]
            points.append((float(edges[-1]), 0.0))
            series.append(
                {
                    "label": t[p],
                    "colour": COLOURS[p],
                    "style": STYLES[p],
                    "marker": None,
                    "points": points,
                }
            )
    return _plot_svg(
        t["histogram_title"],
        t["npv"],
        t["draws"],
        series,
        (lo, hi),
        (0.0, top),
        _money_tick(lang),
        lambda v: format_number(v, 0, lang),
        zero_line="x",
    )
