from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import GroupRole, Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "organisation", "role"]
    list_filter = ["organisation", "role"]
    search_fields = ["user__username"]


@admin.register(GroupRole)
class GroupRoleAdmin(SimpleHistoryAdmin):
    """Single sign-on: which group of the identity provider gives which role, per
    organisation (an administrator sees and sets only their own organisations')."""

    list_display = ["group", "role", "organisation"]
    list_filter = ["organisation", "role"]
    search_fields = ["group"]

    def _organisations(self, request, *roles):
        from socinv.organisation.models import Organisation

        return Organisation.objects.filter(
            memberships__user=request.user, memberships__role__in=roles
        ).distinct()

    def get_queryset(self, request):
        seen = self._organisations(request, "administrator", "auditor")
        return super().get_queryset(request).filter(organisation__in=seen)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "organisation":
            kwargs["queryset"] = self._organisations(request, "administrator")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


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
