"""The ``socinv`` command. Subcommands are imported lazily: ``socinv calc`` loads only the
calculation core and numpy, never Django, scipy or matplotlib. Django is imported only
inside the web subcommands (``migrate``, ``serve``)."""

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

    sub.add_parser(
        "migrate",
        help="create or update the database tables (DATABASE_URL, default ./data/socinv.sqlite3)",
        description="Apply the database migrations.",
    )
    serve = sub.add_parser(
        "serve",
        help="serve the web application",
        description="Serve the web application (Django's development server for now).",
    )
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)"
    )
    serve.add_argument("--port", type=_port, default=8000, help="port to listen on (default 8000)")
    ledger = sub.add_parser("ledger", help="the fund ledger", description="The fund ledger.")
    ledger_sub = ledger.add_subparsers(dest="ledger_command", metavar="ACTION", required=True)
    ledger_sub.add_parser(
        "verify",
        help="check every fund's hash chain and invariants (exit 1 on any problem)",
        description="Check every fund's hash chain and ledger invariants.",
    )
    statement = ledger_sub.add_parser(
        "statement",
        help="a fund's year-end statement (bokslut)",
        description="Print a fund's year-end statement.",
    )
    statement.add_argument("fund", type=_positive_int, help="the fund's id")
    statement.add_argument("year", type=int, help="the calendar year")
    statement.add_argument("--lang", choices=("sv", "en"), default="sv")
    return parser


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def _port(text: str) -> int:
    value = _positive_int(text)
    if value > 65535:
        raise argparse.ArgumentTypeError(f"must be at most 65535, got {value}")
    return value


def _django_command(*args: str) -> int:
    """Run a Django management command; Django is imported here, never at start-up."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socinv.site.settings")
    import django
    from django.core.management import call_command
    from django.core.management.base import CommandError

    django.setup()
    try:
        call_command(*args)
    except CommandError as exc:
        print(f"socinv: {exc}", file=sys.stderr)
        return 1
    return 0


def run_migrate(args: argparse.Namespace) -> int:
    return _django_command("migrate", "--no-input", "--verbosity", "1")


def run_serve(args: argparse.Namespace) -> int:
    host = f"[{args.host}]" if ":" in args.host else args.host
    return _django_command("runserver", f"{host}:{args.port}", "--noreload")


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
    if args.command == "migrate":
        return run_migrate(args)
    if args.command == "serve":
        return run_serve(args)
    if args.command == "ledger" and args.ledger_command == "statement":
        return _django_command(
            "ledger_statement", str(args.fund), str(args.year), "--lang", args.lang
        )
    if args.command == "ledger":
        return _django_command("ledger_verify")
    return 2  # pragma: no cover - argparse rejects unknown commands


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
