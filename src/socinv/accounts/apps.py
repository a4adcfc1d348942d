from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "socinv.accounts"
    label = "accounts"
    verbose_name = _("Users and roles")
    # the trail (socinv.audit.sources; plain data: this app sits below audit in the layers).
    # A user's history belongs to every organisation where the user has held a role.
    audit_sources = [
        {"label": "Membership", "via": "organisation"},
        {"label": "GroupRole", "via": "organisation"},
        {"label": settings.AUTH_USER_MODEL, "through": "Membership.user"},
    ]

    def ready(self) -> None:
        from django.contrib.auth import get_user_model
        from simple_history import register

        from . import permissions  # noqa: F401  (registers the rules)

        # Changes to users (roles aside) belong in the audit trail too; never the password.
        register(
            get_user_model(),
            app=__package__,
            excluded_fields=["password", "last_login"],
        )
