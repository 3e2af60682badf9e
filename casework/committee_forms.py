"""Forms of the steering committee's list. They shape input; the rules are in casework.committee."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.models import CommitteeCategory, CommitteeItem, CommitteeItemStatus, CommitteeMeeting

from .forms import DateInput


class ItemForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=CommitteeCategory.choices)
    obstacle = forms.CharField(label=_("Obstacle"), widget=forms.Textarea(attrs={"rows": 3}))
    help_needed = forms.CharField(label=_("Agencies whose help is needed"), widget=forms.Textarea(attrs={"rows": 2}),
                                  help_text=_("For example: Công an tỉnh; Sở Nông nghiệp và Môi trường; UBND xã …"))
    proposal = forms.CharField(label=_("Proposal"), widget=forms.Textarea(attrs={"rows": 3}),
                               help_text=_("Meeting, coercion plan, forces, planned date."))
    planned_on = forms.DateField(label=_("Planned date"), required=False, widget=DateInput())
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, for_judgment: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not for_judgment:  # the last category is the administrative judgments'
            self.fields["category"].choices = [c for c in CommitteeCategory.choices if c[0] != CommitteeCategory.THAHC]

    def values(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class CloseForm(forms.Form):
    status = forms.ChoiceField(label=_("Outcome"), choices=[(CommitteeItemStatus.RESOLVED, CommitteeItemStatus.RESOLVED.label),
                                                           (CommitteeItemStatus.WITHDRAWN,
                                                            CommitteeItemStatus.WITHDRAWN.label)])
    closed_on = forms.DateField(label=_("Date"), widget=DateInput())
    outcome = forms.CharField(label=_("What happened"), widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class MeetingForm(forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=DateInput())
    kind = forms.ChoiceField(label=_("Kind"), choices=CommitteeMeeting.Kind.choices)
    chaired_by = forms.CharField(label=_("Chaired by"), max_length=200,
                                 widget=forms.TextInput(attrs={"placeholder": "Phó Chủ tịch UBND tỉnh"}))
    members_present = forms.CharField(label=_("Members present"), widget=forms.Textarea(attrs={"rows": 3}))
    procuracy = forms.CharField(label=_("Procuracy representative"), max_length=200, required=False)
    papers_sent_on = forms.DateField(label=_("Papers sent on"), required=False, widget=DateInput(),
                                     help_text=_("At least 03 working days before the meeting."))
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ConclusionForm(forms.Form):
    item = forms.ModelChoiceField(label=_("Case"), queryset=CommitteeItem.objects.none())
    content = forms.CharField(label=_("Conclusion"), widget=forms.Textarea(attrs={"rows": 3}))
    lead_agency = forms.CharField(label=_("Lead agency"), max_length=200)
    deadline = forms.DateField(label=_("Deadline"), widget=DateInput())

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items


class FollowUpForm(forms.Form):
    done_on = forms.DateField(label=_("Carried out on"), required=False, widget=DateInput(),
                              help_text=_("Empty while it is not carried out."))
    follow_up = forms.CharField(label=_("What happened after"), widget=forms.Textarea(attrs={"rows": 3}))


class PaperForm(forms.Form):
    meeting = forms.DateField(label=_("For the meeting of"), required=False, widget=DateInput())

    def clean_meeting(self):
        day = self.cleaned_data["meeting"]
        if day is not None and not 1900 <= day.year <= 2099:
            raise forms.ValidationError(_("Give a date between 1900 and 2099."))
        return day
