"""``socinv backup FILE`` and ``socinv restore FILE`` (the work is in socinv.site.backup)."""

from __future__ import annotations

import argparse
import os
import sys


def add_parsers(sub) -> None:
    backup = sub.add_parser(
        "backup",
        help="write the whole database and the uploaded files to one file (a zip)",
        description="Write every table (timestamps to the microsecond), the uploaded files, "
        "the format version and the socinv version to FILE, replaced only once complete.",
    )
    backup.add_argument("file", metavar="FILE", help="the backup file to write (.zip)")
    restore = sub.add_parser(
        "restore",
        help="load a backup into a new, empty database (after socinv migrate)",
        description="Load FILE, made by socinv backup, into an empty database at the same "
        "migrations, and its uploaded files into the media directory; all or nothing. Exit "
        "status 0 when restored, 2 when refused (nothing stored).",
    )
    restore.add_argument("file", metavar="FILE", help="the backup file (.zip)")


def run(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socinv.site.settings")
    import django

    django.setup()
    from django.utils.translation import get_language
    from django.utils.translation import gettext as _

    from socinv.l10n import format_number
    from socinv.site.backup import BackupRefused, backup, restore

    def figures(done, **more) -> dict:
        lang = "en" if (get_language() or "sv").startswith("en") else "sv"
        values = {"rows": done.rows, "tables": done.tables, "media": done.media_files, **more}
        out = {key: format_number(value, lang=lang) for key, value in values.items()}
        return {**out, "file": args.file, "seconds": format_number(done.seconds, 1, lang=lang)}

    if args.command == "backup":
        done = backup(args.file)
        print(
            _(
                "Backup written to %(file)s: %(rows)s rows in %(tables)s tables, %(media)s "
                "files, %(bytes)s bytes, %(seconds)s s."
            )
            % figures(done, bytes=os.path.getsize(args.file))
        )
        return 0
    try:
        done = restore(args.file)
    except BackupRefused as exc:
        print(f"socinv: {exc}", file=sys.stderr)
        return 2
    print(
        _(
            "Restored from %(file)s: %(rows)s rows in %(tables)s tables, %(media)s files, "
            "%(seconds)s s. Check the ledger with socinv ledger verify."
        )
        % figures(done)
    )
    return 0
