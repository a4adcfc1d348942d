"""Follow-up: measurements per indicator (imported or reported), status and effects."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "socinv.followup"
    label = "followup"
    verbose_name = _("Follow-up")
    api_routers = [("/projects", "socinv.followup.api.router")]
