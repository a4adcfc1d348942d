"""``socinv import measurements FILE --project ID --user USERNAME [--dry-run]``.

Exit status: 0 when stored (or a clean dry run), 2 when the file (or its name) is refused
(nothing is stored), 1 for usage errors (unknown project or user, unreadable file, no permission).
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from socinv.core.problems import Refused
from socinv.followup.services import import_measurements
from socinv.projects.models import Project


class Command(BaseCommand):
    help = "Import a measurements file (CSV, xlsx or Kolada JSON) into a project, all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the measurements file")
        parser.add_argument("--project", type=int, required=True, help="the project's id")
        parser.add_argument(
            "--user",
            required=True,
            help="the username the import is attributed to (required: every measurement "
            "records who reported it); the user must be allowed to report on the project",
        )
        parser.add_argument("--dry-run", action="store_true", help="check only, store nothing")
        parser.add_argument(
            "--municipality",
            default=None,
            help="Kolada files: the municipality code (581 is read as 0581)",
        )
        parser.add_argument("--lang", choices=("sv", "en"), default="sv")

    def handle(self, *args, file, project, user, dry_run, municipality, lang, **options):
        try:
            p = Project.objects.select_related("fund").get(pk=project)
        except Project.DoesNotExist:
            raise CommandError(f"no project with id {project}", returncode=1) from None
        User = get_user_model()
        try:
            u = User.objects.get(**{User.USERNAME_FIELD: user})
        except User.DoesNotExist:
            raise CommandError(f"no user {user!r}", returncode=1) from None
        try:
            stream = open(file, "rb")  # noqa: SIM115 - closed below
        except OSError as exc:
            raise CommandError(f"cannot read {file}: {exc.strerror}", returncode=1) from None
        with stream, translation.override(lang):
            try:
                report = import_measurements(
                    acting_user=u,
                    project=p,
                    file=stream,
                    filename=Path(file).name,
                    dry_run=dry_run,
                    municipality=municipality,
                )
            except Refused as refused:  # the file's name (nothing was read or stored)
                self.stdout.write("\n".join(r.message for r in refused.refusals))
                raise CommandError("", returncode=2) from None
            except PermissionDenied:
                raise CommandError(
                    f"the user {user!r} may not report measurements on project {project}",
                    returncode=1,
                ) from None
        self.stdout.write("\n".join(report.lines(lang)))
        if not report.ok:
            raise CommandError("", returncode=2)
