"""Workbooks made by hand for the tests and the benchmarks: as Excel writes them (texts in the
shared strings, cells pointing at them), and then broken on purpose (`rewritten`)."""

import io
import zipfile
from xml.sax.saxutils import escape

from openpyxl.utils import get_column_letter

MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def workbook_of(sheet_rows: str, strings=(), last="A1") -> bytes:
    """A workbook of one sheet whose rows are `sheet_rows` (XML), with `strings` shared."""
    parts = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.'
        'xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override '
        'PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
        'worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        f'package/2006/relationships"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/>'
        '</Relationships>',
        "xl/workbook.xml": f'<?xml version="1.0" encoding="UTF-8"?><workbook {MAIN} xmlns:r="{REL}"><sheets><sheet '
        'name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        f'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/worksheet" Target='
        f'"worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
        '</Relationships>',
        "xl/worksheets/sheet1.xml": f'<?xml version="1.0" encoding="UTF-8"?><worksheet {MAIN}><dimension ref="A1:{last}"/>'
        f"<sheetData>{sheet_rows}</sheetData></worksheet>",
        "xl/sharedStrings.xml": f'<?xml version="1.0" encoding="UTF-8"?><sst {MAIN} count="{len(strings)}" uniqueCount='
        f'"{len(strings)}">{"".join(f"<si><t>{escape(text)}</t></si>" for text in strings)}</sst>',
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


def workbook(rows) -> bytes:
    """A workbook of `rows` (lists of texts and numbers), as Excel writes one (openpyxl writes its
    texts inline)."""
    strings, sheet_rows = [], []
    for r, values in enumerate(rows, start=1):
        cells = []
        for c, value in enumerate(values):
            ref = f"{get_column_letter(c + 1)}{r}"
            if isinstance(value, str):
                if value not in strings:
                    strings.append(value)
                cells.append(f'<c r="{ref}" t="s"><v>{strings.index(value)}</v></c>')
            elif value is not None:
                cells.append(f'<c r="{ref}"><v>{value}</v></c>')
        sheet_rows.append(f'<row r="{r}">{"".join(cells)}</row>')
    last = f"{get_column_letter(max((len(v) for v in rows), default=1))}{len(rows)}"
    return workbook_of("".join(sheet_rows), strings, last)


def rewritten(data: bytes, part: str, change) -> bytes:
    """The workbook with one part's XML changed by `change` (text -> text)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == part:
                content = change(content.decode()).encode()
            target.writestr(info.filename, content)
    return out.getvalue()


def printed_relations_checked(book) -> int:
    """Check, on every row of figures of every sheet of a period report, each relation printed
    under a column number ("(7)=(8)+(11)+(13)") against the numbers beside it (rates aside; a blank
    cell, a same period without data, is left out of its relation). Returns how many were checked."""
    import re

    checked = 0
    for sheet in book.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        label_row = next(i for i, row in enumerate(rows) if any(re.fullmatch(r"\(1\)(=.*)?", str(c or "")) for c in row))
        where, relations = {}, {}
        for column, text in enumerate(rows[label_row]):
            match = re.fullmatch(r"\((\d+)\)(?:=(.*))?", str(text or ""))
            if match:
                where[int(match[1])] = column
                if match[2] and ":" not in match[2]:
                    relations[int(match[1])] = re.findall(r"([+−]?)\((\d+)\)", match[2])
        assert len(relations) >= (3 if sheet.title == "Theo dõi THAHC" else 7), sheet.title
        for row in rows[label_row + 1:]:
            if not isinstance(row[where[1]], int):
                continue  # not a row of figures
            for n, parts in relations.items():
                cells = [row[where[int(part)]] for _sign, part in parts]
                if all(isinstance(cell, int) for cell in cells) and isinstance(row[where[n]], int):
                    total = sum((-1 if sign == "−" else 1) * cell for (sign, _part), cell in zip(parts, cells, strict=True))
                    assert row[where[n]] == total, (sheet.title, n, parts, row)
                    checked += 1
    return checked



def sheet_values(data: bytes, index=0) -> list:
    """The cells of one sheet of a workbook, row by row (None for an empty cell)."""
    import io

    from openpyxl import load_workbook

    return [list(row) for row in load_workbook(io.BytesIO(data)).worksheets[index].iter_rows(values_only=True)]
