"""Thin views: each names its selector, filter and template."""

from datetime import date

from django.http import Http404, HttpResponseBadRequest, StreamingHttpResponse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, TemplateView

from . import clocks, export, permissions, selectors, services
from .filters import CaseFilter
from .models import Case, EventKind
from .pagination import Sort, keyset_page

CASE_SORTS = {
    "-decision_date": Sort("decision_date", True, date),
    "decision_date": Sort("decision_date", False, date),
    "-accepted_on": Sort("accepted_on", True, date),
    "accepted_on": Sort("accepted_on", False, date),
    "-amount": Sort("amount", True, int),
    "amount": Sort("amount", False, int),
    "-remaining": Sort("remaining_amount", True, int),
    "remaining": Sort("remaining_amount", False, int),
}
DEFAULT_SORT = "-decision_date"
# The filters always shown; the others fold under "more filters" unless one of them is in use.
MAIN_FILTERS = ("q", "agency", "officer", "state", "is_open", "focus")
PAGE_SIZE = 50


def _case_filter(request):
    return CaseFilter(request.GET or None, queryset=selectors.visible_cases(request.user), user=request.user,
                      today=services.local_today())


def _sort_key(request):
    key = request.GET.get("sort", DEFAULT_SORT)
    return key if key in CASE_SORTS else DEFAULT_SORT


class CaseListView(TemplateView):
    template_name = "cases/case_list.html"

    def get_context_data(self, **kwargs):
        request = self.request
        case_filter = _case_filter(request)
        valid = case_filter.is_valid()
        queryset = case_filter.qs if valid else case_filter.queryset.none()
        sort = _sort_key(request)
        page = keyset_page(queryset.select_related("agency", "officer"), CASE_SORTS[sort],
                           after=request.GET.get("after"), before=request.GET.get("before"), size=PAGE_SIZE)
        query = request.GET.copy()
        for key in ("after", "before"):
            query.pop(key, None)
        sortless = query.copy()
        sortless.pop("sort", None)
        return super().get_context_data(
            filter=case_filter, valid=valid, page=page, object_list=page.object_list, sort=sort,
            query=query.urlencode(), sortless_query=sortless.urlencode(),
            figure=selectors.figure_context(case_filter) if valid else None, main_filters=MAIN_FILTERS,
            more_filters_open=any(request.GET.get(name) for name in case_filter.filters if name not in MAIN_FILTERS)
            or not valid, **kwargs
        )


class CaseExportView(View):
    """The filtered list as CSV (semicolons and a BOM, as Excel in Vietnamese expects), streamed."""

    def get(self, request):
        case_filter = _case_filter(request)
        if not case_filter.is_valid():
            return HttpResponseBadRequest(_("The filters are not valid: correct them on the case list first."),
                                          content_type="text/plain; charset=utf-8")
        queryset = case_filter.qs.order_by(*CASE_SORTS[_sort_key(request)].order())
        response = StreamingHttpResponse(export.case_rows(queryset), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{export.filename(services.local_today())}"'
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
        events = list(selectors.case_timeline(self.request.user, case))
        today = services.local_today()
        return super().get_context_data(
            events=events,
            payments=[e for e in events if e.kind in (EventKind.PAYMENT, EventKind.REDUCE)],
            clocks=[(clock, clock.overdue_on(today)) for clock in clocks.case_clocks(case, events, today)],
            complaints=selectors.case_complaints(self.request.user, case), today=today,
            can_enter=permissions.can_enter_events(self.request.user, case), **kwargs
        )
