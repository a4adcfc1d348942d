"""``socinv sie import FILE --fund ID --user USERNAME [--dry-run]``: actual costs from a SIE
4 file of the general ledger, all or nothing.

Exit status: 0 when stored (or a clean dry run), 2 when the file is refused (nothing is
stored), 1 for usage errors (unknown fund or user, unreadable file, no permission).
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from socinv.actuals.services import import_actuals
from socinv.core.limits import MAX_SIE_FILE_BYTES
from socinv.fund.models import Fund


class Command(BaseCommand):
    help = "Import actual costs per project from a SIE 4 file, all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the SIE file (.SE, .SI)")
        parser.add_argument("--fund", type=int, required=True, help="the fund's id")
        parser.add_argument(
            "--user",
            required=True,
            help="the username the import is attributed to; must be allowed to import actual "
            "costs (the fund's owner or economist)",
        )
        parser.add_argument("--dry-run", action="store_true", help="check only, store nothing")
        parser.add_argument("--lang", choices=("sv", "en"), default="sv")

    def handle(self, *args, file, fund, user, dry_run, lang, **options):
        try:
            f = Fund.objects.get(pk=fund)
        except Fund.DoesNotExist:
            raise CommandError(f"no fund with id {fund}", returncode=1) from None
        User = get_user_model()
        try:
            u = User.objects.get(**{User.USERNAME_FIELD: user})
        except User.DoesNotExist:
            raise CommandError(f"no user {user!r}", returncode=1) from None
        path = Path(file)
        try:
            with path.open("rb") as stream:
                data = stream.read(MAX_SIE_FILE_BYTES + 1)  # the reader refuses a longer one
        except OSError as exc:
            raise CommandError(f"cannot read {file}: {exc.strerror}", returncode=1) from None
        try:
            report = import_actuals(
                acting_user=u, fund=f, data=data, filename=path.name, dry_run=dry_run
            )
        except PermissionDenied:
            raise CommandError(
                f"the user {user!r} may not import actual costs into fund {fund}", returncode=1
            ) from None
        self.stdout.write("\n".join(report.lines(lang)))
        if not report.ok:
            raise CommandError("", returncode=2)
