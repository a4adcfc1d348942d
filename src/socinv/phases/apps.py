"""Phases and gates: application → implementation → closing → scale-up or wind-down."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PhasesConfig(AppConfig):
    name = "socinv.phases"
    label = "phases"
    verbose_name = _("Phases and gates")
    api_routers = [("/projects", "socinv.phases.api.router")]
