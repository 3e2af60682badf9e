"""The pages where an administrator keeps their tree of units: the tree, a unit's page, a new
unit, and the file of units (template, load, export). Thin: the rules are in `casework.agencies`
and `casework.tree_file`; who may do what in `cases.permissions`."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from cases import permissions, selectors
from cases.models import Agency, AgencySuccession
from thads import formatting
from thads.client import client_address
from thads.today import local_today

from . import agencies, restructure, tree_file
from .forms import add_service_errors
from .imports import FileRefused
from .tree_forms import AgencyChangeForm, AgencyCreateForm, RestructureForm, TreeFileForm, parents_for

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class TreePageMixin:
    def dispatch(self, request, *args, **kwargs):
        if not permissions.can_administer_tree(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class TreeView(TreePageMixin, TemplateView):
    template_name = "casework/tree.html"

    def get_context_data(self, **kwargs):
        current_only = self.request.GET.get("current") == "1"
        units = selectors.tree_rows(self.request.user, current_only=current_only)
        user = self.request.user
        for unit in units:
            unit.administered = permissions.can_administer_agency(user, unit)
            unit.takes_units = permissions.can_add_unit_under(user, unit)
            unit.people = not unit.valid_to and permissions.can_manage_people_at(user, unit)
        return super().get_context_data(units=units, current_only=current_only, **kwargs)


class AgencyCreateView(TreePageMixin, TemplateView):
    template_name = "casework/agency_form.html"

    def get_context_data(self, form=None, **kwargs):
        if form is None:
            parent = self.request.GET.get("parent")
            form = AgencyCreateForm(user=self.request.user, initial={"parent": parent} if parent else None)
        return super().get_context_data(form=form, title=_("New unit"), **kwargs)

    def post(self, request):
        form = AgencyCreateForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                unit = agencies.agency_create(**form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("%(name)s (%(code)s) was created.") % {"name": unit.name, "code": unit.code})
                return redirect("agency_detail", pk=unit.pk)
        return self.render_to_response(self.get_context_data(form=form))


def administered_agency(user, pk) -> Agency:
    """A unit of the user's sight that they administer: another province's is not found (404),
    their own agency or a unit above their level is refused (403)."""
    agency = get_object_or_404(Agency.objects.for_user(user).select_related("parent"), pk=pk)
    if not permissions.can_administer_agency(user, agency):
        raise PermissionDenied
    return agency


class AgencyDetailView(TreePageMixin, TemplateView):
    """One unit: its names and dates to change (or end it), what it holds, its links, its history."""

    template_name = "casework/agency_detail.html"

    def get_context_data(self, form=None, **kwargs):
        user = self.request.user
        agency = administered_agency(user, self.kwargs["pk"])
        form = form or AgencyChangeForm(initial={f: getattr(agency, f) for f in agencies.CHANGEABLE})
        visible = Agency.objects.for_user(user)
        return super().get_context_data(
            agency=agency, form=form, history=selectors.agency_history(user, agency),
            predecessors=AgencySuccession.objects.filter(successor=agency, predecessor__in=visible)
            .select_related("predecessor"),
            successors=AgencySuccession.objects.filter(predecessor=agency, successor__in=visible)
            .select_related("successor"),
            children=agency.children.order_by("path"), officers=agency.officers.order_by("-is_active", "full_name"),
            accounts=agency.users.order_by("-is_active", "username"),
            open_cases=agency.cases.open().count(), **kwargs)

    def post(self, request, pk):
        agency = administered_agency(request.user, pk)
        form = AgencyChangeForm(request.POST)
        if form.is_valid():
            try:
                agencies.agency_change(agency=agency, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("%(name)s was saved.") % {"name": form.cleaned_data["name"]})
                return redirect("agency_detail", pk=pk)
        return self.render_to_response(self.get_context_data(form=form))


class TreeFileView(TreePageMixin, TemplateView):
    """Load a file of units, all or nothing; its template and the export of the tree."""

    template_name = "casework/tree_file.html"

    def get_context_data(self, form=None, **kwargs):
        return super().get_context_data(form=form or TreeFileForm(), columns=tree_file.COLUMNS,
                                        parents=parents_for(self.request.user), **kwargs)

    def post(self, request):
        form = TreeFileForm(request.POST, request.FILES)
        result = None
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = tree_file.load_tree(upload.read(), upload.name, user=request.user,
                                             address=client_address(request))
            except FileRefused as refused:
                form.add_error("file", str(refused))
            else:
                if not result.errors:
                    messages.success(request, _(
                        "%(created)s units created, %(changed)s changed, %(linked)s links to former units added.") % {
                        "created": formatting.integer(result.created), "changed": formatting.integer(result.changed),
                        "linked": formatting.integer(result.linked)})
                    return redirect("tree")
        return self.render_to_response(self.get_context_data(form=form, result=result))


class TreeFileDownloadView(TreePageMixin, View):
    """The template (`template`) or the administrator's units as they are (`export`)."""

    def get(self, request, what, kind):
        if what not in ("template", "export") or kind not in ("xlsx", "csv"):
            raise Http404
        writer = getattr(tree_file, f"{what}_{kind}")
        content = writer() if what == "template" else writer(request.user)
        response = HttpResponse(content, content_type=XLSX if kind == "xlsx" else "text/csv; charset=utf-8")
        name = "mau-don-vi" if what == "template" else f"don-vi-{request.user.agency.code.lower()}"
        response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
        return response


class RestructureView(TreePageMixin, TemplateView):
    """Record a merger, a split or a reorganisation: the form, its preview, then the operation."""

    template_name = "casework/restructure.html"

    def get_context_data(self, form=None, preview=None, **kwargs):
        form = form or RestructureForm(user=self.request.user)
        return super().get_context_data(form=form, preview=preview, **kwargs)

    def post(self, request):
        form = RestructureForm(request.POST, user=request.user)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        plan = form.plan()
        if request.POST.get("action") != "apply":
            preview = restructure.restructure_preview(plan, user=request.user, today=local_today())
            return self.render_to_response(self.get_context_data(form=form, preview=preview))
        try:
            done = restructure.restructure_apply(plan, user=request.user, today=local_today())
        except ValidationError as error:
            preview = restructure.restructure_preview(plan, user=request.user, today=local_today())
            preview.problems = preview.problems or error.messages
            return self.render_to_response(self.get_context_data(form=form, preview=preview))
        messages.success(request, _(
            "Restructure recorded on %(date)s: %(cases)s open cases handed over, %(officers)s officers and %(accounts)s "
            "accounts moved, %(ended)s units ended, %(links)s links added.") % {
            "date": formatting.date(plan.effective_date), "cases": formatting.integer(done.case_count),
            "officers": formatting.integer(len(done.officers)), "accounts": formatting.integer(len(done.accounts)),
            "ended": formatting.integer(len(done.ends)), "links": formatting.integer(len(done.links))})
        return redirect("tree")
