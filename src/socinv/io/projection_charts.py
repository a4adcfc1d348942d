"""The fund projection's fan charts as SVG strings (matplotlib, as :mod:`socinv.io.charts`):
the median as a line and the 5–95 % band as a shaded area, per calendar year (years are
never grouped: "2026", not "2 026"). The caller shows the same data as a table."""

from __future__ import annotations

from collections.abc import Sequence

from .charts import _figure, _money_formatter, _text, _to_svg


def fan_chart_svg(
    title: str,
    years: Sequence[int],
    p05: Sequence[float],
    p50: Sequence[float],
    p95: Sequence[float],
    *,
    median_label: str,
    band_label: str,
    lang: str = "sv",
) -> str:
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    t = _text(lang)
    fig, ax = _figure()
    xs = list(years)
    ax.fill_between(
        xs,
        list(p05),
        list(p95),
        color="#56B4E9",
        alpha=0.45,
        label=band_label,
        hatch="//",
        edgecolor="#0072B2",
        linewidth=0,
    )
    ax.plot(xs, list(p50), color="#0072B2", linewidth=2, marker="o", label=median_label)
    ax.axhline(0, color="#333333", linewidth=0.8)
    ax.set_xlabel(t["year"])
    ax.set_ylabel(t["kr"])
    ax.yaxis.set_major_formatter(_money_formatter(lang))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _p: str(int(round(x)))))
    ax.grid(True, alpha=0.3)
    ax.legend()
    ax.set_title(title.replace("$", r"\$"))
    return _to_svg(fig, title)
