"""Admin: each fund's checklist questions are configuration, editable by administrators
(auditors look); every change is kept in the history."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ChecklistQuestion


@admin.register(ChecklistQuestion)
class ChecklistQuestionAdmin(SimpleHistoryAdmin):
    list_display = ["text", "fund", "area", "order", "active"]
    list_filter = ["fund", "area", "active"]
    list_editable = ["order", "active"]
    search_fields = ["text"]
    ordering = ["fund", "order", "pk"]
