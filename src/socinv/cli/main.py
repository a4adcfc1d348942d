"""The ``socinv`` command. Subcommands are imported lazily: ``socinv calc`` loads only the
calculation core and numpy, never Django, scipy or matplotlib. Django is imported only
inside the web subcommands (``migrate``, ``serve``, ``demo``, ``createuser``, ``ledger``,
``backup``, ``restore``, ``unlock``, ``check``)."""

from __future__ import annotations

import argparse
import os
import sys

from .backup import add_parsers as add_backup_parsers


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
    # their limits (1 … 10 000 000 draws, seed 0 … 2^32 − 1) are the core's check_run
    calc.add_argument(
        "--draws", type=_whole_number, metavar="N", help="Monte Carlo draws (1 to 10 000 000)"
    )
    calc.add_argument(
        "--seed",
        type=_whole_number,
        default=1,
        metavar="S",
        help="random seed, 0 to 4294967295 (default 1)",
    )
    calc.add_argument("--lang", choices=("sv", "en"), default="sv", help="language of the table")

    sub.add_parser(
        "migrate",
        help="create or update the database tables (DATABASE_URL, default ./data/socinv.sqlite3)",
        description="Apply the database migrations.",
    )
    serve = sub.add_parser(
        "serve",
        help="serve the web application",
        description="Serve the web application with waitress (static files by whitenoise).",
    )
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)"
    )
    serve.add_argument("--port", type=_port, default=8000, help="port to listen on (default 8000)")
    serve.add_argument(
        "--threads", type=_positive_int, default=8, help="worker threads (default 8)"
    )
    sub.add_parser(
        "demo",
        help="load the demo data (Exempelkommun) into an empty database",
        description="Load the demo: Exempelkommun, its fund, eight projects, a ledger "
        "2023-2026 and a user for every role. Does nothing when the database already "
        "holds an organisation.",
    )
    createuser = sub.add_parser(
        "createuser",
        help="create a user with a role (never a superuser)",
        description="Create a user holding one role in an organisation. The password is "
        "asked for twice, or read from the first line of standard input.",
    )
    createuser.add_argument("username", metavar="USERNAME")
    createuser.add_argument(
        "--role",
        required=True,
        metavar="ROLE",
        help="administrator, owner, economist, project_leader, evaluator, auditor or external",
    )
    createuser.add_argument(
        "--organisation", metavar="NAME", help="the organisation (may be left out if only one)"
    )
    createuser.add_argument("--email", default="", help="the user's e-mail address")
    createuser.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from standard input instead of asking",
    )
    unlock = sub.add_parser(
        "unlock",
        help="lift a login lockout (too many failed attempts) for a user name",
        description="Remove the failed login attempts of a user name, from every address or "
        "from one, so that it may log in again at once. The API's bad tokens are counted "
        'under the user name "<api-token>".',
    )
    unlock.add_argument("username", metavar="USERNAME")
    unlock.add_argument("--ip", metavar="ADDRESS", help="only the attempts from this address")
    check = sub.add_parser(
        "check",
        help="run Django's system checks (--deploy: the checks for a production deployment)",
        description="Run Django's system checks; exit 1 when one fails.",
    )
    check.add_argument(
        "--deploy", action="store_true", help="also the deployment checks (HTTPS, cookies, keys)"
    )
    check.add_argument(
        "--fail-level",
        choices=("CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG"),
        default="ERROR",
        help="the level from which a message fails the check (default ERROR)",
    )
    ledger = sub.add_parser("ledger", help="the fund ledger", description="The fund ledger.")
    ledger_sub = ledger.add_subparsers(dest="ledger_command", metavar="ACTION", required=True)
    verify = ledger_sub.add_parser(
        "verify",
        help="check every fund's hash chain and invariants (exit 1 on any problem)",
        description="Check every fund's hash chain and ledger invariants.",
    )
    verify.add_argument("--lang", choices=("sv", "en"), default="sv")
    statement = ledger_sub.add_parser(
        "statement",
        help="a fund's year-end statement (bokslut)",
        description="Print a fund's year-end statement.",
    )
    statement.add_argument("fund", type=_positive_int, help="the fund's id")
    statement.add_argument("year", type=int, help="the calendar year")
    statement.add_argument("--lang", choices=("sv", "en"), default="sv")
    imp = sub.add_parser(
        "import",
        help="import data files (measurements)",
        description="Import data files into the database.",
    )
    imp_sub = imp.add_subparsers(dest="import_command", metavar="KIND", required=True)
    measurements = imp_sub.add_parser(
        "measurements",
        help="import a measurements file into a project, all or nothing",
        description="Import a measurements file (CSV, comma or Swedish dialect; xlsx; "
        "Kolada JSON) into a project, all or nothing, and print the report. Exit status 0 "
        "when stored (or a clean dry run), 2 when refused (nothing stored), 1 for usage "
        "errors (unknown project or user).",
    )
    measurements.add_argument("file", metavar="FILE", help="the measurements file")
    measurements.add_argument(
        "--project", type=_positive_int, required=True, metavar="ID", help="the project's id"
    )
    measurements.add_argument(
        "--user",
        required=True,
        metavar="USERNAME",
        help="required: the user the import is attributed to in the audit trail; must be "
        "allowed to report on the project (its leader, the fund's owner or economist)",
    )
    measurements.add_argument(
        "--dry-run", action="store_true", help="check the file and print the report; store nothing"
    )
    measurements.add_argument(
        "--municipality", metavar="CODE", help="Kolada files: keep only this municipality"
    )
    measurements.add_argument("--lang", choices=("sv", "en"), default="sv")
    add_backup_parsers(sub)
    return parser


# The language of an option's refusal (Swedish unless the command line says --lang en):
# the help texts stay English (developer-facing), the refusals are the calculation's own
# sentences from the catalogue (socinv.l10n.messages), as for the file's problems.
_lang = "sv"


def _refusal(code: str, path: str = "", **params) -> argparse.ArgumentTypeError:
    from socinv.core.calc.problems import Problem, ProblemCode
    from socinv.l10n.messages import describe

    problem = Problem(path, ProblemCode(code), params)
    return argparse.ArgumentTypeError(describe(problem, _lang))


def _whole_number(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise _refusal("not_integer", got=text) from None


def _positive_int(text: str) -> int:
    value = _whole_number(text)
    if value < 1:
        raise _refusal("too_small", minimum=1, got=value)
    return value


def _port(text: str) -> int:
    value = _positive_int(text)
    if value > 65535:
        raise _refusal("too_large", "--port", maximum=65535, got=value)
    return value


def _language(argv: list[str]) -> str:
    """The ``--lang`` of the command line, read before argparse checks the options."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return "sv"


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
    """Serve with waitress (a production-grade WSGI server; whitenoise in the middleware
    serves the static files), not Django's development server."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socinv.site.settings")
    import django

    django.setup()
    from django.core.wsgi import get_wsgi_application
    from waitress import serve

    host = f"[{args.host}]" if ":" in args.host else args.host
    print(f"socinv: http://{host}:{args.port}/ (Ctrl-C stops)", flush=True)
    serve(get_wsgi_application(), host=args.host, port=args.port, threads=args.threads)
    return 0


def run_createuser(args: argparse.Namespace) -> int:
    options = [args.username, "--role", args.role, "--email", args.email]
    if args.organisation:
        options += ["--organisation", args.organisation]
    if args.password_stdin:
        options.append("--password-stdin")
    return _django_command("createuser", *options)


def run_unlock(args: argparse.Namespace) -> int:
    if args.ip:
        return _django_command("axes_reset_ip_username", args.ip, args.username)
    return _django_command("axes_reset_username", args.username)


def run_check(args: argparse.Namespace) -> int:
    options = ["--fail-level", args.fail_level]
    if args.deploy:
        options.append("--deploy")
    return _django_command("check", *options)


def run_import(args: argparse.Namespace) -> int:
    """``socinv import measurements``: 0 stored, 2 refused (nothing stored), 1 usage error."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socinv.site.settings")
    import django
    from django.core.management import call_command
    from django.core.management.base import CommandError

    django.setup()
    options = [args.file, "--project", str(args.project), "--user", args.user]
    options += ["--lang", args.lang]
    if args.dry_run:
        options.append("--dry-run")
    if args.municipality:
        options += ["--municipality", args.municipality]
    try:
        call_command("import_measurements", *options)
    except CommandError as exc:
        if str(exc):
            print(f"socinv: {exc}", file=sys.stderr)
        return getattr(exc, "returncode", 1) or 1
    return 0


def main(argv: list[str] | None = None) -> int:
    global _lang
    _lang = "en" if _language(sys.argv[1:] if argv is None else argv) == "en" else "sv"
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
    if args.command == "demo":
        return _django_command("demo")
    if args.command == "createuser":
        return run_createuser(args)
    if args.command == "ledger" and args.ledger_command == "statement":
        return _django_command(
            "ledger_statement", str(args.fund), str(args.year), "--lang", args.lang
        )
    if args.command == "ledger":
        return _django_command("ledger_verify", "--lang", args.lang)
    if args.command == "import":
        return run_import(args)
    if args.command in ("backup", "restore"):
        from .backup import run as run_backup

        return run_backup(args)
    if args.command == "unlock":
        return run_unlock(args)
    if args.command == "check":
        return run_check(args)
    return 2  # pragma: no cover - argparse rejects unknown commands


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
