from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from socinv.audit.sources import Source


class ProjectsConfig(AppConfig):
    name = "socinv.projects"
    label = "projects"
    verbose_name = _("Projects")
    default_auto_field = "django.db.models.BigAutoField"
    audit_sources = [
        Source("Project", via="fund"),
        Source("ProjectMember", via="project"),
        # append-only: who and when are its own columns; the result is the engine's JSON
        Source(
            "StoredSimulation",
            via="project",
            append_only=True,
            hidden=("recorded_by", "recorded_at", "result"),
        ),
        Source(
            "StoredCatalogue",
            via="simulation",
            append_only=True,
            hidden=("recorded_by", "recorded_at", "catalogue", "uses"),
        ),
    ]
