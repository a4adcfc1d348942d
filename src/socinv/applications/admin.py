from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ApplicationSettings


@admin.register(ApplicationSettings)
class ApplicationSettingsAdmin(SimpleHistoryAdmin):
    """Per fund: one or two stages, and the budget that requires a scientific evaluation."""

    list_display = ["fund", "two_stage", "scientific_evaluation_threshold_ore"]
