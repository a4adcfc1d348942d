"""The general ledger (ekonomisystemet): the fund's account mapping, the SIE 4 export of
the fund's bookings and the SIE 4 import of the projects' actual costs (utfall)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from socinv.audit.sources import Source


class ActualsConfig(AppConfig):
    name = "socinv.actuals"
    label = "actuals"
    verbose_name = _("General ledger")
    audit_sources = [Source("FundAccountMapping", via="fund"), Source("SieImport", via="fund")]
    # last: the mapping, then one imported file of actual costs
    demo_loaders = [(90, "socinv.actuals.demo.load")]
