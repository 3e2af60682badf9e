from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from cases.admin import ReadOnlyAdmin, ScopedAdmin
from thads import formatting

from .figures import LABELS, MONEY_KEYS
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
    readonly_fields = ["closed_at", "published_figures"]

    def get_fields(self, request, obj=None):
        # The published figures as the official table reads them, not the snapshot's stored keys.
        return [field for field in super().get_fields(request, obj) if field != "snapshot"]

    @admin.display(description=_("published figures"))
    def published_figures(self, closing):
        snapshot = closing.snapshot or {}
        cases, money = snapshot.get("cases") or {}, snapshot.get("money") or {}

        def shown(key, value):
            if value is None:
                return ""
            return formatting.percent(value) if key == "rate" else formatting.integer(value)

        rows = [(LABELS[key], shown(key, cases.get(key)), shown(key, money.get(key)))
                for key in MONEY_KEYS if key in cases or key in money]
        if not rows:
            return self.get_empty_value_display()
        return format_html(
            '<table><thead><tr><th></th><th class="num">{}</th><th class="num">{}</th></tr></thead>'
            "<tbody>{}</tbody></table>", _("By cases"), _("By money (đồng)"),
            format_html_join("", '<tr><td>{}</td><td class="num">{}</td><td class="num">{}</td></tr>', rows))


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
