"""The Django admin reads in Vietnamese, right: no English left from Django's own catalogue, no project
message lending the admin another meaning, years and record numbers as written, record types named."""

import json
import re
from datetime import date
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import django
import polib
import pytest
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from audit.models import Change
from cases.models import EventKind, User
from casework import services
from reports.calendar import Period
from reports.closing import period_close
from reports.models import Target
from reports.targets import target_set
from tests import factories

TODAY = date(2026, 11, 22)
DJANGO = Path(django.__file__).resolve().parent
# Where the admin's pages take their words from: the admin, and auth for the user pages.
ADMIN_CATALOGUES = ("contrib/admin", "contrib/auth", "contrib/contenttypes")
PROJECT = Path(__file__).resolve().parent.parent / "locale" / "vi" / "LC_MESSAGES" / "django.po"
# Project messages that are also the admin's, worded otherwise in the same sense (reviewed): any
# other difference lends an admin button the project's meaning ("Change" read "Tăng, giảm").
SAME_SENSE = {
    "Administration": "Quản trị",
    "Add": "Thêm",
    "Save": "Lưu",
    "Log out": "Đăng xuất",
    "Filter": "Lọc",
    "Page not found": "Không tìm thấy trang",
    "user": "người dùng",
    "users": "người dùng",
    "name": "tên",
    "version": "phiên bản",
    "active": "đang công tác",
}
# Admin messages Vietnamese writes as English does.
SAME_WORDS = {"Email"}


def django_messages():
    """Every message of the admin's catalogues: (msgid, plural or None)."""
    for app in ADMIN_CATALOGUES:
        for entry in polib.pofile(str(DJANGO / app / "locale" / "en" / "LC_MESSAGES" / "django.po")):
            yield entry.msgid, entry.msgid_plural or None


def vietnamese(msgid, plural):
    with translation.override("vi"):
        return translation.ngettext(msgid, plural, 1) if plural else translation.gettext(msgid)


def words_of(msgid):
    """What a message says in words, without its placeholders and markup."""
    return re.sub(r"%\(\w+\)[sd]|%[sd]|\{\w*\}|<[^>]+>", " ", msgid)


def test_every_admin_message_has_a_vietnamese_translation():
    """Django's catalogue merged with the project's: a message still English here shows in English
    (Django 5.2's own Vietnamese lacks "Show counts", "Skip to main content", …): thads/admin.py
    lists them for the project's catalogue."""
    english = sorted({msgid for msgid, plural in django_messages()
                      if re.search(r"[A-Za-z]{2}", words_of(msgid)) and vietnamese(msgid, plural) == msgid
                      and msgid not in SAME_WORDS})
    assert english == []


def test_every_admin_script_message_has_a_vietnamese_translation(client, superuser):
    """The admin's scripts' words (the selection counter, the calendar), from its catalogue for
    scripts merged with the project's djangojs.po."""
    client.force_login(superuser)
    script = client.get(reverse("admin:jsi18n")).content.decode()
    catalogue = json.loads(re.search(r"const newcatalog = (\{.*?\});\n", script, re.S).group(1))
    messages = polib.pofile(str(DJANGO / "contrib/admin/locale/en/LC_MESSAGES/djangojs.po"))
    english = []
    for entry in messages:
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        translated = catalogue.get(key)
        if isinstance(translated, list):
            translated = translated[0]
        if not translated or translated == entry.msgid:
            english.append(entry.msgid)
    assert english == []
    assert catalogue["%(sel)s of %(cnt)s selected"] == ["Đã chọn %(sel)s trên %(cnt)s"]


def test_no_admin_message_is_fuzzy_or_empty_in_the_project_catalogue():
    ours = {entry.msgid: entry for entry in polib.pofile(str(PROJECT)) if not entry.msgctxt}
    admin_ids = {msgid for msgid, _plural in django_messages()}
    unfinished = sorted(msgid for msgid, entry in ours.items()
                        if msgid in admin_ids and (entry.fuzzy or not entry.translated()))
    assert unfinished == []


def test_no_project_message_lends_the_admin_another_meaning():
    """A project message with an admin message's words replaces the admin's translation: it must say
    the same (or be one of the admin's own, re-translated in thads/admin.py or templates/admin/)."""
    ours = {entry.msgid: entry for entry in polib.pofile(str(PROJECT)) if not entry.msgctxt}
    differing = {}
    for app in ADMIN_CATALOGUES:
        theirs = polib.pofile(str(DJANGO / app / "locale" / "vi" / "LC_MESSAGES" / "django.po"))
        for entry in theirs:
            own = ours.get(entry.msgid)
            if own is None or entry.msgctxt or not entry.msgstr or own.msgstr == entry.msgstr:
                continue
            if any(path == "thads/admin.py" or path.startswith("templates/admin/") for path, _line in own.occurrences):
                continue  # the admin's own message, worded better for it
            if SAME_SENSE.get(entry.msgid) != own.msgstr:
                differing[entry.msgid] = (own.msgstr, entry.msgstr)
    assert differing == {}


class _Text(HTMLParser):
    """The words a person reads or hears on a page: its text, and its titles, labels and buttons."""

    READ = {"title", "aria-label", "placeholder", "alt"}

    def __init__(self):
        super().__init__()
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        attrs = dict(attrs)
        self.parts += [value for name, value in attrs.items() if name in self.READ and value]
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.parts.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.parts.append(data)


def read(html):
    parser = _Text()
    parser.feed(html)
    return "\n".join(parser.parts)


def english_phrases():
    """The admin's messages as they would show untranslated, but for those whose Vietnamese keeps
    the English word ("Mã salt")."""
    phrases = set()
    for msgid, plural in django_messages():
        translated = vietnamese(msgid, plural)
        for piece in re.split(r"\s{2,}|\n", words_of(msgid)):
            piece = piece.strip(" :.,?!()\"'“”…—-")
            if re.search(r"[A-Za-z]{2}", piece) and piece not in translated:
                phrases.add(piece)
    return phrases


def english_on(text, phrases):
    return sorted(phrase for phrase in phrases if re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text))


@pytest.fixture
def superuser(tree, make_user):
    """A superuser of the province, with a row of each kind the admin lists, and an admin action in
    the admin's own log."""
    user = make_user(tree.province, User.Role.ADMINISTRATOR, is_superuser=True)
    officer = factories.OfficerFactory(agency=tree.unit1)
    case = factories.case(tree.unit1, officer=officer, decision_date=date(2025, 3, 4))
    services.event_record(case=case, kind=EventKind.PAYMENT, effective_date=date(2025, 4, 1), amount=1_000_000,
                          today=TODAY)
    services.complaint_receive(case=case, received_on=date(2025, 4, 2))
    target_set(agency=tree.province, year=2027, cases_rate=Decimal("84.50"), money_rate=Decimal("53.00"),
               user=user)
    closing = period_close(agency=tree.province, period=Period(2025, 12),
                           user=make_user(tree.province, User.Role.LEADERSHIP), today=TODAY)
    # The history of writes made outside a request has no author: these have one of the province's.
    Change.objects.filter(model__in=["reports.target", "reports.periodclosing"]).update(user=user)
    Change.objects.create(user=user, model="cases.case", object_id=str(case.pk), case_id=12345,
                          action=Change.Action.UPDATE, changes={}, summary=str(case))
    assert closing.year == 2025
    return user


def admin_pages(user):
    """Every page of every registered model: its list (counts shown and not), the new-record form,
    and a record's page, history and deletion (one, and the action's), where the user may open
    them. (url, what is posted or None)"""
    request = RequestFactory().get("/")
    request.user = user
    for model, model_admin in admin.site._registry.items():
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        listing = reverse(f"{name}_changelist")
        yield listing, None
        yield listing + "?_facets=True", None
        if model_admin.has_add_permission(request):
            yield reverse(f"{name}_add"), None
        record = model_admin.get_queryset(request).exclude(pk=user.pk).first()
        if record is None:
            continue
        yield reverse(f"{name}_change", args=[record.pk]), None
        yield reverse(f"{name}_history", args=[record.pk]), None
        if model_admin.has_delete_permission(request, record):
            yield reverse(f"{name}_delete", args=[record.pk]), None
            yield listing, {"action": "delete_selected", "_selected_action": [record.pk]}
        if model == User:
            yield reverse("admin:auth_user_password_change", args=[record.pk]), None


def test_every_admin_page_reads_in_vietnamese(client, superuser):
    client.force_login(superuser)
    # An action of the admin, so that its log, the index's recent actions and a history show one.
    signed = client.post(reverse("admin:reports_reportsigners_add"),
                         {"agency": superuser.agency_id, "drawn_up_by": "Lê Văn Lập", "head_name": "Trần Văn Trưởng"})
    assert signed.status_code == 302
    assert LogEntry.objects.count() == 1
    phrases = english_phrases()
    pages = [(reverse("admin:index"), None), (reverse("admin:app_list", args=["reports"]), None),
             *admin_pages(superuser)]
    english = {}
    for url, posted in pages:
        response = client.get(url) if posted is None else client.post(url, posted)
        assert response.status_code == 200, url
        if found := english_on(read(response.content.decode()), phrases):
            english[url if posted is None else f"{url} {posted['action']}"] = found
    assert english == {}
    assert len(pages) > 40


def test_the_admin_index_links_read_as_the_admins(client, superuser):
    client.force_login(superuser)
    page = read(client.get(reverse("admin:index")).content.decode())
    assert "Thay đổi" in page and "Tăng, giảm" not in page  # not the figures' "Change"
    assert "Thêm vào" not in page


def test_years_and_record_numbers_are_never_grouped(client, superuser):
    client.force_login(superuser)
    targets = read(client.get(reverse("admin:reports_target_changelist")).content.decode())
    assert "2027" in targets and "2.027" not in targets
    target = Target.objects.get(year=2027)
    assert 'value="2027"' in client.get(reverse("admin:reports_target_change", args=[target.pk])).content.decode()
    closings = read(client.get(reverse("admin:reports_periodclosing_changelist")).content.decode())
    assert "2025" in closings and "2.025" not in closings
    closing = superuser.agency.closings.get()
    closing_page = read(client.get(reverse("admin:reports_periodclosing_change", args=[closing.pk])).content.decode())
    assert "2025" in closing_page and "2.025" not in closing_page
    assert "to_enforce" not in closing_page  # the published figures by their labels, not the stored keys
    change = Change.objects.get(case_id=12345)
    change_page = read(client.get(reverse("admin:audit_change_change", args=[change.pk])).content.decode())
    assert "12345" in change_page and "12.345" not in change_page


def record_types_listed(page):
    """The record type column of a list of changes."""
    return re.findall(r'<td class="field-record_type">(.*?)</td>', page)


def test_record_types_are_named_in_vietnamese(client, superuser):
    client.force_login(superuser)
    listing = client.get(reverse("admin:audit_change_changelist")).content.decode()
    assert set(record_types_listed(listing)) >= {"Việc thi hành án", "Chỉ tiêu", "Kỳ đã chốt số liệu"}
    for label in ("cases.case", "reports.target", "reports.periodclosing"):
        assert label not in read(listing)
    filtered = client.get(reverse("admin:audit_change_changelist"), {"model": "reports.periodclosing"})
    assert set(record_types_listed(filtered.content.decode())) == {"Kỳ đã chốt số liệu"}
    assert "reports.periodclosing" not in read(filtered.content.decode())
    change = Change.objects.filter(model="reports.target").first()
    page = read(client.get(reverse("admin:audit_change_change", args=[change.pk])).content.decode())
    assert "Chỉ tiêu" in page and "reports.target" not in page
    assert "cases_rate" not in page and "Chỉ tiêu về việc (%)" in page  # what changed, by the fields' labels
    # The admin's own log names the type of what was changed, in Vietnamese too.
    client.post(reverse("admin:reports_reportsigners_add"), {"agency": superuser.agency_id, "head_name": "Trần Văn Trưởng"})
    recent = read(client.get(reverse("admin:index")).content.decode())
    assert "Người ký báo cáo" in recent and "reportsigners" not in recent.lower()
