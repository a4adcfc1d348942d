"""Hooks that each app declares on its ``AppConfig`` and that the parts which gather them
discover from Django's app registry, so that no part keeps a hand-made list of the others
(and no lower layer imports a higher one).

| attribute on the AppConfig | what it holds | gathered by |
|---|---|---|
| ``api_routers`` | ``[(prefix, "dotted.path.to.router")]`` | :mod:`socinv.api.api` |
| ``report_sections`` | ``[(order, key, "dotted.path.to.section")]``: ``section(project) -> Section`` | :mod:`socinv.reports.followup` |
| ``demo_loaders`` | ``[(order, "dotted.path.to.load")]``: ``load(demo)``, called in order | :mod:`socinv.demo.services` |
| ``audit_sources`` | ``[Source(...)]`` of :mod:`socinv.audit.sources` | :mod:`socinv.audit.selectors` |
| ``calculation_catalogue`` | ``["dotted.path"]``: ``(organisation) -> core Catalogue`` | :mod:`socinv.projects.catalogues` |
| ``calculation_haircuts`` | ``["dotted.path"]``: ``(fund) -> {grade: haircut}`` | :mod:`socinv.projects.catalogues` |

A declared path that does not import is a bug: :func:`resolved` raises, it never skips.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.apps import apps
from django.utils.module_loading import import_string


def declared(name: str) -> Iterator[tuple[str, Any]]:
    """(app label, item) for every item of the hook ``name``, in INSTALLED_APPS order."""
    for config in apps.get_app_configs():
        for item in getattr(config, name, ()):
            yield config.label, item


def resolved(path: str) -> Any:
    """The object a hook names by its dotted path."""
    return import_string(path)
