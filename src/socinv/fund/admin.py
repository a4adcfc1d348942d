"""Admin: funds and projects are editable; ledger entries are read-only (append-only)."""

from django.contrib import admin

from .models import Fund, LedgerEntry, Project


@admin.register(Fund)
class FundAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "economic_model", "write_down_bearer"]


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["title", "fund"]
    filter_horizontal = ["responsible_boards"]


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
