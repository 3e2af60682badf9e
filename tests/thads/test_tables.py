"""Uploaded spreadsheets read whole, within their limits, and every crafted file refused with its
message (thads.tables): the classes a hostile review found, each with a file that caused it."""

import io
import re
import zipfile
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.models import Case, User
from casework import imports
from tests.casework.test_import import HEADERS, row
from tests.rows import rows_a_request_may_write, rows_per_table
from tests.workbooks import rewritten, workbook, workbook_of
from thads import tables

SMALL = tables.Limits(max_bytes=10 * 1024 * 1024, max_rows=100, max_unpacked=5 * 1024 * 1024)


def dimension(ref):
    """The sheet's <dimension> tag made to say `ref`."""
    return lambda xml: re.sub(r'<dimension ref="[^"]*"', f'<dimension ref="{ref}"', xml)


def read(data, name="t.xlsx", limits=SMALL):
    return list(tables.rows(data, name, limits))


def test_every_row_is_read_whatever_the_dimension_tag_says():
    data = workbook([["a", "b"], *([i, f"x{i}"] for i in range(1, 6))])
    lying = rewritten(data, "xl/worksheets/sheet1.xml", dimension("A1:B2"))
    assert '<dimension ref="A1:B2"' in zipfile.ZipFile(io.BytesIO(lying)).read("xl/worksheets/sheet1.xml").decode()
    assert read(lying) == [["a", "b"], *([i, f"x{i}"] for i in range(1, 6))]
    wider = rewritten(data, "xl/worksheets/sheet1.xml", dimension("A1:A1"))
    assert read(wider)[3] == [3, "x3"]  # the columns past the tag's too


@pytest.mark.django_db
def test_an_import_with_a_lying_dimension_tag_imports_every_row(tree, make_user):
    clerk = make_user(tree.province, User.Role.CLERK)
    data = workbook([HEADERS, *(row(tree.unit1, f"{i}/QĐ-DIM") for i in range(1, 6))])
    lying = rewritten(data, "xl/worksheets/sheet1.xml", dimension("A1:S2"))
    result = imports.import_cases(lying, "viec.xlsx", user=clerk, today=date(2026, 11, 22))
    assert (result.errors, result.rows, result.created) == ([], 5, 5)
    assert Case.objects.filter(decision_number__endswith="/QĐ-DIM").count() == 5


def test_reading_stops_at_the_first_row_past_the_limit():
    data = workbook([[f"r{i}"] for i in range(5000)])
    seen = 0
    with pytest.raises(tables.TableRefused, match="100"):
        for _row in tables.rows(data, "t.xlsx", SMALL):
            seen += 1
    assert seen == SMALL.max_rows + 1  # the headers and the rows allowed, not one more read
    with pytest.raises(tables.TableRefused):
        read(("\n".join(f"r{i}" for i in range(5000))).encode(), "t.csv")
    # Empty rows count too: a file of empty lines ends.
    with pytest.raises(tables.TableRefused):
        read(b"\n" * (SMALL.max_lines + 10), "t.csv")
    # One row far down the sheet (openpyxl gives every row above it, empty).
    far = rewritten(workbook([["a"]]), "xl/worksheets/sheet1.xml",
                    lambda xml: xml.replace('r="1"', 'r="1048576"').replace('"A1"', '"A1048576"'))
    with pytest.raises(tables.TableRefused):
        read(far)


def test_a_workbook_that_unpacks_past_the_limit_is_refused_before_it_is_parsed():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (6 * 1024 * 1024))  # 6 MB in a few kB
    assert len(out.getvalue()) < 100_000
    with pytest.raises(tables.TableRefused, match="5 MB"):
        read(out.getvalue())


ENTITIES = '<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">' \
           '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>'


@pytest.mark.parametrize("part, change", [
    # Entity expansion (billion laughs), in the shared strings and in the sheet.
    ("xl/sharedStrings.xml", lambda xml: ENTITIES + xml.split("?>", 1)[1].replace("<t>a</t>", "<t>&d;</t>")),
    ("xl/worksheets/sheet1.xml", lambda xml: ENTITIES.replace("sst", "worksheet") + xml.split("?>", 1)[1]),
    # An entity never declared.
    ("xl/sharedStrings.xml", lambda xml: xml.replace("<t>a</t>", "<t>&undefined;</t>")),
    # A cell pointing at a shared string the workbook lacks.
    ("xl/worksheets/sheet1.xml", lambda xml: re.sub(r'(t="s"[^>]*><v>)0(</v>)', r"\g<1>999\2", xml)),
    # Broken XML.
    ("xl/worksheets/sheet1.xml", lambda xml: xml.replace("</sheetData>", "")),
    ("xl/workbook.xml", lambda xml: xml[:40]),
])
def test_a_crafted_workbook_is_refused_with_the_files_message(part, change):
    data = rewritten(workbook([["a", "b"], ["c", "d"]]), part, change)
    with pytest.raises(tables.TableRefused, match="xlsx"):
        read(data)


def test_crafted_csv_files():
    assert read(b"h1;h2\rv1;v2\rv3;v4", "t.csv") == [["h1", "h2"], ["v1", "v2"], ["v3", "v4"]]  # CR line ends
    assert read(b"h1;h2\r\nv1;v2\n", "t.csv") == [["h1", "h2"], ["v1", "v2"]]
    with pytest.raises(tables.TableRefused) as refused:
        read(b"h1;h2\nv1;" + b"x" * 200_000 + b"\n", "t.csv")  # past the csv module's field limit
    assert refused.value.row == 2
    with pytest.raises(tables.TableRefused) as refused:
        read(b"h1;h2\nv1;v2\nv\x00;x\n", "t.csv")
    assert refused.value.row == 3 and "NUL" in str(refused.value)
    with pytest.raises(tables.TableRefused, match="UTF-8"):
        read(b"h1;h2\n\xd0\xf4ng;x\n", "t.csv")  # Windows-1258, not UTF-8
    with pytest.raises(tables.TableRefused, match="xlsx"):
        read(b"%PDF-1.4", "t.pdf")
    with pytest.raises(tables.TableRefused, match="xlsx"):
        read(b"not a zip", "t.xlsx")


CRAFTED = {
    "entities.xlsx": rewritten(workbook([HEADERS, ["a"]]), "xl/sharedStrings.xml",
                               lambda xml: ENTITIES + xml.split("?>", 1)[1].replace("<t>a</t>", "<t>&d;</t>")),
    "undefined.xlsx": rewritten(workbook([HEADERS, ["a"]]), "xl/sharedStrings.xml",
                                lambda xml: xml.replace("<t>a</t>", "<t>&nope;</t>")),
    "index.xlsx": rewritten(workbook([HEADERS, ["a"]]), "xl/worksheets/sheet1.xml",
                            lambda xml: re.sub(r'(t="s"[^>]*><v>)0(</v>)', r"\g<1>9999\2", xml)),
    "long.csv": (";".join(HEADERS) + "\n" + "x" * 200_000 + "\n").encode(),
    "nul.csv": (";".join(HEADERS) + "\nP1\x00;x\n").encode(),
    "latin.csv": ";".join(HEADERS).encode() + b"\n\xd0\xf4ng\n",
    "quotes.csv": (";".join(HEADERS) + '\n"open quote and ' + "y" * 200_000).encode(),
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(CRAFTED))
@pytest.mark.parametrize("what", ["cases", "events"])
def test_crafted_files_through_the_import_page(client, tree, make_user, name, what):
    client.force_login(make_user(tree.province, User.Role.CLERK))
    before = rows_per_table(skip=rows_a_request_may_write())
    response = client.post(reverse("case_import"), {"what": what, "file": SimpleUploadedFile(name, CRAFTED[name])})
    assert response.status_code == 200
    assert response.context["form"].errors["file"]  # said next to the file
    assert rows_per_table(skip=rows_a_request_may_write()) == before


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["long.csv", "nul.csv", "latin.csv", "quotes.csv"])
def test_crafted_files_through_the_targets_page(client, tree, make_user, name):
    client.force_login(make_user(tree.province, User.Role.LEADERSHIP))
    before = rows_per_table(skip=rows_a_request_may_write())
    response = client.post(reverse("targets"), {"file": SimpleUploadedFile(name, CRAFTED[name])})
    assert response.status_code == 200 and response.context["upload_errors"]
    assert rows_per_table(skip=rows_a_request_may_write()) == before


def sheet_of(rows_xml: str) -> bytes:
    return workbook_of(rows_xml)


def test_a_cell_far_to_the_right_is_refused_not_padded():
    """One cell in the sheet's last column made openpyxl pad every row to 16.384 values (a 27 kB
    file took 700 MB): a cell past the limit's columns is refused at its row."""
    data = sheet_of("".join(f'<row r="{i}"><c r="A{i}"><v>1</v></c><c r="XFD{i}"><v>1</v></c></row>'
                            for i in range(1, 5000)))
    with pytest.raises(tables.TableRefused, match="100") as refused:
        read(data, limits=tables.Limits(max_bytes=10**7, max_rows=10**6, max_unpacked=10**8))
    assert refused.value.row == 1


@pytest.mark.parametrize("rows_xml", [
    '<row r="1"><c r="A1"><v>1</v></c></row><row r="3"><c r="A3"><v>3</v></c></row>'
    '<row r="2"><c r="A2"><v>2</v></c></row>',  # a row written after a later one
    '<row r="1"><c r="A1"><v>1</v></c></row><row r="1"><c r="A1"><v>2</v></c></row>',  # the same row twice
    '<row r="1"><c r="B1"><v>2</v></c><c r="A1"><v>1</v></c></row>',  # cells out of order
])
def test_rows_or_cells_out_of_order_are_refused_not_dropped(rows_xml):
    """openpyxl's read-only rows dropped them without a word (an import would have lost rows)."""
    with pytest.raises(tables.TableRefused):
        read(sheet_of(rows_xml))


def test_rows_left_out_of_the_sheet_are_empty_rows():
    assert read(sheet_of('<row r="1"><c r="A1"><v>1</v></c></row><row r="4"><c r="B4"><v>4</v></c></row>')) == [
        [1], [], [], [None, 4]]


def test_the_parts_read_whole_are_kept_small():
    """The shared strings and the other parts are read whole before the first row."""
    for part, size in (("xl/sharedStrings.xml", tables.XLSX_SHARED_STRINGS_MAX + 1),
                       ("xl/styles.xml", tables.XLSX_OTHER_PART_MAX + 1)):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(part, b" " * size)
        with pytest.raises(tables.TableRefused, match="MB"):
            read(out.getvalue(), limits=tables.Limits(max_bytes=10**7, max_rows=10, max_unpacked=10**9))


def test_a_workbook_is_judged_small_by_its_directory_alone(monkeypatch):
    """Deciding to import during the upload reads nothing of a workbook (its shared strings are
    read whole first: a 76 kB file of them took 35 s in the request)."""
    small = workbook([["a"], ["b"]])
    big = rewritten(small, "xl/sharedStrings.xml", lambda xml: xml.replace("<t>a</t>", "<t>" + "a" * 4_000_000 + "</t>"))

    def never(*args, **kwargs):
        raise AssertionError("parsed")

    monkeypatch.setattr("openpyxl.load_workbook", never)
    assert tables.small(small, "t.xlsx", SMALL, most_rows=10, xlsx_bytes=3 * 1024 * 1024)
    assert not tables.small(big, "t.xlsx", SMALL, most_rows=10, xlsx_bytes=3 * 1024 * 1024)


def test_the_time_limit_is_not_taken_for_a_broken_file(monkeypatch):
    """A worker's soft time limit, raised in the middle of reading, ends the job as such, not as an
    unreadable workbook."""
    from celery.exceptions import SoftTimeLimitExceeded
    from openpyxl.worksheet import _reader

    def out_of_time(self):
        raise SoftTimeLimitExceeded()
        yield

    monkeypatch.setattr(_reader.WorkSheetParser, "parse", out_of_time)
    with pytest.raises(SoftTimeLimitExceeded):
        read(workbook([["a"]]))
