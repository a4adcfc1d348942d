from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationConfig(AppConfig):
    name = "socinv.organisation"
    label = "organisation"
    verbose_name = _("Organisation")
    default_auto_field = "django.db.models.BigAutoField"
    # the trail (socinv.audit.sources; plain data: this app sits below audit in the layers)
    audit_sources = [
        {"label": "Organisation", "root": True},
        {"label": "Board", "via": "organisation"},
        {"label": "Department", "via": "board"},
        {"label": "Stakeholder", "via": "organisation"},
    ]
