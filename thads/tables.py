"""Reading the rows of an uploaded spreadsheet (CSV or XLSX): streamed, within limits, and every
problem of the file said in a sentence (TableRefused), never a server error.

- Every row is read, whatever an XLSX's `<dimension>` tag says (openpyxl's read-only sheets stop
  where it says: a workbook whose tag understated its rows lost the rest without a word), and a
  row or a cell written out of order, which those sheets dropped, is refused.
- The limits hold while reading: the file's size before anything, an XLSX's unpacked sizes from
  its directory before parsing, and the rows and their columns as they come: reading stops at the
  first row past the limit (a 1,7 MB workbook of 600.000 rows kept a worker busy five minutes
  before it was refused).
- A workbook declaring XML entities is refused (defusedxml, through openpyxl), as is one whose
  cells point at shared strings it lacks; a CSV in another encoding than UTF-8, with a cell longer
  than the csv module reads, or holding a NUL; a CSV with only CR line ends reads as any other.
"""

import csv
import io
import re
import zipfile
from contextlib import closing
from dataclasses import dataclass

from celery.exceptions import SoftTimeLimitExceeded
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class TableRefused(Exception):
    """The file as a whole cannot be read: its type, its size, its contents. The message says why;
    `row`, where one row is at fault."""

    def __init__(self, message, row=None):
        super().__init__(message)
        self.row = row


@dataclass(frozen=True)
class Limits:
    max_bytes: int       # the file as uploaded
    max_rows: int        # rows holding something, after the first (the headers)
    max_unpacked: int    # an XLSX's parts once unpacked, as its directory declares them
    max_columns: int = 100  # a row's cells: the templates have 19 columns at most

    @property
    def max_lines(self) -> int:
        """Rows read at all, empty ones included: reading a file of empty lines must end too."""
        return 2 * self.max_rows + 1000


XLSX_MAX_PARTS = 10_000

NUL_IN_ROW = gettext_lazy("Row %(row)s holds a NUL character, which no text may contain: save the file again from the "
                          "spreadsheet and try again.")


def kind_of(data: bytes, filename: str, limits: Limits) -> str:
    """"csv" or "xlsx"; refuses a file too large or of another type."""
    if len(data) > limits.max_bytes:
        raise TableRefused(_("The file is larger than %(mb)s MB.") % {"mb": limits.max_bytes // (1024 * 1024)})
    name = filename.lower()
    for kind in ("csv", "xlsx"):
        if name.endswith(f".{kind}"):
            return kind
    raise TableRefused(_("Only .xlsx and .csv files can be imported."))


def rows(data: bytes, filename: str, limits: Limits, sheet: int = 0):
    """The rows of the file (of an XLSX, its first sheet, or the one numbered `sheet`) as lists of
    cells (strings, numbers, dates or None), one at a time. Raises TableRefused at the first problem."""
    if kind_of(data, filename, limits) == "csv":
        source = _csv_rows(data)
    else:
        source = _xlsx_rows(data, limits, sheet)
    filled = lines = 0
    for row in source:
        lines += 1
        if any(not _blank(cell) for cell in row):
            filled += 1
        if filled > limits.max_rows + 1 or lines > limits.max_lines:
            raise TableRefused(_("The file has more than %(n)s rows: split it.") % {
                "n": f"{limits.max_rows:,}".replace(",", ".")})
        for cell in row:
            if isinstance(cell, str) and "\x00" in cell:  # no text column of the database may hold one
                raise TableRefused(NUL_IN_ROW % {"row": lines}, row=lines)
        yield row


def cell_text(value) -> str:
    """A cell as text: a spreadsheet's whole numbers without ".0", nothing for an empty cell."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _blank(cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def small(data: bytes, filename: str, limits: Limits, *, most_rows: int, xlsx_bytes: int) -> bool:
    """Whether the file is small enough to read at once (during a request): a CSV of at most
    `most_rows` rows after the first, read no further than that; a workbook whose sheets and shared
    strings unpack to at most `xlsx_bytes`, known from its directory without parsing anything
    (a workbook's rows are known only once read, its `<dimension>` tag may say anything, and its
    shared strings are read whole before its first row)."""
    if kind_of(data, filename, limits) == "xlsx":
        return sum(part.file_size for part in _directory(data, limits)
                   if part.filename.startswith(("xl/worksheets/", "xl/sharedStrings"))) <= xlsx_bytes
    with closing(rows(data, filename, limits)) as read:
        for number, _row in enumerate(read):
            if number > most_rows:
                return False
    return True


# --- CSV --------------------------------------------------------------------------------------


def _csv_rows(data: bytes):
    head = data[:65536].decode("utf-8-sig", errors="ignore")
    first = re.match(r"[^\r\n]*", head).group()
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    # Decoded as read, and split on any line end (\n, \r\n, or \r alone: newline="").
    text = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline="")
    reader = csv.reader(text, delimiter=delimiter)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except UnicodeDecodeError:
            raise TableRefused(_("The CSV file is not in UTF-8: save it as “CSV UTF-8” and try again.")) from None
        except csv.Error:
            raise TableRefused(_("Row %(row)s cannot be read: a cell longer than %(limit)s characters, or quotes that "
                                 "do not close.") % {"row": reader.line_num,
                                                     "limit": f"{csv.field_size_limit():,}".replace(",", ".")},
                               row=reader.line_num) from None
        yield row


# --- XLSX -------------------------------------------------------------------------------------

UNREADABLE = gettext_lazy("The file is not a readable .xlsx workbook.")
# The shared strings are read whole before the first row, every other part (the workbook, its
# styles) at once too: each is kept to what a real workbook of the largest import holds.
XLSX_SHARED_STRINGS_MAX = 100 * 1024 * 1024
XLSX_OTHER_PART_MAX = 20 * 1024 * 1024


def _too_large(message, mb):
    return TableRefused(message % {"mb": mb // (1024 * 1024)})


def _directory(data: bytes, limits: Limits) -> list:
    """The parts of the workbook, refused when they would unpack past the limits. A zip member's
    declared size bounds what reading it yields (zipfile stops there), so these are the unpacked
    sizes, not estimates of them."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise TableRefused(str(UNREADABLE)) from None
    too_large = _("The workbook unpacks to more than %(mb)s MB: split it.")
    if len(parts) > XLSX_MAX_PARTS or sum(part.file_size for part in parts) > limits.max_unpacked:
        raise _too_large(too_large, limits.max_unpacked)
    for part in parts:
        if part.filename.startswith("xl/sharedStrings") and part.file_size > XLSX_SHARED_STRINGS_MAX:
            raise _too_large(too_large, XLSX_SHARED_STRINGS_MAX)
        if not part.filename.startswith(("xl/worksheets/", "xl/sharedStrings")) and part.file_size > XLSX_OTHER_PART_MAX:
            raise _too_large(too_large, XLSX_OTHER_PART_MAX)
    return parts


def _xlsx_rows(data: bytes, limits: Limits, index: int = 0):
    from openpyxl import load_workbook

    _directory(data, limits)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except SoftTimeLimitExceeded:
        raise
    except Exception:  # noqa: BLE001 - whatever a crafted workbook makes openpyxl raise
        raise TableRefused(str(UNREADABLE)) from None
    if index >= len(book.worksheets):
        book.close()
        raise TableRefused(_("The workbook has no sheet %(n)s.") % {"n": index + 1})
    try:
        sheet = book.worksheets[index]
    except SoftTimeLimitExceeded:
        raise
    except Exception:  # noqa: BLE001 - whatever a crafted workbook makes openpyxl raise
        raise TableRefused(str(UNREADABLE)) from None
    try:
        cells = _sheet_rows(book, sheet, limits)
        while True:
            try:
                row = next(cells, None)
            except (TableRefused, SoftTimeLimitExceeded):
                raise
            except Exception:  # noqa: BLE001 - entities, a missing shared string, broken XML
                raise TableRefused(str(UNREADABLE)) from None
            if row is None:
                return
            yield row
    finally:
        book.close()


def _sheet_rows(book, sheet, limits: Limits):
    """The sheet's rows as lists of values, every one of them: not openpyxl's read-only rows, which
    stop where the `<dimension>` tag says, drop a row or a cell written out of order, and pad every
    row to its widest cell (one cell in the last column made each row 16.384 values)."""
    from openpyxl.worksheet._reader import WorkSheetParser

    last = 0
    # openpyxl's own row parser (3.1, pinned), as its read-only sheets use it.
    with sheet._get_source() as source:
        parser = WorkSheetParser(source, sheet._shared_strings, data_only=True, epoch=book.epoch,
                                 date_formats=book._date_formats, timedelta_formats=book._timedelta_formats)
        for index, cells in parser.parse():
            if index <= last:
                raise TableRefused(_("Row %(row)s of the workbook comes after row %(last)s: save it again from the "
                                     "spreadsheet and try again.") % {"row": index, "last": last}, row=index)
            yield from ([] for _ in range(last + 1, index))  # rows the sheet leaves out are empty
            last = index
            columns = [cell["column"] for cell in cells]
            if columns != sorted(set(columns)):
                raise TableRefused(_("The cells of row %(row)s are out of order: save the workbook again from the "
                                     "spreadsheet and try again.") % {"row": index}, row=index)
            if columns and columns[-1] > limits.max_columns:
                raise TableRefused(_("Row %(row)s has a cell past column %(n)s: remove the columns the template does not "
                                     "have.") % {"row": index, "n": limits.max_columns}, row=index)
            row = [None] * (columns[-1] if columns else 0)
            for cell in cells:
                row[cell["column"] - 1] = cell["value"]
            yield row
