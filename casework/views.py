"""Thin views: each names its selector, filter and template."""

from contextlib import nullcontext

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseBadRequest, JsonResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, TemplateView

from cases import case_csv, clocks, permissions, selectors
from cases.case_sorts import CASE_SORTS, DEFAULT_SORT
from cases.models import Case, Complaint, EventKind, SavedView
from reports import drilldown
from reports.behind import reading
from reports.drilldown import DrillDownFilter
from thads import formatting
from thads.client import client_address
from thads.pagination import COUNT_CAP, SEARCH_COUNT_CAP, keyset_page, reading_the_scope, walking_the_index
from thads.queue import QueueUnavailable
from thads.today import local_today

from . import import_jobs, imports, saved_views, services
from .forms import (
    AMOUNT_KINDS,
    CaseForm,
    CaseImportForm,
    ComplaintForm,
    ComplaintResolveForm,
    EventForm,
    OfficerForm,
    add_rule_errors,
    add_service_errors,
)

# The filters always shown; the others fold under "more filters" unless one of them is in use.
MAIN_FILTERS = ("q", "agency", "officer", "state", "is_open", "focus")
PAGE_SIZE = 50
# A search by the index of words reads up to this many matches' keys, to find its page among them
# when it has more than it counts (thads.pagination.keyset_page, gather_past_cap): nationally, a
# phrase with 1.485 matches ("1234/QĐ") was searched twice, 11 + 15 ms, where reading its keys to
# the end costs a millisecond more; one with 8.000 ("nguyen van") reads 3.000 keys for nothing,
# 4 ms more than the 1.000 it read before its page.
SEARCH_KEYS_READ = 3 * SEARCH_COUNT_CAP
# What a list's rows show (cases/templatetags/case_rows.py), the sort fields among them: read alone,
# fifty rows cost a millisecond less than with every column of the case, its agency and officer.
LISTED_FIELDS = ("decision_number", "decision_date", "accepted_on", "debtor_name", "status", "condition",
                 "in_separate_register", "open_complaints", "amount", "remaining_amount", "agency_id", "officer_id",
                 "agency__short_name", "officer__full_name")
# The case's own columns among them, for a drill-down's page (its agencies and officers read apart).
CASE_COLUMNS_LISTED = tuple(field for field in LISTED_FIELDS if "__" not in field)
# A list's money totals are added up when it holds no more cases than the count reads exactly
# (a drill-down's known count may be a whole country's: its totals are the figure it came from).
TOTALS_UP_TO = COUNT_CAP


def _case_filter(request):
    return DrillDownFilter(request.GET or None, queryset=selectors.visible_cases(request.user), user=request.user,
                      today=local_today())


def _sort_key(request):
    key = request.GET.get("sort", DEFAULT_SORT)
    return key if key in CASE_SORTS else DEFAULT_SORT


class CaseListView(TemplateView):
    """The case list. Opened bare, it takes up the filters the person last chose (?clear=1 forgets
    them); filtering through its form (f=1) remembers them; named lists come back in one click."""

    template_name = "cases/case_list.html"

    def get(self, request, *args, **kwargs):
        self.views = list(SavedView.objects.filter(user=request.user))
        last = next((view for view in self.views if not view.name), None)
        if request.GET.get("clear"):
            saved_views.forget(request.user)
            return redirect("case_list")
        if not request.GET and last is not None:
            return redirect(f"{reverse('case_list')}?{last.query}&remembered=1")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        request = self.request
        case_filter = _case_filter(request)
        valid = case_filter.is_valid()
        if valid and request.GET.get("f"):
            saved_views.remember(request.user, request.GET)
        queryset = case_filter.qs if valid else case_filter.queryset.none()
        sort = _sort_key(request)
        known_count = drilldown.known_total(case_filter) if valid else None
        drill_down = valid and case_filter.period is not None
        # A drill-down's page is planned without sorts, which joins the officers by scanning them
        # for every row: their names come in a query of their own instead.
        queryset = (queryset.only(*CASE_COLUMNS_LISTED).prefetch_related("agency", "officer") if drill_down
                    else queryset.select_related("agency", "officer").only(*LISTED_FIELDS))
        order, walk = CASE_SORTS[sort], False
        if drill_down:
            order, walk = reading(case_filter.form.cleaned_data["figure"], order, known_count, case_filter.period,
                                  case_filter.scope_ids())
        # A province's or a unit's list sorts its matches rather than walk the order's national index
        # (thads.pagination._sorted_rows): a province's when they are counted, a unit's always.
        sorting = valid and not drill_down and case_filter.partial_scope()
        with (walking_the_index() if walk else nullcontext(),
              reading_the_scope() if valid and case_filter.reads_part_of_the_country else nullcontext()):
            # A search reads its index of words as dearly for the count as for the page: once.
            searching = bool(valid and request.GET.get("q", "").strip())
            page = keyset_page(queryset, order,
                               after=request.GET.get("after"), before=request.GET.get("before"), size=PAGE_SIZE,
                               count=known_count, gather=searching, cap=SEARCH_COUNT_CAP if searching else None,
                               sums=selectors.TOTALS, sort_matches=sorting, sort_past_cap=sorting and case_filter.small_scope(),
                               gather_past_cap=SEARCH_KEYS_READ if valid and case_filter.searches_by_words else None)
        totals = None
        if valid and not page.count_capped and page.count <= TOTALS_UP_TO:
            # Added up with the matches' keys when the page read them all (a search, a short list).
            totals = page.totals if page.totals is not None else selectors.case_totals(queryset)
        query = request.GET.copy()
        for key in ("after", "before", "f"):  # a page's links neither move the cursor nor remember again
            query.pop(key, None)
        sortless = query.copy()
        sortless.pop("sort", None)
        return super().get_context_data(
            filter=case_filter, valid=valid, page=page, object_list=page.object_list, sort=sort, totals=totals,
            saved=[view for view in self.views if view.name], remembered=bool(request.GET.get("remembered")),
            imported=bool(request.GET.get("imported")),
            kept_query=saved_views.kept_query(request.GET),
            query=query.urlencode(), sortless_query=sortless.urlencode(),
            figure=drilldown.figure_context(case_filter) if valid else None, main_filters=MAIN_FILTERS,
            can_register=permissions.can_register_cases(request.user),
            can_import=permissions.can_enter_anything(request.user),
            more_filters_open=any(request.GET.get(name) for name in case_filter.filters
                                  if name not in MAIN_FILTERS and name != "imported")
            or not valid, **kwargs
        )


class SavedViewCreateView(View):
    """Save the list's filters under a name."""

    def post(self, request):
        query = QueryDict(request.POST.get("query", ""))
        try:
            view = saved_views.save(request.user, request.POST.get("name", ""), query)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(f"{reverse('case_list')}?{saved_views.kept_query(query)}")
        messages.success(request, _("List “%(name)s” saved.") % {"name": view.name})
        return redirect(f"{reverse('case_list')}?{view.query}")


class SavedViewDeleteView(View):
    def post(self, request, pk):
        saved_views.delete(request.user, pk)
        return redirect(f"{reverse('case_list')}?clear=1")


class CaseExportView(View):
    """The filtered list as CSV (semicolons and a BOM, as Excel in Vietnamese expects), streamed."""

    def get(self, request):
        case_filter = _case_filter(request)
        if not case_filter.is_valid():
            return HttpResponseBadRequest(_("The filters are not valid: correct them on the case list first."),
                                          content_type="text/plain; charset=utf-8")
        queryset = case_filter.qs.order_by(*CASE_SORTS[_sort_key(request)].order())
        response = StreamingHttpResponse(case_csv.case_rows(queryset), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{case_csv.filename(local_today())}"'
        return response


class CaseDetailView(DetailView):
    template_name = "cases/case_detail.html"
    context_object_name = "case"

    def get_object(self, queryset=None):
        try:
            return selectors.case_for_page(self.request.user, self.kwargs["pk"])
        except Case.DoesNotExist:
            raise Http404 from None

    def get_context_data(self, **kwargs):
        case = self.object
        events = list(selectors.case_timeline(case))
        today = local_today()
        return super().get_context_data(
            events=events,
            payments=[e for e in events if e.kind in EventKind.with_amount()],
            clocks=[(clock, clock.overdue_on(today)) for clock in clocks.case_clocks(case, events, today)],
            complaints=selectors.case_complaints(case), today=today,
            history=selectors.case_history(self.request.user, case),
            can_enter=permissions.can_enter_events(self.request.user, case),
            can_assign=permissions.can_assign_officer(self.request.user, case) and case.is_open,
            committee_item=case.committee_items.filter(status="open").first(),
            can_bring=permissions.can_bring_to_committee(self.request.user, case), **kwargs
        )


# --- entry ------------------------------------------------------------------------------------


class CaseCreateView(TemplateView):
    """Register a case (clerks and administrators)."""

    template_name = "cases/case_form.html"

    def dispatch(self, request, *args, **kwargs):
        if not permissions.can_register_cases(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def form(self, data=None):
        return CaseForm(data, user=self.request.user)

    def get_context_data(self, form=None, **kwargs):
        return super().get_context_data(form=form or self.form(), **kwargs)

    def post(self, request):
        form = self.form(request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            late_reason = data.pop("late_reason", "")
            try:
                case = services.case_create(**data, created_by=request.user, late_reason=late_reason,
                                            today=local_today())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Case %(number)s registered.") % {"number": case.decision_number})
                return redirect("case_detail", case.pk)
        else:
            add_rule_errors(form, services.case_partial_problems(form.cleaned_data, today=local_today()))
        return self.render_to_response(self.get_context_data(form=form))


class CaseEntryView(TemplateView):
    """A write on one case: it must be visible to the user (404 otherwise) and theirs to edit (403)."""

    allowed = staticmethod(permissions.can_enter_events)

    def dispatch(self, request, *args, **kwargs):
        try:
            self.case = selectors.case_for_page(request.user, kwargs["pk"])
        except Case.DoesNotExist:
            raise Http404 from None
        if not self.allowed(request.user, self.case):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(case=self.case, **kwargs)

    def done(self, message):
        messages.success(self.request, message)
        return redirect("case_detail", self.case.pk)


class EventCreateView(CaseEntryView):
    template_name = "cases/event_form.html"

    def form(self, data=None):
        initial = {"kind": self.request.GET.get("kind"), "effective_date": local_today(),
                   "version": self.case.version, "loaded_at": timezone.now()}
        return EventForm(data, initial=initial, user=self.request.user)

    def get(self, request, *args, **kwargs):
        if not self.case.is_open:  # nothing of the form can still happen to it; a complaint has its own
            messages.info(request, _("The case has ended: only a complaint can still be recorded."))
            return redirect("case_detail", self.case.pk)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, form=None, **kwargs):
        return super().get_context_data(form=form or self.form(), amount_kinds=list(AMOUNT_KINDS), **kwargs)

    def post(self, request, pk):
        form = self.form(request.POST)
        changes = None
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.event_record(
                    case=self.case, kind=data["kind"], effective_date=data["effective_date"], amount=data["amount"] or 0,
                    condition=data["condition"], ground=data["ground"], to_agency=data["to_agency"],
                    document_number=data["document_number"], note=data["note"], entered_by=request.user,
                    expected_version=data["version"], late_reason=data.get("late_reason", ""),
                    today=local_today())
            except ValidationError as error:
                if getattr(error, "code", None) == "conflict":
                    changes = selectors.changes_since(request.user, self.case, data.get("loaded_at"))
                    form = self.form(_with_version(request.POST, self.case))
                    form.is_valid()
                add_service_errors(form, error)
                if getattr(error, "code", None) != "conflict":  # what the first broken rule hid
                    add_rule_errors(form, services.event_partial_problems(self.case, data, today=local_today()))
            else:
                return self.done(_("%(event)s recorded.") % {"event": EventKind(data["kind"]).label})
        else:
            add_rule_errors(form, services.event_partial_problems(self.case, form.cleaned_data, today=local_today()))
        return self.render_to_response(self.get_context_data(form=form, changes=changes))


class ComplaintCreateView(CaseEntryView):
    template_name = "cases/entry_form.html"
    title = gettext_lazy("Receive a complaint")

    def get_context_data(self, form=None, **kwargs):
        form = form or ComplaintForm(initial={"received_on": local_today()})
        return super().get_context_data(form=form, title=self.title, **kwargs)

    def post(self, request, pk):
        form = ComplaintForm(request.POST)
        if form.is_valid():
            try:
                services.complaint_receive(case=self.case, **form.cleaned_data, entered_by=request.user,
                                           today=local_today())
            except ValidationError as error:
                add_service_errors(form, _received_on_errors(error))
            else:
                return self.done(_("Complaint recorded."))
        return self.render_to_response(self.get_context_data(form=form))


class ComplaintResolveView(CaseEntryView):
    template_name = "cases/entry_form.html"
    title = gettext_lazy("Resolve a complaint")

    def complaint(self):
        try:
            return self.case.complaints.get(pk=self.kwargs["complaint"], resolved_on__isnull=True)
        except Complaint.DoesNotExist:
            raise Http404 from None

    def get_context_data(self, form=None, **kwargs):
        form = form or ComplaintResolveForm(initial={"resolved_on": local_today()})
        return super().get_context_data(form=form, title=self.title, subject=self.complaint(), **kwargs)

    def post(self, request, pk, complaint):
        form = ComplaintResolveForm(request.POST)
        if form.is_valid():
            try:
                services.complaint_resolve(complaint=self.complaint(), resolved_on=form.cleaned_data["resolved_on"],
                                           note=form.cleaned_data["note"], entered_by=request.user,
                                           today=local_today())
            except ValidationError as error:
                add_service_errors(form, _resolved_on_errors(error))
            else:
                return self.done(_("Complaint resolved."))
        return self.render_to_response(self.get_context_data(form=form))


class OfficerAssignView(CaseEntryView):
    template_name = "cases/entry_form.html"
    title = gettext_lazy("Assign the enforcement officer")
    allowed = staticmethod(permissions.can_assign_officer)

    def get_context_data(self, form=None, **kwargs):
        form = form or OfficerForm(initial={"officer": self.case.officer_id, "version": self.case.version},
                                   case=self.case)
        return super().get_context_data(form=form, title=self.title, **kwargs)

    def post(self, request, pk):
        form = OfficerForm(request.POST, case=self.case)
        if form.is_valid():
            try:
                services.case_assign_officer(case=self.case, officer=form.cleaned_data["officer"],
                                             assigned_by=request.user, expected_version=form.cleaned_data["version"])
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return self.done(_("Officer assigned."))
        return self.render_to_response(self.get_context_data(form=form))


def _with_version(post, case):
    """The user's input kept as typed, against the case's current version (after a conflict)."""
    data = post.copy()
    data["version"] = case.version
    data["loaded_at"] = timezone.now().isoformat()
    return data


def _moved_to(field):
    """A complaint's events are dated by the complaint form's own date field."""

    def move(error):
        if not hasattr(error, "error_dict"):
            return error
        moved = {}
        for key, texts in error.message_dict.items():
            target = field if key in ("effective_date", "complaint") else key
            moved.setdefault(target, []).extend(texts)
        return ValidationError(moved)

    return move


_received_on_errors = _moved_to("received_on")
_resolved_on_errors = _moved_to("resolved_on")


IMPORTS = {
    # what: (columns, example row, success message); the importers are import_jobs.IMPORTERS
    "cases": (imports.CASE_COLUMNS, imports.EXAMPLE_ROW,
              gettext_lazy("%(created)s cases imported; %(skipped)s were already in the register.")),
    "events": (imports.EVENT_COLUMNS, imports.EVENT_EXAMPLE_ROW,
               gettext_lazy("%(created)s events recorded; %(skipped)s were already recorded.")),
}


def import_done_message(what, created, skipped) -> str:
    return IMPORTS[what][2] % {"created": formatting.integer(created), "skipped": formatting.integer(skipped)}


class CaseImportView(TemplateView):
    """Upload a spreadsheet of cases or of events; all or nothing, with every bad row listed."""

    template_name = "cases/case_import.html"

    def dispatch(self, request, *args, **kwargs):
        if not permissions.can_enter_anything(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, form=None, **kwargs):
        form = form or CaseImportForm(initial={"what": self.request.GET.get("what", "cases")})
        imported = self.request.GET.get("imported", "") if self.request.GET.get("what") == "cases" else ""
        return super().get_context_data(form=form, tables=[(what, spec[0]) for what, spec in IMPORTS.items()],
                                        imported=imported,
                                        jobs=selectors.recent_import_jobs(self.request.user), **kwargs)

    def post(self, request):
        form = CaseImportForm(request.POST, request.FILES)
        result = None
        if form.is_valid():
            upload, what = form.cleaned_data["file"], form.cleaned_data["what"]
            importer = import_jobs.IMPORTERS[what]
            data, address = upload.read(), client_address(request)
            try:
                if not import_jobs.runs_inline(data, upload.name):
                    job = import_jobs.job_start(what=what, data=data, filename=upload.name, user=request.user,
                                                address=address)
                    return redirect("import_job", pk=job.pk)
                started = int(timezone.now().timestamp())
                result = importer(data, upload.name, user=request.user, address=address)
            except imports.FileRefused as refused:
                form.add_error("file", str(refused))
            except QueueUnavailable as unavailable:
                form.add_error("file", str(unavailable))
            else:
                if not result.errors:
                    messages.success(request, import_done_message(what, result.created, result.skipped))
                    imported = f"&imported={started}_{int(timezone.now().timestamp())}" if result.created else ""
                    return redirect(f"{reverse('case_import')}?what={what}{imported}")
        return self.render_to_response(self.get_context_data(form=form, result=result))


class ImportJobView(DetailView):
    """A background import: its progress bar while it runs, its outcome once it has run."""

    template_name = "cases/import_job.html"
    context_object_name = "job"

    def get_queryset(self):
        return selectors.import_jobs_of(self.request.user)

    def get_context_data(self, **kwargs):
        job = self.object = import_jobs.sweep_job(self.object)
        done = import_done_message(job.what, job.created, job.skipped) if job.status == job.Status.DONE else ""
        return super().get_context_data(progress=import_jobs.job_progress(job), done=done, **kwargs)


class ImportJobProgressView(ImportJobView):
    def render_to_response(self, context, **kwargs):
        return JsonResponse(context["progress"])


class CaseImportTemplateView(View):
    def get(self, request, what, kind):
        if not permissions.can_enter_anything(request.user):
            raise PermissionDenied
        if what not in IMPORTS or kind not in ("xlsx", "csv"):
            raise Http404
        columns, example, _done = IMPORTS[what]
        if kind == "xlsx":  # with the user's own codes and the coded columns' drop-downs
            content = imports.template_xlsx(columns, example, lists=imports.code_lists(request.user))
            mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        else:
            content, mime = imports.template_csv(columns, example), "text/csv; charset=utf-8"
        response = HttpResponse(content, content_type=mime)
        name = "mau-nhap-viec" if what == "cases" else "mau-nhap-dien-bien"
        response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
        return response
