import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Agency, Case, CaseStatus, DisplayState, Initiation, JudgmentKind, Officer
from .search import fold_accents


class CaseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    agency = django_filters.ModelChoiceFilter(
        label=_("Agency"), queryset=Agency.objects.none(), method="in_agency_subtree"
    )
    officer = django_filters.ModelChoiceFilter(label=_("Enforcement officer"), queryset=Officer.objects.none())
    state = django_filters.ChoiceFilter(label=_("Status"), choices=DisplayState.choices, method="in_state")
    is_open = django_filters.BooleanFilter(label=_("Not closed"), method="only_open")
    initiation = django_filters.ChoiceFilter(label=_("Initiation"), choices=Initiation.choices)
    judgment_kind = django_filters.ChoiceFilter(label=_("Kind of judgment"), choices=JudgmentKind.choices)
    is_credit_institution = django_filters.BooleanFilter(label=_("Credit institution"))
    decided_from = django_filters.DateFilter(label=_("Decided from"), field_name="decision_date", lookup_expr="gte")
    decided_to = django_filters.DateFilter(label=_("Decided to"), field_name="decision_date", lookup_expr="lte")

    class Meta:
        model = Case
        fields = []

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["agency"].queryset = Agency.objects.for_user(user).order_by("-valid_from", "path")
        self.filters["officer"].queryset = Officer.objects.for_user(user)

    def only_open(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.open() if value else queryset.exclude(status__in=CaseStatus.open_values())

    def in_state(self, queryset, name, value):
        return queryset.in_display_state(value) if value else queryset

    def in_agency_subtree(self, queryset, name, value):
        return queryset.filter(agency__path__startswith=value.path) if value else queryset

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        folded = fold_accents(value)
        return queryset.filter(
            Q(decision_number__icontains=value) | Q(debtor_name__icontains=value) | Q(creditor_name__icontains=value)
            | Q(search_text__contains=folded)
        )
