"""Realised savings, repayment proposals and write-downs at closing."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SavingsConfig(AppConfig):
    name = "socinv.savings"
    label = "savings"
    verbose_name = _("Savings and repayment")
    api_routers = [("/projects", "socinv.savings.api.router")]
