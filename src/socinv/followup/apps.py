"""Follow-up: measurements per indicator (imported or reported), status and effects."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from socinv.audit.sources import Source


class FollowupConfig(AppConfig):
    name = "socinv.followup"
    label = "followup"
    verbose_name = _("Follow-up")
    api_routers = [("/projects", "socinv.followup.api.router")]
    # (order, key, section): the follow-up report shows the sections in this order
    report_sections = [(10, "measurements", "socinv.followup.report.section")]
    audit_sources = [
        Source("ImportBatch", via="project"),
        Source("Measurement", via="indicator"),
        Source("KoladaLink", via="indicator"),
        Source("ComparisonValue", via="indicator"),
    ]
    # (order, loader): the measurements come before what reads them (gates, savings, ex-post)
    demo_loaders = [(30, "socinv.followup.demo.load")]
