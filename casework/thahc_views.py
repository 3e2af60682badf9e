"""Pages of followed administrative judgments: the list, one judgment's file, and the entries."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from cases import permissions, selectors, thahc, thahc_due
from cases.filters import JudgmentFilter
from cases.models import FollowedJudgment, StepKind
from thads import formatting
from thads.today import local_today

from . import thahc as services
from . import thahc_import
from .file_views import FileImportView, FileTemplateView
from .forms import OfficerForm, add_rule_errors, add_service_errors
from .thahc_forms import JudgmentEditForm, JudgmentForm, StepForm

PAGE_SIZE = 50


class JudgmentListView(TemplateView):
    template_name = "thahc/judgment_list.html"

    def get_context_data(self, **kwargs):
        user, today = self.request.user, local_today()
        judgments = selectors.visible_judgments(user)
        # An officer's own list: the counts of their judgments, and their links narrowed to them.
        own = getattr(user, "officer", None) if user.role == user.Role.OFFICER else None
        watched = judgments.filter(officer=own) if own is not None else judgments
        found = JudgmentFilter(self.request.GET or None, queryset=judgments, user=user, today=today)
        rows = found.qs.select_related("agency", "officer") if found.is_valid() else judgments.none()
        page = Paginator(rows.order_by("-received_on", "-id"), PAGE_SIZE).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            filter=found, page=page, query=query.urlencode(), today=today,
            due_counts=thahc_due.counts(watched, today), own_officer=own,
            can_register=permissions.can_register_cases(user), **kwargs)


class JudgmentDetailView(TemplateView):
    template_name = "thahc/judgment_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        try:
            judgment = selectors.judgment_for_page(user, kwargs["pk"])
        except FollowedJudgment.DoesNotExist:
            raise Http404 from None
        steps = list(selectors.judgment_steps(user, judgment))
        today = local_today()
        civil_case = judgment.civil_case if judgment.civil_case and permissions.can_view_case(
            user, judgment.civil_case) else None
        return super().get_context_data(
            judgment=judgment, steps=steps, today=today, civil_case=civil_case,
            clocks=[(clock, clock.overdue_on(today)) for clock in thahc.deadlines(judgment, steps)],
            history=selectors.judgment_history(user, judgment),
            can_enter=permissions.can_enter_events(user, judgment) and judgment.has_follow_up,
            can_correct=permissions.can_correct_judgment(user, judgment),
            can_assign=permissions.can_assign_officer(user, judgment) and judgment.is_open,
            committee_item=judgment.committee_items.filter(status="open").first(),
            can_bring=permissions.can_bring_to_committee(user, judgment), **kwargs)


class JudgmentCreateView(TemplateView):
    template_name = "thahc/judgment_form.html"

    def dispatch(self, request, *args, **kwargs):
        if not permissions.can_register_cases(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, form=None, **kwargs):
        form = form or JudgmentForm(user=self.request.user, initial={"received_on": local_today()})
        return super().get_context_data(form=form, title=_("Register an administrative judgment"), **kwargs)

    def post(self, request):
        form = JudgmentForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                judgment = services.judgment_create(**form.facts(), created_by=request.user, today=local_today())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Judgment %(number)s registered.") % {"number": judgment.judgment_number})
                return redirect("judgment_detail", judgment.pk)
        else:
            add_rule_errors(form, services.judgment_partial_problems(form.facts(), today=local_today()))
        return self.render_to_response(self.get_context_data(form=form))


class JudgmentEntryView(TemplateView):
    """A write on one judgment: visible to the user (404 otherwise) and theirs to write (403)."""

    allowed = staticmethod(permissions.can_enter_events)
    template_name = "thahc/entry_form.html"

    def dispatch(self, request, *args, **kwargs):
        try:
            self.judgment = selectors.judgment_for_page(request.user, kwargs["pk"])
        except FollowedJudgment.DoesNotExist:
            raise Http404 from None
        if not self.allowed(request.user, self.judgment):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(judgment=self.judgment, **kwargs)

    def done(self, message):
        messages.success(self.request, message)
        return redirect("judgment_detail", self.judgment.pk)

    def conflict(self, form_class, error, **form_kwargs):
        """After a concurrent change: the input kept, against the current version, with what changed."""
        self.judgment.refresh_from_db()
        data = self.request.POST.copy()
        data["version"], data["loaded_at"] = self.judgment.version, timezone.now().isoformat()
        form = form_class(data, **form_kwargs)
        form.is_valid()
        add_service_errors(form, error)
        return form


class StepCreateView(JudgmentEntryView):
    title = gettext_lazy("Record a step")

    def form(self, data=None):
        initial = {"kind": self.request.GET.get("kind"), "effective_date": local_today(),
                   "version": self.judgment.version, "loaded_at": timezone.now()}
        return StepForm(data, initial=initial)

    def get_context_data(self, form=None, **kwargs):
        return super().get_context_data(form=form or self.form(), title=self.title, **kwargs)

    def post(self, request, pk):
        form, changes = self.form(request.POST), None
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.step_record(judgment=self.judgment, kind=data["kind"], effective_date=data["effective_date"],
                                     document_number=data["document_number"], result=data["result"],
                                     note=data["note"], entered_by=request.user, expected_version=data["version"],
                                     today=local_today())
            except ValidationError as error:
                if getattr(error, "code", None) == "conflict":
                    changes = selectors.judgment_changes_since(request.user, self.judgment, data.get("loaded_at"))
                    form = self.conflict(StepForm, error)
                else:
                    add_service_errors(form, error)
            else:
                return self.done(_("%(step)s recorded.") % {"step": StepKind(data["kind"]).label})
        return self.render_to_response(self.get_context_data(form=form, changes=changes))


class JudgmentEditView(JudgmentEntryView):
    title = gettext_lazy("Correct the judgment's details")
    allowed = staticmethod(permissions.can_correct_judgment)

    def form(self, data=None):
        judgment = self.judgment
        initial = {name: getattr(judgment, name) for name in services.FACTS}
        # A link to a case held by a unit the user does not see is neither shown nor changed here.
        hidden = judgment.civil_case_id is not None and not permissions.can_view_case(self.request.user,
                                                                                      judgment.civil_case)
        if judgment.civil_case_id and not hidden:
            initial.update(civil_case_number=judgment.civil_case.decision_number,
                           civil_case_year=judgment.civil_case.decision_year)
        initial.update(version=judgment.version, loaded_at=timezone.now())
        return JudgmentEditForm(data, initial=initial, user=self.request.user, civil_case_hidden=hidden)

    def get_context_data(self, form=None, **kwargs):
        return super().get_context_data(form=form or self.form(), title=self.title, **kwargs)

    def post(self, request, pk):
        form, changes = self.form(request.POST), None
        if form.is_valid():
            try:
                services.judgment_change(self.judgment, expected_version=form.cleaned_data["version"],
                                         today=local_today(), **form.facts())
            except ValidationError as error:
                if getattr(error, "code", None) == "conflict":
                    changes = selectors.judgment_changes_since(request.user, self.judgment,
                                                               form.cleaned_data.get("loaded_at"))
                    form = self.conflict(JudgmentEditForm, error, user=request.user,
                                         civil_case_hidden=form.civil_case_hidden)
                else:
                    add_service_errors(form, error)
            else:
                return self.done(_("Judgment details saved."))
        return self.render_to_response(self.get_context_data(form=form, changes=changes))


class JudgmentOfficerView(JudgmentEntryView):
    title = gettext_lazy("Assign the enforcement officer")
    # A closed judgment keeps the officer who followed it (its completion is theirs in the figures).
    allowed = staticmethod(lambda user, judgment: permissions.can_assign_officer(user, judgment) and judgment.is_open)

    def get_context_data(self, form=None, **kwargs):
        form = form or OfficerForm(initial={"officer": self.judgment.officer_id, "version": self.judgment.version},
                                   case=self.judgment)
        return super().get_context_data(form=form, title=self.title, **kwargs)

    def post(self, request, pk):
        form = OfficerForm(request.POST, case=self.judgment)
        if form.is_valid():
            try:
                services.judgment_change(self.judgment, officer=form.cleaned_data["officer"],
                                         expected_version=form.cleaned_data["version"], today=local_today())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return self.done(_("Officer assigned."))
        return self.render_to_response(self.get_context_data(form=form))


# --- import -----------------------------------------------------------------------------------


class JudgmentImportView(FileImportView):
    template_name = "thahc/judgment_import.html"
    columns = thahc_import.COLUMNS
    success_url = "judgment_list"
    allowed = staticmethod(permissions.can_register_cases)

    def load(self, data, filename, **context):
        return thahc_import.import_judgments(data, filename, **context)

    def done(self, result):
        return _("%(created)s judgments imported; %(skipped)s were already in the register.") % {
            "created": formatting.integer(result.created), "skipped": formatting.integer(result.skipped)}


class JudgmentTemplateView(FileTemplateView):
    allowed = staticmethod(permissions.can_register_cases)
    files = {"xlsx": thahc_import.template_xlsx, "csv": thahc_import.template_csv}
    filename = "mau-ban-an-hanh-chinh"
