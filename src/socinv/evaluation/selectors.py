"""Reads for the learning evaluation: a project's entries grouped by phase (in the order of
the phases) with their responses, the final report and the accompanying research."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch

from socinv.projects.models import Project

from .models import EvaluationEntry, FinalReport, ResearchAttachment, Response

PHASE_ORDER = {p.value: i for i, p in enumerate(Project.Phase)}


@dataclass
class PhaseGroup:
    phase: str
    label: str
    entries: list[EvaluationEntry] = field(default_factory=list)

    @property
    def observations(self) -> int:
        return sum(1 for e in self.entries if e.kind == EvaluationEntry.Kind.OBSERVATION)

    @property
    def recommendations(self) -> int:
        return sum(1 for e in self.entries if e.kind == EvaluationEntry.Kind.RECOMMENDATION)


@dataclass
class Evaluation:
    project: Project
    phases: list[PhaseGroup]
    final_report: FinalReport | None
    research: list[ResearchAttachment]

    @property
    def entries(self) -> list[EvaluationEntry]:
        return [e for g in self.phases for e in g.entries]

    @property
    def recommendations(self) -> list[EvaluationEntry]:
        return [e for e in self.entries if e.kind == EvaluationEntry.Kind.RECOMMENDATION]


def entries_of(project: Project):
    return (
        EvaluationEntry.objects.filter(project=project)
        .select_related("author")
        .prefetch_related(
            Prefetch(
                "responses",
                queryset=Response.objects.select_related("author").order_by("date", "pk"),
            )
        )
        .order_by("date", "pk")
    )


def evaluation_of(project: Project) -> Evaluation:
    groups: dict[str, PhaseGroup] = {}
    labels = dict(Project.Phase.choices)
    for entry in entries_of(project):
        group = groups.get(entry.phase)
        if group is None:
            group = groups[entry.phase] = PhaseGroup(entry.phase, str(labels[entry.phase]))
        group.entries.append(entry)
    phases = sorted(groups.values(), key=lambda g: PHASE_ORDER.get(g.phase, 99))
    report = FinalReport.objects.select_related("author").filter(project=project).first()
    research = list(
        ResearchAttachment.objects.filter(project=project).select_related("uploaded_by")
    )
    return Evaluation(project, phases, report, research)


def response_status(entry: EvaluationEntry) -> str:
    """A recommendation's status: the latest stand taken on it ("" when none yet).

    The owners' stand counts over the project's when both have responded."""
    stands = [r for r in entry.responses.all() if r.status]
    if not stands:
        return ""
    owners = [r for r in stands if r.party == Response.Party.OWNERS]
    return (owners or stands)[-1].status
