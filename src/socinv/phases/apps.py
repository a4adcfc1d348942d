"""Phases and gates: application → implementation → closing → scale-up or wind-down."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from socinv.audit.sources import Source


class PhasesConfig(AppConfig):
    name = "socinv.phases"
    label = "phases"
    verbose_name = _("Phases and gates")
    api_routers = [("/projects", "socinv.phases.api.router")]
    # (order, key, section): the follow-up report shows the sections in this order
    report_sections = [(20, "phases", "socinv.phases.report.section")]
    audit_sources = [
        Source("GateQuestion", via="fund"),
        Source("GatePassage", via="project"),
        Source("GateAnswer", via="passage"),
    ]
    demo_loaders = [(40, "socinv.phases.demo.load")]
