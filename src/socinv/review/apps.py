from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from socinv.audit.sources import Source


class ReviewConfig(AppConfig):
    name = "socinv.review"
    label = "review"
    verbose_name = _("Review and decisions")
    audit_sources = [
        Source("ChecklistQuestion", via="fund"),
        Source("Review", via="project"),
        Source("ReviewAnswer", via="review"),
        Source("Decision", via="project"),
        Source("DecisionYear", via="decision"),
    ]
