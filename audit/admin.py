"""The change history for administrators: read-only, scoped to what the user may see."""

from django.contrib import admin
from django.db.models import Q

from cases.models import Case
from cases.scoping import visible_agency_ids

from .models import Change


@admin.register(Change)
class ChangeAdmin(admin.ModelAdmin):
    list_display = ["at", "username", "address", "action", "model", "summary"]
    list_filter = ["action", "model"]
    search_fields = ["username", "summary", "object_id"]
    date_hierarchy = "at"

    def get_queryset(self, request):
        # Scoped for superusers too, like every model admin: a province's administrator is one.
        changes = super().get_queryset(request)
        visible_cases = Case.objects.for_user(request.user).values("pk")
        return changes.filter(Q(case_id__in=visible_cases) | Q(user__agency_id__in=visible_agency_ids(request.user)))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
