"""Reading the rows of an uploaded spreadsheet (CSV or XLSX): streamed, within limits, and every
problem of the file said in a sentence (TableRefused), never a server error.

- Every row is read, whatever an XLSX's `<dimension>` tag says (openpyxl's read-only sheets stop
  where it says: a workbook whose tag understated its rows lost the rest without a word).
- The limits hold while reading: the file's size before anything, an XLSX's unpacked size from its
  directory before parsing, and the rows as they come: reading stops at the first row past the
  limit (a 1,7 MB workbook of 600.000 rows kept a worker busy five minutes before it was refused).
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


def rows(data: bytes, filename: str, limits: Limits):
    """The rows of the file (of an XLSX, its first sheet) as lists of cells (strings, numbers,
    dates or None), one at a time. Raises TableRefused at the first problem."""
    if kind_of(data, filename, limits) == "csv":
        source = _csv_rows(data)
    else:
        source = _xlsx_rows(data, limits)
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


def rows_beyond(data: bytes, filename: str, limits: Limits, count: int) -> bool:
    """Whether the file holds more than `count` rows after the first, reading no further than
    that: a workbook's rows are known only once read, and its `<dimension>` tag may say anything."""
    with closing(rows(data, filename, limits)) as read:
        for number, _row in enumerate(read):
            if number > count:
                return True
    return False


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


def _directory(data: bytes, limits: Limits) -> list:
    """The parts of the workbook, refused when they would unpack past the limit."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise TableRefused(str(UNREADABLE)) from None
    if len(parts) > XLSX_MAX_PARTS or sum(part.file_size for part in parts) > limits.max_unpacked:
        # A zip member's declared size bounds what reading it yields (zipfile stops there), so this
        # check is the unpacked size, not an estimate of it.
        raise TableRefused(_("The workbook unpacks to more than %(mb)s MB: split it.") % {
            "mb": limits.max_unpacked // (1024 * 1024)})
    return parts


def _xlsx_rows(data: bytes, limits: Limits):
    from openpyxl import load_workbook

    _directory(data, limits)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - whatever a crafted workbook makes openpyxl raise
        raise TableRefused(str(UNREADABLE)) from None
    try:
        sheets = book.worksheets
        if not sheets:
            raise TableRefused(str(UNREADABLE))
        sheet = sheets[0]
        if hasattr(sheet, "reset_dimensions"):
            sheet.reset_dimensions()  # read every row there is, not the rows the tag claims
        cells = sheet.iter_rows(values_only=True)
        while True:
            try:
                row = next(cells)
            except StopIteration:
                return
            except TableRefused:
                raise
            except Exception:  # noqa: BLE001 - entities, a missing shared string, broken XML
                raise TableRefused(str(UNREADABLE)) from None
            yield list(row)
    finally:
        book.close()
