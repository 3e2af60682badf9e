"""The people of a unit, kept by its administrator: its officers and accounts, new ones, and one
officer's or account's page (change, move to another unit, history). Thin: the rules are in
`casework.people`; who may do what in `cases.permissions`."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from cases import permissions, selectors
from cases.models import Agency, Officer, User

from . import people
from .forms import add_service_errors
from .tree_forms import AccountCreateForm, AccountForm, MoveForm, OfficerCreateForm, OfficerForm
from .tree_views import TreePageMixin


def people_unit(user, pk) -> Agency:
    unit = get_object_or_404(Agency.objects.for_user(user), pk=pk)
    if not permissions.can_manage_people_at(user, unit):
        raise PermissionDenied
    return unit


class UnitPeopleView(TreePageMixin, TemplateView):
    """A unit's officers and accounts, with the forms to add one."""

    template_name = "casework/unit_people.html"

    def get_context_data(self, officer_form=None, account_form=None, **kwargs):
        user = self.request.user
        unit = people_unit(user, self.kwargs["pk"])
        accounts = list(unit.users.select_related("agency").order_by("-is_active", "username"))
        for account in accounts:
            account.managed = permissions.can_manage_account(user, account)
        return super().get_context_data(
            unit=unit, officers=unit.officers.select_related("user").order_by("-is_active", "full_name"),
            accounts=accounts,
            officer_form=officer_form or OfficerCreateForm(prefix="officer"),
            account_form=account_form or AccountCreateForm(prefix="account", agency=unit),
            administered=permissions.can_administer_agency(user, unit), **kwargs)

    def post(self, request, pk):
        unit = people_unit(request.user, pk)
        if "officer-code" in request.POST:  # which of the page's two forms was sent
            name, form, create = "officer_form", OfficerCreateForm(request.POST, prefix="officer"), people.officer_create
        else:
            name, form = "account_form", AccountCreateForm(request.POST, prefix="account", agency=unit)
            create = people.account_create
        if form.is_valid():
            try:
                person = create(agency=unit, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("%(name)s was added.") % {
                    "name": getattr(person, "username", None) or person.full_name})
                return redirect("unit_people", pk=pk)
        return self.render_to_response(self.get_context_data(**{name: form}))


class PersonView(TreePageMixin, TemplateView):
    """One officer's or account's page: what can change, the move, the history."""

    template_name = "casework/person.html"
    model = None
    form_class = None

    def person(self):
        person = get_object_or_404(self.model.objects.for_user(self.request.user).select_related("agency"),
                                   pk=self.kwargs["pk"])
        if person.agency is None or not permissions.can_manage_people_at(self.request.user, person.agency):
            raise PermissionDenied
        return person

    def get_context_data(self, form=None, move_form=None, **kwargs):
        person = self.person()
        initial = {name: getattr(person, name) for name in self.form_class.base_fields}
        return super().get_context_data(
            person=person, is_officer=self.model is Officer, form=form or self.form_class(initial=initial),
            move_form=move_form or MoveForm(user=self.request.user, initial={"to_agency": person.agency_id}),
            history=selectors.person_history(person), **kwargs)

    def post(self, request, pk):
        person = self.person()
        moving = "to_agency" in request.POST
        form = MoveForm(request.POST, user=request.user) if moving else self.form_class(request.POST)
        if form.is_valid():
            try:
                self.write(person, moving, form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("%(name)s was saved.") % {"name": person})
                return redirect(request.path)
        return self.render_to_response(self.get_context_data(**{"move_form" if moving else "form": form}))


class OfficerView(PersonView):
    model, form_class = Officer, OfficerForm

    def write(self, officer, moving, data):
        if moving:
            people.officer_move(officer=officer, to_agency=data["to_agency"])
        else:
            people.officer_change(officer=officer, **data)


class AccountView(PersonView):
    model, form_class = User, AccountForm

    def person(self):
        account = super().person()
        if not permissions.can_manage_account(self.request.user, account):
            raise PermissionDenied  # one's own, a superuser's, a peer administrator's: the level above's
        return account

    def write(self, account, moving, data):
        if moving:
            people.account_move(account=account, to_agency=data["to_agency"])
        else:
            people.account_change(account=account, **data)
