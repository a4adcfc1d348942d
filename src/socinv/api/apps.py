from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from socinv.audit.sources import Source


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
    # API tokens belong to a user: they go with the user's organisations
    audit_sources = [Source("ApiToken", via="user", hidden=("token_hash",))]
