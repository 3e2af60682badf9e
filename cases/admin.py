"""The Django admin, scoped like every other read: each list shows only the user's subtree.

Cases, events and complaints are read-only here: their writes go through the services, which
check the legal rules and keep the derived state.
"""

from copy import copy

from django.apps import apps
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, SetUnusablePasswordMixin
from django.contrib.auth.models import Group
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q
from django.shortcuts import redirect
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _

from audit.models import Change
from audit.presenting import lines, shown
from audit.recorder import TRACKED, followed, followed_save, values_of
from thads.today import local_today

from .models import Agency, AgencySuccession, Case, CaseEvent, Complaint, Officer, User
from .scoping import visible_agency_ids


def scoped_choices(model, user):
    """What a related field of an admin form may offer and accept: the objects of the user's
    subtree, through the model's own `for_user`; nothing for a model without one (deny by default)."""
    objects = model._default_manager.all()
    return objects.for_user(user) if hasattr(objects, "for_user") else objects.none()


def operating(agencies):
    """The agencies of a picker for people: those operating today (not a former unit)."""
    return agencies.valid_on(local_today())


def as_written(model, name):
    """A column or read-only field of a number that names something (a year, a record's number),
    shown as written: the admin groups every integer like a quantity ("2.026" for 2026)."""
    def shown(obj):
        value = getattr(obj, name)
        return admin.site.empty_value_display if value is None else str(value)

    shown.__name__ = name  # the column's and the field's CSS class, as for the field itself
    shown.short_description = model._meta.get_field(name).verbose_name
    shown.admin_order_field = name
    return shown


class NamingNumbersAdmin(admin.ModelAdmin):
    """Years and record numbers as written wherever the admin shows them: in its lists, and on a
    page where they are read only (a record one may view but not change)."""

    naming_numbers = ("year", "decision_year", "case_id")

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        self.written = {}
        for name in self.naming_numbers:
            try:
                self.written[name] = as_written(model, name)
            except FieldDoesNotExist:
                continue

    def get_list_display(self, request):
        return [self.written.get(name, name) if isinstance(name, str) else name
                for name in super().get_list_display(request)]

    def _shown_read_only(self, request, obj):
        if obj is not None and not self.has_change_permission(request, obj):
            return set(self.written)  # a page to view: every field read only
        return {name for name in super().get_readonly_fields(request, obj) if name in self.written}

    def get_fields(self, request, obj=None):
        shown = self._shown_read_only(request, obj)
        return [self.written[name] if name in shown else name for name in super().get_fields(request, obj)]

    def get_readonly_fields(self, request, obj=None):
        shown = self._shown_read_only(request, obj)
        return [self.written[name] if name in shown else name for name in super().get_readonly_fields(request, obj)]


class ScopedAdmin(NamingNumbersAdmin):
    """Lists and forms of the user's subtree only. Every related field's choices go through
    `scoped_choices`, which also bounds what a posted id may name: an id from elsewhere is "not
    one of the available choices", and its object is never looked up to be shown."""

    # The record's history is the site's own (every save, wherever it was made, by the person's
    # name), not only the edits made in the admin.
    object_history_template = "admin/audit_history.html"

    def get_queryset(self, request):
        return super().get_queryset(request).for_user(request.user)

    def history_view(self, request, object_id, extra_context=None):
        from audit.models import Change
        from audit.presenting import saves

        if self.get_object(request, object_id) is not None:  # in the user's scope: its history
            label = self.model._meta.label_lower
            changes = (Change.objects.filter(case_id=object_id) if label == "cases.case"  # with its events
                       else Change.objects.filter(model=label, object_id=str(object_id)))
            extra_context = {**(extra_context or {}), "saves": saves(changes.select_related("user")[:200], on_page_of=label)}
        return super().history_view(request, object_id, extra_context)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs["queryset"] = scoped_choices(db_field.related_model, request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs["queryset"] = scoped_choices(db_field.related_model, request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    # What follows a write made here, as after every other (the history, the data version).
    def save_model(self, request, obj, form, change):
        stored = type(obj)._default_manager.filter(pk=obj.pk).first() if change else None
        super().save_model(request, obj, form, change)
        followed_save(obj, values_of(stored) if stored is not None else None)

    def delete_model(self, request, obj):
        gone = copy(obj)  # keeps the key, which the deletion clears
        super().delete_model(request, obj)
        followed(deleted=[gone])

    def delete_queryset(self, request, queryset):
        gone = list(queryset)
        super().delete_queryset(request, queryset)
        followed(deleted=gone)


class ReadOnlyAdmin(ScopedAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Agency)
class AgencyAdmin(ReadOnlyAdmin):
    """Read here; kept on the tree pages (casework.tree_views), where every rule of the tree is checked."""

    list_display = ["name", "code", "level", "parent", "valid_from", "valid_to"]
    list_filter = ["level", "valid_to"]
    search_fields = ["name", "short_name", "code"]
    fields = ["code", "name", "short_name", "level", "parent", "valid_from", "valid_to", "path", "depth"]


@admin.register(AgencySuccession)
class AgencySuccessionAdmin(ReadOnlyAdmin):
    list_display = ["predecessor", "successor", "kind", "effective_date"]
    list_filter = ["kind", "effective_date"]
    search_fields = ["predecessor__name", "successor__name"]


@admin.register(Officer)
class OfficerAdmin(ScopedAdmin):
    list_display = ["full_name", "code", "agency", "rank", "is_active"]
    list_filter = ["rank", "is_active", ("agency", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["full_name", "code"]
    # A select of the subtree's accounts: a box of raw ids accepted any account of the country and
    # printed its name beside the box (ForeignKeyRawIdWidget reads it unscoped).

    def get_readonly_fields(self, request, obj=None):
        # An officer moves on their page (casework.people.officer_move), which keeps their open
        # cases from being left at a unit they no longer work in.
        return ["agency"] if obj is not None else []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "agency":  # as on the unit's page: an operating provincial or local unit
            field.queryset = operating(field.queryset).exclude(level=Agency.Level.CENTRAL)
        return field


class PasswordChangeForm(AdminPasswordChangeForm):
    """Django's, but for the warning under "password-based authentication": Django writes it in
    English, and joins it to the help before it in the language active when Django was imported."""

    usable_password_help_text = format_lazy(
        '{}<ul id="id_unusable_warning" class="messagelist"><li class="warning">{}</li></ul>',
        SetUnusablePasswordMixin.usable_password_help_text,
        _("If disabled, the current password for this user will be lost."),
    )


@admin.register(User)
class UserAdmin(BaseUserAdmin, ScopedAdmin):
    change_password_form = PasswordChangeForm
    list_display = ["username", "full_name", "role", "agency", "is_active"]
    list_filter = ["role", "is_active", ("agency", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["username", "full_name", "email"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Person"), {"fields": ["full_name", "email"]}),
        (_("Access"), {"fields": ["agency", "role", "is_active"]}),  # the admin's door follows the role
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"fields": ["username", "full_name", "agency", "role", "password1", "password2"]})]

    def user_change_password(self, request, id, form_url=""):
        # One's own password is changed where the old one is asked for and counts into the login
        # lock; this page sets any account's without it (for the accounts one manages).
        if str(id) == str(request.user.pk):
            return redirect("password_change")
        return super().user_change_password(request, id, form_url)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "agency":  # an account is put at a unit that operates today
            field.queryset = operating(field.queryset)
        if db_field.name == "agency" and not request.user.is_superuser:
            # An account an administrator makes is in their subtree, not outside everyone's (found by fuzzing).
            field.required = True
        return field


class EventInline(admin.TabularInline):
    model = CaseEvent
    fields = ["effective_date", "kind", "amount", "condition", "ground", "to_agency", "agency", "entered_by", "entered_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ["effective_date", "id"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ["decision_number", "decision_date", "agency", "debtor_name", "status", "condition", "amount",
                    "remaining_amount"]
    list_filter = ["status", "condition", "initiation", "judgment_kind", "is_credit_institution",
                   "is_corruption_asset", "in_separate_register", "is_sample", ("agency", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["decision_number", "debtor_name", "creditor_name", "search_text"]
    date_hierarchy = "decision_date"
    list_select_related = ["agency"]
    inlines = [EventInline]


@admin.register(CaseEvent)
class CaseEventAdmin(ReadOnlyAdmin):
    list_display = ["case", "kind", "effective_date", "amount", "agency", "entered_by", "entered_at"]
    list_filter = ["kind", "effective_date", ("agency", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["case__decision_number", "case__debtor_name"]
    list_select_related = ["case", "agency", "entered_by"]


@admin.register(Complaint)
class ComplaintAdmin(ReadOnlyAdmin):
    list_display = ["case", "kind", "round", "received_on", "due_on", "resolved_on"]
    list_filter = ["kind", "round", "coercion_related", "resolved_on"]
    search_fields = ["case__decision_number", "complainant", "summary"]
    list_select_related = ["case"]


# Roles are the users' own field; Django's groups would be a second, unscoped way to grant rights.
admin.site.unregister(Group)
admin.site.site_header = _("THADS administration")
admin.site.site_title = _("THADS administration")
admin.site.index_title = _("Administration")


def record_type(label: str) -> str:
    """A changed record's type by its name in the active language ("Kỳ đã chốt số liệu"), not the
    model's label the history stores ("reports.periodclosing")."""
    try:
        return capfirst(apps.get_model(label)._meta.verbose_name)
    except (LookupError, ValueError):  # a model since removed: its label, as stored
        return label


class RecordTypeFilter(admin.SimpleListFilter):
    title = _("record type")
    parameter_name = "model"

    def lookups(self, request, model_admin):
        # The tracked models, named: no query over the whole history for its distinct values.
        return sorted(((label, record_type(label)) for label in TRACKED), key=lambda choice: choice[1])

    def queryset(self, request, queryset):
        return queryset.filter(model=self.value()) if self.value() else queryset


@admin.register(Change)
class ChangeAdmin(NamingNumbersAdmin):
    """The change history (audit) for administrators: read-only, scoped like every list here."""

    list_display = ["at", "username", "address", "action", "record_type", "summary"]
    list_filter = ["action", RecordTypeFilter]
    search_fields = ["username", "summary", "object_id"]
    date_hierarchy = "at"
    fields = ["at", "user", "username", "address", "action", "record_type", "record_number", "case_id", "summary",
              "what_changed"]

    @admin.display(description=_("record type"), ordering="model")
    def record_type(self, change):
        return record_type(change.model)

    @admin.display(description=_("record number"))
    def record_number(self, change):
        return change.object_id

    @admin.display(description=_("What changed"))
    def what_changed(self, change):
        try:
            changed = lines(change)
        except LookupError:  # a model since removed
            changed = []
        if not changed:
            return self.get_empty_value_display()
        return format_html_join(mark_safe("<br>"), "{}: {}", shown(change.action, changed))

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
