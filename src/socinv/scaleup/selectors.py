"""Reads for multiplier effects."""

from __future__ import annotations

from dataclasses import dataclass

from socinv.projects.models import Project

from .models import Adoption, ChangedDocument, MultiplierEffect


@dataclass
class ScaleUp:
    adoptions: list[Adoption]
    effects: list[MultiplierEffect]
    documents: list[ChangedDocument]

    @property
    def people_per_year(self) -> int:
        """Additional people reached per year, summed over the multiplied effects."""
        return sum(e.people_per_year or 0 for e in self.effects if e.kind == "multiplied")

    @property
    def is_empty(self) -> bool:
        return not (self.adoptions or self.effects or self.documents)


def scale_up(project: Project) -> ScaleUp:
    return ScaleUp(
        adoptions=list(
            Adoption.objects.filter(project=project)
            .select_related("department", "board", "registered_by")
            .order_by("date", "pk")
        ),
        effects=list(
            MultiplierEffect.objects.filter(project=project)
            .select_related("registered_by")
            .order_by("date", "pk")
        ),
        documents=list(
            ChangedDocument.objects.filter(project=project)
            .select_related("registered_by")
            .order_by("date", "pk")
        ),
    )
