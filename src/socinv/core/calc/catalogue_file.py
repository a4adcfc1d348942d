"""Reading a catalogue file (spec unit-costs.md): its TOML text, refused over
``MAX_CALC_FILE_BYTES`` or nested too deep before the parser runs, like a calculation
file; the rules of its content are :func:`.catalogue.catalogue_from_dict`'s."""

from __future__ import annotations

import tomllib
from pathlib import Path

from .catalogue import Catalogue, catalogue_from_dict
from .parse import _toml_problem, read_text  # one reading, one wording of a syntax error
from .problems import InputError, Problem
from .problems import ProblemCode as Code
from .toml_depth import check_toml_size_and_depth

__all__ = ["load_catalogue", "parse_catalogue"]


def parse_catalogue(text: str, source: str = "<catalogue>") -> Catalogue:
    """Parse a catalogue's TOML text; :class:`InputError` names ``source`` and the field."""
    problems = check_toml_size_and_depth(text)
    if problems:
        raise InputError(problems, source)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError([_toml_problem(exc)], source) from None
    except (RecursionError, ValueError) as exc:
        problem = Problem("", Code.TOML_SYNTAX_UNLOCATED, {"detail": str(exc) or "too deep"})
        raise InputError([problem], source) from None
    return catalogue_from_dict(data, source)


def load_catalogue(path: str | Path) -> Catalogue:
    """Read a catalogue file (refused over ``MAX_CALC_FILE_BYTES``, like a calculation)."""
    text = read_text(path)
    return parse_catalogue(text, str(path))
