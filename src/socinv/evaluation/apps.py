"""Learning evaluation: the evaluator's entries per phase, responses and the final report."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from socinv.audit.sources import Source


class EvaluationConfig(AppConfig):
    name = "socinv.evaluation"
    label = "evaluation"
    verbose_name = _("Learning evaluation")
    api_routers = [("/projects", "socinv.evaluation.api.router")]
    # (order, key, section): the follow-up report shows the sections in this order
    report_sections = [(30, "evaluation", "socinv.evaluation.report.section")]
    audit_sources = [
        Source("EvaluationEntry", via="project"),
        Source("Response", via="entry"),
        Source("FinalReport", via="project"),
        Source("ResearchAttachment", via="project"),
    ]
    demo_loaders = [(50, "socinv.evaluation.demo.load")]
