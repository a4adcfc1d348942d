from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Board, Department, Organisation, Stakeholder


class DepartmentInline(admin.TabularInline):
    model = Department
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "org_number"]
    search_fields = ["name", "org_number"]


@admin.register(Board)
class BoardAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "organisation"]
    list_filter = ["organisation"]
    search_fields = ["name", "code"]
    inlines = [DepartmentInline]


@admin.register(Department)
class DepartmentAdmin(SimpleHistoryAdmin):
    list_display = ["name", "board"]
    list_filter = ["board__organisation"]
    search_fields = ["name"]


@admin.register(Stakeholder)
class StakeholderAdmin(SimpleHistoryAdmin):
    list_display = ["key", "name", "kind", "municipal", "public", "organisation"]
    list_filter = ["organisation", "kind", "municipal", "public"]
    search_fields = ["key", "name"]
