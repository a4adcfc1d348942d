from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from socinv.audit.sources import Source


class CalculationConfig(AppConfig):
    name = "socinv.calculation"
    label = "calculation"
    verbose_name = _("Calculation editor")
    api_routers = [("/projects", "socinv.calculation.api.router")]
    # (order, key, section): the follow-up report shows the sections in this order
    report_sections = [(50, "expost", "socinv.calculation.report.section")]
    audit_sources = [Source("ExPostCalculation", via="project")]
    demo_loaders = [(70, "socinv.calculation.demo.load")]
