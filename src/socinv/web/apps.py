from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "socinv.web"
    label = "web"
    verbose_name = _("Pages")

    def ready(self) -> None:
        from . import guards

        guards.connect()
