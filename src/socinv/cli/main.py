"""The ``socinv`` command. Subcommands are imported lazily: ``socinv calc`` loads only the
calculation core and numpy, never Django, scipy or matplotlib."""

from __future__ import annotations

import argparse
import os
import sys


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="socinv",
        description="socinv: social investment funds (sociala investeringar).",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    calc = sub.add_parser(
        "calc",
        help="compute a project's municipal, public and societal calculation from a TOML file",
        description="Compute a project's calculation (spec: calculation model, version 1).",
    )
    calc.add_argument("file", metavar="FILE", help="the calculation file (TOML)")
    calc.add_argument("--json", action="store_true", help="print the spec's JSON on stdout")
    calc.add_argument("--draws", type=_positive_int, metavar="N", help="Monte Carlo draws")
    calc.add_argument("--seed", type=int, default=1, metavar="S", help="random seed (default 1)")
    calc.add_argument("--lang", choices=("sv", "en"), default="sv", help="language of the table")
    return parser


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "calc":
        from .calc import run

        try:
            return run(args)
        except BrokenPipeError:
            # e.g. `socinv calc FILE --json | head`: the reader left; no traceback
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 1
    return 2  # pragma: no cover - argparse rejects unknown commands


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
