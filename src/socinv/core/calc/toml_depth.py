"""What is refused before the TOML parser sees a text (spec "Errors"): a text over
``MAX_CALC_FILE_BYTES``, and arrays and inline tables nested deeper than
``MAX_CALC_NESTING`` (tomllib reads them by recursion: a few thousand ``[`` end in a
``RecursionError``).

The depth is found without a Python loop over the characters, so that a 5 MB text is
scanned in well under a second: strings and comments are cut out by one regular
expression, every bracket becomes +1 or -1 and numpy's running sum gives the depth at
each character. Only for a text too deep is it done again with the strings' newlines
kept, to name the line. A scan misled by a broken string errs to either side harmlessly:
tomllib then reports the syntax error, and a ``RecursionError`` is caught besides.
"""

from __future__ import annotations

import re

import numpy as np

from socinv.core.limits import MAX_CALC_FILE_BYTES, MAX_CALC_NESTING

from .problems import Problem
from .problems import ProblemCode as Code

# TOML's strings (multi-line first) and comments: what they hold does not nest.
_STRINGS_AND_COMMENTS = re.compile(
    r'"""(?:[^\\]|\\.)*?"{3,5}'  # multi-line basic string (escapes; up to two more quotes)
    r"|'''.*?'{3,5}"  # multi-line literal string
    r'|"(?:[^"\\\n]|\\.)*"'  # basic string
    r"|'[^'\n]*'"  # literal string
    r"|#[^\n]*",  # comment
    re.DOTALL,
)
_STEP = np.zeros(256, dtype=np.int8)  # +1 for an opening bracket, -1 for a closing one
_STEP[[ord("["), ord("{")]] = 1
_STEP[[ord("]"), ord("}")]] = -1


def _blank(match: re.Match) -> str:
    return "\n" * match.group().count("\n")


def text_bytes(text: str) -> int:
    """The UTF-8 size of ``text`` (at least its length, without encoding a long one)."""
    return len(text) if len(text) > MAX_CALC_FILE_BYTES else len(text.encode("utf-8"))


def _depth(code: str) -> tuple[np.ndarray, np.ndarray]:
    raw = np.frombuffer(code.encode("utf-8", "replace"), dtype=np.uint8)
    return raw, np.cumsum(_STEP[raw], dtype=np.int64)


def nesting_depth(text: str, limit: int = MAX_CALC_NESTING) -> tuple[int, int | None]:
    """The deepest nesting of arrays and inline tables (a table header ``[[costs]]``
    counts 2 on its own line), and the first line deeper than ``limit`` (None if none)."""
    _raw, depth = _depth(_STRINGS_AND_COMMENTS.sub("", text))  # in C: no call per string
    deepest = int(depth.max()) if len(depth) else 0
    if deepest <= limit:
        return deepest, None
    # too deep: again, strings blanked to their newlines, for the line
    raw, depth = _depth(_STRINGS_AND_COMMENTS.sub(_blank, text))
    where = int(np.argmax(depth > limit))
    return deepest, int(np.count_nonzero(raw[:where] == ord("\n"))) + 1


def check_toml_size_and_depth(text: str) -> list[Problem]:
    """The problems of a TOML text that the parser must not see (none for a fine one)."""
    size = text_bytes(text)
    if size > MAX_CALC_FILE_BYTES:
        return [
            Problem("", Code.FILE_TOO_LARGE, {"max_bytes": MAX_CALC_FILE_BYTES, "size_bytes": size})
        ]
    _deepest, line = nesting_depth(text)
    if line is not None:
        return [Problem("", Code.TOO_DEEP, {"line": line, "maximum": MAX_CALC_NESTING})]
    return []
