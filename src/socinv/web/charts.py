"""A chart (an SVG string from ``socinv.io.charts``) put into a page as an ``<img>`` with a
``data:`` URI. Inlined as ``<svg>``, matplotlib's ``<style>`` element and ``style=``
attributes would break the Content-Security-Policy (``style-src 'self'``); an image's own
styles are not the page's. The chart's ``<title>`` becomes the image's ``alt``; the pages
show the same data as a table beside it."""

from __future__ import annotations

import base64
import html
import re

from django.utils.html import format_html

_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.S)


def svg_data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def chart_img(svg: str, css_class: str = "chart") -> str:
    """``<img class="chart" src="data:…" alt="the chart's title">`` (safe HTML)."""
    if not svg:
        return ""
    title = _TITLE.search(svg)
    alt = html.unescape(title.group(1)) if title else ""
    return format_html('<img class="{}" src="{}" alt="{}">', css_class, svg_data_uri(svg), alt)
