"""The change history: every create, update and delete of the tracked records, with who, when,
from which address and old → new; visible on the case page and in the admin, editable nowhere."""

from datetime import date as D

from django.urls import reverse

from audit.models import Change
from cases.models import User
from reports.calendar import Period
from reports.closing import period_close
from reports.targets import target_set
from tests import factories
from thads.today import local_today


def test_a_payment_through_the_page_is_recorded_with_who_and_where(client, tree, make_user, vietnamese):
    case = factories.case(tree.unit1, decision_date=D(2024, 1, 10), amount=100_000_000)
    clerk = make_user(tree.unit1, User.Role.CLERK)
    client.force_login(clerk)
    client.post(reverse("event_create", args=[case.pk]), {
        "kind": "payment", "effective_date": local_today().strftime("%d/%m/%Y"), "amount": "40.000.000",
        "version": case.version, "condition": "", "ground": "", "to_agency": "", "note": "", "document_number": ""},
        REMOTE_ADDR="10.1.2.3")
    event = Change.objects.filter(model="cases.caseevent", action="create").latest("id")
    assert event.user == clerk and event.address == "10.1.2.3" and event.case_id == case.pk
    assert event.changes["amount"] == [None, 40_000_000] and event.changes["kind"] == [None, "payment"]
    update = Change.objects.filter(model="cases.case", action="update", object_id=str(case.pk)).latest("id")
    assert update.changes["remaining_amount"] == [100_000_000, 60_000_000]
    assert update.changes["version"] == [1, 2]
    page = client.get(reverse("case_detail", args=[case.pk]))
    assert "10.1.2.3" in page.content.decode()
    # The payment and what followed from it are one save, by the clerk's name; no version, no key.
    save = page.context["history"][0]
    assert save.who == clerk.full_name and save.address == "10.1.2.3"
    assert [entry.action for entry in save.entries] == ["create", "update"]
    payment, case_update = save.entries
    assert payment.lines == [("Số tiền (đồng)", "∅", "40.000.000")]
    assert ("Còn phải thi hành (đồng)", "100.000.000", "60.000.000") in case_update.lines
    assert not any(label in ("Phiên bản", "Việc thi hành án", "Cơ quan thụ lý") for label, _o, _n in
                   payment.lines + case_update.lines)
    # Another unit's clerk cannot open the case, so not its history either.
    client.force_login(make_user(tree.unit2, User.Role.CLERK))
    assert client.get(reverse("case_detail", args=[case.pk])).status_code == 404


def test_targets_closings_roles_and_deletions_are_recorded(client, tree, make_user):
    leader = make_user(tree.province, User.Role.LEADERSHIP)
    target_set(agency=tree.unit1, year=2026, cases_rate="80", money_rate="40", user=leader)
    target_set(agency=tree.unit1, year=2026, cases_rate="82.5", money_rate="40", user=leader)
    changes = list(Change.objects.filter(model="reports.target").order_by("id"))
    assert [c.action for c in changes] == ["create", "update"]
    assert changes[1].changes == {"cases_rate": ["80.00", "82.50"]}
    period_close(agency=tree.province, period=Period(2025, 12), user=leader, today=D(2026, 11, 22))
    assert Change.objects.filter(model="reports.periodclosing", action="create").exists()

    admin = make_user(tree.central, User.Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    client.force_login(admin)
    # Deleting is the admin's (an officer: targets and the register are never deleted).
    officer = factories.OfficerFactory(agency=tree.unit1)
    assert client.post(reverse("admin:cases_officer_delete", args=[officer.pk]), {"post": "yes"}).status_code == 302
    assert Change.objects.filter(model="cases.officer", object_id=str(officer.pk), action="delete").exists()
    clerk = make_user(tree.unit1, User.Role.CLERK)
    url = reverse("admin:cases_user_change", args=[clerk.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, (list, tuple))}
    data.update(role=User.Role.OFFICIAL, agency=tree.unit1.pk, username=clerk.username,
                date_joined_0=clerk.date_joined.strftime("%d/%m/%Y"), date_joined_1="08:00:00")
    response = client.post(url, data, REMOTE_ADDR="10.9.9.9")
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    role = Change.objects.filter(model="cases.user", object_id=str(clerk.pk), action="update").latest("id")
    assert role.changes["role"] == ["clerk", "official"] and role.address == "10.9.9.9" and role.user == admin


def test_history_cannot_be_edited_or_deleted_in_the_admin(client, tree, make_user):
    factories.case(tree.unit1)
    change = Change.objects.first()
    admin = make_user(tree.central, User.Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    client.force_login(admin)
    assert client.get(reverse("admin:audit_change_changelist")).status_code == 200
    before = Change.objects.count()
    client.post(reverse("admin:audit_change_change", args=[change.pk]), {"summary": "sửa"})
    client.post(reverse("admin:audit_change_delete", args=[change.pk]), {"post": "yes"})
    assert client.get(reverse("admin:audit_change_add")).status_code == 403
    change.refresh_from_db()
    assert change.summary != "sửa" and Change.objects.count() == before


def test_behind_the_proxy_the_browsers_address_is_recorded(client, tree, make_user, settings, monkeypatch):
    """Every history row and import names the browser, not the proxy in front of the web processes."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from cases.models import ImportJob
    from casework import import_jobs
    from tests.casework.test_import import csv_bytes, row

    settings.TRUSTED_PROXIES = 1
    proxy = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "1.2.3.4, 203.0.113.7"}
    case = factories.case(tree.unit1, decision_date=D(2024, 1, 10), amount=100_000_000)
    client.force_login(make_user(tree.unit1, User.Role.CLERK))
    client.post(reverse("event_create", args=[case.pk]), {
        "kind": "payment", "effective_date": local_today().strftime("%d/%m/%Y"), "amount": "1.000.000",
        "version": case.version}, **proxy)
    assert Change.objects.filter(model="cases.caseevent", action="create").latest("id").address == "203.0.113.7"
    upload = SimpleUploadedFile("viec.csv", csv_bytes([row(tree.unit1, "7/QĐ-PROXY")]))
    assert client.post(reverse("case_import"), {"what": "cases", "file": upload}, **proxy).status_code == 302
    assert Change.objects.filter(model="cases.case", action="create").latest("id").address == "203.0.113.7"
    # A background import keeps its sender's address, for the history its worker writes.
    monkeypatch.setattr(import_jobs, "INLINE_ROWS", 0)
    upload = SimpleUploadedFile("viec.csv", csv_bytes([row(tree.unit1, "8/QĐ-PROXY")]))
    assert client.post(reverse("case_import"), {"what": "cases", "file": upload}, **proxy).status_code == 302
    assert ImportJob.objects.get().address == "203.0.113.7"
    assert Change.objects.filter(model="cases.case", action="create").latest("id").address == "203.0.113.7"


def test_one_place_reads_the_clients_address():
    """Only thads.client reads the address headers: anything else reading REMOTE_ADDR records the
    proxy's address behind one (found in the change history and the imports)."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    readers = [str(path.relative_to(root)) for app in ("thads", "audit", "cases", "reports", "casework", "demo")
               for path in (root / app).rglob("*.py")
               if any(name in path.read_text(encoding="utf-8") for name in ("REMOTE_ADDR", "X_FORWARDED_FOR"))]
    assert readers == ["thads/client.py"]


def test_a_record_is_named_in_the_records_language_whoever_saved_it(client, tree, make_user, vietnamese):
    from django.utils import translation

    case = factories.case(tree.unit1, decision_date=D(2024, 1, 10), amount=100_000_000)
    with translation.override("en"):
        from casework import services

        services.event_record(case=case, kind="verify", effective_date=D(2024, 2, 1), today=local_today())
    change = Change.objects.filter(model="cases.caseevent", action="create").latest("id")
    assert change.summary.startswith("Xác minh")


def test_the_admins_history_of_a_record_is_the_sites_own(client, tree, make_user, vietnamese):
    """A case changed through the pages has its history in the admin too, by the person's name;
    another province's record has none to show."""
    clerk = make_user(tree.unit1, User.Role.CLERK, full_name="Phạm Thị Thư")
    client.force_login(clerk)
    case = factories.case(tree.unit1, decision_date=D(2024, 1, 10), amount=100_000_000)
    client.post(reverse("event_create", args=[case.pk]), {
        "kind": "payment", "effective_date": local_today().strftime("%d/%m/%Y"), "amount": "40.000.000",
        "version": case.version, "condition": "", "ground": "", "to_agency": "", "note": "", "document_number": ""})
    admin = make_user(tree.province, User.Role.ADMINISTRATOR, is_staff=True)
    client.force_login(admin)
    page = client.get(reverse("admin:cases_case_history", args=[case.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Phạm Thị Thư" in text and "Còn phải thi hành (đồng): 100.000.000 → 60.000.000" in text
    assert "Thu tiền" in text and "Số tiền (đồng): 40.000.000" in text  # the event recorded with it
    other = factories.case(tree.other_unit, decision_date=D(2024, 1, 10))
    assert "saves" not in (client.get(reverse("admin:cases_case_history", args=[other.pk])).context or {})
