"""Entry forms for clerks and officers. They only shape input: every rule is in the services and
the timeline, whose field-keyed messages the views put back next to the field that caused them."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cases import permissions, selectors
from cases.filters import AmountField
from cases.models import Agency, Condition, EventKind, Initiation, JudgmentKind, Officer, PostponementGround

# The events a person records on a case; acceptance comes with registration, handovers with a
# restructure, complaints through their own form.
ENTRY_KINDS = [
    (kind.value, kind.label) for kind in EventKind
    if kind not in (EventKind.ACCEPT, EventKind.HANDOVER, EventKind.COMPLAINT_RECEIVED, EventKind.COMPLAINT_RESOLVED)
]
AMOUNT_KINDS = EventKind.with_amount()


class DateInput(forms.DateInput):
    input_type = "text"

    def __init__(self, **kwargs):
        super().__init__(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}, **kwargs)


def add_service_errors(form, error: ValidationError):
    """Put a service's ValidationError next to the fields it names (or above the form)."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def add_rule_errors(form, problems: dict):
    """Put the rules' problems next to their fields, but for a field whose input could not be
    read (its own message says what to type): every problem told in one pass, one each."""
    for name, message in problems.items():
        field = name if name in form.fields else None
        if field is None:
            told = set(form.non_field_errors())
            fresh = [text for text in (message if isinstance(message, list) else [message]) if text not in told]
            if fresh:
                form.add_error(None, fresh)
        elif field not in form.errors:
            form.add_error(field, message)


class LateReasonMixin:
    """Administrators may accept an entry inside a closed period, with a reason."""

    def add_late_reason(self, user):
        if permissions.can_enter_late(user):
            self.fields["late_reason"] = forms.CharField(
                label=_("Reason for a late entry (closed period)"), required=False, max_length=500,
                help_text=_("Only for an entry dated inside a closed period."))


class CaseForm(LateReasonMixin, forms.Form):
    agency = forms.ModelChoiceField(label=_("Agency holding the case"), queryset=Agency.objects.none())
    issuing_agency = forms.ModelChoiceField(label=_("Issuing agency"), queryset=Agency.objects.none())
    decision_number = forms.CharField(label=_("Decision number"), max_length=64,
                                      widget=forms.TextInput(attrs={"placeholder": "46/QĐ-CCTHADS"}))
    decision_date = forms.DateField(label=_("Decision date"), widget=DateInput())
    accepted_on = forms.DateField(label=_("Date accepted"), widget=DateInput())
    officer = forms.ModelChoiceField(label=_("Enforcement officer"), queryset=Officer.objects.none(), required=False)
    court = forms.CharField(label=_("Court"), max_length=200)
    judgment_number = forms.CharField(label=_("Judgment number"), max_length=64)
    judgment_date = forms.DateField(label=_("Judgment date"), widget=DateInput())
    judgment_kind = forms.ChoiceField(label=_("Kind of judgment"), choices=JudgmentKind.choices)
    initiation = forms.ChoiceField(label=_("Initiation"), choices=Initiation.choices)
    is_credit_institution = forms.BooleanField(label=_("Owed to a credit institution"), required=False)
    is_corruption_asset = forms.BooleanField(label=_("Corruption or economic asset recovery"), required=False)
    debtor_name = forms.CharField(label=_("Debtor"), max_length=200)
    debtor_address = forms.CharField(label=_("Debtor's address"), max_length=300, required=False)
    creditor_name = forms.CharField(label=_("Creditor"), max_length=200, required=False)
    creditor_address = forms.CharField(label=_("Creditor's address"), max_length=300, required=False)
    obligation = forms.CharField(label=_("Obligation"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    amount = AmountField(label=_("Amount to enforce (đồng)"), required=False,
                         help_text=_("Whole đồng, for example 75.683.482.000; 0 or empty for a non-monetary obligation."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Every agency of the user's subtree, today's first: a case accepted before the restructure
        # is registered at the unit that accepted it, and the service checks it operated that day.
        holding = Agency.objects.for_user(user).exclude(level=Agency.Level.CENTRAL)
        self.fields["agency"].queryset = holding.order_by(F("valid_to").desc(nulls_first=True), "path")
        # A decision is issued by the holding agency or one above it (a Cục for its Phòng).
        self.fields["issuing_agency"].queryset = selectors.issuing_agencies(user).order_by(
            F("valid_to").desc(nulls_first=True), "path")
        self.fields["officer"].queryset = Officer.objects.for_user(user).filter(is_active=True).select_related("agency")
        if user.agency_id and not self.is_bound:
            self.initial.setdefault("agency", user.agency_id)
            self.initial.setdefault("issuing_agency", user.agency_id)
        self.add_late_reason(user)

    def clean_amount(self):
        return self.cleaned_data["amount"] or 0


class EventForm(LateReasonMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Event"), choices=ENTRY_KINDS)
    effective_date = forms.DateField(label=_("Effective date"), widget=DateInput())
    amount = AmountField(label=_("Amount of this event (đồng)"), required=False)
    condition = forms.ChoiceField(label=_("Result of the classification"), required=False,
                                  choices=[("", "---------"), (Condition.ABLE, Condition.ABLE.label),
                                           (Condition.UNABLE, Condition.UNABLE.label)])
    ground = forms.ChoiceField(label=_("Ground of the postponement"), required=False,
                               choices=[("", "---------"), *PostponementGround.choices])
    to_agency = forms.ModelChoiceField(label=_("Entrusted to"), required=False, queryset=Agency.objects.none())
    document_number = forms.CharField(label=_("Document number"), max_length=64, required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput)
    loaded_at = forms.DateTimeField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # A case may be entrusted to any agency of the country operating on the event's date, which
        # the service checks (an entrustment entered late may name a unit dissolved since): the
        # form offers them all, today's first.
        self.fields["to_agency"].queryset = (
            Agency.objects.exclude(level=Agency.Level.CENTRAL).order_by(F("valid_to").desc(nulls_first=True), "path"))
        self.add_late_reason(user)


class ComplaintForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=[("complaint", _("Complaint")), ("denunciation", _("Denunciation"))])
    round = forms.TypedChoiceField(label=_("Round"), coerce=int, choices=[(1, _("First")), (2, _("Second"))])
    coercion_related = forms.BooleanField(label=_("About coercion"), required=False)
    received_on = forms.DateField(label=_("Received on"), widget=DateInput())
    complainant = forms.CharField(label=_("Complainant"), max_length=200, required=False)
    summary = forms.CharField(label=pgettext_lazy("complaint", "Summary"), required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))


class ComplaintResolveForm(forms.Form):
    resolved_on = forms.DateField(label=_("Resolved on"), widget=DateInput())
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class OfficerForm(forms.Form):
    officer = forms.ModelChoiceField(label=_("Enforcement officer"), queryset=Officer.objects.none(), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        # Officers of the holding agency and its units.
        self.fields["officer"].queryset = Officer.objects.filter(
            agency__path__startswith=case.agency.path, is_active=True).order_by("full_name")


class SpreadsheetForm(forms.Form):
    """One spreadsheet to load (the imports read during the upload)."""

    file = forms.FileField(label=_("Spreadsheet (.xlsx or .csv)"))


class CaseImportForm(forms.Form):
    what = forms.ChoiceField(label=_("The file holds"), choices=[("cases", _("New cases")),
                                                                ("events", _("Events on registered cases"))])
    file = forms.FileField(label=_("Spreadsheet (.xlsx or .csv)"))
