"""Files that spreadsheets open (CSV and XLSX), written so that no text becomes a formula.

A party, an officer or an agency is named by whoever typed it; a name like =HYPERLINK(…) in a
cell would be a live formula in the leader's spreadsheet (OWASP "CSV Injection"). Every text cell
of every file the system writes goes through here:
- CSV: every cell between double quotes (a cell "A,=1+2" of a file with semicolons stays one cell
  in a spreadsheet that splits on commas), and a text beginning with a character that starts a
  formula (= + - @, a tab, a carriage return or a line feed, and their full-width forms) gets a
  leading apostrophe, so that spreadsheets show it as text; numbers are left alone.
- XLSX: every text cell is a text cell (openpyxl makes a string beginning with "=" a formula), and
  one that could be read as a formula carries Excel's quote prefix (the apostrophe kept in the
  cell's style, not in its text).
"""

import csv

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def could_be_formula(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def csv_cell(value):
    """A CSV cell as written: a text that could start a formula behind an apostrophe."""
    if isinstance(value, str) and could_be_formula(value):
        return "'" + value
    return value


class _Writer:
    def __init__(self, writer):
        self._writer = writer

    def writerow(self, row):
        return self._writer.writerow([csv_cell(value) for value in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def csv_writer(stream, **options):
    """csv.writer, every cell quoted and every text cell neutralised (`csv_cell`)."""
    return _Writer(csv.writer(stream, quoting=csv.QUOTE_ALL, **options))


def xlsx_text_only(workbook):
    """Make every text cell of `workbook` text, never a formula (call before saving it)."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
                    if could_be_formula(cell.value):
                        cell.quotePrefix = True
