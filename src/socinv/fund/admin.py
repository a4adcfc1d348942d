"""Admin: funds (with their risk bounds and write-down rules) and projects (with their
members) are configuration; every change is kept in the history (simple-history).
Ledger entries are read-only here: they are written by the ledger services only."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Fund, LedgerEntry, Project, ProjectMember, RiskBound, WriteDownRule


class RiskBoundInline(admin.TabularInline):
    model = RiskBound
    extra = 0


class WriteDownRuleInline(admin.TabularInline):
    model = WriteDownRule
    extra = 0


class ProjectMemberInline(admin.TabularInline):
    model = ProjectMember
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Fund)
class FundAdmin(SimpleHistoryAdmin):
    list_display = ["name", "organisation", "economic_model", "write_down_bearer", "risk_policy"]
    inlines = [RiskBoundInline, WriteDownRuleInline]
    readonly_fields = ["ledger_head", "ledger_count"]


@admin.register(Project)
class ProjectAdmin(SimpleHistoryAdmin):
    list_display = ["title", "fund", "type", "phase", "risk_class"]
    list_filter = ["fund", "type", "phase", "risk_class"]
    search_fields = ["title"]
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


@admin.register(LedgerEntry)
class LedgerEntryAdmin(admin.ModelAdmin):
    """Entries are written by the ledger services only, never through the admin."""

    list_display = ["fund", "seq", "type", "date", "amount_ore", "project", "board", "recorded_by"]
    list_filter = ["fund", "type"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
