"""The steering committee's list from a spreadsheet (CSV or XLSX), all or nothing: a province that
kept its list in Excel brings it over at once. One row is one case (a civil case by its unit,
decision number and date, or a followed judgment by its unit, number and date) with why it is
brought. A case already on the list is skipped, so loading the same file twice changes nothing.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.context import acting
from cases import permissions
from cases.models import Agency, Case, CommitteeCategory, CommitteeItemStatus, FollowedJudgment
from cases.scoping import visible_agency_ids
from thads.today import local_today

from . import committee
from .imports import Column, FileRefused, _cells, _choice, _codes, _date, _load, _numbered, table_csv, table_xlsx

KINDS = [("case", gettext_lazy("Civil case")), ("judgment", gettext_lazy("Administrative judgment"))]
COLUMNS = (
    Column("kind", "Loại hồ sơ", True, "kind"),
    Column("agency", "Mã cơ quan thụ lý, theo dõi", True, "agency"),
    Column("number", "Số quyết định thi hành án hoặc số bản án", True),
    Column("date", "Ngày quyết định hoặc bản án", True, "date"),
    Column("category", "Loại vụ việc", True, "category"),
    Column("obstacle", "Khó khăn, vướng mắc", True),
    Column("help_needed", "Cơ quan cần phối hợp", True),
    Column("proposal", "Đề xuất", True),
    Column("planned_on", "Thời gian dự kiến", False, "date"),
    Column("brought_on", "Ngày đưa vào danh sách", False, "date"),
)
HEADERS = {c.key: c.header for c in COLUMNS}
EXAMPLE_ROW = ("Việc thi hành án dân sự", "PTHADS-TUYENQUANG-KV01", "46/QĐ-CCTHADS", "02/03/2026",
               "Tín dụng, ngân hàng", "Tài sản bảo đảm bán đấu giá nhiều lần không thành",
               "Ngân hàng; Sở Nông nghiệp và Môi trường", "Tiếp tục giảm giá tài sản", "", "")


def template_csv() -> bytes:
    return table_csv(COLUMNS, [EXAMPLE_ROW])


def template_xlsx() -> bytes:
    return table_xlsx(COLUMNS, [EXAMPLE_ROW])


def import_items(data: bytes, filename: str, *, user, today=None, address=""):
    """Check and write every row in one transaction; any problem anywhere writes nothing."""
    today = today or local_today()
    if user.role != user.Role.LEADERSHIP or not visible_agency_ids(user):
        raise FileRefused(_("Only leadership brings cases to the steering committee."))
    rows, positions, result = _load(data, filename, COLUMNS)
    agencies = {a.code: a for a in Agency.objects.filter(code__in=_codes(rows, positions, ("agency",)))}
    allowed = visible_agency_ids(user)
    parsers = {"date": _date, "kind": _choice(KINDS),
               "category": _choice(CommitteeCategory.choices)}
    with acting(user, address), transaction.atomic():
        for number, row in _numbered(rows):
            values, errors = _cells(row, number, COLUMNS, positions, parsers, agencies, {}, allowed)
            if not errors:
                errors = _write_row(number, values, user=user, today=today, result=result)
            result.errors.extend(errors)
        if result.errors:
            transaction.set_rollback(True)
            result.created = result.skipped = 0
    return result


def _subject(values, user):
    model, number_field, date_field = ((Case, "decision_number", "decision_date") if values["kind"] == "case"
                                       else (FollowedJudgment, "judgment_number", "judgment_date"))
    found = model.objects.for_user(user).filter(agency=values["agency"], **{
        number_field: values["number"], date_field: values["date"]}).first()
    if found is None:
        raise ValidationError({"number": _("No such case at this unit in your register.")})
    return found


def _write_row(number, values, *, user, today, result) -> list:
    fields = {key: values.get(key) for key in committee.ITEM_FIELDS}
    brought_on = values.get("brought_on") or today
    try:
        with transaction.atomic():
            subject = _subject(values, user)
            on_list = subject.committee_items.filter(status=CommitteeItemStatus.OPEN).exists()
            if on_list:
                result.skipped += 1
                return []
            if not permissions.can_bring_to_committee(user, subject):
                raise ValidationError({"number": _("This case is closed or outside your sight.")})
            if brought_on > today:
                raise ValidationError({"brought_on": _("The date cannot be in the future.")})
            committee.item_bring(**{values["kind"]: subject}, brought_by=user, today=brought_on, **fields)
    except ValidationError as error:
        messages = error.message_dict if hasattr(error, "error_dict") else {"number": error.messages}
        return [(number, HEADERS.get(field, HEADERS["number"]), message)
                for field, texts in messages.items() for message in texts]
    result.created += 1
    return []
