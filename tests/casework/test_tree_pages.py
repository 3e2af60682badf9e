"""The tree pages as an administrator uses them: the tree, a new unit, a unit's page (rename, end),
the file of units (template, load all or nothing, export); and who may open them."""

from datetime import date as D

import pytest
from django.core.cache import cache
from django.urls import reverse

from audit.models import Change
from cases.models import Agency, AgencySuccession, User
from casework import tree_file
from tests import factories
from tests.workbooks import sheet_values
from thads import data_version

pytestmark = pytest.mark.usefixtures("vietnamese")


@pytest.fixture
def admin(tree, make_user):
    return make_user(tree.province, User.Role.ADMINISTRATOR)


@pytest.fixture
def signed_in(client, admin):
    client.force_login(admin)
    return client


def tree_snapshot():
    return list(Agency.objects.order_by("pk").values()), list(AgencySuccession.objects.values())


def test_only_administrators_open_the_tree(client, tree, make_user):
    for role in (User.Role.LEADERSHIP, User.Role.OFFICIAL, User.Role.CLERK, User.Role.OFFICER):
        client.force_login(make_user(tree.province, role))
        assert client.get(reverse("tree")).status_code == 403
        assert client.get(reverse("tree_file_download", args=["export", "csv"])).status_code == 403


def test_the_tree_lists_the_units_below_with_what_they_hold(signed_in, tree):
    factories.case(tree.unit1)
    factories.OfficerFactory(agency=tree.unit1)
    page = signed_in.get(reverse("tree")).content.decode()
    assert tree.unit1.name in page and tree.unit2.name in page and tree.other_unit.name not in page
    assert f'href="{reverse("agency_detail", args=[tree.unit1.pk])}"' in page
    # Its own province is the tree's root: shown, not kept here (the Cục Quản lý THADS keeps it).
    assert f'href="{reverse("agency_detail", args=[tree.province.pk])}"' not in page


def test_units_of_another_province_are_not_found_and_ones_own_agency_is_not_kept(signed_in, tree):
    assert signed_in.get(reverse("agency_detail", args=[tree.other_unit.pk])).status_code == 404
    before = tree_snapshot()
    response = signed_in.post(reverse("agency_detail", args=[tree.other_unit.pk]), {"name": "X", "short_name": "X",
                                                                                   "valid_from": "01/01/2020"})
    assert response.status_code == 404 and tree_snapshot() == before
    assert signed_in.get(reverse("agency_detail", args=[tree.province.pk])).status_code == 403
    # Nor can a new unit go under another province.
    response = signed_in.post(reverse("agency_create"), {"parent": tree.other_province.pk, "code": "P2-KV9",
                                                         "name": "Khu vực 9", "short_name": "KV9",
                                                         "valid_from": "01/07/2025"})
    assert response.status_code == 200 and "parent" in response.context["form"].errors
    assert tree_snapshot() == before


def test_a_new_unit_from_the_page(signed_in, tree):
    data = {"parent": tree.province.pk, "code": "p1-kv9", "name": "Phòng THADS khu vực 9", "short_name": "Khu vực 9",
            "valid_from": "01/07/2025"}
    response = signed_in.post(reverse("agency_create"), data)
    unit = Agency.objects.get(code="P1-KV9")
    assert response.status_code == 302 and response["Location"] == reverse("agency_detail", args=[unit.pk])
    assert unit.parent == tree.province and unit.level == Agency.Level.LOCAL
    # The same code again: refused next to the code, nothing written.
    before = tree_snapshot()
    response = signed_in.post(reverse("agency_create"), {**data, "name": "Khu vực khác"})
    assert "đã được dùng" in response.context["form"].errors["code"][0]
    assert "đã được dùng" in response.content.decode() and tree_snapshot() == before


def test_rename_and_end_on_the_units_page(signed_in, tree):
    url = reverse("agency_detail", args=[tree.unit2.pk])
    version = data_version.tree_current()
    response = signed_in.post(url, {"name": "Phòng THADS khu vực 2 mới", "short_name": "KV2",
                                    "valid_from": "01/01/2020", "valid_to": ""})
    assert response.status_code == 302 and data_version.tree_current() != version
    page = signed_in.get(url).content.decode()
    assert "Phòng THADS khu vực 2 mới" in page and "Lịch sử thay đổi" in page
    assert Change.objects.filter(model="cases.agency", object_id=str(tree.unit2.pk), action="update").exists()
    # Ending it while it holds an open case is refused next to the date, with the reason.
    factories.case(tree.unit2)
    before = tree_snapshot()
    response = signed_in.post(url, {"name": "Phòng THADS khu vực 2 mới", "short_name": "KV2",
                                    "valid_from": "01/01/2020", "valid_to": "30/06/2026"})
    assert response.status_code == 200 and "1 việc đang thi hành" in response.context["form"].errors["valid_to"][0]
    assert tree_snapshot() == before


def test_the_tree_page_query_count_is_fixed(signed_in, tree, django_assert_num_queries):
    for batch in (2, 20):
        for index in range(batch):
            unit = factories.agency(f"P1-N{batch}-{index}", parent=tree.province)
            factories.case(unit)
        signed_in.get(reverse("tree"))
        cache.clear()
        # session, user with its agency; the scope (3); the sample flag; the units; open cases,
        # officers, accounts; the links
        with django_assert_num_queries(11):
            assert signed_in.get(reverse("tree")).status_code == 200


# --- the file of units ------------------------------------------------------------------------

HEADER = ";".join(f'"{c.header}"' for c in tree_file.COLUMNS)


def csv_file(*rows) -> bytes:
    lines = [HEADER] + [";".join(f'"{cell}"' for cell in row) for row in rows]
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


FORMER_AND_NEW = (
    ("P1-CC1", "Chi cục THADS huyện Một", "Chi cục Một", "P1", "01/01/2020", "30/06/2025", "", ""),
    ("P1-CC2", "Chi cục THADS huyện Hai", "Chi cục Hai", "P1", "01/01/2020", "30/06/2025", "", ""),
    ("P1-KV1", "Phòng THADS khu vực 1", "Khu vực 1", "P1", "01/07/2025", "", "P1-CC1; P1-CC2", "Hợp nhất"),
)


def load(admin, data, name="don-vi.csv"):
    # As a request would: the account read afresh (its scope is remembered on the object).
    return tree_file.load_tree(data, name, user=User.objects.get(pk=admin.pk))


def test_a_file_creates_units_and_links_and_exports_the_same_file_back(admin, tree):
    # Rows in any order: the region names predecessors listed after it.
    result = load(admin, csv_file(FORMER_AND_NEW[2], FORMER_AND_NEW[0], FORMER_AND_NEW[1]))
    assert result.errors == [] and (result.created, result.linked) == (3, 2)
    region = Agency.objects.get(code="P1-KV1")
    links = AgencySuccession.objects.filter(successor=region)
    assert {link.predecessor.code for link in links} == {"P1-CC1", "P1-CC2"}
    assert {(link.kind, link.effective_date) for link in links} == {("merge", D(2025, 7, 1))}
    exported = tree_file.export_csv(User.objects.get(pk=admin.pk))
    units = [("P1-L1", tree.unit1.name, "P1-L1", "P1", "01/01/2020", "", "", ""),
             ("P1-L2", tree.unit2.name, "P1-L2", "P1", "01/01/2020", "", "", "")]
    in_order = [FORMER_AND_NEW[0], FORMER_AND_NEW[1], *units, FORMER_AND_NEW[2]]  # by start date, then code
    assert exported == csv_file(*in_order)
    # Loading what was exported changes nothing; exporting again gives the same file.
    again = load(admin, exported)
    assert (again.errors, again.created, again.changed, again.linked) == ([], 0, 0, 0)
    assert tree_file.export_csv(User.objects.get(pk=admin.pk)) == exported
    # The workbook holds the same rows.
    rows = sheet_values(tree_file.export_xlsx(User.objects.get(pk=admin.pk)))
    assert [tuple(cell or "" for cell in row) for row in rows[1:]] == in_order


def test_a_file_changes_names_and_dates_of_units_already_there(admin, tree):
    load(admin, csv_file(*FORMER_AND_NEW))
    renamed = ("P1-KV1", "Phòng THADS khu vực 1 - Tỉnh Một", "Khu vực 1", "P1", "01/07/2025", "", "P1-CC1; P1-CC2",
               "Hợp nhất")
    result = load(admin, csv_file(renamed))
    assert (result.errors, result.changed) == ([], 1)
    assert Agency.objects.get(code="P1-KV1").name == "Phòng THADS khu vực 1 - Tỉnh Một"


def test_a_file_with_any_problem_changes_nothing_and_lists_every_one(admin, tree):
    before = tree_snapshot()
    result = load(admin, csv_file(
        ("P1-CC1", "Chi cục Một", "Chi cục Một", "P1", "01/01/2020", "30/06/2025", "", ""),  # fine alone
        ("P1-CC1", "Chi cục Một bis", "Bis", "P1", "01/01/2020", "", "", ""),  # the same code again
        ("P2-KV1", "Khu vực của tỉnh khác", "KV", "P2", "01/07/2025", "", "", ""),  # another province's parent
        ("P1-KV1", "Khu vực 1", "KV1", "P1", "31/02/2025", "", "", ""),  # no such day
        ("P1-KV2", "Khu vực 2", "KV2", "P1", "01/07/2025", "", "P1-L1", ""),  # a predecessor still operating
        ("P1-KV3", "Khu vực 3", "KV3", "P1-L1", "01/07/2025", "", "", ""),  # under a regional office
        ("P1-L2", tree.unit2.name, "P1-L2", "P2", "01/01/2020", "", "", ""),  # moved by a file
    ))
    assert tree_snapshot() == before
    assert (result.created, result.changed, result.linked) == (0, 0, 0)
    problems = {(row, column): reason for row, column, reason in result.errors}
    assert "dòng 2" in problems[(3, "Mã đơn vị")]
    assert "P2" in problems[(4, "Mã đơn vị cấp trên")]
    assert "dd/mm/yyyy" in problems[(5, "Hiệu lực từ ngày")]
    assert "chưa kết thúc" in problems[(6, "Mã đơn vị tiền thân")]
    assert "không có đơn vị trực thuộc" in problems[(7, "Mã đơn vị cấp trên")]
    assert "sắp xếp lại" in problems[(8, "Mã đơn vị cấp trên")]


def test_the_file_pages(signed_in, admin, tree):
    template = signed_in.get(reverse("tree_file_download", args=["template", "xlsx"]))
    assert template["Content-Disposition"] == 'attachment; filename="mau-don-vi.xlsx"'
    assert sheet_values(template.content)[0] == [c.header for c in tree_file.COLUMNS]
    assert signed_in.get(reverse("tree_file_download", args=["template", "csv"])).content.startswith(
        "\ufeff".encode() + HEADER.encode())
    upload = {"file": _named(csv_file(*FORMER_AND_NEW), "don-vi.csv")}
    response = signed_in.post(reverse("tree_file"), upload)
    assert response.status_code == 302 and Agency.objects.filter(code__startswith="P1-CC").count() == 2
    wrong = {"file": _named(csv_file(("P1-KV5", "", "KV5", "P1", "01/07/2025", "", "", "")), "sai.csv")}
    page = signed_in.post(reverse("tree_file"), wrong).content.decode()
    assert "Tên đơn vị" in page and "Bắt buộc." in page and not Agency.objects.filter(code="P1-KV5").exists()
    export = signed_in.get(reverse("tree_file_download", args=["export", "csv"]))
    assert export["Content-Disposition"] == 'attachment; filename="don-vi-p1.csv"'
    assert "P1-KV1" in export.content.decode("utf-8-sig")


def _named(data, name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


def test_odd_input_is_refused_with_a_message_never_a_server_error(signed_in, admin, tree):
    before = tree_snapshot()
    for day in ("01/01/0001", "31/12/9999"):
        response = signed_in.post(reverse("agency_detail", args=[tree.unit1.pk]), {
            "name": "X", "short_name": "X", "valid_from": "01/01/2020", "valid_to": day})
        assert response.status_code == 200 and "01/01/1900" in response.context["form"].errors["valid_to"][0]
        page = signed_in.post(reverse("restructure"), {"effective_date": day, "predecessors": [tree.unit1.pk],
                                                       "successors": [tree.unit2.pk], f"officer_{chr(178)}": "1"})
        assert page.status_code == 200 and "effective_date" in page.context["form"].errors
    result = load(admin, csv_file(("P1-X", "X", "X", "P1", "01/01/2020", "31/12/9999", "", "")))
    assert [column for _row, column, _reason in result.errors] == ["Hiệu lực đến ngày"]
    assert tree_snapshot() == before


def test_a_units_history_names_no_unit_of_another_province(signed_in, tree):
    from casework import agencies

    ended = agencies.agency_change(agency=tree.unit1, valid_to=D(2025, 6, 30))
    agencies.agency_succession_add(predecessor=ended, successor=tree.other_unit, kind="reorganize",
                                   effective_date=D(2025, 7, 1))
    page = signed_in.get(reverse("agency_detail", args=[tree.unit1.pk])).content.decode()
    assert tree.other_unit.name not in page
    # And the link holds the unit's end: it is not reopened while its work is another's.
    response = signed_in.post(reverse("agency_detail", args=[tree.unit1.pk]), {
        "name": tree.unit1.name, "short_name": "L1", "valid_from": "01/01/2020", "valid_to": ""})
    assert "01/07/2025" in response.context["form"].errors["valid_to"][0]


def test_a_central_administrator_loads_a_province_and_its_units_in_any_order_of_dates(tree, make_user):
    central = make_user(tree.central, User.Role.ADMINISTRATOR)
    result = load(central, csv_file(("P3-L1", "Chi cục Ba Một", "Ba Một", "P3", "01/01/2022", "", "", ""),
                                    ("P3", "Cục THADS tỉnh Ba", "Tỉnh Ba", "C", "01/01/2022", "", "", "")))
    assert (result.errors, result.created) == ([], 2)
    # Both start a year earlier: the province's row comes second, its unit's change waits for it.
    result = load(central, csv_file(("P3-L1", "Chi cục Ba Một", "Ba Một", "P3", "01/01/2021", "", "", ""),
                                    ("P3", "Cục THADS tỉnh Ba", "Tỉnh Ba", "C", "01/01/2021", "", "", "")))
    assert (result.errors, result.changed) == ([], 2)
    assert Agency.objects.get(code="P3-L1").valid_from == D(2021, 1, 1)
