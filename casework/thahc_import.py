"""Followed administrative judgments from a spreadsheet (CSV or XLSX), all or nothing.

One row is one judgment with the dates of its main steps (notice, compulsion decision, completion
or another ending), so that a province's register, carried-over judgments included, can be loaded
at once. Every row goes through the same services as the pages, inside one transaction: a file
with any problem writes nothing and returns every problem as (row, column, reason). A judgment
already in the province's register is skipped, so loading the same file twice changes nothing.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.context import acting
from cases import permissions
from cases.models import AdminJudgmentType, Agency, Case, ClaimResult, Officer, StepKind
from cases.scoping import visible_agency_ids
from thads.numbers import whole
from thads.today import local_today

from . import thahc
from .imports import (
    Column,
    FileRefused,
    ImportResult,
    _cells,
    _choice,
    _codes,
    _date,
    _load,
    _numbered,
    _rule_errors,
    _text,
    _yes_no,
    table_csv,
    table_xlsx,
)

COLUMNS = (
    Column("agency", "Mã cơ quan theo dõi", True, "agency"),
    Column("received_on", "Ngày nhận bản án", True, "date"),
    Column("register_number", "Số vào sổ", False),
    Column("officer", "Mã chấp hành viên", False, "officer"),
    Column("court", "Tòa án", True),
    Column("judgment_number", "Số bản án, quyết định", True),
    Column("judgment_date", "Ngày bản án, quyết định", True, "date"),
    Column("first_instance_court", "Tòa án xét xử sơ thẩm", False),
    Column("judgment_type", "Loại bản án, quyết định", True, "judgment_type"),
    Column("claim_result", "Kết quả giải quyết yêu cầu khởi kiện", True, "claim_result"),
    Column("has_follow_up", "Có nội dung theo dõi", True, "yes_no"),
    Column("body", "Cơ quan phải thi hành án", True),
    Column("body_head", "Người đứng đầu cơ quan", False),
    Column("body_superior", "Cơ quan cấp trên trực tiếp", False),
    Column("beneficiary", "Người được thi hành án", True),
    Column("content", "Nội dung phải thi hành", False),
    Column("civil_case", "Số quyết định THA dân sự phần tiền", False),
    Column("civil_case_year", "Năm của quyết định THA dân sự", False, "year"),
    Column("notice_on", "Ngày thông báo tự nguyện thi hành án", False, "date"),
    Column("compel_number", "Số quyết định buộc THAHC", False),
    Column("compel_on", "Ngày quyết định buộc THAHC", False, "date"),
    Column("completed_on", "Ngày thi hành xong", False, "date"),
    Column("ended_on", "Ngày kết thúc theo dõi vì lý do khác", False, "date"),
    Column("end_reason", "Lý do kết thúc khác", False),
)
HEADERS = {c.key: c.header for c in COLUMNS}
EXAMPLE_ROW = (
    "THADS-TUYENQUANG", "15/01/2026", "03/2026", "", "Tòa án nhân dân tỉnh Tuyên Quang", "05/2025/HC-ST",
    "20/12/2025", "", "Bản án, quyết định sơ thẩm không bị kháng cáo, kháng nghị", "Chấp nhận yêu cầu khởi kiện",
    "Có", "Ủy ban nhân dân xã Minh Xuân", "Chủ tịch Ủy ban nhân dân xã", "Ủy ban nhân dân tỉnh Tuyên Quang",
    "Nguyễn Văn A", "Hủy quyết định thu hồi đất số 12/QĐ-UBND", "", "", "19/01/2026", "", "", "", "", "",
)
# The columns of the steps, in the order they are recorded, with the column their problems go to.
STEP_COLUMNS = (
    (StepKind.NOTICE, "notice_on", None),
    (StepKind.COMPEL, "compel_on", "compel_number"),
    (StepKind.COMPLETE, "completed_on", None),
    (StepKind.END_OTHER, "ended_on", "end_reason"),
)
FACT_FIELDS = set(thahc.FACTS) | {"agency", "received_on", "officer"}


def template_csv() -> bytes:
    return table_csv(COLUMNS, [EXAMPLE_ROW])


def template_xlsx() -> bytes:
    return table_xlsx(COLUMNS, [EXAMPLE_ROW])


def _year(value):
    year = whole(_text(value))
    if year is None or not 1900 <= year <= 2099:
        raise ValueError(_("Write the year with four digits, for example 2025."))
    return year


def import_judgments(data: bytes, filename: str, *, user, today=None, address="") -> ImportResult:
    """Check and write every row in one transaction; any problem anywhere writes nothing."""
    today = today or local_today()
    if not permissions.can_register_cases(user):
        raise FileRefused(_("Your role cannot register cases."))
    rows, positions, result = _load(data, filename, COLUMNS)
    agencies = {a.code: a for a in Agency.objects.filter(code__in=_codes(rows, positions, ("agency",)))}
    officers = {o.code: o for o in Officer.objects.for_user(user).filter(
        code__in=_codes(rows, positions, ("officer",))).select_related("agency")}
    allowed = visible_agency_ids(user)
    parsers = {"date": _date, "yes_no": _yes_no, "year": _year, "judgment_type": _choice(AdminJudgmentType.choices),
               "claim_result": _choice(ClaimResult.choices)}
    seen = {}
    with acting(user, address), transaction.atomic():
        for number, row in _numbered(rows):
            values, errors = _cells(row, number, COLUMNS, positions, parsers, agencies, officers, allowed)
            if not errors:
                errors = _write_row(number, values, seen, user=user, today=today, result=result)
            elif "agency" in values:  # the rules on what could be read of a bad row, told with its cells
                facts = {key: value for key, value in values.items() if key in FACT_FIELDS}
                errors += _rule_errors(number, errors, thahc.judgment_partial_problems(facts, today=today), HEADERS)
            result.errors.extend(errors)
        if result.errors:
            transaction.set_rollback(True)
            result.created = result.skipped = 0
    return result


def _write_row(number, values, seen, *, user, today, result) -> list:
    """Register one row's judgment and record its steps (in a savepoint: a refused row leaves
    nothing behind, and the next rows are still checked); its problems as (row, header, reason)."""
    facts = {key: value for key, value in values.items() if key in FACT_FIELDS}
    facts.setdefault("officer", None)
    if civil_number := values.get("civil_case"):
        cases = Case.objects.for_user(user).filter(decision_number=civil_number)
        if values.get("civil_case_year"):
            cases = cases.filter(decision_year=values["civil_case_year"])
        cases = list(cases[:2])
        if len(cases) != 1:
            return [(number, HEADERS["civil_case" if not cases else "civil_case_year"],
                     _("No case with this decision number in your register.") if not cases
                     else _("Several cases have this number: give the decision's year."))]
        facts["civil_case"] = cases[0]
    try:
        with transaction.atomic():
            probe = thahc.judgment_build(created_by=user, **facts)
            key = (thahc.province_path(probe.agency), thahc.judgment_key(probe.court, probe.judgment_number),
                   probe.judgment_date)
            if key in seen:
                return [(number, HEADERS["judgment_number"], _("The same judgment is already on row %(row)s.") % {
                    "row": seen[key]})]
            seen[key] = number
            if thahc.registered(probe) is not None:
                result.skipped += 1
                return []
            judgment = thahc.judgment_create(created_by=user, today=today, **facts)
            for kind, date_key, detail_key in STEP_COLUMNS:
                _record(judgment, kind, values, date_key, detail_key, user=user, today=today)
    except ValidationError as error:
        return [(number, HEADERS.get(field, ""), message)
                for field, messages in error.message_dict.items() for message in messages]
    result.created += 1
    return []


def _record(judgment, kind, values, date_key, detail_key, *, user, today):
    day, detail = values.get(date_key), values.get(detail_key, "") if detail_key else ""
    if day is None:
        if detail:
            raise ValidationError({date_key: _("Give the date as well.")})
        return
    fields = {"document_number": detail} if kind == StepKind.COMPEL else {"note": detail}
    try:
        thahc.step_record(judgment=judgment, kind=kind, effective_date=day, entered_by=user, today=today, **fields)
    except ValidationError as error:
        raise _moved(error, date_key, detail_key) from None


def _moved(error, date_key, detail_key):
    """A step's problem put on its columns: its date (or its number or reason, when that is what is wrong)."""
    moved = {}
    for field, messages in error.message_dict.items():
        target = detail_key if field in ("document_number", "note") and detail_key else date_key
        moved.setdefault(target, []).extend(messages)
    return ValidationError(moved)
