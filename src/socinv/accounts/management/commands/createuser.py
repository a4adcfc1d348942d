"""``socinv createuser USERNAME --role ROLE``: create a user holding one role.

The password is read from standard input with ``--password-stdin`` (its first line), or
asked for twice without echo. Never creates a superuser: administrators and auditors get
``is_staff`` for the Django admin, where the permission rules decide what they may do.
"""

from __future__ import annotations

import getpass
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from socinv.accounts.models import Role
from socinv.accounts.services import create_user_at_setup
from socinv.core.problems import Refused
from socinv.organisation.models import Organisation


class Command(BaseCommand):
    help = "Create a user with a role in an organisation (never a superuser)."
    leave_locale_alone = True  # speak the site's language (Swedish by default)

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, help="one of: " + ", ".join(Role.values))
        parser.add_argument(
            "--organisation",
            metavar="NAME",
            help="the organisation's name (may be left out when there is only one)",
        )
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--password-stdin",
            action="store_true",
            help="read the password from the first line of standard input",
        )

    def handle(self, *args, username, role, organisation, email, password_stdin, **options):
        if role not in Role.values:
            raise CommandError(
                _("Unknown role %(role)s; choose one of: %(roles)s.")
                % {"role": role, "roles": ", ".join(Role.values)}
            )
        org = self._organisation(organisation)
        password = self._password(password_stdin)
        try:
            # the operator at the server's console: nobody is logged in to act
            user = create_user_at_setup(
                username=username, password=password, role=role, organisation=org, email=email
            )
        except Refused as exc:
            raise CommandError(" ".join(r.message for r in exc.refusals)) from None
        self.stdout.write(
            _("Created user %(username)s (%(role)s) in %(organisation)s.")
            % {"username": user.username, "role": Role(role).label, "organisation": org.name}
        )

    def _organisation(self, name: str | None) -> Organisation:
        if name:
            try:
                return Organisation.objects.get(name=name)
            except Organisation.DoesNotExist:
                raise CommandError(
                    _("There is no organisation named %(name)s.") % {"name": name}
                ) from None
            except Organisation.MultipleObjectsReturned:
                raise CommandError(
                    _("Several organisations are named %(name)s.") % {"name": name}
                ) from None
        orgs = list(Organisation.objects.order_by("pk")[:2])
        if len(orgs) == 1:
            return orgs[0]
        if not orgs:
            raise CommandError(
                _("There is no organisation yet: create one in the admin, or run socinv demo.")
            )
        raise CommandError(_("There are several organisations: name one with --organisation."))

    def _password(self, from_stdin: bool) -> str:
        if from_stdin:
            return sys.stdin.readline().rstrip("\r\n")
        first = getpass.getpass(_("Password: "))
        second = getpass.getpass(_("Password (again): "))
        if first != second:
            raise CommandError(_("The passwords do not match."))
        return first
