from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundConfig(AppConfig):
    name = "socinv.fund"
    label = "fund"
    verbose_name = _("Fund")
    default_auto_field = "django.db.models.BigAutoField"
