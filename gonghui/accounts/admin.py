"""Django admin for superusers (see gonghui/urls.py). Officers manage users in the product's own pages, which
check scopes; saves here go to the audit trail all the same (User and RoleAssignment are audited models)."""
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import RoleAssignment, User


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    raw_id_fields = ("org",)
    readonly_fields = ("granted_at",)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "display_name", "is_active", "is_staff", "is_superuser", "must_change_password",
                    "last_login")
    search_fields = ("username", "display_name", "person__name")
    raw_id_fields = ("person",)
    inlines = [RoleAssignmentInline]
    fieldsets = BaseUserAdmin.fieldsets + (
        ("工会平台", {"fields": ("display_name", "person", "must_change_password")}),
    )
    add_fieldsets = BaseUserAdmin.add_fieldsets + (
        ("工会平台", {"fields": ("display_name", "must_change_password")}),
    )


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ("user", "org", "role", "granted_at")
    list_filter = ("role",)
    search_fields = ("user__username", "user__display_name", "org__name", "org__code")
    raw_id_fields = ("user", "org")
    list_select_related = ("user", "org")
