from django import forms
from django.core.validators import MaxValueValidator
from django.db.models import F
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cases.models import Agency
from cases.permissions import can_close_periods
from cases.scoping import visible_agency_ids
from thads import data_version
from thads.formatting import date as fmt_date
from thads.widgets import PlainSelect, plain_choices, plain_selects

from .calendar import FIRST_YEAR, LAST_YEAR, Period, statistical_year
from .models import ReportJob
from .targets import parse_rate


class AgencyChoiceField(forms.ModelChoiceField):
    """Takes the reader's own agency, already loaded with their account, without asking the database
    again (it is the agency most pages are asked for); any other goes through the queryset."""

    own = None  # set by the form: the user's agency when it is one of the choices

    def to_python(self, value):
        if self.own is not None and value not in self.empty_values and str(value) == str(self.own.pk):
            return self.own
        return super().to_python(value)


def agencies_for_periods(user):
    """Every agency the user may see, today's first: a past period is shown with the agencies of
    its time, so a successor's users choose its predecessors (and their units) for it."""
    return Agency.objects.for_user(user).order_by(F("valid_to").desc(nulls_first=True), "path")


def until_note(valid_to) -> str:
    return "" if valid_to is None else " " + _("(until %(date)s)") % {"date": fmt_date(valid_to)}


def agency_period_problem(agency, period) -> str | None:
    """An agency that had ended before the period did has no figures of it: its successor reports them."""
    if agency is not None and agency.valid_to is not None and agency.valid_to < period.end:
        return _("%(agency)s ceased on %(date)s; its work of a later period is reported by the agency that took it "
                 "over. Choose a period that ended by then.") % {"agency": agency.name, "date": fmt_date(agency.valid_to)}
    return None


YEAR_MESSAGES = {
    "invalid": _("Write the statistical year with four digits, for example 2026."),
    "min_value": _("The statistical years start in %(limit_value)s."),
    "max_value": _("The statistical year %(limit_value)s is the latest with figures."),
}


def limit_to_current_year(field, today):
    """Refuse a statistical year after today's, which has no figures. The field's validators and
    its input's `max` were made from LAST_YEAR when it was built: setting `max_value` afterwards
    alone changed neither."""
    field.max_value = statistical_year(today)
    field.validators = [v for v in field.validators if not isinstance(v, MaxValueValidator)]
    field.validators.append(MaxValueValidator(field.max_value))
    field.widget.attrs["max"] = field.max_value


class PeriodForm(forms.Form):
    year = forms.IntegerField(label=_("Statistical year"), min_value=FIRST_YEAR, max_value=LAST_YEAR,
                              error_messages=YEAR_MESSAGES)
    months = forms.TypedChoiceField(label=_("Months"), coerce=int, choices=[(m, m) for m in range(1, 13)])
    agency = AgencyChoiceField(label=_("Agency"), queryset=Agency.objects.none(), required=False, widget=PlainSelect)

    def __init__(self, *args, user, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies_for_periods(user)
        own = user.agency if user.agency_id in visible_agency_ids(user) else None
        if own is not None:
            self.fields["agency"].own = own
        plain_choices(self.fields["agency"], "name", note=("valid_to", until_note),
                      key=("period-agencies", data_version.tree_current(), visible_agency_ids(user), get_language()))
        limit_to_current_year(self.fields["year"], today)
        # Every dashboard writes this form: its months and year through Django's widget templates
        # cost a cached dashboard a millisecond or two.
        plain_selects(self)

    def clean(self):
        data = super().clean()
        if data.get("year") and data.get("months"):
            if problem := agency_period_problem(data.get("agency"), Period(data["year"], data["months"])):
                self.add_error("agency", problem)
        return data


class RateField(forms.CharField):
    """A percentage typed the Vietnamese way (83,25) or not (83.25)."""

    def clean(self, value):
        return parse_rate(super().clean(value))


class TargetForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.none())
    year = forms.IntegerField(label=_("Statistical year"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    cases_rate = RateField(label=_("Target by cases (%)"))
    money_rate = RateField(label=_("Target by money (%)"))

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies


class TargetUploadForm(forms.Form):
    file = forms.FileField(label=_("CSV file"))

    MAX_BYTES = 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:  # before reading it into memory
            raise forms.ValidationError(_("The file is larger than 1 MB."))
        return upload


class ExportForm(forms.Form):
    """What a period report covers: agency (within the user's scope), period, one row per what."""

    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.none())
    year = forms.IntegerField(label=_("Statistical year"), min_value=FIRST_YEAR, max_value=LAST_YEAR,
                              error_messages=YEAR_MESSAGES)
    months = forms.TypedChoiceField(label=_("Months"), coerce=int, choices=[(m, m) for m in range(1, 13)],
                                    help_text=_("Cumulative from 1 October: 3, 6, 9 or 12 for the quarterly reports."))
    by = forms.ChoiceField(label=_("One row per"), choices=ReportJob.By.choices,
                           help_text=_("A regional unit has no units below it: its rows are its officers."))
    number = forms.CharField(label=_("Report number"), max_length=40, required=False,
                             help_text=_("Printed after “Số:” at the top, e.g. 125/BC-THADS; empty: left to be written "
                                         "in by hand."))

    def __init__(self, *args, user, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies_for_periods(user)
        self.fields["agency"].label_from_instance = lambda agency: f"{agency.name}{until_note(agency.valid_to)}"
        limit_to_current_year(self.fields["year"], today)
        if not can_close_periods(user):  # the leadership numbers its reports
            del self.fields["number"]
        self.today = today

    def clean(self):
        data = super().clean()
        if data.get("year") and data.get("months"):
            period = Period(data["year"], data["months"])
            if period.end >= self.today:
                # A report covers whole months: the figures of a month are complete once it has ended.
                self.add_error("months", _("This period has not ended yet: it ends on %(end)s.") % {
                    "end": period.end.strftime("%d/%m/%Y")})
            data["period"] = period
            if problem := agency_period_problem(data.get("agency"), period):
                self.add_error("agency", problem)
        return data


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Reason for reopening"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000,
                             help_text=_("Recorded with the closing, and shown with its versions."))


class PublishedImportForm(forms.Form):
    """A past period's published report, to be its closing (reports.published)."""

    year = forms.IntegerField(label=_("Statistical year"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    months = forms.TypedChoiceField(label=_("Months"), coerce=int, choices=[(m, m) for m in range(1, 13)])
    file = forms.FileField(label=_("The period report as published (.xlsx), or its figures per agency (.csv)"),
                           help_text=_("The CSV as the report command writes it: a column “code”, one per figure "
                                       "(cases.completed, money.completed, …), “scope” = total on the agency's row."))

    MAX_BYTES = 5 * 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload
