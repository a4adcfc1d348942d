from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from socinv.audit.sources import Source


class FundConfig(AppConfig):
    name = "socinv.fund"
    label = "fund"
    verbose_name = _("Fund")
    default_auto_field = "django.db.models.BigAutoField"
    audit_sources = [
        Source("Fund", via="organisation"),
        Source("RiskBound", via="fund"),
        Source("WriteDownRule", via="fund"),
        Source("SimulationSettings", via="fund"),
        Source("AttestationSettings", via="fund"),
        Source("PreliminaryBooking", via="fund"),
        # who and when are the event's own columns; the hash chain is checked by `socinv
        # ledger verify`, not read by people
        Source(
            "LedgerEntry",
            via="fund",
            append_only=True,
            hidden=("recorded_by", "recorded_at", "prev_hash", "hash"),
        ),
    ]
    demo_loaders = [(10, "socinv.fund.demo.load")]  # the ledger
