"""Forms of the tree pages. They only shape input: every rule is in `casework.agencies`."""

import re
from collections import defaultdict
from datetime import datetime

from django import forms
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from cases import permissions
from cases.models import Agency, Case, Officer, User
from thads.today import local_today

from . import agencies
from .forms import DateInput
from .restructure import Plan, Rule


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


class AgencyMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return agency_label(obj)


def restructure_units(user):
    """The units a restructure may name: the provincial and local ones of the administrator's sight
    from their own level down (their own agency only as a successor the central tier linked)."""
    return (Agency.objects.for_user(user).exclude(level=Agency.Level.CENTRAL).filter(depth__gte=user.agency.depth)
            .order_by(F("valid_to").desc(nulls_first=True), "path"))  # the current units first


def _lines(text):
    """(line number, [parts]) of each filled line, parts split at “;”."""
    for number, line in enumerate((text or "").splitlines(), start=1):
        if line.strip():
            yield number, [part.strip() for part in line.split(";")]


class RestructureForm(forms.Form):
    effective_date = forms.DateField(label=_("Day of the restructure"), widget=DateInput(), help_text=_(
        "The first day the new units operate; the units that end have their last day the day before."))
    predecessors = AgencyMultipleChoiceField(label=_("Units that end"), queryset=Agency.objects.none(),
                                             widget=forms.CheckboxSelectMultiple(attrs={"class": "choices"}))
    successors = AgencyMultipleChoiceField(label=_("Units that take over their work"), queryset=Agency.objects.none(),
                                           widget=forms.CheckboxSelectMultiple(attrs={"class": "choices"}), help_text=_(
        "Create new units first (New unit, or a file). One unit: a merger or a reorganisation; several: a split."))
    rule = forms.ChoiceField(label=_("In a split, each open case goes"), choices=Rule.CHOICES, initial=Rule.OFFICER,
                             widget=forms.RadioSelect(attrs={"class": "choices"}))
    case_list = forms.CharField(label=_("List of decisions"), required=False, widget=forms.Textarea(attrs={
        "rows": 4, "placeholder": "12/QĐ-CCTHADS; 05/03/2024; PTHADS-TUYENQUANG-KV02"}), help_text=_(
        "One line a case: decision number; decision date (if two cases share the number); code of the unit."))
    address_list = forms.CharField(label=_("Texts of the debtor's address"), required=False, widget=forms.Textarea(
        attrs={"rows": 4, "placeholder": "Xã Minh Xuân; PTHADS-TUYENQUANG-KV01"}), help_text=_(
        "One line a text: words of the address; code of the unit. The first line whose words the address holds wins."))
    fallback = AgencyChoiceField(label=_("Unit for the cases and people no rule names"), required=False,
                                 queryset=Agency.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = restructure_units(user)
        self.fields["predecessors"].queryset = units
        for name in ("successors", "fallback"):  # a unit that has ended takes over nothing
            self.fields[name].queryset = units.filter(valid_to__isnull=True)

    def clean_effective_date(self):
        day = self.cleaned_data["effective_date"]
        if day > local_today():
            raise forms.ValidationError(_("A restructure is recorded on its day or after it: the handovers are "
                                          "entries of the register, which holds nothing of tomorrow."))
        if day < agencies.EARLIEST:
            raise forms.ValidationError(agencies.date_range_message())
        return day

    def clean(self):
        data = super().clean()
        successors = data.get("successors") or []
        by_code = {a.code: a for a in successors}
        if data.get("fallback") and data["fallback"] not in successors:
            self.add_error("fallback", _("Choose one of the units that take over."))
        data["case_to"], data["address_to"] = {}, []
        if len(successors) > 1 and data.get("predecessors") is not None:
            self._read_case_list(data, by_code)
            self._read_address_list(data, by_code)
        data["officer_to"], data["account_to"] = {}, {}
        for key, value in self.data.items():
            kind, _sep, pk = key.partition("_")
            if kind in ("officer", "account") and re.fullmatch(r"[0-9]{1,18}", pk) and value:
                to = next((a for a in successors if str(a.pk) == value), None)
                if to is not None:
                    data[f"{kind}_to"][int(pk)] = to
        return data

    def _unit(self, field, number, code, by_code):
        unit = by_code.get(code.upper())
        if unit is None:
            self.add_error(field, _("Line %(line)s: %(code)s is not one of the units that take over.") % {
                "line": number, "code": code})
        return unit

    def _read_case_list(self, data, by_code):
        lines = list(_lines(data.get("case_list")))
        if data.get("rule") != Rule.LIST or not lines:
            return
        # The open cases of the units that end named in the list, read at once.
        by_number = defaultdict(list)
        for case in (Case.objects.filter(agency__in=data["predecessors"], decision_number__in={
                parts[0] for _number, parts in lines}).open().only("pk", "decision_number", "decision_date")):
            by_number[case.decision_number].append(case)
        for number, parts in lines:
            if len(parts) not in (2, 3):
                self.add_error("case_list", _("Line %(line)s: write “decision number; code of the unit”.") % {
                    "line": number})
                continue
            matched = by_number.get(parts[0], [])
            if len(parts) == 3:
                try:
                    day = datetime.strptime(parts[1], "%d/%m/%Y").date()
                except ValueError:
                    self.add_error("case_list", _("Line %(line)s: write the date as dd/mm/yyyy.") % {"line": number})
                    continue
                matched = [case for case in matched if case.decision_date == day]
            unit = self._unit("case_list", number, parts[-1], by_code)
            if len(matched) != 1:
                self.add_error("case_list", (_("Line %(line)s: no open case %(number)s at the units that end.") if not
                               matched else _("Line %(line)s: two open cases are numbered %(number)s; add the "
                                              "decision date.")) % {"line": number, "number": parts[0]})
            elif unit is not None:
                data["case_to"][matched[0].pk] = unit

    def _read_address_list(self, data, by_code):
        if data.get("rule") != Rule.ADDRESS:
            return
        for number, parts in _lines(data.get("address_list")):
            if len(parts) != 2 or not parts[0]:
                self.add_error("address_list", _("Line %(line)s: write “words of the address; code of the unit”.")
                               % {"line": number})
                continue
            if unit := self._unit("address_list", number, parts[1], by_code):
                data["address_to"].append((parts[0], unit))

    def plan(self) -> Plan:
        data = self.cleaned_data
        return Plan(effective_date=data["effective_date"], predecessors=list(data["predecessors"]),
                    successors=list(data["successors"]), rule=data["rule"], officer_to=data["officer_to"],
                    account_to=data["account_to"], case_to=data["case_to"], address_to=data["address_to"],
                    fallback=data.get("fallback"))


def people_units(user):
    """The operating units where the administrator puts people: their own agency and below."""
    return (Agency.objects.for_user(user).filter(path__startswith=user.agency.path).valid_on(local_today())
            .order_by("path"))


class OfficerForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    rank = forms.ChoiceField(label=_("Rank"), choices=Officer.Rank.choices, initial=Officer.Rank.INTERMEDIATE)
    is_active = forms.BooleanField(label=_("Working"), required=False, initial=True)


class OfficerCreateForm(OfficerForm):
    code = forms.CharField(label=_("Officer code"), max_length=32, help_text=_(
        "Unique in the country; imports of cases name the officer by it."),
        widget=forms.TextInput(attrs={"placeholder": "CHV-LAOCAI-0001"}))
    field_order = ["code", "full_name", "rank"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["is_active"]


class MoveForm(forms.Form):
    to_agency = AgencyChoiceField(label=_("Move to"), queryset=Agency.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_agency"].queryset = people_units(user)


class AccountForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=User.Role.choices)
    is_active = forms.BooleanField(label=_("Can log in"), required=False, initial=True)


class AccountCreateForm(AccountForm):
    username = forms.CharField(label=_("Login name"), max_length=150)
    officer = forms.ModelChoiceField(label=_("Officer whose login this is"), queryset=Officer.objects.none(),
                                     required=False, help_text=_("For the role Enforcement officer."))
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput(render_value=False), help_text=_(
        "10 characters or more, of three kinds (lower case, capitals, digits, signs). Give it to the person, who "
        "changes it after logging in."))
    field_order = ["username", "full_name", "role", "officer", "password"]

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["is_active"]
        self.fields["officer"].queryset = Officer.objects.filter(agency=agency, user__isnull=True, is_active=True)
