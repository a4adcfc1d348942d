"""What the audit trail reads, and how each record reaches its organisation.

Every app declares its tracked models on its AppConfig (see :mod:`socinv.web.hooks`)::

    audit_sources = [
        Source("Application", via="project"),
        Source("BudgetYear", via="application"),
    ]

``via`` names the foreign key to a model that has a source of its own; a record belongs to
the organisation its parent belonged to, followed through the parents' *history* tables
(so that the history of a record whose parent has since been deleted stays in its
organisation's trail), up to the organisation itself. The special cases are data too:

* ``root=True``: the organisation itself;
* ``through="Membership.user"``: the records a foreign key of another source has ever
  pointed to (users: a user's history belongs to every organisation where the user has
  held a role);
* ``hidden``: fields never shown (a secret's hash);
* ``append_only=True``: the ledger, read from its own table (``recorded_by``,
  ``recorded_at``) as "created" events, not from a history table.

Apps below ``socinv.audit`` in the layers (organisation, accounts) cannot import
:class:`Source`: they declare the same keyword arguments as a dict.

This module imports nothing of the apps.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.apps import apps
from django.db import models
from django.db.models import Q

from socinv.web.hooks import declared


@dataclass(frozen=True)
class Source:
    label: str  # "ModelName" of the declaring app, or "app_label.ModelName"
    via: str = ""  # the foreign key to the parent (a model with a source of its own)
    root: bool = False  # the organisation itself
    through: str = ""  # "[app_label.]Model.field": the records that field has pointed to
    hidden: tuple[str, ...] = ()  # fields never shown
    append_only: bool = False  # read from the table itself (the ledger), not its history

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.label)

    @property
    def key(self) -> str:
        return self.model._meta.label_lower

    def of(self, app_label: str) -> Source:
        """The source with its labels qualified by the declaring app's label."""
        through = self.through
        if through and through.count(".") == 1:
            through = f"{app_label}.{through}"
        label = self.label if "." in self.label else f"{app_label}.{self.label}"
        return replace(self, label=label, through=through)


def sources() -> list[Source]:
    """Every app's declared sources (``audit_sources``), in the apps' order."""
    found = []
    for app_label, item in declared("audit_sources"):
        source = item if isinstance(item, Source) else Source(**item)
        found.append(source.of(app_label))
    return found


class Scopes:
    """The filter on each source's history (or ledger) table that keeps one organisation's
    records: computed from the ``via`` chains, one subquery per parent."""

    def __init__(self, declared_sources: list[Source]):
        self._by_model = {s.model: s for s in declared_sources}

    def scope(self, source: Source, org) -> Q:
        if source.root:
            return Q(id=org.pk)
        if source.through:
            return Q(id__in=self._through_ids(source, org))
        fk = source.model._meta.get_field(source.via)
        parent = self._source_of(fk.related_model, source)
        if parent.root:
            return Q((fk.attname, org.pk))
        return Q((f"{fk.attname}__in", self.ids(parent, org)))

    def ids(self, source: Source, org):
        """The ids of ``source``'s records that have ever belonged to ``org`` (a subquery)."""
        if source.through:
            return self._through_ids(source, org)
        # an append-only table (the ledger) is its own history
        table = source.model if source.append_only else source.model.history.model
        return table.objects.filter(self.scope(source, org)).values("id")

    def _through_ids(self, source: Source, org):
        label, name = source.through.rsplit(".", 1)
        other = self._source_of(apps.get_model(label), source)
        fk = other.model._meta.get_field(name)
        rows = other.model.history.model.objects.filter(self.scope(other, org))
        return rows.values(fk.attname)

    def _source_of(self, model, child: Source) -> Source:
        try:
            return self._by_model[model]
        except KeyError:
            raise LookupError(
                f"{child.label} reaches its organisation through {model._meta.label}, "
                "which declares no audit source"
            ) from None
