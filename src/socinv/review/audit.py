"""The review app's records in the audit trail (:data:`socinv.audit.selectors.SOURCES`),
scoped to an organisation through the fund or the project, over the history tables (so
records deleted since are still found). Registered from :meth:`ReviewConfig.ready`; a
source already listed in the audit module is left as it is."""

from __future__ import annotations

from django.db.models import Q


def register_sources() -> None:
    from socinv.audit import selectors as audit

    def project_ids(org):
        return audit._ids(
            "fund.Project", Q(fund_id__in=audit._ids("fund.Fund", Q(organisation_id=org.pk)))
        )

    def review_ids(org):
        return audit._ids("review.Review", Q(project_id__in=project_ids(org)))

    def decision_ids(org):
        return audit._ids("review.Decision", Q(project_id__in=project_ids(org)))

    ours = [
        audit.Source(
            "review.ChecklistQuestion",
            lambda org: Q(fund_id__in=audit._ids("fund.Fund", Q(organisation_id=org.pk))),
        ),
        audit.Source("review.Review", lambda org: Q(project_id__in=project_ids(org))),
        audit.Source("review.ReviewAnswer", lambda org: Q(review_id__in=review_ids(org))),
        audit.Source("review.Decision", lambda org: Q(project_id__in=project_ids(org))),
        audit.Source("review.DecisionYear", lambda org: Q(decision_id__in=decision_ids(org))),
    ]
    present = {s.label.lower() for s in audit.SOURCES}
    for source in ours:
        if source.label.lower() not in present:
            audit.SOURCES.append(source)
