"""Applications: idea check, full application, evidence chain, attachments."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from socinv.audit.sources import Source


class ApplicationsConfig(AppConfig):
    name = "socinv.applications"
    label = "applications"
    verbose_name = _("Applications")
    audit_sources = [
        Source("ApplicationSettings", via="fund"),
        Source("Application", via="project"),
        Source("BudgetYear", via="application"),
        Source("EvidenceStatement", via="project"),
        Source("Indicator", via="project"),
        Source("Attachment", via="application"),
    ]
    demo_loaders = [(20, "socinv.applications.demo.load")]  # an idea
