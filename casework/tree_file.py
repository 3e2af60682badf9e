"""A province's units in a spreadsheet (CSV or XLSX): loaded all or nothing, and written back.

One row a unit, the former ones too: its code, names, parent, validity dates and the units whose
work it took over. A code not yet in the tree is created under its parent (a unit of the register
or a row of the file, in any order); a code already there is changed to what the row says (its
names, its dates; never its parent); a predecessor not yet linked is linked on the day after it
ended. Nothing is ever removed by a file. Every row is checked through `casework.agencies`, every
problem is listed by row and column, and a file with any problem changes nothing. The export writes
the same columns, so that loading what was exported changes nothing and exporting again gives the
same file.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from audit.context import acting
from cases import permissions
from cases.models import Agency, AgencySuccession, SuccessionKind
from cases.scoping import visible_agency_ids
from thads import tables
from thads.formatting import date as fmt_date

from . import agencies
from .imports import Column, FileRefused, _choice, _date, _load, table_csv, table_xlsx

COLUMNS = (
    Column("code", "Mã đơn vị", True),
    Column("name", "Tên đơn vị", True),
    Column("short_name", "Tên ngắn", True),
    Column("parent", "Mã đơn vị cấp trên", True),
    Column("valid_from", "Hiệu lực từ ngày", True, "date"),
    Column("valid_to", "Hiệu lực đến ngày", False, "date"),
    Column("predecessors", "Mã đơn vị tiền thân", False),
    Column("kind", "Hình thức sắp xếp", False),
)
HEADERS = {c.key: c.header for c in COLUMNS}
EXAMPLE_ROWS = [
    ("CCTHADS-LAOCAI-BATXAT", "Chi cục Thi hành án dân sự huyện Bát Xát", "Chi cục Bát Xát", "CTHADS-LAOCAI",
     "01/01/2010", "30/06/2025", "", ""),
    ("PTHADS-LAOCAI-KV01", "Phòng Thi hành án dân sự khu vực 1 - Lào Cai", "Khu vực 1", "THADS-LAOCAI",
     "01/07/2025", "", "CCTHADS-LAOCAI-BATXAT", "Tổ chức lại"),
]
SEPARATORS = (";", ",", "\n")
MAX_ROUNDS = 5  # of `_put_all`: one more than the levels of the tree is enough for any order of dates


@dataclass
class LoadResult:
    rows: int = 0
    created: int = 0
    changed: int = 0
    linked: int = 0
    errors: list = field(default_factory=list)  # (row, column header, reason)


def _codes(text) -> list:
    text = tables.cell_text(text)
    for separator in SEPARATORS[1:]:
        text = text.replace(separator, SEPARATORS[0])
    return [agencies.clean_code(part) for part in text.split(SEPARATORS[0]) if part.strip()]


@dataclass
class Row:
    number: int
    values: dict
    failed: bool = False


def _read(data, filename, result) -> list:
    rows, positions, counted = _load(data, filename, COLUMNS)
    result.rows = counted.rows
    parse_kind = _choice(SuccessionKind.choices)
    read, seen = [], {}
    for index, cells in enumerate(rows):
        if cells is None:
            continue
        number, values, problems = index + 2, {}, []
        for column in COLUMNS:
            position = positions.get(column.key)
            raw = cells[position] if position is not None and position < len(cells) else None
            text = tables.cell_text(raw)
            try:
                if column.required and not text:
                    raise ValueError(_("Required."))
                if column.kind == "date":
                    values[column.key] = _date(raw) if text else None
                elif column.key == "kind":
                    values[column.key] = parse_kind(raw) if text else ""
                elif column.key == "predecessors":
                    values[column.key] = _codes(raw)
                elif column.key in ("code", "parent"):
                    values[column.key] = agencies.clean_code(text)
                else:
                    values[column.key] = text
            except ValueError as error:
                problems.append((number, column.header, str(error)))
        code = values.get("code")
        if code and code in seen:
            problems.append((number, HEADERS["code"], _("The same code is already on row %(row)s.") % {
                "row": seen[code]}))
        elif code:
            seen[code] = number
        result.errors.extend(problems)
        read.append(Row(number, values, failed=bool(problems)))
    return read


def _parents_first(rows) -> list:
    """The rows with each parent in the file before its units."""
    by_code = {row.values["code"]: row for row in rows if row.values.get("code")}
    ordered, placed = [], set()

    def place(row, trail):
        if id(row) in placed:
            return
        parent = by_code.get(row.values.get("parent"))
        if parent is not None and id(parent) not in trail:
            place(parent, trail | {id(row)})
        placed.add(id(row))
        ordered.append(row)

    for row in rows:
        place(row, frozenset())
    return ordered


def _put(row, user, stored, written, result) -> tuple:
    """Create or change the row's unit: (the unit, None) or (None, its problems)."""
    values = row.values
    unit = stored.get(values["code"])
    parent_code = values["parent"]
    parent = written.get(parent_code) or stored.get(parent_code)

    def refused(column, message):
        return None, [(row.number, HEADERS[column], message)]

    if unit is None and parent_code in written and written[parent_code] is None:
        return refused("parent", _("The row of %(code)s has problems.") % {"code": parent_code})
    fields = {"name": values["name"], "short_name": values["short_name"], "valid_from": values["valid_from"],
              "valid_to": values["valid_to"]}
    try:
        if unit is None:
            # A parent this file created is the administrator's; under a regional office the rules
            # of the tree say why not; elsewhere, whose it is.
            created_here = written.get(parent_code) is not None
            if parent is None or not (created_here or parent.level == Agency.Level.LOCAL
                                      or permissions.can_add_unit_under(user, parent)):
                return refused("parent", _("No unit %(code)s that you administer.") % {"code": parent_code})
            unit = agencies.agency_create(code=values["code"], parent=parent, **fields)
            result.created += 1
            return unit, None
        if not permissions.can_administer_agency(user, unit):
            return refused("code", _("%(code)s is not a unit you administer.") % {"code": unit.code})
        if unit.parent_id != getattr(parent, "pk", None):
            return refused("parent", _("%(code)s is under %(parent)s: a file does not move a unit (record a "
                                       "restructure).") % {"code": unit.code,
                                                           "parent": unit.parent.code if unit.parent else "—"})
        before = (unit.name, unit.short_name, unit.valid_from, unit.valid_to)
        changed = agencies.agency_change(agency=unit, **fields)
        result.changed += before != (changed.name, changed.short_name, changed.valid_from, changed.valid_to)
        stored[unit.code] = changed
        return changed, None
    except ValidationError as error:
        return None, [(row.number, HEADERS.get(name, HEADERS["code"]), " ".join(messages))
                      for name, messages in error.message_dict.items()]


def _put_all(rows, user, stored, written, result):
    """`_put` each row, again and again while some go through: a unit's new dates may wait for its
    parent's (starting earlier) or its units' (ending sooner), whichever order the file has."""
    pending = [row for row in rows if not row.failed]
    written.update((row.values.get("code"), None) for row in rows)  # each row's unit, once it is written
    for _round in range(MAX_ROUNDS):
        refused = []
        for row in pending:
            unit, problems = _put(row, user, stored, written, result)
            if problems:
                refused.append((row, problems))
            else:
                written[row.values["code"]] = unit
        if not refused or len(refused) == len(pending):
            break
        pending = [row for row, _problems in refused]
    for _row, problems in refused:
        result.errors.extend(problems)


def default_kind(codes, code, successors) -> str:
    """Several predecessors: a merger; a predecessor of several units: a split; else a reorganisation."""
    if len(codes) > 1:
        return SuccessionKind.MERGE
    return SuccessionKind.SPLIT if successors.get(code, 0) > 1 else SuccessionKind.REORGANIZE


def _link(row, unit, units, successors, linked, result):
    """The row's predecessors not `linked` to its unit yet, linked on the day after each ended."""
    codes = row.values["predecessors"]
    for code in codes:
        if (unit.pk, code) in linked:
            continue
        predecessor = units.get(code)
        if predecessor is None:
            result.errors.append((row.number, HEADERS["predecessors"], _(
                "No unit %(code)s that you administer.") % {"code": code}))
            continue
        if predecessor.valid_to is None:
            result.errors.append((row.number, HEADERS["predecessors"], _(
                "%(code)s has not ended: write its last day in its own row.") % {"code": code}))
            continue
        kind = row.values["kind"] or default_kind(codes, code, successors)
        try:
            agencies.agency_succession_add(predecessor=predecessor, successor=unit, kind=kind,
                                           effective_date=predecessor.valid_to + timedelta(days=1))
            result.linked += 1
        except ValidationError as error:
            result.errors.append((row.number, HEADERS["predecessors"], f"{code}: {' '.join(error.messages)}"))


def load_tree(data: bytes, filename: str, *, user, address="") -> LoadResult:
    """Check every row and write them all, or none with every problem listed."""
    if not permissions.can_administer_tree(user):
        raise FileRefused(_("Only an administrator loads units."))
    result = LoadResult()
    rows = _read(data, filename, result)
    codes = {row.values.get("code") for row in rows} | {row.values.get("parent") for row in rows} | {
        code for row in rows for code in row.values.get("predecessors", ())}
    allowed = visible_agency_ids(user)
    # Units outside the administrator's sight are not told apart from units that do not exist (but
    # for a code taken: a code is unique in the country, and the file's row must say so).
    stored = {a.code: a for a in Agency.objects.filter(code__in=codes - {None, ""}, pk__in=allowed)}
    with acting(user, address), transaction.atomic():
        written = {}
        _put_all(_parents_first(rows), user, stored, written, result)
        units = {**stored, **{code: unit for code, unit in written.items() if unit is not None}}
        successors = Counter(code for row in rows for code in row.values.get("predecessors", ()))
        linked = set(AgencySuccession.objects.filter(successor__in=[u for u in written.values() if u is not None])
                     .values_list("successor_id", "predecessor__code"))
        for row in rows:
            unit = written.get(row.values.get("code"))
            if unit is not None:
                _link(row, unit, units, successors, linked, result)
        if result.errors:
            transaction.set_rollback(True)
            result.created = result.changed = result.linked = 0
            result.errors.sort(key=lambda error: error[0])
    return result


def administered_units(user):
    """The units an administrator keeps (`permissions.can_administer_agency`), parents first."""
    if not permissions.can_administer_tree(user):
        return Agency.objects.none()
    return (Agency.objects.for_user(user).filter(depth__gt=user.agency.depth)
            .select_related("parent").order_by("path"))


def _row(unit, links) -> tuple:
    kinds = {link.kind for link in links}
    return (unit.code, unit.name, unit.short_name, unit.parent.code, fmt_date(unit.valid_from),
            fmt_date(unit.valid_to) if unit.valid_to else "", "; ".join(link.predecessor.code for link in links),
            str(SuccessionKind(kinds.pop()).label) if len(kinds) == 1 else "")


def export_rows(user) -> list:
    with translation.override("vi"):  # a Vietnamese document whatever the page's language
        return _export_rows(user)


def _in_file_order(units) -> list:
    """Each unit after its parent, units under one parent by start date then code: the order does
    not depend on when the units were created, so a tree loaded from a file exports as that file."""
    by_pk, keys = {unit.pk: unit for unit in units}, {}

    def key(unit):
        if unit.pk not in keys:
            parent = by_pk.get(unit.parent_id)
            keys[unit.pk] = (key(parent) if parent else (unit.parent.path,)) + ((unit.valid_from, unit.code),)
        return keys[unit.pk]

    return sorted(units, key=key)


def _export_rows(user) -> list:
    units = _in_file_order(list(administered_units(user)))
    links = {}
    for link in (AgencySuccession.objects.filter(successor__in=units, predecessor__in=Agency.objects.for_user(user))
                 .select_related("predecessor").order_by("predecessor__code")):
        links.setdefault(link.successor_id, []).append(link)
    return [_row(unit, links.get(unit.pk, [])) for unit in units]


def export_csv(user) -> bytes:
    return table_csv(COLUMNS, export_rows(user))


def export_xlsx(user) -> bytes:
    return table_xlsx(COLUMNS, export_rows(user), title="Don vi")


def template_csv() -> bytes:
    return table_csv(COLUMNS, EXAMPLE_ROWS)


def template_xlsx() -> bytes:
    return table_xlsx(COLUMNS, EXAMPLE_ROWS, title="Don vi")
