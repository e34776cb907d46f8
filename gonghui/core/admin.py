"""Django admin (superusers only, see gonghui/urls.py): the audit trail can be read there, never changed."""
from django.contrib import admin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("at", "actor_name", "ip", "source", "action", "content_type", "object_repr", "note")
    list_filter = ("action", "source", "content_type")
    search_fields = ("actor_name", "object_repr", "object_id", "note", "org_path")
    date_hierarchy = "at"
    ordering = ("-at", "-id")
    list_select_related = ("content_type",)
    show_full_result_count = False
    actions = None

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
