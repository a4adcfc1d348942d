"""Admin: projects (with their members) are configuration; every change is kept in the
history (simple-history)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Project, ProjectMember


class ProjectMemberInline(admin.TabularInline):
    model = ProjectMember
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Project)
class ProjectAdmin(SimpleHistoryAdmin):
    list_display = ["title", "code", "fund", "type", "phase", "risk_class"]
    list_filter = ["fund", "type", "phase", "risk_class"]
    search_fields = ["title", "code"]
    filter_horizontal = ["responsible_boards"]
    inlines = [ProjectMemberInline]
    # The calculation is validated and computed by the engine: set it through the
    # calculation editor or the API, never as raw text here.
    readonly_fields = [
        "calculation_toml",
        "calculation_result",
        "success_probability",
        "calculation_updated_by",
        "calculation_updated_at",
    ]
