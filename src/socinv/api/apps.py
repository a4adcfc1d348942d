from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "socinv.api"
    label = "api"
    verbose_name = _("API")
    api_routers = [
        ("/organisations", "socinv.api.organisations.router"),
        ("/funds", "socinv.api.funds.router"),
        ("/funds", "socinv.api.ledger.router"),
        ("/projects", "socinv.api.projects.router"),
    ]
