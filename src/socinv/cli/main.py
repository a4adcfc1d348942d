"""The ``socinv`` command. Subcommands are imported lazily: ``socinv calc`` loads only the
calculation core and numpy, never Django, scipy or matplotlib. Django is imported only
inside the web subcommands (``migrate``, ``serve``, ``demo``, ``createuser``, ``ledger``,
``backup``, ``restore``, ``unlock``, ``check``, ``sie``, ``fund``)."""

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
    calc.add_argument(
        "--sensitivity",
        action="store_true",
        help="also the tornado: each uncertain field at its 5th and 95th percentile",
    )
    calc.add_argument("--lang", choices=("sv", "en"), default="sv", help="language of the table")
    calc.add_argument(
        "--catalogue",
        metavar="CATALOGUE",
        help="the unit-cost catalogue (TOML) that { unit_cost = ... } references are resolved in",
    )

    sub.add_parser(
        "migrate",
        help="create or update the database tables (DATABASE_URL, default ./data/socinv.sqlite3)",
        description="Apply the database migrations.",
    )
    serve = sub.add_parser(
        "serve",
        help="serve the web application",
        description="Serve the web application with waitress (static files by whitenoise); "
        "with --production under gunicorn, in production mode (SOCINV_ENV=production unless "
        "set), with SOCINV_WORKERS worker processes.",
    )
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)"
    )
    serve.add_argument("--port", type=_port, default=8000, help="port to listen on (default 8000)")
    serve.add_argument(
        "--threads",
        type=_positive_int,
        help="worker threads (default 8; with --production per worker, SOCINV_THREADS or 4)",
    )
    serve.add_argument(
        "--production",
        action="store_true",
        help="serve with gunicorn behind a reverse proxy (see deploy/ and the README)",
    )
    serve.add_argument(
        "--workers",
        type=_positive_int,
        help="with --production: worker processes (default SOCINV_WORKERS, else 2 x cores + 1)",
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
    fund = sub.add_parser("fund", help="the fund", description="The fund.")
    fund_sub = fund.add_subparsers(dest="fund_command", metavar="ACTION", required=True)
    projection = fund_sub.add_parser(
        "projection",
        help="the fund projection (fondprognos), a Monte Carlo over the portfolio",
        description="The fund projection (fondprognos): available to commit, money in the "
        "fund, repayments and write-downs per year, with their 5-95 % band.",
    )
    projection.add_argument("fund", type=_positive_int, help="the fund's id")
    projection.add_argument("--from", dest="as_of", help="the date D, ISO (default today)")
    projection.add_argument("--years", type=int, default=10, help="years from D's year (1-30)")
    projection.add_argument(
        "--draws", type=int, default=10_000, help="draws (0: the central path only)"
    )
    projection.add_argument("--seed", type=int, default=0)
    projection.add_argument("--json", action="store_true", help="the spec's JSON")
    projection.add_argument("--lang", choices=("sv", "en"), default="sv")
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
        "Kolada JSON, API v2 or v3: for indicators linked to a Kolada KPI it sets the "
        "baseline and stores the comparison values) into a project, all or nothing, and "
        "print the report. Exit status 0 "
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
        "--municipality",
        metavar="CODE",
        help="Kolada files: keep only this municipality (581 is read as 0581); for indicators "
        "linked to Kolada, the municipality whose value is the baseline instead of the link's",
    )
    measurements.add_argument("--lang", choices=("sv", "en"), default="sv")
    sie = sub.add_parser(
        "sie",
        help="SIE 4 files to and from the general ledger",
        description="SIE 4: export the fund's bookings, import the projects' actual costs.",
    )
    sie_sub = sie.add_subparsers(dest="sie_command", metavar="ACTION", required=True)
    sie_export = sie_sub.add_parser(
        "export",
        help="a fund's bookings of a year as a SIE 4I file",
        description="Write a fund's bookings of a year as a SIE 4I file (CP437): one #VER "
        "per entry whose type has an account mapping. Entry types without one are left out "
        "and named on standard error.",
    )
    sie_export.add_argument("fund", type=_positive_int, help="the fund's id")
    sie_export.add_argument("year", type=int, help="the calendar year")
    sie_export.add_argument("--out", metavar="FILE", help="the file to write (default: stdout)")
    sie_export.add_argument("--lang", choices=("sv", "en"), default="sv")
    sie_import = sie_sub.add_parser(
        "import",
        help="actual costs per project from a SIE 4 file, all or nothing",
        description="Import the actual costs (utfall) of a SIE 4 file: the #TRANS rows whose "
        "dimension-6 object is a project code of the fund, summed per project, account and "
        "month. Exit status 0 when stored (or a clean dry run), 2 when refused (nothing "
        "stored), 1 for usage errors.",
    )
    sie_import.add_argument("file", metavar="FILE", help="the SIE file (.SE, .SI)")
    sie_import.add_argument(
        "--fund", type=_positive_int, required=True, metavar="ID", help="the fund's id"
    )
    sie_import.add_argument(
        "--user",
        required=True,
        metavar="USERNAME",
        help="required: the user the import is attributed to in the audit trail (the fund's "
        "owner or economist)",
    )
    sie_import.add_argument(
        "--dry-run", action="store_true", help="check the file and print the report; store nothing"
    )
    sie_import.add_argument("--lang", choices=("sv", "en"), default="sv")
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
        if str(exc):
            print(f"socinv: {exc}", file=sys.stderr)
        return getattr(exc, "returncode", 1) or 1
    return 0


def run_migrate(args: argparse.Namespace) -> int:
    return _django_command("migrate", "--no-input", "--verbosity", "1")


def run_serve(args: argparse.Namespace) -> int:
    """Serve with waitress (a production-grade WSGI server; whitenoise in the middleware
    serves the static files), not Django's development server; with ``--production`` with
    gunicorn's worker processes (``socinv.site.production``)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socinv.site.settings")
    if args.production:
        os.environ.setdefault("SOCINV_ENV", "production")
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
        if args.production:
            from socinv.site.production import serve as serve_production

            serve_production(
                host=args.host, port=args.port, workers=args.workers, threads=args.threads
            )
            return 0
    except ImproperlyConfigured as exc:
        print(f"socinv: {exc}", file=sys.stderr)
        return 1
    if args.workers:
        print("socinv: --workers needs --production", file=sys.stderr)
        return 1
    from django.core.wsgi import get_wsgi_application
    from waitress import serve

    host = f"[{args.host}]" if ":" in args.host else args.host
    print(f"socinv: http://{host}:{args.port}/ (Ctrl-C stops)", flush=True)
    serve(get_wsgi_application(), host=args.host, port=args.port, threads=args.threads or 8)
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


def run_sie(args: argparse.Namespace) -> int:
    """``socinv sie export`` (0, 1 usage error) and ``socinv sie import`` (0 stored, 2
    refused, 1 usage error)."""
    if args.sie_command == "export":
        options = [str(args.fund), str(args.year), "--lang", args.lang]
        if args.out:
            options += ["--out", args.out]
        return _django_command("sie_export", *options)
    options = [args.file, "--fund", str(args.fund), "--user", args.user, "--lang", args.lang]
    if args.dry_run:
        options.append("--dry-run")
    return _django_command("sie_import", *options)


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
    if args.command == "fund":
        options = [str(args.fund), "--years", str(args.years), "--draws", str(args.draws)]
        options += ["--seed", str(args.seed), "--lang", args.lang]
        options += ["--from", args.as_of] if args.as_of else []
        return _django_command("fund_projection", *options, *(["--json"] if args.json else []))
    if args.command == "import":
        return run_import(args)
    if args.command in ("backup", "restore"):
        from .backup import run as run_backup

        return run_backup(args)
    if args.command == "sie":
        return run_sie(args)
    if args.command == "unlock":
        return run_unlock(args)
    if args.command == "check":
        return run_check(args)
    return 2  # pragma: no cover - argparse rejects unknown commands


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
