from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from socinv.audit.sources import Source


class ReviewConfig(AppConfig):
    name = "socinv.review"
    label = "review"
    verbose_name = _("Review and decisions")
    # the demo ledger's commitments of a project are its review and decision
    # (socinv.fund.demo.load calls it where the ledger has them)
    demo_decisions = ["socinv.review.demo.decide_project"]
    demo_loaders = [(11, "socinv.review.demo.load")]  # the application's review
    audit_sources = [
        Source("ChecklistQuestion", via="fund"),
        Source("Review", via="project"),
        Source("ReviewAnswer", via="review"),
        Source("Decision", via="project"),
        Source("DecisionYear", via="decision"),
    ]
