"""The decision memo's PDF as it prints (issue 13, "the memo"), for EVERY project of the
demo: no text beyond the page box (every table inside the page), no label split from its
value across a page break, no empty level of the evidence chain.

The PDF is made by WeasyPrint from the very template the view renders; each label and
value of a fact list gets an ``id`` (which changes nothing in the layout), so that the PDF
names the page each one is on (its named destinations). The words' positions come from
poppler's ``pdftotext -bbox``."""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import pypdf
import pytest
from django.core.management import call_command
from django.template.loader import render_to_string

from socinv.demo.services import demo_in_database
from socinv.io.pdf import html_to_pdf
from socinv.projects.models import Project
from socinv.reports.memo import memo_context

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _poppler():
    """A missing tool fails the test rather than skipping it (.ci/run installs poppler)."""
    assert shutil.which("pdftotext"), (
        "needs poppler-utils' pdftotext (apt-get install poppler-utils)"
    )


MM = 72 / 25.4  # points per millimetre
# the memo's @page (reports/memo_print.css): A4, margins 22 mm 20 mm 22 mm 22 mm
LEFT, RIGHT = 22 * MM, 20 * MM
# a chart's text is drawn by WeasyPrint's fonts in the chart's frame that matplotlib laid
# out with its own: an axis label at the frame's edge may reach this far into the margin
CHART_SLACK = 4 * MM
WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
)
PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
PAIR = re.compile(r'<div class="pair"><dt>(.*?)</dt><dd>(.*?)</dd></div>', re.S)


@pytest.fixture
def demo(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("demo", stdout=io.StringIO())
    return demo_in_database()


def _marked(html: str) -> tuple[str, int]:
    """``html`` with an id on every label (``fact-N-label``) and value (``fact-N-value``)."""
    count = 0

    def mark(m: re.Match) -> str:
        nonlocal count
        count += 1
        return (
            f'<div class="pair"><dt id="fact-{count}-label">{m[1]}</dt>'
            f'<dd id="fact-{count}-value">{m[2]}</dd></div>'
        )

    return PAIR.sub(mark, html), count


def _pages_of(pdf: bytes) -> dict[str, int]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return {
        str(name): reader.get_destination_page_number(dest)
        for name, dest in reader.named_destinations.items()
    }


def _words(pdf: bytes, tmp_path) -> list[tuple[int, float, float, float, float, float, str]]:
    """(page, page width, page height, x min, x max, y max, text) of every word."""
    path = tmp_path / "memo.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    found = []
    for number, (width, height, body) in enumerate(PAGE.findall(out), start=1):
        for x0, _y0, x1, y1, text in WORD.findall(body):
            found.append(
                (number, float(width), float(height), float(x0), float(x1), float(y1), text)
            )
    return found


def test_every_demo_memo_prints_inside_the_page_with_each_label_by_its_value(demo, tmp_path):
    checked = 0
    for project in Project.objects.filter(fund=demo.fund).order_by("pk"):
        key = project.title
        html = render_to_string("reports/memo_pdf.html", memo_context(project))
        # every fact of a list is a pair kept together (the running header's list aside)
        facts = re.findall(r'<dl class="facts">(.*?)</dl>', html, re.S)
        assert facts, key
        for listed in facts:
            assert listed.count("<dt") == listed.count('<div class="pair"><dt'), key
        # an empty level of the evidence chain is left out, not filled with a note
        assert "Ingen beskrivning på denna nivå" not in html, key
        marked, pairs = _marked(html)
        assert pairs >= 6, key
        pdf = html_to_pdf(marked)
        pages = _pages_of(pdf)
        for n in range(1, pairs + 1):
            label, value = pages[f"fact-{n}-label"], pages[f"fact-{n}-value"]
            assert label == value, (key, n, re.findall(PAIR, html)[n - 1][0], label, value)
        words = _words(pdf, tmp_path)
        assert len({w[0] for w in words}) == len(pypdf.PdfReader(io.BytesIO(pdf)).pages), key
        for page, width, height, x0, x1, y1, text in words:
            # nothing beyond the page box, nothing more than a chart's slack in the margin
            assert 0 <= x0 and x1 <= width and y1 <= height, (key, page, text, x0, x1)
            inside = LEFT - CHART_SLACK <= x0 and x1 <= width - RIGHT + CHART_SLACK
            assert inside, (key, page, text, x0, x1, width - RIGHT)
        checked += 1
    assert checked == 10  # the nine projects of the demo and the idea
