"""One word per concept (../shared/GLOSSARY.md, "Terms in the interface"): no retired
variant appears in the Swedish catalogue, the templates and sources, or what the demo
gives out as pages, PDFs and workbooks."""

from __future__ import annotations

import gettext
import io
import re
from pathlib import Path

import openpyxl
import pypdf
import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from socinv.demo.services import demo_in_database

SRC = Path(__file__).resolve().parents[2] / "src" / "socinv"
LOCALE = SRC / "locale"

# The glossary's retired variants, as they would be written in Swedish.
RETIRED = re.compile(
    r"återfört beviljat belopp|återförda beviljade belopp|återlämnade (beviljade )?medel"
    r"|återförda åtaganden|break-even-faktor|årsindex|förändringsteori"
    r"|\bgrind(ar|arna|en|ens)?\b|toml-fil|verifikationen som återförs|år \d+ i kalkylen"
    r"|berörda nämnder|\bdashboard\b|rättelse.{0,40}återför\b",
    re.IGNORECASE,
)


# A year written with a thousands separator ("2 026", "2,026"), never an amount ("2 026 kr").
GROUPED_YEAR = re.compile(
    r"(?<![\d,.])\b2[\s\u00a0,]0[1-3]\d\b(?![\s\u00a0]*(?:kr|tkr|mnkr|%|\d|SEK|öre))"
)


def retired_in(text: str) -> list[str]:
    return sorted({m.group(0) for m in RETIRED.finditer(text)})


@pytest.mark.parametrize(
    "text",
    [
        "Återfört beviljat belopp",
        "Beviljat (efter återlämnade medel)",
        "Break-even-faktor 1,3",
        "Återbetalningsår (årsindex)",
        "Faser och grindar",
        "Passera grinden",
        "Importera en TOML-fil",
        "2026 (år 2 i kalkylen)",
        "Berörda nämnder",
    ],
)
def test_the_check_sees_each_retired_variant(text):
    assert retired_in(text)


@pytest.mark.parametrize(
    "text",
    [
        "Frigjort belopp",
        "Brytpunktsfaktor",
        "Beslutspunkter",
        "Importera en kalkylfil",
        "Grindstad",
    ],
)
def test_the_check_lets_the_words_in_use_pass(text):
    assert retired_in(text) == []


def test_the_swedish_catalogue_uses_one_word_per_concept():
    with open(LOCALE / "sv" / "LC_MESSAGES" / "django.mo", "rb") as f:
        catalogue = gettext.GNUTranslations(f)._catalog  # noqa: SLF001 - the compiled messages
    found = {k: retired_in(v) for k, v in catalogue.items() if k and retired_in(v)}
    assert found == {}


def _msgstr_lines(po: Path):
    inside = False
    for number, line in enumerate(po.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("msgstr"):
            inside = True
        elif not line.startswith('"'):
            inside = False
        if inside:
            yield number, line


def test_the_fragments_use_one_word_per_concept():
    found = [
        f"{po.name}:{n}: {line}"
        for po in sorted((LOCALE / "fragments").glob("*.po"))
        for n, line in _msgstr_lines(po)
        if retired_in(line)
    ]
    assert found == []


def test_templates_and_sources_use_one_word_per_concept():
    found = [
        f"{path.relative_to(SRC)}:{n}"
        for path in sorted(SRC.rglob("*"))
        if path.suffix in {".html", ".py", ".toml", ".txt", ".svg", ".js"}
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if retired_in(line)
    ]
    assert found == []


def _pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return " ".join(" ".join(p.extract_text() or "" for p in reader.pages).split())


def _xlsx_text(data: bytes) -> str:
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    return "\n".join(
        str(v)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for v in row
        if v is not None
    )


@pytest.mark.django_db
def test_the_demo_pages_pdfs_and_workbooks_use_one_word_per_concept():
    call_command("demo", stdout=io.StringIO())
    demo = demo_in_database()
    client = Client()
    client.force_login(demo.users["ekonom"])
    fund = demo.fund.pk
    urls = [
        reverse("overview:overview", args=[fund]),
        reverse("fund:overview", args=[fund]),
        reverse("fund:ledger", args=[fund]),
        reverse("review:portfolio", args=[fund]),
        reverse("review:portfolio_xlsx", args=[fund]),
        reverse("fund:statement", args=[fund, 2025]),
        reverse("fund:statement_xlsx", args=[fund, 2025]),
        reverse("savings:fund", args=[fund]),
    ]
    for project in demo.projects.values():
        urls += [
            reverse("projects:project", args=[project.pk]),
            reverse("calculation:editor", args=[project.pk]),
            reverse("calculation:export_xlsx", args=[project.pk]),
            reverse("reports:memo", args=[project.pk]),
            reverse("reports:memo_pdf", args=[project.pk]),
            reverse("reports:followup", args=[project.pk]),
            reverse("reports:followup_xlsx", args=[project.pk]),
            reverse("phases:project", args=[project.pk]),
            reverse("savings:project", args=[project.pk]),
        ]
    found = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        kind = response["Content-Type"]
        if "pdf" in kind:
            text = _pdf_text(response.content)
        elif "spreadsheet" in kind:
            text = _xlsx_text(response.content)
        else:
            text = response.content.decode()
        assert len(text) > 200, url  # something was read
        if retired_in(text):
            found[url] = retired_in(text)
        grouped = sorted({m.group(0) for m in GROUPED_YEAR.finditer(text)})
        if grouped:
            found[url + " (year grouped)"] = grouped
    assert found == {}
