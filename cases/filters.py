"""The case list's filters (django-filter). The same filter set serves the page and its CSV."""

import copy

import django_filters
from dateutil.relativedelta import relativedelta
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from thads import data_version
from thads.numbers import whole
from thads.widgets import PlainSelect, plain_choices, plain_selects

from . import focus, thahc_due
from .amounts import parse_amount
from .lookups import Ids
from .models import (
    Agency,
    Case,
    CaseStatus,
    CommitteeCategory,
    CommitteeConclusion,
    CommitteeItem,
    CommitteeItemStatus,
    DisplayState,
    FollowedJudgment,
    FollowStatus,
    Initiation,
    JudgmentKind,
    Officer,
)
from .scoping import scope_of, visible_agency_ids
from .search import has_rare_word, is_common, words


class AmountField(forms.CharField):
    """An amount in whole đồng typed the Vietnamese way: 500.000.000, 500 000 000 or 500000000,
    up to the ceiling of every amount (cases.amounts)."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        try:
            return parse_amount(value)
        except ValueError as exc:
            raise ValidationError(str(exc), code="amount") from None


class AmountFilter(django_filters.Filter):
    field_class = AmountField


class YearFilter(django_filters.NumberFilter):
    """A statistical year: a whole number within the forms' bounds (a year 99999 made no period)."""

    field_class = forms.IntegerField


def _yes_no(label, **kwargs):
    """A yes/no filter whose empty choice means "either", not "unknown"."""
    choices = [("", "---------"), ("true", _("Yes")), ("false", _("No"))]
    return django_filters.BooleanFilter(label=label, widget=forms.Select(choices=choices), **kwargs)


# A search within this many agencies (a unit and its predecessors) reads their cases by the agency
# index, not the index of words (CaseFilter.search); a province's scope has 20 to 82.
SEARCH_BY_AGENCY_UP_TO = 10

AGE_CHOICES = (
    ("under_1", _("Under 1 year")),
    ("1_2", _("1 to 2 years")),
    ("2_5", _("2 to 5 years")),
    ("over_5", _("Over 5 years")),
)
AGE_YEARS = {"under_1": (0, 1), "1_2": (1, 2), "2_5": (2, 5), "over_5": (5, None)}
OVERDUE_CHOICES = [(key, focus.BY_KEY[key].label) for key in ("verification_overdue", "reverification_overdue")]


class FormBuiltOnce(django_filters.FilterSet):
    """A filter set whose form class is built once per class, from its declared filters, and
    whose filters are copied shallowly. django-filter copies every filter deeply and builds a form
    class of new fields for every request, for the form to copy them deeply again: a filter row's
    two dozen filters cost a list a millisecond or two each way.

    The declared filters' querysets are none (deny by default); a subclass gives the user's to the
    form's own fields (`self.form.fields[name].queryset`), never to the filters, which no longer
    make the form's fields."""

    _form_classes = {}

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        # django_filters.filterset.BaseFilterSet.__init__ (26.2), the deep copy made shallow:
        # each filter's own `extra` (the only part a request changes) is copied with it.
        if queryset is None:
            queryset = self._meta.model._default_manager.all()
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix
        self.filters = {}
        for name, declared in self.base_filters.items():
            filter_ = copy.copy(declared)
            filter_.extra = dict(declared.extra)
            filter_.model, filter_.parent = queryset.model, self
            if declared.method is not None:
                filter_.method = declared.method  # its FilterMethod bound to this copy, not to the declared one
            self.filters[name] = filter_

    def get_form_class(self):
        cls = type(self)
        form_class = FormBuiltOnce._form_classes.get(cls)
        if form_class is None:
            fields = {name: copy.deepcopy(declared).field for name, declared in cls.base_filters.items()}
            form_class = FormBuiltOnce._form_classes[cls] = type(f"{cls.__name__}Form", (self._meta.form,), fields)
        return form_class


class CaseFilter(FormBuiltOnce):
    q = django_filters.CharFilter(label=_("Search"), method="search", widget=forms.TextInput(
        attrs={"placeholder": _("Decision number or a party's name")}))
    agency = django_filters.ModelChoiceFilter(
        label=_("Agency"), queryset=Agency.objects.none(), method="in_agency_subtree", widget=PlainSelect
    )
    officer = django_filters.ModelChoiceFilter(label=_("Enforcement officer"), queryset=Officer.objects.none(),
                                               widget=PlainSelect)
    state = django_filters.ChoiceFilter(label=_("Status"), choices=DisplayState.choices, method="in_state")
    is_open = _yes_no(_("Not closed"), method="only_open")
    initiation = django_filters.ChoiceFilter(label=_("Initiation"), choices=Initiation.choices)
    judgment_kind = django_filters.ChoiceFilter(label=_("Kind of judgment"), choices=JudgmentKind.choices)
    is_credit_institution = _yes_no(_("Credit institution"))
    is_corruption_asset = _yes_no(_("Corruption asset recovery"))
    amount_min = AmountFilter(label=_("Amount from (đồng)"), field_name="amount", lookup_expr="gte")
    amount_max = AmountFilter(label=_("Amount up to (đồng)"), field_name="amount", lookup_expr="lte")
    decided_from = django_filters.DateFilter(label=_("Decided from"), field_name="decision_date", lookup_expr="gte")
    decided_to = django_filters.DateFilter(label=_("Decided to"), field_name="decision_date", lookup_expr="lte")
    age = django_filters.ChoiceFilter(label=_("Age since the decision"), choices=AGE_CHOICES, method="by_age")
    has_complaint = _yes_no(_("Open complaint"), method="with_complaint")
    overdue = django_filters.ChoiceFilter(label=_("Overdue"), choices=OVERDUE_CHOICES, method="in_focus")
    focus = django_filters.ChoiceFilter(label=_("Focus list"), choices=focus.ALL_CHOICES, method="in_focus")
    # The cases a person's import just registered: "<start>_<end>" in whole seconds (casework.imports).
    imported = django_filters.CharFilter(method="imported_between", widget=forms.HiddenInput)

    class Meta:
        model = Case
        fields = []

    def __init__(self, *args, user, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.today = user, today
        # Set by the search: its matches are read from the cases of a part of the country, which
        # the list reads by the agency index (thads.pagination.reading_the_scope).
        self.reads_part_of_the_country = False
        # Set by the search when it reads the index of words (what a reading of its matches costs).
        self.searches_by_words = False
        fields = self.form.fields
        fields["agency"].queryset = Agency.objects.for_user(user).order_by("-valid_from", "path")
        officers = Officer.objects.for_user(user)
        asked = whole(self.data.get("agency")) if self.is_bound else None
        if asked is not None and asked in visible_agency_ids(user):
            officers = officers.filter(agency_id__any_of=Ids(scope_of(user, asked)))
        elif user.agency is not None and user.agency.level == Agency.Level.CENTRAL:
            # Thousands of officers nationally: the list waits for an agency (a link naming one still works).
            officer = whole(self.data.get("officer")) if self.is_bound else None
            officers = officers.filter(pk=officer) if officer is not None else officers.none()
            fields["officer"].empty_label = _("(choose an agency first)")
        fields["officer"].queryset = officers
        plain_choices(fields["agency"], "name",
                      key=("case-filter-agencies", data_version.tree_current(), visible_agency_ids(user)))
        plain_choices(fields["officer"], "full_name")
        plain_selects(self.form)

    # The period of a figure drill-down (reports.drilldown), which counts the holder at the
    # period's end instead of today's agency.
    period = None

    def is_valid(self):
        return not self.is_bound or self.form.is_valid()

    def imported_between(self, queryset, name, value):
        from datetime import UTC, datetime

        start, _sep, end = (value or "").partition("_")
        start, end = whole(start), whole(end)
        if start is None or end is None or end > 10**11:
            return queryset.none()
        return queryset.filter(created_by=self.user, created_at__gte=datetime.fromtimestamp(start, UTC),
                               created_at__lt=datetime.fromtimestamp(end + 1, UTC))

    def only_open(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.open() if value else queryset.exclude(status__in=CaseStatus.open_values())

    def in_state(self, queryset, name, value):
        return queryset.in_display_state(value) if value else queryset

    def in_agency_subtree(self, queryset, name, value):
        if not value or self.period is not None:
            return queryset
        return queryset.filter(agency__path__startswith=value.path)

    def by_age(self, queryset, name, value):
        if not value:
            return queryset
        low, high = AGE_YEARS[value]
        queryset = queryset.filter(decision_date__lte=self.today - relativedelta(years=low))
        if high is not None:
            queryset = queryset.filter(decision_date__gt=self.today - relativedelta(years=high))
        return queryset

    def with_complaint(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(open_complaints__gt=0) if value else queryset.filter(open_complaints=0)

    def in_focus(self, queryset, name, value):
        return queryset.filter(focus.BY_KEY[value].condition(self.today)) if value else queryset

    def search(self, queryset, name, value):
        # The words typed, whole and in this order, in the case's number or a party's name, with
        # or without accents (cases.search): "46/QĐ" finds "46/QĐ-CCTHADS", "tran thi mai" finds
        # "Trần Thị Mai", not "Mai Thị Trần".
        typed = words(value)
        if not typed:
            return queryset
        small = len(self._search_scope()) <= SEARCH_BY_AGENCY_UP_TO
        if has_rare_word(typed) or (not small and not is_common(typed)):
            self.searches_by_words = True
            return queryset.filter(search_text__has_phrase=typed)
        # Within a unit the agency index reads its few thousand cases at once (unless a word is rare:
        # "1234/QĐ" in a unit read its 12.000 cases, 13 ms, for what the index finds in 0,3), and a
        # common phrase (cases.search.COMMON_SHARE) finds its first thousand matches among the first
        # cases of any scope; the planner would rather cross them with the index of words, which
        # costs ten times more for a common word.
        self.reads_part_of_the_country = self.partial_scope()
        return queryset.filter(search_text__has_phrase_read=typed)

    def partial_scope(self) -> bool:
        """Whether the list is of a province or a unit (its agency filter's, or else the user's),
        not of the whole country."""
        agency = getattr(self.form, "cleaned_data", {}).get("agency") or self.user.agency
        return agency is not None and agency.level != Agency.Level.CENTRAL

    def small_scope(self) -> bool:
        """Whether the list is of a unit (and its predecessors): SEARCH_BY_AGENCY_UP_TO agencies or fewer."""
        return len(self._search_scope()) <= SEARCH_BY_AGENCY_UP_TO

    def _search_scope(self) -> frozenset:
        agency = getattr(self.form, "cleaned_data", {}).get("agency")
        return scope_of(self.user, agency.pk) if agency else visible_agency_ids(self.user)


DUE_CHOICES = [("overdue", _("Overdue")), ("soon", _("Due within 03 working days"))]


class JudgmentFilter(django_filters.FilterSet):
    """The list of followed administrative judgments."""

    q = django_filters.CharFilter(label=_("Search"), method="search", widget=forms.TextInput(
        attrs={"placeholder": _("Judgment number, body or beneficiary")}))
    agency = django_filters.ModelChoiceFilter(label=_("Agency"), queryset=Agency.objects.none(),
                                              method="in_agency_subtree", widget=PlainSelect)
    officer = django_filters.ModelChoiceFilter(label=_("Enforcement officer"), queryset=Officer.objects.none(),
                                               widget=PlainSelect)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=FollowStatus.choices)
    due = django_filters.ChoiceFilter(label=_("Deadlines"), choices=DUE_CHOICES, method="by_due")
    compelled = _yes_no(_("With a compulsion decision"), method="with_compulsion")

    class Meta:
        model = FollowedJudgment
        fields = []

    def __init__(self, *args, user, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.today = user, today
        self.filters["agency"].queryset = Agency.objects.for_user(user).exclude(
            level=Agency.Level.CENTRAL).order_by("-valid_from", "path")
        self.filters["officer"].queryset = Officer.objects.for_user(user).order_by("full_name")
        plain_choices(self.form.fields["agency"], "name")
        plain_choices(self.form.fields["officer"], "full_name")
        plain_selects(self.form)

    def is_valid(self):
        return not self.is_bound or self.form.is_valid()

    def in_agency_subtree(self, queryset, name, value):
        # Its scope, predecessors included: what the dashboard counts for the agency.
        return queryset.filter(agency_id__any_of=Ids(scope_of(self.user, value.pk))) if value else queryset

    def by_due(self, queryset, name, value):
        return queryset.filter(thahc_due.condition(value, self.today)) if value else queryset

    def with_compulsion(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(compelled_on__isnull=not value)

    def search(self, queryset, name, value):
        typed = words(value)
        return queryset.filter(search_text__has_phrase_read=typed) if typed else queryset


class CommitteeFilter(django_filters.FilterSet):
    """The steering committee's list."""

    status = django_filters.ChoiceFilter(label=_("Status"), choices=CommitteeItemStatus.choices)
    category = django_filters.ChoiceFilter(label=_("Category"), choices=CommitteeCategory.choices)
    agency = django_filters.ModelChoiceFilter(label=_("Agency"), queryset=Agency.objects.none(),
                                              method="in_agency_scope", widget=PlainSelect)
    overdue = _yes_no(_("A conclusion overdue"), method="with_overdue")

    class Meta:
        model = CommitteeItem
        fields = []

    def __init__(self, *args, user, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.today = user, today
        self.filters["agency"].queryset = Agency.objects.for_user(user).exclude(
            level=Agency.Level.CENTRAL).order_by("-valid_from", "path")
        plain_choices(self.form.fields["agency"], "name")
        plain_selects(self.form)

    def is_valid(self):
        return not self.is_bound or self.form.is_valid()

    def in_agency_scope(self, queryset, name, value):
        if not value:
            return queryset
        ids = scope_of(self.user, value.pk)
        return queryset.filter(Q(case__agency_id__any_of=Ids(ids)) | Q(judgment__agency_id__any_of=Ids(ids)))

    def with_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        # One conclusion both past its deadline and not carried out (a subquery: an exclude across the
        # relation would not hold both conditions to the same conclusion).
        late = CommitteeConclusion.objects.filter(deadline__lt=self.today, done_on__isnull=True).values("item_id")
        return queryset.filter(pk__in=late) if value else queryset.exclude(pk__in=late)
