from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "organisation", "role"]
    list_filter = ["organisation", "role"]
    search_fields = ["user__username"]


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class SocinvUserAdmin(UserAdmin, SimpleHistoryAdmin):
    """Users with their roles. Superuser status is not offered: a superuser would pass
    every permission check; give roles instead."""

    inlines = [MembershipInline]
    list_display = ["username", "first_name", "last_name", "email", "is_active", "is_staff"]
    list_filter = ["is_active", "is_staff", "memberships__role"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        ("", {"fields": ["first_name", "last_name", "email"]}),
        ("", {"fields": ["is_active", "is_staff"]}),
    ]
