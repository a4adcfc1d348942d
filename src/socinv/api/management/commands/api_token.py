"""``manage.py api_token USERNAME [--name NAME]``: create an API token and print it once.

``--revoke PREFIX`` revokes the user's token with that prefix (or that whole token) instead."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import translation

from socinv.api.models import ApiToken
from socinv.api.services import create_token, hash_token, revoke_token


class Command(BaseCommand):
    help = "Create an API token for a user and print it (it is shown only once)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--name", help='what the token is for (default: "API-nyckel", in Swedish)'
        )
        parser.add_argument("--revoke", metavar="PREFIX", help="revoke the token with this prefix")

    def handle(self, *args, username: str, name: str | None, revoke: str | None, **options):
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            raise CommandError(f"no user {username!r}") from None
        if revoke:
            # the prefix shown when listing tokens, or the whole token
            tokens = ApiToken.objects.filter(user=user, revoked_at__isnull=True).filter(
                Q(prefix=revoke) | Q(token_hash=hash_token(revoke))
            )
            if not tokens:
                raise CommandError(f"no active token of {username!r} matches {revoke!r}")
            for token in tokens:
                revoke_token(acting_user=None, token=token)
                self.stdout.write(f"revoked {token}")
            return
        if not user.is_active:
            raise CommandError(f"user {username!r} is not active")
        if not name:  # stored and shown on the pages: in the site's language, Swedish
            with translation.override(settings.LANGUAGE_CODE):
                name = translation.gettext("API token")
        _token, plain = create_token(acting_user=None, user=user, name=name)
        self.stdout.write(plain)
