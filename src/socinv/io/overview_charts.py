"""The overview's chart of the fund's money over time, drawn as SVG directly (no
matplotlib: a few milliseconds), like :func:`socinv.io.charts.tornado_svg`: the money in
the fund at each year's end from the ledger (solid line, circles), then the fund
projection's 5–95 % band (hatched area) and its median (dashed line, squares). Amounts on
the axis in kronor, tkr or mnkr; years never grouped. The caller shows the same data as a
table (WCAG 1.1.1)."""

from __future__ import annotations

from collections.abc import Sequence

from .charts import _counter, _escape, _marker, _money_tick, _nice_ticks, _text


def money_over_time_svg(
    title: str,
    actual: Sequence[tuple[int, float]],
    band: Sequence[tuple[int, float, float, float]] = (),
    *,
    actual_label: str,
    median_label: str,
    band_label: str,
    lang: str = "sv",
) -> str:
    """``actual``: (year, kronor) from the ledger; ``band``: (year, p05, p50, p95) of the
    projection (kronor), empty when there is none."""
    t = _text(lang)
    prefix = f"c{next(_counter)}-"
    width, height = 720, 380
    left, right, top, bottom = 84, 16, 76, 48
    pw, ph = width - left - right, height - top - bottom
    years = [y for y, _v in actual] + [row[0] for row in band]
    values = [v for _y, v in actual] + [v for row in band for v in row[1:]] + [0.0]
    x0, x1 = (min(years), max(years)) if years else (0, 1)
    if x1 <= x0:
        x0, x1 = x0 - 1, x1 + 1
    yt = _nice_ticks(min(values), max(values))
    y0, y1 = yt[0], yt[-1]
    if y1 <= y0:
        y1 = y0 + 1.0

    def X(v: float) -> float:
        return left + (v - x0) / (x1 - x0) * pw

    def Y(v: float) -> float:
        return top + ph - (v - y0) / (y1 - y0) * ph

    money = _money_tick(lang)
    title_id = f"{prefix}title"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="{title_id}" class="chart" '
        'font-family="DejaVu Sans, Arial, sans-serif" font-size="12">',
        f'<title id="{title_id}">{_escape(title)}</title>',
        "<defs>"
        f'<pattern id="{prefix}hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)">'
        '<rect width="6" height="6" fill="#BFE3F5"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#56B4E9" stroke-width="2"/></pattern>'
        "</defs>",
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        f'<text x="{width / 2}" y="20" text-anchor="middle" font-size="14">{_escape(title)}</text>',
    ]
    for v in yt:
        out.append(
            f'<line x1="{left}" y1="{Y(v):.1f}" x2="{left + pw}" y2="{Y(v):.1f}" '
            'stroke="#d9d9d9" stroke-width="0.8"/>'
            f'<text x="{left - 6}" y="{Y(v) + 4:.1f}" text-anchor="end">{_escape(money(v))}</text>'
        )
    step = max(1, -(-(x1 - x0 + 1) // 12))
    for year in range(int(x0), int(x1) + 1, step):
        out.append(
            f'<text x="{X(year):.1f}" y="{top + ph + 18}" text-anchor="middle">{year}</text>'
        )
    out.append(
        f'<rect x="{left}" y="{top}" width="{pw}" height="{ph}" fill="none" stroke="#333333" '
        'stroke-width="0.8"/>'
    )
    if y0 < 0 < y1:
        out.append(
            f'<line x1="{left}" y1="{Y(0):.1f}" x2="{left + pw}" y2="{Y(0):.1f}" '
            'stroke="#333333" stroke-width="1"/>'
        )
    if band:
        upper = " ".join(f"{X(y):.1f},{Y(hi):.1f}" for y, _lo, _m, hi in band)
        lower = " ".join(f"{X(y):.1f},{Y(lo):.1f}" for y, lo, _m, _hi in reversed(band))
        out.append(
            f'<polygon points="{upper} {lower}" fill="url(#{prefix}hatch)" '
            'stroke="#0072B2" stroke-width="0.8"/>'
        )
        d = " ".join(
            f"{'M' if i == 0 else 'L'}{X(y):.1f},{Y(m):.1f}"
            for i, (y, _lo, m, _hi) in enumerate(band)
        )
        out.append(
            f'<path d="{d}" fill="none" stroke="#D55E00" stroke-width="2" stroke-dasharray="7 4"/>'
        )
        out.extend(_marker("s", X(y), Y(m), "#D55E00") for y, _lo, m, _hi in band)
    if actual:
        d = " ".join(
            f"{'M' if i == 0 else 'L'}{X(y):.1f},{Y(v):.1f}" for i, (y, v) in enumerate(actual)
        )
        out.append(f'<path d="{d}" fill="none" stroke="#0072B2" stroke-width="2.5"/>')
        out.extend(_marker("o", X(y), Y(v), "#0072B2") for y, v in actual)
    # the legend, above the axes
    lx, ly = left, 44
    out.append(
        f'<line x1="{lx}" y1="{ly}" x2="{lx + 28}" y2="{ly}" stroke="#0072B2" stroke-width="2.5"/>'
    )
    out.append(_marker("o", lx + 14, ly, "#0072B2"))
    out.append(f'<text x="{lx + 34}" y="{ly + 4}">{_escape(actual_label)}</text>')
    if band:
        mx = lx + 230
        out.append(
            f'<line x1="{mx}" y1="{ly}" x2="{mx + 28}" y2="{ly}" stroke="#D55E00" '
            'stroke-width="2" stroke-dasharray="7 4"/>'
        )
        out.append(_marker("s", mx + 14, ly, "#D55E00"))
        out.append(f'<text x="{mx + 34}" y="{ly + 4}">{_escape(median_label)}</text>')
        bx = mx + 190
        out.append(
            f'<rect x="{bx}" y="{ly - 7}" width="28" height="14" fill="url(#{prefix}hatch)" '
            'stroke="#0072B2" stroke-width="0.8"/>'
        )
        out.append(f'<text x="{bx + 34}" y="{ly + 4}">{_escape(band_label)}</text>')
    out.append(
        f'<text x="{left + pw / 2}" y="{height - 8}" text-anchor="middle">{_escape(t["year"])}</text>'
    )
    out.append(
        f'<text x="14" y="{top + ph / 2}" text-anchor="middle" '
        f'transform="rotate(-90 14 {top + ph / 2})">{_escape(t["kr"])}</text>'
    )
    out.append("</svg>")
    return "".join(out)
