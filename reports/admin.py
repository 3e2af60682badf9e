from django.contrib import admin
from django.core.exceptions import PermissionDenied

from cases.admin import ReadOnlyAdmin, ScopedAdmin

from .models import LateEntry, PeriodClosing, ReportJob, ReportSigners, Target
from .targets import target_set


@admin.register(Target)
class TargetAdmin(ScopedAdmin):
    list_display = ["agency", "year", "cases_rate", "money_rate", "set_by", "set_at"]
    list_filter = ["year", ("agency", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["agency__name", "agency__code"]
    fields = ["agency", "year", "cases_rate", "money_rate"]

    def save_model(self, request, obj, form, change):
        # The same rule as everywhere: leadership or administrators, for their agency and below.
        try:
            saved = target_set(agency=obj.agency, year=obj.year, cases_rate=obj.cases_rate,
                               money_rate=obj.money_rate, user=request.user)
        except PermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        obj.pk = saved.pk

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReportSigners)
class ReportSignersAdmin(ScopedAdmin):
    """The names an agency's period reports are signed with, kept by its administrator."""

    list_display = ["agency", "drawn_up_by", "checked_by", "head_title", "head_name"]
    search_fields = ["agency__name", "agency__code", "drawn_up_by", "checked_by", "head_name"]
    fields = ["agency", "drawn_up_by", "checked_by", "head_title", "head_name"]


@admin.register(PeriodClosing)
class PeriodClosingAdmin(ReadOnlyAdmin):
    list_display = ["agency", "year", "months", "version", "period_end", "closed_by", "closed_at", "live_differs",
                    "reopened_at", "reopened_by", "reopen_reason"]
    list_filter = ["year", "months", "live_differs"]
    search_fields = ["agency__name", "agency__code"]


@admin.register(LateEntry)
class LateEntryAdmin(ReadOnlyAdmin):
    list_display = ["event", "reason", "accepted_by", "accepted_at"]
    search_fields = ["reason", "event__case__decision_number"]


@admin.register(ReportJob)
class ReportJobAdmin(ReadOnlyAdmin):
    """Every report job of the subtree, for administrators watching the workers (files on the job page)."""

    list_display = ["agency", "year", "months", "by", "requested_by", "scheduled", "status", "progress", "attempts",
                    "created_at", "finished_at"]
    list_filter = ["status", "scheduled", "year", "months"]
    search_fields = ["agency__name", "agency__code", "message"]
