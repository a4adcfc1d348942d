"""The stamp of a stored result: which engine computed it, from which input.

A stored calculation carries the engine's version (``socinv.__version__``) and the
SHA-256 of its input text (UTF-8), so that a reader can tell whether the figures are
still what the running engine would give for that very input. Pure.
"""

from __future__ import annotations

import hashlib
import re

from socinv.core.problems import Problem


def input_sha256(text: str) -> str:
    """The hex SHA-256 of the input text as stored (UTF-8)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def version_key(version: str) -> tuple[int, ...]:
    """ "0.2.0" → (0, 2, 0); the numeric release parts only ("0.2.0rc1" → (0, 2, 0))."""
    parts = []
    for piece in version.split("."):
        m = re.match(r"\d+", piece)
        if m is None:
            break
        parts.append(int(m.group()))
    return tuple(parts)


def is_older(stored: str, running: str) -> bool:
    """Whether the engine version ``stored`` is older than ``running``."""
    return version_key(stored) < version_key(running)


def check_stamp(
    *, stored_version: str, stored_sha256: str, running_version: str, text: str
) -> list[Problem]:
    """Why a stored result may no longer be what the running engine gives for ``text``:
    ``engine_older`` (computed by an older engine) and ``input_changed`` (the input's
    hash differs). An empty list: the stored result is current."""
    problems = []
    if is_older(stored_version, running_version):
        problems.append(
            Problem(
                "engine_older",
                "engine_version",
                {"stored": stored_version, "running": running_version},
            )
        )
    if stored_sha256 != input_sha256(text):
        problems.append(Problem("input_changed", "input_sha256"))
    return problems
