"""Pages for the official figures, targets and period closing. Thin: the work is in the modules."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, TemplateView

from cases.models import Agency
from cases.permissions import can_close_periods, can_enter_late, can_export, can_set_target
from thads import sheets
from thads.numbers import whole
from thads.queue import QueueUnavailable
from thads.today import local_today

from . import dashboard, report_jobs
from .calendar import Period, is_valid_year, latest_completed_period, statistical_year
from .closing import close_refusal, closed_with, closing_versions, period_close, period_reopen
from .engine import FiguresNotReady, compute
from .figures import KEYS, held_by
from .forms import ExportForm, PeriodForm, PublishedImportForm, ReopenForm, TargetForm, TargetUploadForm
from .models import PeriodClosing, ReportJob, Target
from .period_report import default_by
from .published import PublishedRefused, import_published
from .selectors import report_file_for, report_jobs_for
from .targets import CSV_HEADERS, import_targets_csv, target_set


def _period_from(request):
    """The agency and period asked for, within the user's scope; defaults: own agency, last month."""
    today = local_today()
    default = latest_completed_period(today)
    data = request.GET.copy() if request.GET else None
    if data is not None:  # what a link leaves out is the default, not a missing field to mark
        for name, value in (("agency", request.user.agency_id), ("year", default.year), ("months", default.months)):
            if not data.get(name) and value:
                data[name] = value
    agency, period = request.user.agency, default
    if data is None:  # built once, with the defaults shown
        form = PeriodForm(initial={"year": default.year, "months": default.months, "agency": agency},
                          user=request.user, today=today)
        return form, agency, period
    form = PeriodForm(data, user=request.user, today=today)
    if form.is_valid():
        agency = form.cleaned_data["agency"] or agency
        period = Period(form.cleaned_data["year"], form.cleaned_data["months"])
    return form, agency, period


def figures_url(agency_id, period) -> str:
    """The figures page of an agency's period (where a closing, a reopening or an import returns)."""
    return f"{reverse('figures')}?{urlencode({'year': period.year, 'months': period.months, 'agency': agency_id})}"


class DashboardView(TemplateView):
    """The morning page: one agency, one cumulative period, against its target and last year."""

    template_name = "reports/dashboard.html"

    def get_context_data(self, **kwargs):
        form, agency, period = _period_from(self.request)
        context = super().get_context_data(form=form, agency=agency, period=period, **kwargs)
        if agency is not None:
            try:
                context.update(dashboard.build(self.request.user, agency, period, local_today()))
            except FiguresNotReady as exc:
                context["not_ready"] = str(exc)
        return context


class FiguresView(TemplateView):
    template_name = "reports/figures.html"

    def get_context_data(self, **kwargs):
        form, agency, period = _period_from(self.request)
        context = super().get_context_data(form=form, agency=agency, period=period, **kwargs)
        if agency is None:
            return context
        try:
            report = compute(agency, period)
        except FiguresNotReady as exc:
            context["not_ready"] = str(exc)
            return context
        rows = []
        known = report["previous"].get("has_data", True)  # else blank, not a column of zeros
        for key, label in KEYS:
            rows.append({"key": key, "label": label, "cases": report["cases"].get(key),
                         "money": report["money"].get(key),
                         "prev_cases": report["previous"]["cases"].get(key) if known else None,
                         "prev_money": report["previous"]["money"].get(key) if known else None,
                         "change_cases": report["change"]["cases"].get(key),
                         "change_money": report["change"]["money"].get(key)})
        user = self.request.user
        versions = closing_versions(agency, period)
        in_force = next((c for c in versions if c.reopened_at is None), None)
        context.update(
            versions=versions, in_force=in_force, can_import_published=can_close_periods(user),
            can_reopen=in_force is not None and in_force.part_of_id is None and can_enter_late(user),
            reopen_form=kwargs.get("reopen_form") or ReopenForm(),
            report=report, rows=rows, held_by=held_by(report),
            breakdown=report["breakdowns"].get("child") or report["breakdowns"].get("officer") or [],
            can_close=(can_close_periods(user) and user.agency_id == agency.pk and not report["frozen"]
                       and period.end < local_today()),
        )
        return context


class ClosePeriodView(View):
    def post(self, request):
        if not can_close_periods(request.user):
            raise PermissionDenied
        year, months = whole(request.POST.get("year")), whole(request.POST.get("months"))
        # The forms' bounds (a year -1: found by fuzzing).
        if not is_valid_year(year) or months is None or not 1 <= months <= 12:
            messages.error(request, _("Choose a period."))
            return redirect("figures")
        period = Period(year, months)
        if request.POST.get("confirm") != "yes":
            return self.confirmation(request, period)
        try:
            period_close(agency=request.user.agency, period=period, user=request.user, today=local_today())
        except PermissionDenied as exc:
            messages.error(request, str(exc))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The figures of %(period)s are closed.") % {"period": period.short_name})
        return redirect(self.figures_url(request, period))

    @staticmethod
    def figures_url(request, period):
        return figures_url(request.user.agency_id, period)

    def confirmation(self, request, period):
        """The figures that closing would freeze, and a second button: a closing is published."""
        agency = request.user.agency
        problem = close_refusal(agency=agency, period=period, user=request.user, today=local_today())
        if problem is not None:
            messages.error(request, " ".join(problem.messages) if isinstance(problem, ValidationError) else str(problem))
            return redirect(self.figures_url(request, period))
        try:
            report = compute(agency, period, live=True)
        except FiguresNotReady as exc:
            messages.error(request, str(exc))
            return redirect(self.figures_url(request, period))
        rows = [{"label": label, "cases": report["cases"].get(key), "money": report["money"].get(key), "key": key}
                for key, label in KEYS]
        return render(request, "reports/close_confirm.html", {
            "agency": agency, "period": period, "report": report, "rows": rows,
            "units": closed_with(agency, period),
            "back": self.figures_url(request, period)})


class ReopenPeriodView(View):
    """An administrator reopens a published closing, with a reason (the version stays listed)."""

    def post(self, request):
        if not can_enter_late(request.user):
            raise PermissionDenied
        closing = get_object_or_404(PeriodClosing.objects.for_user(request.user).published().select_related(
            "part_of__agency"), pk=whole(request.POST.get("closing")) or 0)
        period = Period(closing.year, closing.months)
        form = ReopenForm(request.POST)
        if form.is_valid():
            try:
                period_reopen(closing=closing, user=request.user, reason=form.cleaned_data["reason"])
            except ValidationError as exc:
                form.add_error("reason", " ".join(exc.messages))
            else:
                messages.success(request, _("The figures of %(period)s are reopened.") % {"period": period.short_name})
                return redirect(figures_url(closing.agency_id, period))
        # Shown again on the figures page, the reason and its message kept.
        request.GET = request.GET.copy()
        request.GET.update({"year": period.year, "months": period.months, "agency": closing.agency_id})
        view = FiguresView(request=request, kwargs={})
        return view.render_to_response(view.get_context_data(reopen_form=form), status=400)


class PublishedImportView(TemplateView):
    """Leadership imports the published figures of a past period as its closing (reports.published)."""

    template_name = "reports/published_import.html"

    def dispatch(self, request, *args, **kwargs):
        if not can_close_periods(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, form=None, problems=None, **kwargs):
        return super().get_context_data(form=form or PublishedImportForm(), problems=problems,
                                        agency=self.request.user.agency, **kwargs)

    def post(self, request):
        form = PublishedImportForm(request.POST, request.FILES)
        problems = None
        if form.is_valid():
            data = form.cleaned_data
            period = Period(data["year"], data["months"])
            try:
                import_published(data["file"].read(), data["file"].name, agency=request.user.agency, period=period,
                                 user=request.user, today=local_today())
            except PublishedRefused as exc:
                problems = exc.problems
            except (PermissionDenied, ValidationError) as exc:
                problems = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
            else:
                messages.success(request, _("The published figures of %(period)s are imported and closed.")
                                 % {"period": period.short_name})
                return redirect(figures_url(request.user.agency_id, period))
        return self.render_to_response(self.get_context_data(form=form, problems=problems), status=400)


class TargetsView(TemplateView):
    template_name = "reports/targets.html"

    def agencies(self):
        user = self.request.user
        if user.agency is None:
            return Agency.objects.none()
        return Agency.objects.for_user(user).in_subtree(user.agency).filter(valid_to__isnull=True).order_by("path")

    def year(self):
        year = whole(self.request.GET.get("year", ""))
        return year if is_valid_year(year) else statistical_year(local_today())

    def get_context_data(self, form=None, upload=None, upload_errors=None, **kwargs):
        year = self.year()
        agencies = self.agencies()
        targets = {t.agency_id: t for t in Target.objects.for_user(self.request.user).filter(year=year)}
        editable = [a for a in agencies if can_set_target(self.request.user, a)]
        return super().get_context_data(
            year=year, rows=[(a, targets.get(a.pk)) for a in agencies], can_edit=bool(editable),
            form=form or TargetForm(initial={"year": year}, agencies=agencies),
            upload=upload or TargetUploadForm(), upload_errors=upload_errors, csv_headers=CSV_HEADERS, **kwargs
        )

    def post(self, request):
        agencies = self.agencies()
        if not any(can_set_target(request.user, agency) for agency in agencies):
            raise PermissionDenied
        if "file" in request.FILES:
            upload = TargetUploadForm(request.POST, request.FILES)
            if not upload.is_valid():
                return self.render_to_response(self.get_context_data(upload=upload))
            file = upload.cleaned_data["file"]
            # A file named otherwise (.txt) is read as the CSV the page asks for.
            name = file.name if file.name.lower().endswith((".csv", ".xlsx")) else "chi-tieu.csv"
            saved, errors = import_targets_csv(file.read(), user=request.user, filename=name)
            if errors:
                return self.render_to_response(self.get_context_data(upload=upload, upload_errors=errors))
            messages.success(request, _("%(n)s targets imported.") % {"n": saved})
            return redirect(request.get_full_path())
        form = TargetForm(request.POST, agencies=agencies)
        if form.is_valid():
            data = form.cleaned_data
            try:
                target_set(agency=data["agency"], year=data["year"], cases_rate=data["cases_rate"],
                           money_rate=data["money_rate"], user=request.user)
            except PermissionDenied as exc:
                form.add_error("agency", str(exc))
            else:
                messages.success(request, _("Target saved."))
                return redirect(f"{reverse('targets')}?year={data['year']}")
        return self.render_to_response(self.get_context_data(form=form))


class TargetTemplateView(View):
    """The CSV template, with the codes of the agencies the user may set targets for."""

    def get(self, request):
        year = statistical_year(local_today())
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response.write("\ufeff")
        writer = sheets.csv_writer(response, delimiter=";")
        writer.writerow(CSV_HEADERS)
        for agency in TargetsView(request=request).agencies():
            if can_set_target(request.user, agency):
                writer.writerow([agency.code, year, "", ""])
        response["Content-Disposition"] = f'attachment; filename="chi-tieu-{year}.csv"'
        return response


class ExportsView(TemplateView):
    """Leadership asks for a period report here and finds the ones built for it (scheduled too)."""

    template_name = "reports/exports.html"
    RECENT = 20

    def dispatch(self, request, *args, **kwargs):
        if not can_export(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, form=None, **kwargs):
        user, today = self.request.user, local_today()
        if form is None:
            default = latest_completed_period(today)
            initial = {"agency": user.agency, "year": default.year, "months": default.months,
                       "by": default_by(user.agency)}
            for name in ("agency", "year", "months", "by"):  # from the dashboard's "Export" link
                if self.request.GET.get(name):
                    initial[name] = self.request.GET[name]
            form = ExportForm(initial=initial, user=user, today=today)
        jobs = report_jobs_for(user).order_by("-created_at", "-id")[: self.RECENT]
        return super().get_context_data(form=form, jobs=jobs, **kwargs)

    def post(self, request):
        form = ExportForm(request.POST, user=request.user, today=local_today())
        if form.is_valid():
            data = form.cleaned_data
            try:
                job = report_jobs.job_request(user=request.user, agency=data["agency"], period=data["period"],
                                              by=data["by"], number=data.get("number", ""))
            except PermissionDenied as exc:
                form.add_error("agency", str(exc))
            except QueueUnavailable as exc:
                form.add_error(None, str(exc))
            else:
                return redirect("report_job", pk=job.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400 if form.errors else 200)


class ReportJobView(DetailView):
    """One period report: its progress bar while it is built, then its files."""

    template_name = "reports/report_job.html"
    context_object_name = "job"

    def get_queryset(self):
        return report_jobs_for(self.request.user)

    def get_object(self, queryset=None):
        # A job whose worker died is sent again (or ends failed) as soon as someone looks at it.
        return report_jobs.sweep_job(super().get_object(queryset))

    def get_context_data(self, **kwargs):
        job = self.object
        files = list(job.files.defer("content")) if job.status == ReportJob.Status.DONE else []
        return super().get_context_data(progress=report_jobs.job_progress(job), files=files,
                                        period=Period(job.year, job.months), **kwargs)


class ReportJobProgressView(ReportJobView):
    def render_to_response(self, context, **kwargs):
        return JsonResponse(context["progress"])


class ReportFileView(View):
    CONTENT_TYPES = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                     "pdf": "application/pdf"}

    def get(self, request, pk, kind):
        file = report_file_for(request.user, pk, kind)
        if file is None:
            raise Http404
        response = HttpResponse(bytes(file.content), content_type=self.CONTENT_TYPES[kind])
        response["Content-Disposition"] = f'attachment; filename="{file.name}"'
        return response
