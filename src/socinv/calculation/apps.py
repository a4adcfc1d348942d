from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CalculationConfig(AppConfig):
    name = "socinv.calculation"
    label = "calculation"
    verbose_name = _("Calculation editor")
    api_routers = [("/projects", "socinv.calculation.api.router")]
