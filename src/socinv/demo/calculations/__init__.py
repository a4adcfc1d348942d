"""The demo projects' calculations (format: shared/spec/calculation.md), read from files.

Three are the published examples, adapted to the demo: the files live in
``socinv/demo/examples/`` (package data, so that an installed package has them) and
``examples/`` in the repository links to them, so there is one copy. The demo gives them
its own start years and the stakeholder keys of Exempelkommun (:data:`ADAPTED`). The
other six are the demo's own, one file per project beside this module (``<key>.toml``).
All figures are invented but plausible.

``calculation(key)`` is the text of a project's calculation; ``SKOLSTOD``, ``LAXHJALP``
and so on (the key in capitals) are the same texts as module attributes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib.resources import files

EXAMPLES = files("socinv.demo") / "examples"
OWN = files(__name__)


@dataclass(frozen=True)
class Adapted:
    """How the demo uses a published example."""

    example: str  # the file name in examples/
    start_year: int
    # the example's stakeholder id → the demo's key; a stakeholder mapped onto one that the
    # example declares as well is merged into it (its own [[stakeholders]] block goes)
    keys: dict[str, str] = field(default_factory=dict)
    name: str = ""  # a shorter name for the project, or "" for the example's


_PUBLIC = {"region/bup": "region", "stat/forsakringskassan": "forsakringskassan"}

ADAPTED = {
    "skolstod": Adapted(
        "skolstod-familjehem.toml", 2024, _PUBLIC, name="Skolstöd för familjehemsplacerade barn"
    ),
    "hemmasittare": Adapted(
        "hemmasittare-avskrivning.toml", 2025, {**_PUBLIC, "familj": "individ"}
    ),
    "arbete": Adapted(
        "arbete-forsorjningsstod.toml",
        2023,
        {
            "kommun/finans": "kommun/kommunstyrelsen",
            "stat/arbetsformedlingen": "arbetsformedlingen",
            "stat/forsakringskassan": "forsakringskassan",
        },
    ),
}
OWN_KEYS = sorted(p.name.removesuffix(".toml") for p in OWN.iterdir() if p.name.endswith(".toml"))
KEYS = [*ADAPTED, *OWN_KEYS]

_REFERENCE = re.compile(r'^(\s*(?:id|stakeholder) = )"([^"]*)"$', re.MULTILINE)
_ID = re.compile(r'^id = "([^"]*)"$', re.MULTILINE)


def example(name: str) -> str:
    """The text of a published example (``examples/<name>``)."""
    return (EXAMPLES / name).read_text(encoding="utf-8")


def adapt(text: str, how: Adapted) -> str:
    """An example as the demo uses it: without its opening comment (it speaks of the file),
    with the demo's start year, name and stakeholder keys."""
    lines = text.splitlines(keepends=True)
    while lines and (lines[0].startswith("#") or not lines[0].strip()):
        lines.pop(0)
    text = "".join(lines)
    text = re.sub(
        r"^start_year = \d+$", f"start_year = {how.start_year}", text, count=1, flags=re.M
    )
    if how.name:
        text = re.sub(r'^name = ".*"$', f'name = "{how.name}"', text, count=1, flags=re.M)
    declared = set(_ID.findall(text))
    merged = {old for old, new in how.keys.items() if new in declared}
    paragraphs = [
        p
        for p in text.split("\n\n")
        if not (p.startswith("[[stakeholders]]") and set(_ID.findall(p)) & merged)
    ]
    text = "\n\n".join(paragraphs)
    return _REFERENCE.sub(lambda m: f'{m[1]}"{how.keys.get(m[2], m[2])}"', text)


def calculation(key: str) -> str:
    """The TOML text of the demo project ``key``'s calculation."""
    if key in ADAPTED:
        return adapt(example(ADAPTED[key].example), ADAPTED[key])
    return (OWN / f"{key}.toml").read_text(encoding="utf-8")


def __getattr__(name: str) -> str:
    if name.isupper() and name.lower() in KEYS:
        return calculation(name.lower())
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
