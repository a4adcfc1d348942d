"""Applications: idea check, full application, evidence chain, attachments."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "socinv.applications"
    label = "applications"
    verbose_name = _("Applications")

    def ready(self):
        _register_audit_sources()


def _register_audit_sources() -> None:
    """Put this app's history tables in the audit trail, scoped to the organisation
    through the fund or the project (see socinv.audit.selectors.SOURCES)."""
    from django.db.models import Q

    from socinv.audit import selectors as audit

    def applications(org):
        return audit._ids("applications.Application", Q(project_id__in=audit._project_ids(org)))

    ours = [
        audit.Source(
            "applications.ApplicationSettings", lambda org: Q(fund_id__in=audit._fund_ids(org))
        ),
        audit.Source(
            "applications.Application", lambda org: Q(project_id__in=audit._project_ids(org))
        ),
        audit.Source(
            "applications.BudgetYear", lambda org: Q(application_id__in=applications(org))
        ),
        audit.Source(
            "applications.EvidenceStatement",
            lambda org: Q(project_id__in=audit._project_ids(org)),
        ),
        audit.Source(
            "applications.Indicator", lambda org: Q(project_id__in=audit._project_ids(org))
        ),
        audit.Source(
            "applications.Attachment", lambda org: Q(application_id__in=applications(org))
        ),
    ]
    known = {s.label for s in audit.SOURCES}
    # before the ledger, which the trail treats apart
    at = next((i for i, s in enumerate(audit.SOURCES) if s.label == "fund.LedgerEntry"), None)
    for source in ours:
        if source.label not in known:
            if at is None:
                audit.SOURCES.append(source)
            else:
                audit.SOURCES.insert(at, source)
                at += 1
