"""The overview (översikt): tiles, the fund's money over time, projects by phase, savings
per board and the attention list, gathered from the apps below it."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OverviewConfig(AppConfig):
    name = "socinv.overview"
    label = "overview"
    verbose_name = _("Overview")
    default_auto_field = "django.db.models.BigAutoField"
    api_routers = [("/funds", "socinv.overview.api.router")]
