"""Admin: funds (with their risk bounds and write-down rules) are configuration; every
change is kept in the history (simple-history). Ledger entries are read-only here: they are written by the ledger services only."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    AttestationSettings,
    Fund,
    LedgerEntry,
    RiskBound,
    SimulationSettings,
    WriteDownRule,
)


class RiskBoundInline(admin.TabularInline):
    model = RiskBound
    extra = 0


class WriteDownRuleInline(admin.TabularInline):
    model = WriteDownRule
    extra = 0


class SimulationSettingsInline(admin.StackedInline):
    model = SimulationSettings
    extra = 0
    max_num = 1


class AttestationSettingsInline(admin.StackedInline):
    model = AttestationSettings
    extra = 0
    max_num = 1


@admin.register(Fund)
class FundAdmin(SimpleHistoryAdmin):
    list_display = ["name", "organisation", "economic_model", "write_down_bearer", "risk_policy"]
    inlines = [
        RiskBoundInline,
        WriteDownRuleInline,
        SimulationSettingsInline,
        AttestationSettingsInline,
    ]
    readonly_fields = ["ledger_head", "ledger_count"]


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
