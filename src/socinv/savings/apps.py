"""Realised savings, repayment proposals and write-downs at closing."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from socinv.audit.sources import Source


class SavingsConfig(AppConfig):
    name = "socinv.savings"
    label = "savings"
    verbose_name = _("Savings and repayment")
    api_routers = [("/projects", "socinv.savings.api.router")]
    # (order, key, section): the follow-up report shows the sections in this order
    report_sections = [(40, "savings", "socinv.savings.report.section")]
    audit_sources = [
        Source("RealisedSaving", via="project"),
        Source("RepaymentConfirmation", via="project"),
        Source("WriteDownConfirmation", via="project"),
    ]
    demo_loaders = [(60, "socinv.savings.demo.load")]
