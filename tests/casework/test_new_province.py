"""A second province sets itself up from an empty register, through nothing but the commands and
pages its administrators have: the tiers (load_agencies), the first account (add_account), its
units and former units from a file, its people, its cases by import, its 2025 restructure, then
its dashboard and its period report.

Lào Cai (Lào Cai + Yên Bái from 1/7/2025) with three former Chi cục and two regional offices:

  case  held at             accepted    amount     its life
  A     Chi cục Bát Xát     10/01/2025  100 tr.    able; 40 tr. paid 01/03/2025; handed to KV1;
                                                   60 tr. paid and completed 15-16/08/2025
  B     Chi cục Sa Pa       05/02/2025   50 tr.    able; paid and completed 10-11/04/2025
  C     Chi cục Văn Yên     01/03/2025   30 tr.    unable 10/03/2025; handed to KV2
  D     KV1                 01/09/2025   20 tr.    able, officer CHV-LC-01
  E     KV2                 15/10/2025   10 tr.    able, officer CHV-LC-02; paid and completed 01-02/11/2025

Year 2025 (1/10/2024-30/9/2025): 4 cases to enforce, A and B completed, D in progress, C unable.
Year 2026 (1/10/2025-30/9/2026): C and D carried over, E new; E completed.
"""

import io
from datetime import date as D

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from cases.models import Agency, AgencySuccession, Case, CaseEvent, EventKind, Officer
from reports.calendar import Period
from reports.engine import compute
from reports.models import ReportFile, ReportJob
from tests.casework.test_tree_pages import csv_file
from tests.reports.test_exports import TOTAL_ROW

pytestmark = pytest.mark.usefixtures("vietnamese")

PASSWORD = "Lao-Cai@2026x"

UNITS = (
    ("CCTHADS-LAOCAI-BATXAT", "Chi cục Thi hành án dân sự huyện Bát Xát", "Chi cục Bát Xát", "CTHADS-LAOCAI",
     "01/07/2009", "30/06/2025", "", ""),
    ("CCTHADS-LAOCAI-SAPA", "Chi cục Thi hành án dân sự thị xã Sa Pa", "Chi cục Sa Pa", "CTHADS-LAOCAI",
     "01/07/2009", "30/06/2025", "", ""),
    ("CCTHADS-YENBAI-VANYEN", "Chi cục Thi hành án dân sự huyện Văn Yên", "Chi cục Văn Yên", "CTHADS-YENBAI",
     "01/07/2009", "30/06/2025", "", ""),
    ("PTHADS-LAOCAI-KV01", "Phòng Thi hành án dân sự khu vực 1 - Lào Cai", "Khu vực 1", "THADS-LAOCAI",
     "01/07/2025", "", "", ""),
    ("PTHADS-LAOCAI-KV02", "Phòng Thi hành án dân sự khu vực 2 - Lào Cai", "Khu vực 2", "THADS-LAOCAI",
     "01/07/2025", "", "", ""),
)
CASE_HEADER = ("Mã cơ quan thụ lý;Số quyết định;Ngày quyết định;Ngày thụ lý;Mã chấp hành viên;Tòa án;"
               "Số bản án, quyết định;Ngày bản án, quyết định;Loại án;Hình thức thi hành;Người phải thi hành án;"
               "Số tiền phải thi hành (đồng)")
CASES_BEFORE = [
    "CCTHADS-LAOCAI-BATXAT;A/QĐ-CCTHADS;10/01/2025;10/01/2025;;TAND huyện Bát Xát;1/2024/DS-ST;01/12/2024;Dân sự;"
    "Theo yêu cầu;Nguyễn Văn A;100.000.000",
    "CCTHADS-LAOCAI-SAPA;B/QĐ-CCTHADS;05/02/2025;05/02/2025;;TAND thị xã Sa Pa;2/2024/DS-ST;01/12/2024;Dân sự;"
    "Theo yêu cầu;Trần Thị B;50.000.000",
    "CCTHADS-YENBAI-VANYEN;C/QĐ-CCTHADS;01/03/2025;01/03/2025;;TAND huyện Văn Yên;3/2024/HS-ST;01/12/2024;"
    "Hình sự;Chủ động;Lê Văn C;30.000.000",
]
CASES_AFTER = [
    "PTHADS-LAOCAI-KV01;D/QĐ-THADS;01/09/2025;01/09/2025;CHV-LC-01;TAND khu vực 1;4/2025/DS-ST;01/08/2025;"
    "Dân sự;Theo yêu cầu;Phạm Văn D;20.000.000",
    "PTHADS-LAOCAI-KV02;E/QĐ-THADS;15/10/2025;15/10/2025;CHV-LC-02;TAND khu vực 2;5/2025/DS-ST;01/09/2025;"
    "Dân sự;Theo yêu cầu;Hoàng Thị E;10.000.000",
]
EVENT_HEADER = "Mã cơ quan thụ lý;Số quyết định;Ngày quyết định;Sự kiện;Ngày hiệu lực;Số tiền (đồng);Kết quả phân loại"
EVENTS_BEFORE = [
    "CCTHADS-LAOCAI-BATXAT;A/QĐ-CCTHADS;10/01/2025;Phân loại điều kiện thi hành;20/01/2025;;Có điều kiện thi hành",
    "CCTHADS-LAOCAI-BATXAT;A/QĐ-CCTHADS;10/01/2025;Thu tiền;01/03/2025;40.000.000;",
    "CCTHADS-LAOCAI-SAPA;B/QĐ-CCTHADS;05/02/2025;Phân loại điều kiện thi hành;15/02/2025;;Có điều kiện thi hành",
    "CCTHADS-LAOCAI-SAPA;B/QĐ-CCTHADS;05/02/2025;Thu tiền;10/04/2025;50.000.000;",
    "CCTHADS-LAOCAI-SAPA;B/QĐ-CCTHADS;05/02/2025;Thi hành xong;11/04/2025;;",
    "CCTHADS-YENBAI-VANYEN;C/QĐ-CCTHADS;01/03/2025;Phân loại điều kiện thi hành;10/03/2025;;Chưa có điều kiện thi hành",
]
EVENTS_AFTER = [  # the handed-over case A is now KV1's
    "PTHADS-LAOCAI-KV01;A/QĐ-CCTHADS;10/01/2025;Thu tiền;15/08/2025;60.000.000;",
    "PTHADS-LAOCAI-KV01;A/QĐ-CCTHADS;10/01/2025;Thi hành xong;16/08/2025;;",
    "PTHADS-LAOCAI-KV01;D/QĐ-THADS;01/09/2025;Phân loại điều kiện thi hành;05/09/2025;;Có điều kiện thi hành",
    "PTHADS-LAOCAI-KV02;E/QĐ-THADS;15/10/2025;Phân loại điều kiện thi hành;20/10/2025;;Có điều kiện thi hành",
    "PTHADS-LAOCAI-KV02;E/QĐ-THADS;15/10/2025;Thu tiền;01/11/2025;10.000.000;",
    "PTHADS-LAOCAI-KV02;E/QĐ-THADS;15/10/2025;Thi hành xong;02/11/2025;;",
]


def spreadsheet(header, lines) -> io.BytesIO:
    upload = io.BytesIO(("\ufeff" + "\r\n".join([header, *lines]) + "\r\n").encode("utf-8"))
    upload.name = "tep.csv"
    return upload


def signed_in(username) -> Client:
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:2000]
    return client


def imported(client, what, header, lines):
    response = client.post(reverse("case_import"), {"what": what, "file": spreadsheet(header, lines)})
    assert response.status_code == 302, [e for e in (response.context or {}).get("result").errors]


def unit(code) -> Agency:
    return Agency.objects.get(code=code)


@pytest.mark.django_db
def test_a_second_province_sets_itself_up_from_an_empty_register(monkeypatch):
    assert not Agency.objects.exists()
    call_command("load_agencies")
    monkeypatch.setenv("THADS_NEW_PASSWORD", PASSWORD)
    call_command("add_account", agency="CQLTHADS", username="quantri.cql", full_name="Quản Trị Trung Ương")

    # The Cục Quản lý THADS's administrator makes the province's.
    central = signed_in("quantri.cql")
    province = unit("THADS-LAOCAI")
    response = central.post(reverse("unit_people", args=[province.pk]), {
        "account-username": "quantri.laocai", "account-full_name": "Quản Trị Lào Cai", "account-role": "administrator",
        "account-password": PASSWORD})
    assert response.status_code == 302

    # Its units and former units from a file, on the page.
    admin = signed_in("quantri.laocai")
    response = admin.post(reverse("tree_file"), {"file": _named(csv_file(*UNITS))})
    assert response.status_code == 302
    assert Agency.objects.filter(parent=province).count() == 2
    assert unit("CCTHADS-YENBAI-VANYEN").parent == unit("CTHADS-YENBAI")

    # Its people: an officer in each regional office, a clerk, a leader.
    for code, number in (("PTHADS-LAOCAI-KV01", "01"), ("PTHADS-LAOCAI-KV02", "02")):
        response = admin.post(reverse("unit_people", args=[unit(code).pk]), {
            "officer-code": f"CHV-LC-{number}", "officer-full_name": f"Chấp Hành Viên {number}",
            "officer-rank": "intermediate"})
        assert response.status_code == 302
    for username, role, code in (("thuky.laocai", "clerk", "PTHADS-LAOCAI-KV01"),
                                 ("lanhdao.laocai", "leadership", "THADS-LAOCAI")):
        response = admin.post(reverse("unit_people", args=[unit(code).pk]), {
            "account-username": username, "account-full_name": username, "account-role": role,
            "account-password": PASSWORD})
        assert response.status_code == 302

    # The cases as they stood before the restructure, imported with the former units' codes.
    imported(admin, "cases", CASE_HEADER, CASES_BEFORE)
    imported(admin, "events", EVENT_HEADER, EVENTS_BEFORE)

    # The restructure of 1/7/2025: Bát Xát and Sa Pa into KV1, Văn Yên into KV2; preview, then apply.
    for successor, predecessors in (("PTHADS-LAOCAI-KV01", ["CCTHADS-LAOCAI-BATXAT", "CCTHADS-LAOCAI-SAPA"]),
                                    ("PTHADS-LAOCAI-KV02", ["CCTHADS-YENBAI-VANYEN"])):
        data = {"effective_date": "01/07/2025", "predecessors": [unit(c).pk for c in predecessors],
                "successors": [unit(successor).pk], "rule": "officer"}
        preview = admin.post(reverse("restructure"), data)
        assert preview.context["preview"].problems == [] and "Áp dụng" in preview.content.decode()
        assert admin.post(reverse("restructure"), {**data, "action": "apply"}).status_code == 302
    case_a = Case.objects.get(decision_number="A/QĐ-CCTHADS")
    assert case_a.agency == unit("PTHADS-LAOCAI-KV01")
    assert case_a.events.get(kind=EventKind.HANDOVER).effective_date == D(2025, 7, 1)
    assert Case.objects.get(decision_number="B/QĐ-CCTHADS").agency == unit("CCTHADS-LAOCAI-SAPA")  # closed: stays
    assert AgencySuccession.objects.filter(successor__parent=province).count() == 3

    # The cases since, imported by the clerk with the regional offices' and officers' codes.
    clerk = signed_in("thuky.laocai")
    imported(clerk, "cases", CASE_HEADER, [CASES_AFTER[0]])
    imported(admin, "cases", CASE_HEADER, [CASES_AFTER[1]])
    imported(admin, "events", EVENT_HEADER, EVENTS_AFTER)
    assert Officer.objects.get(code="CHV-LC-01").agency == unit("PTHADS-LAOCAI-KV01")

    # The leader's dashboard and figures, and the period report.
    call_command("fill_figures")
    leader = signed_in("lanhdao.laocai")
    assert leader.get(reverse("home")).status_code == 200
    year_2025, year_2026 = compute(province, Period(2025, 12)), compute(province, Period(2026, 12))
    assert {k: year_2025["cases"][k] for k in ("to_enforce", "completed", "in_progress", "without_conditions")} == {
        "to_enforce": 4, "completed": 2, "in_progress": 1, "without_conditions": 1}
    assert {k: year_2026["cases"][k] for k in ("carried_over", "new", "completed", "in_progress",
                                               "without_conditions")} == {
        "carried_over": 2, "new": 1, "completed": 1, "in_progress": 1, "without_conditions": 1}
    assert [row["label"] for row in year_2026["breakdowns"]["child"]] == [
        "Phòng Thi hành án dân sự khu vực 1 - Lào Cai", "Phòng Thi hành án dân sự khu vực 2 - Lào Cai"]
    page = leader.get(reverse("figures"), {"agency": province.pk, "year": 2026, "months": 12}).content.decode()
    assert "khu vực 1 - Lào Cai" in page and "khu vực 2 - Lào Cai" in page

    response = leader.post(reverse("report_exports"), {"agency": province.pk, "year": 2026, "months": 12,
                                                       "by": "child"})
    job = ReportJob.objects.get()
    assert response.status_code == 302 and job.status == "done"
    book = load_workbook(io.BytesIO(bytes(ReportFile.objects.get(job=job, kind="xlsx").content)))
    total = [cell.value for cell in book.worksheets[0][TOTAL_ROW]]
    assert total[1] == "Tổng cộng" and total[2] == 3  # (1) cases to enforce: C, D carried over, E new
    assert ReportFile.objects.filter(job=job, kind="pdf").exists()
    assert CaseEvent.objects.filter(kind=EventKind.HANDOVER).count() == 2


def _named(data, name="don-vi.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)
