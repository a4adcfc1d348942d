"""Reading a catalogue file (spec unit-costs.md): its TOML text, refused over
``MAX_CALC_FILE_BYTES`` or nested too deep before the parser runs, like a calculation
file; the rules of its content are :func:`.catalogue.catalogue_from_dict`'s."""

from __future__ import annotations

import tomllib
from pathlib import Path

from socinv.core.limits import MAX_CALC_FILE_BYTES

from .catalogue import Catalogue, catalogue_from_dict
from .parse import _toml_problem  # the one wording of a TOML syntax error
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
    p = Path(path)
    try:
        with p.open("rb") as f:
            raw = f.read(MAX_CALC_FILE_BYTES + 1)
        if len(raw) > MAX_CALC_FILE_BYTES:
            problem = Problem(
                "", Code.FILE_TOO_LARGE, {"maximum": MAX_CALC_FILE_BYTES, "got": len(raw)}
            )
            raise InputError([problem], str(path))
        text = raw.decode("utf-8")
    except FileNotFoundError:
        raise InputError([Problem("", Code.FILE_NOT_FOUND)], str(path)) from None
    except UnicodeDecodeError:
        raise InputError([Problem("", Code.NOT_UTF8)], str(path)) from None
    except OSError as exc:
        problem = Problem("", Code.UNREADABLE, {"reason": exc.strerror})
        raise InputError([problem], str(path)) from None
    return parse_catalogue(text, str(path))
