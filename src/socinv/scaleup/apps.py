"""Multiplier effects: what entered ordinary operations after the project."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from socinv.audit.sources import Source


class ScaleupConfig(AppConfig):
    name = "socinv.scaleup"
    label = "scaleup"
    verbose_name = _("Multiplier effects")
    api_routers = [("/projects", "socinv.scaleup.api.router")]
    # (order, key, section): the follow-up report shows the sections in this order
    report_sections = [(60, "multiplier", "socinv.scaleup.report.section")]
    audit_sources = [
        Source("Adoption", via="project"),
        Source("MultiplierEffect", via="project"),
        Source("ChangedDocument", via="project"),
    ]
    demo_loaders = [(80, "socinv.scaleup.demo.load")]
