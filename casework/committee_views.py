"""Pages of the steering committee's case list: the list and its paper, a case before the
committee, its meetings and conclusions, and the committee's report."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from cases import permissions, selectors
from cases.filters import CommitteeFilter
from cases.models import (
    Agency,
    Case,
    CommitteeConclusion,
    CommitteeItem,
    CommitteeItemStatus,
    CommitteeMeeting,
    FollowedJudgment,
)
from cases.scoping import visible_agency_ids
from reports import committee as committee_figures
from reports import committee_paper
from reports.calendar import statistical_year
from reports.period_report import signers_of
from thads import formatting
from thads.numbers import whole
from thads.today import local_today

from . import committee, committee_import
from .committee_forms import CloseForm, ConclusionForm, FollowUpForm, ItemForm, MeetingForm, PaperForm
from .file_views import FileImportView, FileTemplateView
from .forms import add_service_errors


def _keepers_committee(user):
    """The committee the user keeps (their province's), or None."""
    agency = user.agency
    if agency is None or agency.level != Agency.Level.PROVINCIAL:
        return None
    return agency if permissions.can_keep_committee(user, agency) else None


def _filtered(request):
    today = local_today()
    found = CommitteeFilter(request.GET or None, queryset=selectors.committee_items(request.user),
                            user=request.user, today=today)
    items = found.qs if found.is_valid() else selectors.committee_items(request.user).none()
    return found, items, today


class CommitteeListView(TemplateView):
    template_name = "committee/list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        found, items, today = _filtered(self.request)
        query = self.request.GET.copy()
        query.pop("meeting", None)
        keeps = _keepers_committee(user)
        return super().get_context_data(
            filter=found, rows=committee_figures.paper_rows(items.order_by("-brought_on", "-id")), today=today,
            meetings=list(selectors.committee_meetings(user).order_by("-held_on", "-id")[:8]),
            overdue=committee_figures.cases_with_overdue_conclusions(selectors.committee_conclusions(user), today),
            paper_form=PaperForm(self.request.GET or None), query=query.urlencode(), keeps=keeps, **kwargs)


class CommitteePaperView(View):
    """The filtered list as the paper sent to the members (XLSX or PDF)."""

    def get(self, request, kind):
        keeps = _keepers_committee(request.user)
        if keeps is None:
            raise PermissionDenied
        if kind not in ("xlsx", "pdf"):
            raise Http404
        _found, items, today = _filtered(request)
        form = PaperForm(request.GET)
        meeting_day = form.cleaned_data.get("meeting") if form.is_valid() else None
        if not request.GET.get("status"):  # the paper is what is before the committee, unless asked otherwise
            items = items.filter(status=CommitteeItemStatus.OPEN)
        rows = committee_figures.paper_rows(items.filter(committee=keeps).order_by("category", "brought_on", "id"))
        dated = _("%(place)s, date %(day)s month %(month)s year %(year)s") % {
            "place": keeps.place(), "day": f"{today.day:02d}", "month": f"{today.month:02d}", "year": today.year}
        build = committee_paper.xlsx if kind == "xlsx" else committee_paper.pdf_file
        body = build(rows, committee=keeps, meeting_day=meeting_day, dated=dated, signers=signers_of(keeps))
        response = HttpResponse(body, content_type="application/pdf" if kind == "pdf" else
                                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        stamp = meeting_day or today
        response["Content-Disposition"] = f'attachment; filename="danh-sach-bcd-{stamp:%Y-%m-%d}.{kind}"'
        return response


class BringView(TemplateView):
    """Leadership brings a case or a followed judgment to the committee."""

    template_name = "committee/form.html"

    def dispatch(self, request, *args, **kwargs):
        model = {"case": Case, "judgment": FollowedJudgment}.get(kwargs["kind"])
        if model is None:
            raise Http404
        try:
            self.subject = model.objects.for_user(request.user).select_related("agency").get(pk=kwargs["pk"])
        except model.DoesNotExist:
            raise Http404 from None
        if not permissions.can_bring_to_committee(request.user, self.subject):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def form(self, data=None):
        return ItemForm(data, for_judgment=isinstance(self.subject, FollowedJudgment))

    def get_context_data(self, form=None, **kwargs):
        return super().get_context_data(form=form or self.form(), subject=self.subject,
                                        title=_("Bring to the steering committee"), **kwargs)

    def post(self, request, kind, pk):
        form = self.form(request.POST)
        if form.is_valid():
            try:
                item = committee.item_bring(**{kind: self.subject}, brought_by=request.user, today=local_today(),
                                            **form.values())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Brought to the steering committee."))
                return redirect("committee_item", item.pk)
        return self.render_to_response(self.get_context_data(form=form))


class ItemView(TemplateView):
    template_name = "committee/item.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        try:
            item = selectors.committee_item_for_page(user, kwargs["pk"])
        except CommitteeItem.DoesNotExist:
            raise Http404 from None
        row = committee_figures.paper_rows(CommitteeItem.objects.filter(pk=item.pk))[0]
        keeps = permissions.can_keep_committee(user, item.committee)
        return super().get_context_data(
            item=item, row=row, conclusions=list(item.conclusions.select_related("meeting").order_by(
                "meeting__held_on", "id")), today=local_today(), keeps=keeps,
            can_close=permissions.can_close_committee_item(user, item) and item.status == CommitteeItemStatus.OPEN,
            history=selectors.committee_history(item), **kwargs)


class ItemEntryView(TemplateView):
    template_name = "committee/form.html"
    allowed = staticmethod(lambda user, item: permissions.can_keep_committee(user, item.committee))

    def dispatch(self, request, *args, **kwargs):
        try:
            self.item = selectors.committee_item_for_page(request.user, kwargs["pk"])
        except CommitteeItem.DoesNotExist:
            raise Http404 from None
        if not self.allowed(request.user, self.item) or self.item.status != CommitteeItemStatus.OPEN:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(item=self.item, subject=self.item.subject, **kwargs)


class ItemEditView(ItemEntryView):
    def form(self, data=None):
        item = self.item
        initial = {name: getattr(item, name) for name in committee.ITEM_FIELDS} | {"version": item.version}
        return ItemForm(data, initial=initial, for_judgment=bool(item.judgment_id))

    def get_context_data(self, form=None, **kwargs):
        return super().get_context_data(form=form or self.form(), title=_("Correct what the committee is told"),
                                        **kwargs)

    def post(self, request, pk):
        form = self.form(request.POST)
        if form.is_valid():
            try:
                committee.item_change(self.item, expected_version=form.cleaned_data["version"], today=local_today(),
                                      **form.values())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("committee_item", pk)
        return self.render_to_response(self.get_context_data(form=form))


class ItemCloseView(ItemEntryView):
    allowed = staticmethod(permissions.can_close_committee_item)

    def get_context_data(self, form=None, **kwargs):
        form = form or CloseForm(initial={"closed_on": local_today(), "version": self.item.version})
        return super().get_context_data(form=form, title=_("Resolved, or taken off the list"), **kwargs)

    def post(self, request, pk):
        form = CloseForm(request.POST)
        if form.is_valid():
            try:
                committee.item_close(self.item, today=local_today(), expected_version=form.cleaned_data["version"],
                                     **{k: form.cleaned_data[k] for k in ("status", "closed_on", "outcome")})
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("committee_item", pk)
        return self.render_to_response(self.get_context_data(form=form))


class MeetingCreateView(TemplateView):
    template_name = "committee/form.html"

    def dispatch(self, request, *args, **kwargs):
        self.committee = _keepers_committee(request.user)
        if self.committee is None:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, form=None, **kwargs):
        return super().get_context_data(form=form or MeetingForm(initial={"held_on": local_today()}),
                                        title=_("Record a committee meeting"), **kwargs)

    def post(self, request):
        form = MeetingForm(request.POST)
        if form.is_valid():
            try:
                meeting = committee.meeting_record(committee=self.committee, recorded_by=request.user,
                                                   today=local_today(), **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Meeting recorded: add its conclusions."))
                return redirect("committee_meeting", meeting.pk)
        return self.render_to_response(self.get_context_data(form=form))


class MeetingView(TemplateView):
    """A meeting and its conclusions; its keepers add a conclusion here."""

    template_name = "committee/meeting.html"

    def dispatch(self, request, *args, **kwargs):
        try:
            self.meeting = selectors.committee_meetings(request.user).select_related("committee").get(pk=kwargs["pk"])
        except CommitteeMeeting.DoesNotExist:
            raise Http404 from None
        self.keeps = permissions.can_keep_committee(request.user, self.meeting.committee)
        if request.method == "POST" and not self.keeps:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def form(self, data=None):
        items = selectors.committee_items(self.request.user).filter(
            committee=self.meeting.committee, status=CommitteeItemStatus.OPEN,
            brought_on__lte=self.meeting.held_on).exclude(conclusions__meeting=self.meeting)
        return ConclusionForm(data, items=items.select_related("case", "judgment"))

    def get_context_data(self, form=None, **kwargs):
        meeting = self.meeting
        conclusions = CommitteeConclusion.objects.filter(meeting=meeting, item__in=selectors.committee_items(
            self.request.user)).select_related("item__case", "item__judgment")
        return super().get_context_data(
            meeting=meeting, conclusions=list(conclusions), keeps=self.keeps, form=form or self.form(),
            papers_due=committee_figures.papers_due(meeting.held_on),
            papers_late=committee_figures.papers_late(meeting), **kwargs)

    def post(self, request, pk):
        form = self.form(request.POST)
        if form.is_valid():
            try:
                committee.conclusion_add(meeting=self.meeting, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Conclusion recorded."))
                return redirect("committee_meeting", pk)
        return self.render_to_response(self.get_context_data(form=form))


class FollowUpView(TemplateView):
    template_name = "committee/form.html"

    def dispatch(self, request, *args, **kwargs):
        try:
            self.conclusion = selectors.committee_conclusions(request.user).select_related(
                "meeting__committee", "item").get(pk=kwargs["pk"])
        except CommitteeConclusion.DoesNotExist:
            raise Http404 from None
        if not permissions.can_keep_committee(request.user, self.conclusion.meeting.committee):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, form=None, **kwargs):
        c = self.conclusion
        form = form or FollowUpForm(initial={"done_on": c.done_on, "follow_up": c.follow_up})
        return super().get_context_data(form=form, title=_("What happened after the conclusion"),
                                        conclusion=c, item=c.item, subject=c.item.subject, **kwargs)

    def post(self, request, pk):
        form = FollowUpForm(request.POST)
        if form.is_valid():
            try:
                committee.conclusion_follow_up(self.conclusion, today=local_today(), **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("committee_item", self.conclusion.item_id)
        return self.render_to_response(self.get_context_data(form=form))


class CommitteeReportView(TemplateView):
    """The committee's quarterly, 6-month and yearly report: what was brought, concluded and resolved."""

    template_name = "committee/report.html"

    def get_context_data(self, **kwargs):
        user, today = self.request.user, local_today()
        year = whole(self.request.GET.get("year")) or statistical_year(today)
        if not 2000 <= year <= 2100:
            year = statistical_year(today)
        span = self.request.GET.get("span") if self.request.GET.get("span") in committee_figures.SPANS else "year"
        start, end, name = committee_figures.span_dates(year, span)
        items = selectors.committee_items(user)
        meetings = selectors.committee_meetings(user)
        return super().get_context_data(
            counts=committee_figures.counts(items, meetings, start, end, today), name=name, year=year, span=span,
            spans=[(key, label) for key, (label, _offset, _months) in committee_figures.SPANS.items()],
            years=range(statistical_year(today), statistical_year(today) - 6, -1),
            sees_anything=bool(visible_agency_ids(user)), **kwargs)


def _leads(user) -> bool:
    """Leadership brings cases to the committee, from a file too."""
    return user.role == user.Role.LEADERSHIP and bool(visible_agency_ids(user))


class CommitteeImportView(FileImportView):
    """Leadership loads the committee's list from a spreadsheet (all or nothing)."""

    template_name = "committee/import.html"
    columns = committee_import.COLUMNS
    success_url = "committee_list"
    allowed = staticmethod(_leads)

    def load(self, data, filename, **context):
        return committee_import.import_items(data, filename, **context)

    def done(self, result):
        return _("%(created)s cases brought to the committee; %(skipped)s were already on its list.") % {
            "created": formatting.integer(result.created), "skipped": formatting.integer(result.skipped)}


class CommitteeTemplateView(FileTemplateView):
    allowed = staticmethod(_leads)
    files = {"xlsx": committee_import.template_xlsx, "csv": committee_import.template_csv}
    filename = "mau-danh-sach-bcd"
