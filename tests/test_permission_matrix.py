"""The permission matrix: every URL of the URL configuration × every role (and anonymous, and an
account without an agency) × an object or agency of the user's own subtree and of another
province, GET and POST, against the expected answer of each cell.

An unexpected allow fails: a page or file served (2xx) where the policy refuses, a refused POST
that changed anything in the database, or any page that shows another province's case, party or
agency. A URL added to the configuration without its line in POLICY fails too.
"""

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.contrib import admin
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from cases.models import Agency, Case, ImportJob, Officer, User
from cases.scoping import visible_agency_ids
from casework import services
from reports.models import ReportFile, ReportJob, ReportSigners, Target
from tests import factories
from tests.rows import rows_a_request_may_write, rows_per_table

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("vacuumed")]

R = User.Role
ROLES = [R.LEADERSHIP, R.OFFICIAL, R.CLERK, R.OFFICER, R.ADMINISTRATOR]
EVERYONE = frozenset(ROLES)
ENTERING = frozenset({R.CLERK, R.OFFICER, R.ADMINISTRATOR})
REGISTERING = frozenset({R.CLERK, R.ADMINISTRATOR})
EXPORTING = frozenset({R.LEADERSHIP, R.OFFICIAL, R.ADMINISTRATOR})  # period reports (issue 23: chuyên viên too)
TARGETING = frozenset({R.LEADERSHIP, R.ADMINISTRATOR})
ASSIGNING = frozenset({R.LEADERSHIP, R.ADMINISTRATOR})  # the agency's head decides who enforces a case
ADMIN = frozenset({R.ADMINISTRATOR})
KEEPERS = frozenset({R.LEADERSHIP, R.OFFICIAL})  # the steering committee's meetings and papers (its province's)
LEADERS = frozenset({R.LEADERSHIP})
NOBODY = frozenset()
PUBLIC = "public"  # anonymous visitors too
ACCOUNT = "account"  # any signed-in account, with an agency or not: one's own session and password

# What each URL allows to a user of the unit on their own subtree's objects: (GET, POST).
# Another province's objects are refused to everyone; anonymous visitors are sent to the login
# page unless the URL is PUBLIC; an account without an agency may open the pages open to EVERYONE
# but sees nothing of anyone's there.
POLICY = {
    "set_language": (PUBLIC, PUBLIC),
    "login": (PUBLIC, PUBLIC),
    "admin-login": (PUBLIC, PUBLIC),  # a redirect to the site's login page
    "admin:login": (PUBLIC, PUBLIC),  # behind that redirect, never reached
    "logout": (NOBODY, ACCOUNT),
    "password_change": (ACCOUNT, ACCOUNT),
    "password_change_done": (ACCOUNT, NOBODY),
    "home": (EVERYONE, NOBODY),
    "workspace": (EVERYONE, NOBODY),  # one's own cases (an officer) or one's unit's
    "start": (EVERYONE, NOBODY),  # a redirect to the workspace or the dashboard
    "figures": (EVERYONE, NOBODY),
    "close_period": (NOBODY, frozenset({R.LEADERSHIP})),
    "reopen_period": (NOBODY, ADMIN),
    "published_import": (frozenset({R.LEADERSHIP}), frozenset({R.LEADERSHIP})),
    "targets": (EVERYONE, TARGETING),
    "targets_template": (EVERYONE, NOBODY),
    "report_exports": (EXPORTING, EXPORTING),
    "report_job": (EXPORTING, NOBODY),
    "report_job_progress": (EXPORTING, NOBODY),
    "report_file": (EXPORTING, NOBODY),
    "case_list": (EVERYONE, NOBODY),
    "saved_view_create": (NOBODY, EVERYONE),  # one's own lists of filters
    "saved_view_delete": (NOBODY, EVERYONE),
    "case_export": (EVERYONE, NOBODY),
    "case_create": (REGISTERING, REGISTERING),
    "case_import": (ENTERING, ENTERING),
    "case_import_template": (ENTERING, NOBODY),
    "import_job": (ENTERING, NOBODY),
    "import_job_progress": (ENTERING, NOBODY),
    "case_detail": (EVERYONE, NOBODY),
    "event_create": (ENTERING, ENTERING),
    "complaint_create": (ENTERING, ENTERING),
    "complaint_resolve": (ENTERING, ENTERING),
    "officer_assign": (ASSIGNING, ASSIGNING),
    # Followed administrative judgments: read by everyone in sight, written as cases are.
    "judgment_list": (EVERYONE, NOBODY),
    "judgment_create": (REGISTERING, REGISTERING),
    "judgment_import": (REGISTERING, REGISTERING),
    "judgment_template": (REGISTERING, NOBODY),
    "judgment_detail": (EVERYONE, NOBODY),
    "step_create": (ENTERING, ENTERING),  # an officer: the judgments assigned to them
    "judgment_edit": (REGISTERING, REGISTERING),  # the facts: clerks and administrators
    "judgment_officer": (ASSIGNING, ASSIGNING),
    # The steering committee's list: read in sight; leaders bring and close, the province's keepers the rest.
    "committee_list": (EVERYONE, NOBODY),
    "committee_paper": (KEEPERS, NOBODY),
    "committee_report": (EVERYONE, NOBODY),
    "committee_import": (LEADERS, LEADERS),
    "committee_template": (LEADERS, NOBODY),
    "committee_bring": (LEADERS, LEADERS),
    "committee_item": (EVERYONE, NOBODY),
    "committee_item_edit": (KEEPERS, KEEPERS),
    "committee_item_close": (LEADERS, LEADERS),
    "committee_meeting_create": (KEEPERS, KEEPERS),
    "committee_meeting": (KEEPERS, KEEPERS),
    "committee_follow_up": (KEEPERS, KEEPERS),
    # The tree of units, its officers and accounts: administrators, for the units below their level.
    "tree": (ADMIN, NOBODY),
    "agency_create": (ADMIN, ADMIN),
    "agency_detail": (ADMIN, ADMIN),
    "tree_file": (ADMIN, ADMIN),
    "restructure": (ADMIN, ADMIN),
    "unit_people": (ADMIN, ADMIN),
    "officer_page": (ADMIN, ADMIN),
    "account_page": (ADMIN, ADMIN),
    "tree_file_download": (ADMIN, NOBODY),
    # The admin: administrators only, within their subtree (another province's objects are not
    # found there). Which models it writes is its model admins' (has_*_permission), tested with them.
    "admin:index": (ADMIN, ADMIN),
    "admin:app_list": (ADMIN, ADMIN),
    "admin:logout": (NOBODY, ADMIN),
    "admin-password-change": (ACCOUNT, ACCOUNT),  # a redirect to the site's page
    "admin:password_change": (ADMIN, ADMIN),  # behind that redirect, never reached
    "admin:password_change_done": (ADMIN, ADMIN),
    "admin:autocomplete": (NOBODY, NOBODY),  # no model admin has autocomplete fields
    "admin:jsi18n": (ADMIN, ADMIN),
    "admin:view_on_site": (NOBODY, NOBODY),  # no model has a page of its own to send to
    "admin:auth_user_password_change": (ADMIN, ADMIN),
    "admin:catch_all": (NOBODY, NOBODY),
}
for model in ("cases_agency", "cases_agencysuccession", "cases_officer", "cases_user", "cases_case", "cases_caseevent",
              "cases_complaint", "reports_target", "reports_reportsigners", "reports_periodclosing", "reports_lateentry",
              "reports_reportjob",
              "audit_change"):
    # Read-only model admins answer 403 to add and delete (their pages are kept to the administrator).
    for view, allowed in (("changelist", ADMIN), ("add", ADMIN), ("history", ADMIN), ("delete", ADMIN),
                          ("change", ADMIN), ("object", ADMIN)):
        POLICY[f"admin:{model}_{view}"] = (allowed, allowed)

SECRET_PARTY = "Bí Mật Tỉnh Khác"


def url_patterns(patterns=None, prefix="", namespace=None):
    """(route, name, pattern) of every URL, names made unique where the configuration leaves them out."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from url_patterns(pattern.url_patterns, prefix + str(pattern.pattern),
                                    pattern.namespace or namespace)
            continue
        assert isinstance(pattern, URLPattern)
        route = prefix + str(pattern.pattern)
        name = pattern.name
        if not name:
            name = {"admin/login/": "admin-login", "admin/password_change/": "admin-password-change",
                    "admin/(?P<url>.*)$": "catch_all"}.get(route)
            if name is None and route.endswith("<path:object_id>/"):  # the admin's bare object URL
                name = route.split("/")[1] + "_" + route.split("/")[2] + "_object"
        yield route, (f"{namespace}:{name}" if namespace and not name.startswith("admin-") else name), pattern


@dataclass
class World:
    users: dict
    own: dict
    other: dict
    other_names: list
    own_names: list
    superuser: User


@pytest.fixture
def world(tree, make_user):
    """One user of each role in unit 1, and the objects each URL needs in unit 1 and in the other
    province (their report and import jobs, a case with an open complaint, …)."""
    users = {role: make_user(tree.unit1, role, username=f"u-{role}") for role in ROLES}
    # A province's administrator holds the role's permissions; one made by createsuperuser is
    # also scoped to its agency's subtree.
    superuser = make_user(tree.unit1, R.ADMINISTRATOR, username="u-superuser", is_superuser=True)
    officer = factories.OfficerFactory(agency=tree.unit1, user=users[R.OFFICER])
    stranger = make_user(tree.other_unit, R.LEADERSHIP, username="stranger")

    def objects(agency, officer, requester):
        # Numbers of their own: a number drawn from the factories' counter could be a form's placeholder.
        case = factories.case(agency, officer=officer, debtor_name="Phạm Văn Mình" if agency == tree.unit1
                              else SECRET_PARTY, decision_number="7001/QĐ-MT" if agency == tree.unit1 else "7002/QĐ-MT")
        complaint = services.complaint_receive(case=case, received_on=date(2026, 11, 2), entered_by=requester,
                                               today=date(2026, 11, 22))
        job = ReportJob.objects.create(agency=agency, owner_agency=agency, year=2026, months=12, requested_by=requester,
                                       status=ReportJob.Status.DONE, progress=100)
        ReportFile.objects.create(job=job, kind="xlsx", name="bao-cao.xlsx", size=3, content=b"xyz")
        judgment = factories.followed_judgment(
            agency, officer=officer, received_on=date(2026, 10, 5), judgment_number="8001/2026/HC-ST" if agency ==
            tree.unit1 else "8002/2026/HC-ST", beneficiary="Phạm Văn Mình" if agency == tree.unit1 else SECRET_PARTY)
        from casework import committee

        province = agency.parent
        item = committee.item_bring(case=case, category="complex", obstacle="Đương sự chống đối",
                                    help_needed="Công an tỉnh", proposal="Cưỡng chế", today=date(2026, 11, 2))
        meeting = committee.meeting_record(committee=province, held_on=date(2026, 11, 10), chaired_by="Phó Chủ tịch",
                                           members_present="Sở Tư pháp", today=date(2026, 11, 22))
        conclusion = committee.conclusion_add(meeting=meeting, item=item, content="Tổ chức cưỡng chế",
                                              lead_agency="Công an tỉnh", deadline=date(2026, 11, 20))
        return {"case": case, "complaint": complaint, "report_job": job, "judgment": judgment, "item": item,
                "meeting": meeting, "conclusion": conclusion,
                "officer": officer or factories.OfficerFactory(agency=agency), "agency": agency}

    own = objects(tree.unit1, officer, users[R.LEADERSHIP])
    other = objects(tree.other_unit, None, stranger)
    for user in [*(users[role] for role in ENTERING), stranger]:
        ImportJob.objects.create(what=ImportJob.What.CASES, filename="a.csv", size=1, data=b"", user=user,
                                 status=ImportJob.Status.DONE)
    # Agency names are public (the entrust-out picker lists every agency of the country): the
    # secrets are the cases, their parties and their numbers.
    other_names = [SECRET_PARTY, other["case"].decision_number, other["judgment"].judgment_number]
    own_names = ["Phạm Văn Mình", own["case"].decision_number, own["judgment"].judgment_number]
    return World(users=users, own=own, other=other, other_names=other_names, own_names=own_names,
                 superuser=superuser)


ADMIN_OBJECTS = {"cases_agency": "agency", "cases_officer": "officer", "cases_case": "case",
                 "cases_complaint": "complaint", "reports_reportjob": "report_job"}


def concrete(route, name, side, world, user):
    """The URL of `route` for the objects of one side (own: the user's subtree; other: another province)."""
    objects = world.own if side == "own" else world.other
    url = "/" + route
    if name in ("import_job", "import_job_progress"):
        owner = user if side == "own" and user is not None else User.objects.get(username="stranger")
        pk = ImportJob.objects.filter(user=owner).values_list("pk", flat=True).first() or 0
        url = url.replace("<int:pk>", str(pk))
    elif "report_" in name and "<int:pk>" in url:
        url = url.replace("<int:pk>", str(objects["report_job"].pk)).replace("<str:kind>", "xlsx")
    elif name in ("agency_detail", "unit_people"):
        url = url.replace("<int:pk>", str(objects["agency"].pk))
    elif name == "officer_page":
        url = url.replace("<int:pk>", str(objects["officer"].pk))
    elif name == "account_page":
        owner = user if side == "own" and user is not None else User.objects.get(username="stranger")
        url = url.replace("<int:pk>", str(owner.pk))
    elif name in ("committee_item", "committee_item_edit", "committee_item_close"):
        url = url.replace("<int:pk>", str(objects["item"].pk))
    elif name == "committee_meeting":
        url = url.replace("<int:pk>", str(objects["meeting"].pk))
    elif name == "committee_follow_up":
        url = url.replace("<int:pk>", str(objects["conclusion"].pk))
    elif name == "committee_bring":
        url = url.replace("<str:kind>", "case").replace("<int:pk>", str(objects["case"].pk))
    elif name.startswith("judgment_") or name == "step_create":
        url = url.replace("<int:pk>", str(objects["judgment"].pk))
    elif "<int:pk>" in url:
        url = url.replace("<int:pk>", str(objects["case"].pk))
    url = url.replace("<int:complaint>", str(objects["complaint"].pk))
    url = url.replace("<str:what>", "export" if name == "tree_file_download" else "cases").replace(
        "<str:kind>", "pdf" if name == "committee_paper" else "csv")
    if name == "admin:view_on_site":
        from django.contrib.contenttypes.models import ContentType

        url = url.replace("<path:content_type_id>", str(ContentType.objects.get_for_model(Case).pk))
        url = url.replace("<path:object_id>", str(objects["case"].pk))
    if "<path:object_id>" in url or "<id>" in url:
        model = "cases_user" if name == "admin:auth_user_password_change" else name.split(":")[1].rsplit("_", 1)[0]
        if model == "cases_user":
            target = (user if side == "own" and user is not None else User.objects.get(username="stranger")).pk
        else:
            thing = ADMIN_OBJECTS.get(model)
            target = objects[thing].pk if thing else _any_of(model, objects)
        url = url.replace("<path:object_id>", str(target)).replace("<id>", str(target))
    url = re.sub(r"\^\(\?P<app_label>[a-z|]+\)/\$", "cases/", url).replace("(?P<url>.*)$", "nothing-here/")
    if side == "other" and "<" not in url and not url.startswith("/admin"):
        url += ("&" if "?" in url else "?") + f"agency={world.other['agency'].pk}&officer={world.other['officer'].pk}"
    assert "<" not in url and "(?" not in url, url
    return url


def _any_of(model, objects):
    """An object of a model without an own/other pair: one of the side's agency's if it has one."""
    app_label, model_name = model.split("_", 1)
    cls = apps.get_model(app_label, model_name)
    for field in ("agency", "case__agency", "event__case__agency"):
        try:
            found = cls.objects.filter(**{field: objects["agency"]}).values_list("pk", flat=True).first()
        except Exception:  # noqa: BLE001 - the model has no such path
            continue
        if found:
            return found
    return 999_999


def fingerprint():
    return rows_per_table(skip=rows_a_request_may_write())


def expected(allowed, user, side, route, nowhere) -> bool:
    """Whether the policy lets this cell through."""
    if allowed == PUBLIC:
        return True
    if user is None:
        return False
    if allowed == ACCOUNT:
        return True
    if side == "other" and any(part in route for part in ("<int:", "<path:", "<id>")):
        return False  # another province's object
    if user is nowhere:
        return allowed == EVERYONE
    return user.role in allowed


def served(response) -> bool:
    """A page, a file or a form's answer: 2xx. A redirect serves nothing (where it leads is a cell
    of its own); a write behind it shows in the database."""
    return 200 <= response.status_code < 300


def shows(text, secret) -> bool:
    """The secret as a whole: a decision number 2/QĐ-… is not inside 12/QĐ-…."""
    return re.search(rf"(?<![\w/]){re.escape(secret)}(?![\w/])", text) is not None


def cells(world):
    anonymous = [("anonymous", None)]
    accounts = [(role.value, world.users[role]) for role in ROLES]
    return anonymous + accounts + [("superuser", world.superuser)]


def test_every_url_has_its_line_in_the_policy():
    names = [name for _route, name, _pattern in url_patterns()]
    assert sorted(set(names) - set(POLICY)) == []
    assert sorted(set(POLICY) - set(names)) == []


def test_the_matrix(world, client, tree, make_user):
    nowhere = make_user(None, R.CLERK, username="no-agency")
    unexpected, checked = [], 0
    for route, name, _pattern in url_patterns():
        get_allowed, post_allowed = POLICY[name]
        for label, user in [*cells(world), ("no agency", nowhere)]:
            client = Client()
            if user is not None:
                client.force_login(user)
            for side in ("own", "other"):
                url = concrete(route, name, side, world, user)
                for method, allowed in (("GET", get_allowed), ("POST", post_allowed)):
                    before = fingerprint() if method == "POST" else None
                    response = getattr(client, method.lower())(url)
                    checked += 1
                    may = expected(allowed, user, side, route, nowhere)
                    if response.status_code >= 500:
                        unexpected.append(f"{method} {url} as {label}: server error {response.status_code}")
                    elif not may and served(response):
                        # A refusal by the form (a message, no write) is still an answer the policy did not expect.
                        unexpected.append(f"{method} {url} as {label} ({side}): {response.status_code}, expected a refusal")
                    if before is not None and not may and fingerprint() != before:
                        unexpected.append(f"{method} {url} as {label} ({side}): the database changed")
                    body = b"".join(response.streaming_content) if response.streaming else response.content
                    if response.get("Content-Type", "").startswith(("text/", "application/json")):
                        text = body.decode("utf-8", "replace")
                        hidden = world.other_names + (world.own_names if user is nowhere else [])
                        leaked = [n for n in hidden if shows(text, n)]
                        if leaked:
                            unexpected.append(f"{method} {url} as {label} ({side}): shows {leaked}")
                    if user is not None and not client.session.get("_auth_user_id"):
                        client.force_login(user)  # a logout or a password change ended the session
    print(f"{checked} cells checked")
    Path("/tmp/matrix.txt").write_text("\n".join(unexpected))
    assert unexpected == []
    assert checked > 3500


def agency_of(obj) -> int:
    return obj.pk if isinstance(obj, Agency) else obj.agency_id


def posted(form) -> dict:
    """What the browser sends back for an admin form as it was shown (its initial values)."""
    data = {}
    for name, field in form.fields.items():
        if field.disabled:
            continue
        value = form.initial.get(name, field.initial)
        value = value() if callable(value) else value
        if isinstance(field, forms.BooleanField):
            if value:
                data[name] = "on"
        elif isinstance(field, forms.SplitDateTimeField):
            if value:
                data[f"{name}_0"], data[f"{name}_1"] = value.strftime("%d/%m/%Y"), value.strftime("%H:%M:%S")
        elif value is not None:
            data[name] = getattr(value, "pk", value)
    return data


ADMIN_ADDS = {  # a valid new object of each model an administrator adds in the admin
    Officer: lambda world: {"code": "CHV-MOI", "full_name": "Chấp Hành Viên Mới", "rank": "intermediate",
                            "agency": world.own["agency"].pk, "is_active": "on"},
    User: lambda world: {"username": "nguoi.moi", "full_name": "Người Mới", "agency": world.own["agency"].pk,
                         "role": "clerk", "password1": "Thads@2027x", "password2": "Thads@2027x"},
    Target: lambda world: {"agency": world.own["agency"].pk, "year": 2027, "cases_rate": "80", "money_rate": "40"},
    ReportSigners: lambda world: {"agency": world.own["agency"].pk, "drawn_up_by": "Trần Lập", "checked_by": "Lê Kiểm",
                                  "head_title": "", "head_name": "Nguyễn Trưởng"},
}


def test_admin_forms_offer_and_accept_only_the_subtree(world, client):
    """Every related field of every admin form an administrator opens: its choices are of their
    subtree only, and an id of another province posted in it is refused by that field, changes
    nothing, and its object is not shown (the officer form's box of ids once accepted any account
    of the country and printed its name)."""
    administrator = world.users[R.ADMINISTRATOR]
    visible = visible_agency_ids(administrator)
    stranger = User.objects.get(username="stranger")
    Target.objects.create(agency=world.own["agency"], year=2026, cases_rate=80, money_rate=40)
    # Agencies are only read in the admin (kept on the tree pages, tested with them).
    own = {Officer: world.own["officer"], User: world.users[R.CLERK], Target: Target.objects.get()}
    others = {Agency: world.other["agency"], Officer: world.other["officer"], User: stranger,
              Case: world.other["case"]}
    client.force_login(administrator)
    fields_checked = set()
    for model in admin.site._registry:
        pages = [(reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add"), None)]
        if model in own:
            pages.append((reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change",
                                  args=[own[model].pk]), own[model]))
        for url, obj in pages:
            page = client.get(url)
            if page.status_code != 200 or "adminform" not in (page.context or {}):
                continue  # a read-only admin: no form
            form = page.context["adminform"].form
            base = posted(form) if obj is not None else ADMIN_ADDS[model](world)
            for name, field in form.fields.items():
                queryset = getattr(field, "queryset", None)
                if queryset is None:
                    continue
                assert all(agency_of(choice) in visible for choice in queryset), (url, name)
                other = others[queryset.model]
                before = fingerprint()
                response = client.post(url, {**base, name: other.pk})
                assert response.status_code == 200 and name in response.context["adminform"].form.errors, (url, name)
                assert fingerprint() == before, (url, name)
                assert not shows(response.content.decode(), str(other)), (url, name)
                fields_checked.add(f"{model._meta.model_name}.{name}")
            # The same form with the subtree's own values goes through: the refusals above were the fields'.
            assert client.post(url, base).status_code == 302, (url, form.errors)
    assert {"officer.agency", "officer.user", "user.agency", "target.agency", "reportsigners.agency"} <= fields_checked
