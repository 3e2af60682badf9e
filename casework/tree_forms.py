"""Forms of the tree pages. They only shape input: every rule is in `casework.agencies`."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cases import permissions
from cases.models import Agency

from .forms import DateInput


def agency_label(agency) -> str:
    ended = f" – {agency.valid_to:%d/%m/%Y}" if agency.valid_to else ""
    return f"{agency.name} ({agency.code}, {agency.valid_from:%d/%m/%Y}{ended})"


class AgencyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return agency_label(obj)


def parents_for(user):
    """The units a new unit may go under: below the administrator's level or their own agency."""
    return [agency for agency in Agency.objects.for_user(user).exclude(level=Agency.Level.LOCAL).order_by("path")
            if permissions.can_add_unit_under(user, agency)]


class AgencyChangeForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200,
                           widget=forms.TextInput(attrs={"placeholder": "Phòng Thi hành án dân sự khu vực 1 - Lào Cai"}))
    short_name = forms.CharField(label=_("Short name"), max_length=100,
                                 widget=forms.TextInput(attrs={"placeholder": "Khu vực 1"}))
    valid_from = forms.DateField(label=_("Valid from"), widget=DateInput())
    valid_to = forms.DateField(label=_("Last day of validity"), widget=DateInput(), required=False,
                               help_text=_("Empty while it operates. A unit ends only once it holds no open case, "
                                           "no officer and no account."))


class AgencyCreateForm(AgencyChangeForm):
    code = forms.CharField(label=_("Code"), max_length=32, help_text=_(
        "Unique in the country; imports of cases name the unit by it. It cannot be changed later."),
        widget=forms.TextInput(attrs={"placeholder": "PTHADS-LAOCAI-KV01", "autocapitalize": "characters"}))
    parent = AgencyChoiceField(label=_("Under"), queryset=Agency.objects.none())
    field_order = ["parent", "code", "name", "short_name", "valid_from", "valid_to"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Agency.objects.filter(pk__in=[a.pk for a in parents_for(user)]).order_by("path")


class TreeFileForm(forms.Form):
    file = forms.FileField(label=_("File of units (.xlsx or .csv)"))
