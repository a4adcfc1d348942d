"""The unit-cost catalogue and its price index."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from socinv.audit.sources import Source


class CatalogueConfig(AppConfig):
    name = "socinv.catalogue"
    label = "catalogue"
    verbose_name = _("Unit-cost catalogue")
    audit_sources = [
        Source("Catalogue", via="organisation"),
        Source("UnitCost", via="catalogue"),
        Source("IndexValue", via="catalogue"),
        Source("EvidenceHaircuts", via="fund"),
    ]
    demo_loaders = [(15, "socinv.catalogue.demo.load")]
    # read by socinv.projects.catalogues: what a stored calculation resolves and carries
    calculation_catalogue = ["socinv.catalogue.selectors.as_core"]
    calculation_haircuts = ["socinv.catalogue.services.haircut_table"]
