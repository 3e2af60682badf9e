"""The cases behind a number of the official tables: the case list's filters (cases.filters) plus
the figure, its statistical year and its months. The dashboard's and the figures page's numbers
link to the case list with these three."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from cases.filters import CaseFilter, YearFilter
from cases.scoping import scope_of
from cases.selectors import known_total as register_total

from .behind import FIGURE_KEYS, cases_behind, figure_total
from .calendar import FIRST_YEAR, LAST_YEAR, Period
from .figures import LABELS


class DrillDownForm(forms.Form):
    def clean(self):
        data = super().clean()
        if data.get("figure") and not (data.get("year") and data.get("months")):
            self.add_error("figure", _("Choose the statistical year and the months of the figure."))
        return data


def _figure_choices():
    return [(key, LABELS[key]) for key in FIGURE_KEYS]


class DrillDownFilter(CaseFilter):
    figure = django_filters.ChoiceFilter(label=_("Official figure"), choices=_figure_choices, method="applied_last")
    year = YearFilter(label=_("Statistical year"), method="applied_last", min_value=FIRST_YEAR, max_value=LAST_YEAR)
    months = django_filters.ChoiceFilter(label=_("Months"), choices=[(m, m) for m in range(1, 13)],
                                         method="applied_last")

    class Meta(CaseFilter.Meta):
        form = DrillDownForm

    @property
    def period(self):
        """The period of the figure asked for, or None (a plain list)."""
        data = getattr(self.form, "cleaned_data", None) or {}
        if not data.get("figure") or not data.get("year") or not data.get("months"):
            return None
        return Period(int(data["year"]), int(data["months"]))

    def scope_ids(self) -> frozenset:
        """The agencies of the figure: the chosen agency's scope, or the user's."""
        agency = self.form.cleaned_data.get("agency") or self.user.agency
        return scope_of(self.user, agency.pk) if agency else frozenset()

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        figure, period = self.form.cleaned_data.get("figure"), self.period
        if figure and period:
            queryset = cases_behind(queryset, figure, period, self.scope_ids())
        return queryset

    def applied_last(self, queryset, name, value):
        return queryset  # in filter_queryset, once the period is known


def figure_context(case_filter):
    """What a drill-down shows above the list: which number of which period and agency."""
    period = case_filter.period
    if period is None:
        return None
    data = case_filter.form.cleaned_data
    agency = data.get("agency") or case_filter.user.agency
    return {"label": LABELS[data["figure"]], "period": period, "agency": agency}


def known_total(case_filter):
    """The list's total when a kept number says it: the official figure itself when nothing else
    narrows the drill-down, else what the register keeps (cases.selectors.known_total)."""
    data = getattr(case_filter.form, "cleaned_data", None) or {}
    asked = {name for name, value in data.items() if value not in (None, "")} - {"agency"}
    if asked == {"figure", "year", "months"} and case_filter.period is not None:
        user = case_filter.user
        agency = data.get("agency") or user.agency
        if agency is None:
            return None
        return figure_total(user, data["figure"], case_filter.period, scope_of(user, agency.pk))
    return register_total(case_filter)
