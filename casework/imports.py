"""Bulk import of cases from spreadsheets (CSV or XLSX), all or nothing.

Every row is checked before anything is written; a file with any bad row imports nothing and
returns every problem as (row, column, reason). A case already in the register under the same
natural key (holding agency + decision number + decision date) is skipped, so importing the same
file twice creates no duplicates. Rows for agencies outside the importing user's scope are refused.
"""

import io
import pickle
import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Min
from django.utils import translation
from django.utils.translation import gettext as _

from audit.context import acting
from cases import permissions, selectors
from cases.amounts import parse_amount
from cases.models import Agency, Case, Condition, EventKind, Initiation, JudgmentKind, Officer, PostponementGround
from cases.scoping import visible_agency_ids
from thads import collections_tuning, inserts, sheets, tables
from thads.first_rows import FirstRows, key_text
from thads.today import local_today

from . import bulk, services

# 100.000 cases with their events fit in one file; the widest template's rows written by a
# spreadsheet without shared strings unpack to about 1,1 kB each: 500.000 of them to 560 MB.
LIMITS = tables.Limits(max_bytes=50 * 1024 * 1024, max_rows=500_000, max_unpacked=600 * 1024 * 1024)


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # as written in the template: the files are Vietnamese documents
    required: bool
    kind: str = "text"  # text, date, amount, yes_no, judgment_kind, initiation, agency, officer


CASE_COLUMNS = (
    Column("agency", "Mã cơ quan thụ lý", True, "agency"),
    Column("issuing_agency", "Mã cơ quan ra quyết định", False, "agency"),
    Column("decision_number", "Số quyết định", True),
    Column("decision_date", "Ngày quyết định", True, "date"),
    Column("accepted_on", "Ngày thụ lý", True, "date"),
    Column("officer", "Mã chấp hành viên", False, "officer"),
    Column("court", "Tòa án", True),
    Column("judgment_number", "Số bản án, quyết định", True),
    Column("judgment_date", "Ngày bản án, quyết định", True, "date"),
    Column("judgment_kind", "Loại án", True, "judgment_kind"),
    Column("initiation", "Hình thức thi hành", True, "initiation"),
    Column("is_credit_institution", "Tín dụng, ngân hàng", False, "yes_no"),
    Column("is_corruption_asset", "Thu hồi tài sản tham nhũng, kinh tế", False, "yes_no"),
    Column("debtor_name", "Người phải thi hành án", True),
    Column("debtor_address", "Địa chỉ người phải thi hành án", False),
    Column("creditor_name", "Người được thi hành án", False),
    Column("creditor_address", "Địa chỉ người được thi hành án", False),
    Column("obligation", "Nghĩa vụ", False),
    Column("amount", "Số tiền phải thi hành (đồng)", False, "amount"),
)
EXAMPLE_ROW = ("PTHADS-TUYENQUANG-KV01", "", "46/QĐ-CCTHADS", "02/03/2026", "03/03/2026", "", "Tòa án nhân dân khu vực 1",
               "12/2025/DS-ST", "10/01/2026", "Dân sự", "Theo yêu cầu", "Không", "Không", "Nguyễn Văn A",
               "Xã Minh Xuân, Tuyên Quang", "Trần Thị B", "", "Trả nợ", "75.683.482.000")


@dataclass
class ImportResult:
    created: int = 0
    skipped: int = 0
    rows: int = 0
    errors: list = field(default_factory=list)  # (row, column header, reason)


# The file as a whole refused (its type, size or contents, headers, the importer's role): one
# exception for the reader's refusals and the import's own.
FileRefused = tables.TableRefused


def small(data: bytes, filename: str, *, most_rows: int, xlsx_bytes: int) -> bool:
    """Whether the file is small enough to import during the upload (thads.tables.small)."""
    return tables.small(data, filename, LIMITS, most_rows=most_rows, xlsx_bytes=xlsx_bytes)


# --- parsing cells ----------------------------------------------------------------------------


_text = tables.cell_text


def _date(value):
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    if len(text) == 10 and text.isascii() and text[2] == "/" and text[5] == "/" and text[:2].isdigit() \
            and text[3:5].isdigit() and text[6:].isdigit():  # dd/mm/yyyy, as nearly every row writes it: without strptime
        try:
            return date(int(text[6:]), int(text[3:5]), int(text[:2]))
        except ValueError:
            pass
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(_("Write the date as dd/mm/yyyy, for example 02/03/2026."))


def _yes_no(value):
    text = _text(value).lower()
    if text in ("", "không", "khong", "0", "no", "false"):
        return False
    if text in ("có", "co", "x", "1", "yes", "true"):
        return True
    raise ValueError(_("Write Có or Không."))


def _choice(choices):
    # The files are Vietnamese whatever the page's language; English labels and codes work too.
    by_text = {}
    for language in ("en", "vi"):
        with translation.override(language):
            for value, label in choices:
                by_text[str(value).lower()] = value
                by_text[str(label).lower()] = value

    with translation.override("vi"):
        allowed = ", ".join(str(label) for _value, label in choices)

    def parse(value):
        text = _text(value).lower()
        if text in by_text:
            return by_text[text]
        raise ValueError(_("Unknown value “%(value)s”; allowed: %(allowed)s.") % {"value": _text(value),
                                                                                 "allowed": allowed})

    return parse


# --- the import -------------------------------------------------------------------------------


def header_map(header_row, columns) -> dict:
    """Column index of each key; refuses the file when a required header is missing."""
    found = {_text(cell).lower(): index for index, cell in enumerate(header_row)}
    positions, missing = {}, []
    for column in columns:
        index = found.get(column.header.lower())
        if index is None:
            if column.required:
                missing.append(column.header)
            continue
        positions[column.key] = index
    if missing:
        raise FileRefused(_("Missing columns: %(columns)s. Start from the template.") % {"columns": "; ".join(missing)})
    return positions


def _load(data, filename, columns):
    """The data rows, so that row i is line i + 2 of the file (blank lines are None: the row
    numbers in the report are the ones the clerk sees in the spreadsheet). Every row of the file
    is read, and counted as it is (thads.tables)."""
    rows, header, count = [], None, 0
    for row in tables.rows(data, filename, LIMITS):
        filled = any(_text(c) for c in row)
        if header is None:
            rows.append(None)
            if filled:
                header = row
            continue
        rows.append(row if filled else None)
        count += filled
    if header is None:
        raise FileRefused(_("The file is empty."))
    return rows[1:], header_map(header, columns), ImportResult(rows=count)


# Rows read, checked and written at a time: a file of any size is held a chunk at a time.
CHUNK_ROWS = 5000


@dataclass
class _Scan:
    positions: dict
    count: int  # rows holding something after the headers
    earliest: date | None  # the earliest readable date of the column asked for


class _TwoPasses:
    """The rows of a file, read twice (`_scan`, then `_chunks_of`). A CSV is read again; a
    workbook, whose parsing costs more than the rest of an import (openpyxl reads about 3.000 rows
    a second here), is parsed once and its rows kept for the second pass in a temporary file, as
    this process parsed them (not in memory)."""

    def __init__(self, data, filename):
        self.data, self.filename = data, filename
        self.spool = tempfile.TemporaryFile() if tables.kind_of(data, filename, LIMITS) == "xlsx" else None

    def first(self):
        for row in tables.rows(self.data, self.filename, LIMITS):
            if self.spool is not None:
                pickle.dump(row, self.spool, pickle.HIGHEST_PROTOCOL)
            yield row

    def again(self):
        if self.spool is None:
            yield from tables.rows(self.data, self.filename, LIMITS)
            return
        self.spool.seek(0)
        while True:
            try:
                yield pickle.load(self.spool)  # noqa: S301 - rows this process wrote to its own unnamed file
            except EOFError:
                return

    def close(self):
        if self.spool is not None:
            self.spool.close()


def _scan(source, columns, date_key) -> _Scan:
    """A first reading of the file, keeping nothing of it: its headers, how many rows it holds
    (the progress bar's total) and the earliest date in the column `date_key` (the summary years
    filled before the first write). Refuses an empty file, or one missing a required column."""
    header, count, earliest, index = None, 0, None, None
    for row in source.first():
        if not any(_text(c) for c in row):
            continue
        if header is None:
            header = header_map(row, columns)
            index = header.get(date_key)
            continue
        count += 1
        if index is not None and index < len(row):
            try:
                day = _date(row[index])
            except ValueError:
                continue
            earliest = day if earliest is None or day < earliest else earliest
    if header is None:
        raise FileRefused(_("The file is empty."))
    return _Scan(header, count, earliest)


def _earliest_possible(day):
    """The first pass's earliest date, read from every row: none before the first day an agency
    of the tree operated (a row dated before it is refused, its agency not operating then), so a
    mistyped year (0001, 1900) of a row refused anyway fills no years of summary figures for it."""
    if day is None:
        return None
    first = Agency.objects.aggregate(first=Min("valid_from"))["first"]
    return max(day, first) if first else day


def _chunks_of(source):
    """The rows holding something after the headers, as lists of (line number, cells) of up to
    CHUNK_ROWS rows (the numbers the clerk sees in the spreadsheet)."""
    chunk, header = [], False
    for line, row in enumerate(source.again(), start=1):
        if not any(_text(c) for c in row):
            continue
        if not header:
            header = True
            continue
        chunk.append((line, row))
        if len(chunk) == CHUNK_ROWS:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class _Known:
    """Records by code (agencies, officers), looked up as chunks name them and kept for the next."""

    def __init__(self, queryset):
        self.queryset, self.found, self.asked = queryset, {}, set()

    def learn(self, chunk, positions, keys) -> dict:
        new = _codes([row for _number, row in chunk], positions, keys) - self.asked
        if new:
            self.found.update((o.code, o) for o in self.queryset.filter(code__in=new))
            self.asked |= new
        return self.found


def _import(data, filename, columns, date_key, writer, reader, headers, *, user, address, progress) -> ImportResult:
    """Read, check and write the file a chunk at a time in one transaction (`reader.parse` reads a
    chunk's cells into `writer`'s rows, `writer` is a `casework.bulk` writer), so that every problem
    is reported in the one pass; any problem anywhere rolls everything back."""
    source = _TwoPasses(data, filename)
    try:
        return _import_read(source, columns, date_key, writer, reader, headers, user=user, address=address,
                            progress=progress)
    finally:
        source.close()


def _import_read(source, columns, date_key, writer, reader, headers, *, user, address, progress) -> ImportResult:
    scan = _scan(source, columns, date_key)
    result, done = ImportResult(rows=scan.count), 0
    # The COPYs behind the reading and checking of the next rows (inserts.behind): PostgreSQL then
    # writes one chunk on one core while the next is read on the other.
    with acting(user, address), transaction.atomic(), collections_tuning.fewer_collections(), inserts.behind():
        try:
            writer.start(_earliest_possible(scan.earliest))
            for chunk in _chunks_of(source):
                rows = reader.parse(chunk, scan.positions, result)
                writer.add(rows, refused=bool(result.errors))
                done += len(chunk)
                if progress is not None:
                    progress(done, scan.count)
            outcome = writer.finish(refused=bool(result.errors))
            reader.close()
        except ValidationError as error:  # the file as a whole (its sums past what a row of figures holds)
            raise FileRefused(" ".join(error.messages)) from None
        result.errors.extend((number, headers.get(name, ""), message) for number, name, message in outcome.errors)
        result.skipped += outcome.skipped
        if result.errors:
            transaction.set_rollback(True)
            result.created = result.skipped = 0
            result.errors.sort(key=lambda error: error[0])
        else:
            result.created = outcome.created
    return result


def import_cases(data: bytes, filename: str, *, user, today=None, address="", progress=None) -> ImportResult:
    """Check every row, then import them all or none. `progress(done, total)` is called as it goes."""
    today = today or local_today()
    if not permissions.can_register_cases(user):
        raise FileRefused(_("Your role cannot register cases."))
    return _import(data, filename, CASE_COLUMNS, "accepted_on", bulk.CaseWriter(user=user, today=today),
                   _CaseRows(user, today), HEADERS, user=user, address=address, progress=progress)


HEADERS = {c.key: c.header for c in CASE_COLUMNS}


def _numbered(rows):
    """(row number in the file, cells) of each row, letting go of each row once read: a large
    file's cells and their parsed values are then not both held whole."""
    for index in range(len(rows)):
        row, rows[index] = rows[index], None
        if row is not None:
            yield index + 2, row


def _codes(rows, positions, keys) -> set:
    """The codes written in the columns `keys` of any row (to look them all up at once)."""
    codes = {_text(row[i]) for row in rows if row is not None
             for key in keys if (i := positions.get(key)) is not None and i < len(row)}
    return codes - {""}


def _rule_errors(number, row_errors, problems, headers) -> list:
    """The rules' problems of a row with others, but for the columns that could not be read."""
    unread = {header for _number, header, _reason in row_errors}
    return [(number, headers.get(name, ""), message) for name, message in problems.items()
            if headers.get(name, "") not in unread]


# A row with problems is also held to the rules on what could be read of it; past this many such
# rows (a file read wrong as a whole) the rest are told only their cells' problems.
RULES_ON_BAD_ROWS = 1000


class _CaseRows:
    """The cells of a case file's chunks read into `case_build` arguments; the problems go into the
    result, a row already in the register is counted as skipped."""

    def __init__(self, user, today):
        self.user, self.today = user, today
        self.agencies = _Known(Agency.objects.all())
        # Officers within the importer's sight only: a code of another province's is unknown here.
        self.officers = _Known(Officer.objects.for_user(user).select_related("agency"))
        self.allowed = visible_agency_ids(user)
        self.parsers = {"date": _date, "amount": parse_amount, "yes_no": _yes_no,
                        "judgment_kind": _choice(JudgmentKind.choices), "initiation": _choice(Initiation.choices)}
        self.keys, self.bad = None, 0  # the file's cases so far (agency, number, date): the row of each
        # Whether each agency of the file held a case when its first row was read (before this
        # import wrote any of its own): one that held none has none of the file's cases already.
        # (Another import into the same empty unit, committed meanwhile, is not skipped but found
        # by the writer's check of the decisions' numbers: the file is refused, nothing doubled.)
        self.held_cases = {}

    def parse(self, chunk, positions, result) -> list:
        agencies = self.agencies.learn(chunk, positions, ("agency", "issuing_agency"))
        officers = self.officers.learn(chunk, positions, ("officer",))
        if self.keys is None:
            self.keys = FirstRows()  # in the import's transaction
        parsed = []
        for number, row in chunk:
            values, row_errors = _cells(row, number, CASE_COLUMNS, positions, self.parsers, agencies, officers,
                                        self.allowed)
            self.bad += bool(row_errors)
            if row_errors and self.bad <= RULES_ON_BAD_ROWS:
                # Without a known agency of the user's, only the rules that need none (the dates).
                if "agency" in values:
                    values.setdefault("issuing_agency", values["agency"])
                row_errors += _rule_errors(number, row_errors, services.case_partial_problems(
                    values, today=self.today, register=False), HEADERS)
            result.errors.extend(row_errors)
            if not row_errors:
                values.setdefault("issuing_agency", values["agency"])
                parsed.append((number, values))
        earlier = self.keys.earlier([(key_text(*_case_key(values)), number) for number, values in parsed])
        result.errors.extend((number, HEADERS["decision_number"], _("The same decision is already on row %(row)s.")
                              % {"row": earlier[number]}) for number, _values in parsed if number in earlier)
        parsed = [(number, values) for number, values in parsed if number not in earlier]
        # A province's first import into its units asks nothing of the register: each look-up
        # of a chunk's thousands of decisions cost up to 27 ms there (the planner of a table it has
        # not analysed yet scans it whole), 1,7 s of 100.000 cases.
        asked = {_case_key(values) for _number, values in parsed if self._held_cases(values["agency"].pk)}
        if not asked:
            return parsed
        existing = _cases_by_key(asked, self.allowed)  # skipped
        rows = [(number, values) for number, values in parsed if _case_key(values) not in existing]
        result.skipped += len(parsed) - len(rows)
        return rows

    def _held_cases(self, agency_id) -> bool:
        held = self.held_cases.get(agency_id)
        if held is None:
            held = self.held_cases[agency_id] = Case.objects.filter(agency_id=agency_id).exists()
        return held

    def close(self):
        if self.keys is not None:
            self.keys.close()


# --- events -----------------------------------------------------------------------------------

EVENT_COLUMNS = (
    Column("agency", "Mã cơ quan thụ lý", True, "agency"),
    Column("decision_number", "Số quyết định", True),
    Column("decision_date", "Ngày quyết định", True, "date"),
    Column("kind", "Sự kiện", True, "event_kind"),
    Column("effective_date", "Ngày hiệu lực", True, "date"),
    Column("amount", "Số tiền (đồng)", False, "amount"),
    Column("condition", "Kết quả phân loại", False, "condition"),
    Column("ground", "Căn cứ hoãn", False, "ground"),
    Column("to_agency", "Mã cơ quan nhận ủy thác", False, "agency"),
    Column("document_number", "Số chứng từ, văn bản", False),
    Column("note", "Ghi chú", False),
)
EVENT_EXAMPLE_ROW = ("PTHADS-TUYENQUANG-KV01", "46/QĐ-CCTHADS", "02/03/2026", "Thu tiền", "15/04/2026",
                     "10.000.000", "", "", "", "BL-0001", "")
EVENT_HEADERS = {c.key: c.header for c in EVENT_COLUMNS}
IMPORTED_KINDS = [(k.value, k.label) for k in EventKind
                  if k not in (EventKind.ACCEPT, EventKind.HANDOVER, EventKind.COMPLAINT_RECEIVED,
                               EventKind.COMPLAINT_RESOLVED)]


def import_events(data: bytes, filename: str, *, user, today=None, address="", progress=None) -> ImportResult:
    """Events on cases already in the register, found by agency + decision number + date; all or
    none. An event identical to one already recorded (same case, kind, date, amount and document)
    is skipped, so a file imported twice records nothing twice."""
    today = today or local_today()
    if not permissions.can_enter_anything(user):
        raise FileRefused(_("Your role cannot record events."))
    # The reader reads each chunk's cases locked, right before the writer takes the chunk: the
    # writer does not read them again.
    return _import(data, filename, EVENT_COLUMNS, "effective_date",
                   bulk.EventWriter(user=user, today=today, cases_read=True), _EventRows(user, today), EVENT_HEADERS,
                   user=user, address=address, progress=progress)


class _EventRows:
    """The cells of an event file's chunks read into `event_record` arguments with their case."""

    def __init__(self, user, today):
        self.user, self.today = user, today
        self.allowed = visible_agency_ids(user)
        self.agencies = _Known(Agency.objects.all())
        self.parsers = {"date": _date, "amount": parse_amount, "event_kind": _choice(IMPORTED_KINDS),
                        "condition": _choice([(Condition.ABLE, Condition.ABLE.label),
                                              (Condition.UNABLE, Condition.UNABLE.label)]),
                        "ground": _choice(PostponementGround.choices)}
        self.bad = 0

    def close(self):
        """Nothing kept beyond a chunk (the events' cases are looked up a chunk at a time)."""

    def parse(self, chunk, positions, result) -> list:
        agencies = self.agencies.learn(chunk, positions, ("agency", "to_agency"))
        read, bad = [], []
        for number, row in chunk:
            values, errors = _cells(row, number, EVENT_COLUMNS, positions, self.parsers, agencies, {}, self.allowed)
            result.errors.extend(errors)
            read.append((number, None if errors else values))
            if errors and self.bad < RULES_ON_BAD_ROWS and {"agency", "decision_number", "decision_date"} <= set(values):
                self.bad += 1
                bad.append((number, values, errors))
        cases = _cases_by_key({_case_key(v) for _n, v in [*read, *((n, v) for n, v, _e in bad)] if v}, self.allowed,
                              locked=True)
        for number, values, errors in bad:  # the timeline's rules on what could be read of a bad row
            if (case := cases.get(_case_key(values))) is not None and permissions.can_enter_events(self.user, case):
                result.errors += _rule_errors(number, errors, services.event_partial_problems(
                    case, values, today=self.today), EVENT_HEADERS)
        rows = []
        for number, values in read:
            if values is None:
                continue
            case = cases.get(_case_key(values))
            if case is None:
                result.errors.append((number, EVENT_HEADERS["decision_number"], _(
                    "No case %(number)s of %(date)s at %(agency)s.") % {
                    "number": values["decision_number"], "date": values["decision_date"].strftime("%d/%m/%Y"),
                    "agency": values["agency"].name}))
            elif not permissions.can_enter_events(self.user, case):
                result.errors.append((number, EVENT_HEADERS["decision_number"],
                                      _("You cannot record events on this case.")))
            else:
                rows.append((number, {**values, "case": case}))
        return rows


def _case_key(values) -> tuple:
    return values["agency"].pk, values["decision_number"], values["decision_date"]


def _cases_by_key(keys, allowed, locked=False) -> dict:
    """{(agency id, decision number, decision date): case} for the keys already in the register;
    `locked`: the cases read are locked until the transaction ends (select_for_update)."""
    numbers = sorted({number for _agency, number, _date in keys})
    found = {}
    cases = Case.objects.select_for_update() if locked else Case.objects.all()
    for start in range(0, len(numbers), 1000):
        for case in cases.filter(decision_number__in=numbers[start:start + 1000], agency_id__in=allowed).order_by():
            key = (case.agency_id, case.decision_number, case.decision_date)
            if key in keys:
                found[key] = case
    return found


def _cells(row, number, columns, positions, parsers, agencies, officers, allowed):
    """The values of one row by column key, and its problems as (row, header, reason)."""
    values, errors = {}, []
    for column in columns:
        index = positions.get(column.key)
        raw = row[index] if index is not None and index < len(row) else None
        text = _text(raw)
        if text == "":
            if column.required:
                errors.append((number, column.header, _("This column is required.")))
            continue
        try:
            if column.kind == "agency":
                agency = agencies.get(text)
                if agency is None:
                    raise ValueError(_("No agency has the code “%(code)s”.") % {"code": text})
                if column.key == "agency" and agency.pk not in allowed:
                    raise ValueError(_("%(agency)s is outside your scope.") % {"agency": agency.name})
                values[column.key] = agency
            elif column.kind == "officer":
                officer = officers.get(text)
                if officer is None:
                    raise ValueError(_("No enforcement officer has the code “%(code)s”.") % {"code": text})
                values[column.key] = officer
            elif column.kind in parsers:
                values[column.key] = parsers[column.kind](raw)
            else:
                values[column.key] = text
        except ValueError as exc:
            errors.append((number, column.header, str(exc)))
    return values, errors


def table_csv(columns, rows) -> bytes:
    """A file of these columns (UTF-8 with its mark, semicolons: what Excel opens in Vietnam)."""
    buffer = io.StringIO()
    writer = sheets.csv_writer(buffer, delimiter=";")
    writer.writerow([c.header for c in columns])
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


# The values of a coded column, as the files write them (Vietnamese whatever the page's language).
CHOICES_OF_KIND = {
    "judgment_kind": lambda: JudgmentKind.choices,
    "initiation": lambda: Initiation.choices,
    "yes_no": lambda: [("yes", _("Yes")), ("no", _("No"))],
    "event_kind": lambda: IMPORTED_KINDS,
    "condition": lambda: [(Condition.ABLE, Condition.ABLE.label), (Condition.UNABLE, Condition.UNABLE.label)],
    "ground": lambda: PostponementGround.choices,
}
LISTS_SHEET = "Danh mục"
VALIDATED_ROWS = 100_000  # the drop-downs reach this far down the sheet


def code_lists(user, choices_of_kind=None) -> dict:
    """What a user's template offers in its drop-downs and its sheet of codes: {kind: [(code, name)]},
    the agencies operating today and the active officers in the user's sight, and the values of
    each coded column."""
    operating = Agency.objects.filter(valid_to__isnull=True).exclude(level=Agency.Level.CENTRAL).order_by("path")
    lists = {
        "agency": list(operating.filter(pk__in=Agency.objects.for_user(user).values("pk")).values_list("code", "name")),
        # A decision is issued by the holding unit or one above it (the province for its units).
        "issuing_agency": list(operating.filter(pk__in=selectors.issuing_agencies(user).values("pk"))
                               .values_list("code", "name")),
        # A case is entrusted to any agency of the country.
        "to_agency": list(operating.values_list("code", "name")),
        "officer": [(code, f"{name} ({unit})") for code, name, unit in Officer.objects.for_user(user)
                    .filter(is_active=True).order_by("agency__path", "full_name")
                    .values_list("code", "full_name", "agency__short_name")],
    }
    with translation.override("vi"):
        for kind, choices in (choices_of_kind or CHOICES_OF_KIND).items():
            lists[kind] = [(str(label), "") for _value, label in choices()]
    return lists


def _add_lists(book, sheet, columns, lists):
    """A sheet of the codes and values the coded columns take, and a drop-down on each of them."""
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    reference = book.create_sheet(LISTS_SHEET)
    place = 1
    for index, column in enumerate(columns, start=1):
        values = lists.get(column.key) or lists.get(column.kind)
        if not values:
            continue
        letter, names = reference.cell(1, place).column_letter, reference.cell(1, place + 1).column_letter
        reference.cell(1, place, column.header).font = Font(bold=True)
        if any(name for _code, name in values):
            reference.cell(1, place + 1, _("Name")).font = Font(bold=True)
        for row, (code, name) in enumerate(values, start=2):
            reference.cell(row, place, code)
            if name:
                reference.cell(row, place + 1, name)
        reference.column_dimensions[letter].width = max(16, min(40, max(len(code) for code, _n in values) + 2))
        reference.column_dimensions[names].width = 50 if any(name for _c, name in values) else 4
        rule = DataValidation(type="list", formula1=f"'{LISTS_SHEET}'!${letter}$2:${letter}${len(values) + 1}",
                              allow_blank=True, showErrorMessage=True, errorTitle=column.header,
                              error=_("Choose a value from the list (sheet %(sheet)s).") % {"sheet": LISTS_SHEET},
                              # a code outside the user's list may still be right (the province issuing
                              # a decision): warned, not refused; a coded value must be one of the list
                              errorStyle="warning" if column.kind in ("agency", "officer") else "stop")
        target = sheet.cell(2, index).column_letter
        rule.add(f"{target}2:{target}{VALIDATED_ROWS}")
        sheet.add_data_validation(rule)
        place += 3
    reference.page_setup.orientation = "landscape"  # printed as wide as a page, as many pages down as it takes
    reference.sheet_properties.pageSetUpPr.fitToPage = True
    reference.page_setup.fitToWidth, reference.page_setup.fitToHeight = 1, 0


def table_xlsx(columns, rows, title="Mẫu", lists=None) -> bytes:
    """The same as a workbook: every cell text, headers bold, each column as wide as what it holds;
    with `lists` (code_lists), a sheet of the codes and values and a drop-down on each coded column."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = title
    rows = [list(row) for row in rows]
    sheet.append([c.header for c in columns])
    for row in rows:
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    if lists:
        _add_lists(book, sheet, columns, lists)
    for index, column in enumerate(columns, start=1):  # as wide as the header or the longest cell, within reason
        longest = max((len(str(row[index - 1] or "")) for row in rows if index <= len(row)), default=0)
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = min(60, max(14, len(column.header),
                                                                                       longest) + 2)
    # Printed on landscape pages as wide as the table, as many pages down as it takes.
    sheet.page_setup.orientation = "landscape"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheets.xlsx_text_only(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def template_csv(columns=CASE_COLUMNS, example=EXAMPLE_ROW) -> bytes:
    return table_csv(columns, [example])


def template_xlsx(columns=CASE_COLUMNS, example=EXAMPLE_ROW, lists=None) -> bytes:
    return table_xlsx(columns, [example], lists=lists)
