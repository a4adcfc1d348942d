"""Translations live in one system: English msgids in the code, Swedish in
src/socinv/locale (the gettext catalogue). A string literal with å, ä or ö in Python source
is a Swedish text kept beside the catalogue, so it is refused outside the catalogue, the
demo data and the migrations (docstrings are documentation, not text for users: allowed).
"""

from __future__ import annotations

import ast
import functools
import re
from pathlib import Path

import socinv

PACKAGE = Path(socinv.__file__).resolve().parent
SWEDISH = re.compile("[åäöÅÄÖ]")
# "öre", the unit, is an English word too (the ledger's English sentences count in öre)
ENGLISH_WORDS = re.compile(r"\böre\b")

# Column names that users' measurement and budget frame files may carry (the file format,
# not a text the system says): accepted only in io/, where the format is read.
FILE_FORMAT_WORDS = frozenset(
    {"värde", "jämförelsevärde", "antal_i_jämförelsegruppen", "jämförelseantal", "nämnd", "år"}
)

# Zero Swedish literals, always.
CLEAN = ("core/", "io/", "l10n/", "cli/")

# Files that still hold Swedish literals while they are moved to the catalogue. This list
# may only shrink: a file leaves it when it is converted, and no file is ever added (a new
# Swedish literal belongs in src/socinv/locale/fragments/*.po behind an English msgid).
ALLOWED: frozenset[str] = frozenset()


def _excluded(rel: str) -> bool:
    return rel.startswith(("locale/", "demo/")) or "/migrations/" in rel or rel.endswith("/demo.py")


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if (
                isinstance(first, ast.Expr)
                and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)
            ):
                found.add(id(first.value))
    return found


def swedish_literals(source: str, rel: str = "") -> list[tuple[int, str]]:
    """(line, text) of every string constant with Swedish letters, docstrings excepted."""
    tree = ast.parse(source)
    docs = _docstrings(tree)
    hits = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
            continue
        if id(node) in docs:
            continue
        if rel.startswith("io/") and node.value in FILE_FORMAT_WORDS:
            continue
        if SWEDISH.search(ENGLISH_WORDS.sub("", node.value)):
            hits.append((node.lineno, node.value))
    return sorted(hits)


@functools.cache
def _hits() -> dict[str, list[tuple[int, str]]]:
    hits = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        if _excluded(rel):
            continue
        found = swedish_literals(path.read_text(encoding="utf-8"), rel)
        if found:
            hits[rel] = found
    return hits


def _report(hits: dict[str, list[tuple[int, str]]]) -> str:
    return "\n".join(
        f"src/socinv/{rel}:{line}: {text[:80]!r}"
        for rel, found in hits.items()
        for line, text in found
    )


def test_the_django_free_code_has_no_swedish_literal():
    hits = {rel: found for rel, found in _hits().items() if rel.startswith(CLEAN)}
    assert not hits, "Swedish text belongs in the catalogue:\n" + _report(hits)


def test_no_file_outside_the_allow_list_has_a_swedish_literal():
    hits = {rel: found for rel, found in _hits().items() if rel not in ALLOWED}
    assert not hits, "Swedish text belongs in the catalogue:\n" + _report(hits)


def test_the_allow_list_only_names_files_that_still_need_it():
    """A converted file leaves the list (so that it cannot fall back)."""
    hits = _hits()
    stale = sorted(rel for rel in ALLOWED if rel not in hits)
    assert not stale, f"remove from ALLOWED (no Swedish literal left): {stale}"
    assert not any(rel.startswith(CLEAN) for rel in ALLOWED)


def test_the_check_finds_a_swedish_literal_and_spares_docstrings():
    source = '''
"""Modul: återföring."""


def f():
    """Gör något."""
    x = f"Beviljat {1} år"
    return "Nämnd", x, "amount in öre", "Project 'p' is financed by fund 'f'"
'''
    assert swedish_literals(source) == [(7, " år"), (8, "Nämnd")]  # f-string parts too
    assert swedish_literals('COLUMNS = ("värde",)\n', "io/measurements.py") == []
    assert swedish_literals('COLUMNS = ("värde",)\n', "reports/memo.py") == [(1, "värde")]


def test_excluded_places():
    assert _excluded("locale/sv/whatever.py")
    assert _excluded("demo/_examples.py")
    assert _excluded("savings/demo.py")
    assert _excluded("fund/migrations/0001_initial.py")
    assert not _excluded("fund/views.py")
