"""Multiplier effects: what entered ordinary operations after the project."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScaleupConfig(AppConfig):
    name = "socinv.scaleup"
    label = "scaleup"
    verbose_name = _("Multiplier effects")
    api_routers = [("/projects", "socinv.scaleup.api.router")]
