"""Entry forms of followed administrative judgments. They shape input; every rule is in
casework.thahc and cases.thahc, whose field-keyed messages the views put next to the fields."""

from django import forms
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from cases.models import AdminJudgmentType, Agency, BodyResult, Case, ClaimResult, Officer, StepKind

from .forms import DateInput

STEP_KINDS = [(kind.value, kind.label) for kind in StepKind if kind != StepKind.RECEIVE]


class JudgmentFactsForm(forms.Form):
    """The facts a clerk corrects; the new-judgment form adds where and when it was received."""

    register_number = forms.CharField(label=_("Register number"), max_length=32, required=False)
    court = forms.CharField(label=_("Court"), max_length=200,
                            widget=forms.TextInput(attrs={"placeholder": "Tòa án nhân dân tỉnh Tuyên Quang"}))
    judgment_number = forms.CharField(label=_("Judgment or decision number"), max_length=64,
                                      widget=forms.TextInput(attrs={"placeholder": "15/2025/HC-ST"}))
    judgment_date = forms.DateField(label=_("Judgment date"), widget=DateInput())
    first_instance_court = forms.CharField(label=_("First-instance court"), max_length=200, required=False)
    judgment_type = forms.ChoiceField(label=_("Kind of judgment or decision"), choices=AdminJudgmentType.choices)
    claim_result = forms.ChoiceField(label=_("Result of the claim"), choices=ClaimResult.choices)
    has_follow_up = forms.BooleanField(
        label=_("Has content to follow"), required=False, initial=True,
        help_text=_("Judgments accepting the claim, and rejected claims with a compulsion decision, are followed; "
                    "the others are only counted."))
    body = forms.CharField(label=_("Body that must comply"), max_length=300)
    body_head = forms.CharField(label=_("Head of the body"), max_length=200, required=False)
    body_superior = forms.CharField(label=_("Its direct superior"), max_length=300, required=False)
    beneficiary = forms.CharField(label=_("Beneficiary"), max_length=300)
    content = forms.CharField(label=_("What must be done"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    civil_case_number = forms.CharField(
        label=_("Civil case for its money part: decision number"), max_length=64, required=False,
        help_text=_("When the judgment's money part is enforced as a civil case of your province."))
    civil_case_year = forms.IntegerField(label=_("Year of that decision"), required=False, min_value=1900,
                                         max_value=2099, error_messages=dict.fromkeys(
                                             ("invalid", "min_value", "max_value"),
                                             _("Write the year with four digits, for example 2025.")))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        data = super().clean()
        number = (data.get("civil_case_number") or "").strip()
        data["civil_case"] = None
        if number and "civil_case_year" not in self.errors:  # a year mistyped is told first, once
            # Among the cases the user sees: another province's numbers are not theirs to look up.
            cases = Case.objects.for_user(self.user).filter(decision_number=number)
            if data.get("civil_case_year"):
                cases = cases.filter(decision_year=data["civil_case_year"])
            found = list(cases.select_related("agency")[:2])
            if not found:
                self.add_error("civil_case_number", _("No case with this decision number in your register."))
            elif len(found) > 1:
                self.add_error("civil_case_year", _("Several cases have this number: give the decision's year."))
            else:
                data["civil_case"] = found[0]
        return data

    def facts(self) -> dict:
        data = dict(self.cleaned_data)
        for name in ("civil_case_number", "civil_case_year", "version", "loaded_at"):
            data.pop(name, None)
        return data


class JudgmentForm(JudgmentFactsForm):
    agency = forms.ModelChoiceField(label=_("Agency following it"), queryset=Agency.objects.none())
    received_on = forms.DateField(label=_("Date received"), widget=DateInput())
    officer = forms.ModelChoiceField(label=_("Enforcement officer"), queryset=Officer.objects.none(), required=False)

    field_order = ["agency", "received_on", "register_number", "officer"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        holding = Agency.objects.for_user(user).exclude(level=Agency.Level.CENTRAL)
        self.fields["agency"].queryset = holding.order_by(F("valid_to").desc(nulls_first=True), "path")
        self.fields["officer"].queryset = Officer.objects.for_user(user).filter(is_active=True).order_by("full_name")
        if user.agency_id and not self.is_bound:
            self.initial.setdefault("agency", user.agency_id)


class JudgmentEditForm(JudgmentFactsForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    loaded_at = forms.DateTimeField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, civil_case_hidden=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.civil_case_hidden = civil_case_hidden
        if civil_case_hidden:  # linked to a case the user does not see: kept as it is
            del self.fields["civil_case_number"], self.fields["civil_case_year"]

    def facts(self) -> dict:
        facts = super().facts()
        if self.civil_case_hidden:
            facts.pop("civil_case", None)
        return facts


class StepForm(forms.Form):
    kind = forms.ChoiceField(label=_("Step"), choices=STEP_KINDS)
    effective_date = forms.DateField(label=_("Date"), widget=DateInput())
    document_number = forms.CharField(label=_("Document number"), max_length=64, required=False)
    result = forms.ChoiceField(label=_("Result the body reports"), required=False,
                               choices=[("", "---------"), *BodyResult.choices])
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("For another ending, its reason."))
    version = forms.IntegerField(widget=forms.HiddenInput)
    loaded_at = forms.DateTimeField(widget=forms.HiddenInput, required=False)
