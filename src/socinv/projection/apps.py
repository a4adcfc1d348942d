"""The fund projection (fondprognos) and the fund's contribution plan."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from socinv.audit.sources import Source


class ProjectionConfig(AppConfig):
    name = "socinv.projection"
    label = "projection"
    verbose_name = _("Fund projection")
    default_auto_field = "django.db.models.BigAutoField"
    api_routers = [("/funds", "socinv.projection.api.router")]
    audit_sources = [Source("FundContributionPlan", via="fund")]
    demo_loaders = [(70, "socinv.projection.demo.load")]
