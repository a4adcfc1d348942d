"""Admin: each fund's gate checklist questions are configuration, editable by
administrators (auditors look); every change is kept in the history."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import GateQuestion


@admin.register(GateQuestion)
class GateQuestionAdmin(SimpleHistoryAdmin):
    list_display = ["text", "fund", "gate", "order", "active"]
    list_filter = ["fund", "gate", "active"]
    list_editable = ["order", "active"]
    search_fields = ["text"]
    ordering = ["fund", "gate", "order", "pk"]
