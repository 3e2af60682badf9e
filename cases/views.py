"""Thin views: each names its selector, filter and template."""

from django.http import Http404
from django.views.generic import DetailView, TemplateView
from django_filters.views import FilterView

from . import permissions, selectors
from .filters import CaseFilter
from .models import Case

CASE_SORTS = {
    "decision_date": ("decision_date", "id"),
    "-decision_date": ("-decision_date", "-id"),
    "amount": ("amount", "id"),
    "-amount": ("-amount", "-id"),
    "remaining": ("remaining_amount", "id"),
    "-remaining": ("-remaining_amount", "-id"),
}


class HomeView(TemplateView):
    template_name = "cases/home.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            overview=selectors.overview(user), children=selectors.child_units(user), **kwargs
        )


class CaseListView(FilterView):
    filterset_class = CaseFilter
    template_name = "cases/case_list.html"
    paginate_by = 50
    strict = False

    def get_queryset(self):
        sort = CASE_SORTS.get(self.request.GET.get("sort"), CASE_SORTS["-decision_date"])
        return selectors.visible_cases(self.request.user).select_related("agency", "officer").order_by(*sort)

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "user": self.request.user}

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        sortless = query.copy()
        sortless.pop("sort", None)
        return super().get_context_data(
            query=query.urlencode(), sortless_query=sortless.urlencode(),
            sort=self.request.GET.get("sort", "-decision_date"), **kwargs
        )


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
        return super().get_context_data(
            events=selectors.case_timeline(self.request.user, case),
            complaints=selectors.case_complaints(self.request.user, case),
            can_enter=permissions.can_enter_events(self.request.user, case), **kwargs
        )
