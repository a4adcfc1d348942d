"""Learning evaluation: the evaluator's entries per phase, responses and the final report."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "socinv.evaluation"
    label = "evaluation"
    verbose_name = _("Learning evaluation")
    api_routers = [("/projects", "socinv.evaluation.api.router")]
