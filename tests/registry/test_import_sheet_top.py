"""A workbook under a title is read once: its header row is found from the sheet's top rows, not a whole read.

The top rows come from the start of the sheet's XML and only as much of the shared-string table as they use,
so they must read as fastexcel would: shared strings wherever they sit in the table (a title typed in last is
at its end), rich text in runs, inline strings, cells that skip columns.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from typing import Any

import fastexcel
import pytest
import xlsxwriter

from lindung.registry.imports.reader import HEADER_SEARCH_ROWS, ROW, FileRejected, check_cell_references, read_upload
from lindung.registry.imports.sheet_top import sheet_top
from tests.registry.files import EMPLOYER_HEADER, GOOD_ROWS
from tests.registry.workbooks import openpyxl_book

TITLE = "Daftar Pekerja PT X"


def _fit(cells: list[str] | Any) -> tuple[bool, int]:
    named = sum(c in EMPLOYER_HEADER for c in cells)
    return named == len(EMPLOYER_HEADER), named


def _xlsxwriter_book(write: Callable[[Any, Any], None]) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    write(book, book.add_worksheet("Data"))
    book.close()
    return buffer.getvalue()


def _title_typed_last(book: Any, sheet: Any) -> None:
    """The data first, then the header and the title: their strings are last in the shared-string table."""
    for r, values in enumerate(GOOD_ROWS, start=4):
        sheet.write_row(r, 1, values)  # from column B
    sheet.write_row(3, 1, EMPLOYER_HEADER)
    sheet.merge_range(0, 1, 0, len(EMPLOYER_HEADER), TITLE)


def _rich_text(book: Any, sheet: Any) -> None:
    bold = book.add_format({"bold": True})
    sheet.write_rich_string(0, 0, bold, "Daftar ", "Pekerja & Upah <2026>")
    sheet.write_row(2, 0, EMPLOYER_HEADER)
    sheet.write_rich_string(2, 2, bold, "Nama", " lengkap")
    for r, values in enumerate(GOOD_ROWS, start=3):
        sheet.write_row(r, 0, values)


@pytest.mark.parametrize(
    ("data", "header_row", "title"),
    [
        pytest.param(_xlsxwriter_book(_title_typed_last), 3, TITLE, id="title and header last in the string table"),
        pytest.param(_xlsxwriter_book(_rich_text), 2, "Daftar Pekerja & Upah <2026>", id="rich text, escaped XML"),
        pytest.param(openpyxl_book([[TITLE], None, EMPLOYER_HEADER, *GOOD_ROWS]), 2, TITLE, id="openpyxl"),
    ],
)
def test_the_top_rows_read_as_the_sheet_holds_them(data: bytes, header_row: int, title: str) -> None:
    top = sheet_top(data, HEADER_SEARCH_ROWS)
    assert top is not None
    assert len(top.rows) == HEADER_SEARCH_ROWS
    assert [c for c in top.rows[0] if c] == [title]
    assert [c for c in top.rows[header_row] if c] == EMPLOYER_HEADER
    assert [c for c in top.rows[header_row + 1] if c] == [v for v in GOOD_ROWS[0] if v]
    table = read_upload(data, "a.xlsx", header_fit=_fit)
    assert table.header_row == header_row
    assert table.frame[ROW].to_list() == [header_row + 2, header_row + 3, header_row + 4]
    assert table.frame["Nama lengkap"].to_list() == [r[2] for r in GOOD_ROWS]


def test_the_first_row_holding_a_value_may_lie_below_the_top_rows() -> None:
    """Blank rows past the search limit, then the header: rows still carry their sheet numbers."""
    data = openpyxl_book([*[None] * (HEADER_SEARCH_ROWS + 2), EMPLOYER_HEADER, *GOOD_ROWS], fill_blank_rows=3)
    top = sheet_top(data, HEADER_SEARCH_ROWS)
    assert top is not None
    assert top.first_filled == HEADER_SEARCH_ROWS + 2
    assert read_upload(data, "a.xlsx", header_fit=_fit).frame[ROW].to_list()[0] == HEADER_SEARCH_ROWS + 4


@pytest.mark.parametrize("above", [0, 2, 5])
def test_a_workbook_is_read_once_with_or_without_a_title(monkeypatch: pytest.MonkeyPatch, above: int) -> None:
    loads: list[Any] = []
    load_sheet = fastexcel.ExcelReader.load_sheet

    def counted(self: fastexcel.ExcelReader, *args: Any, **kwargs: Any) -> Any:
        loads.append(kwargs.get("header_row"))
        return load_sheet(self, *args, **kwargs)

    monkeypatch.setattr(fastexcel.ExcelReader, "load_sheet", counted)
    top = [[TITLE], *[None] * (above - 1)] if above else []
    table = read_upload(openpyxl_book([*top, EMPLOYER_HEADER, *GOOD_ROWS]), "a.xlsx", header_fit=_fit)
    assert loads == [above]
    assert table.frame[ROW].to_list()[0] == above + 2


def _crafted_sheet(old: bytes, new: bytes, pad: int = 0, source: bytes | None = None) -> bytes:
    """The good workbook (or ``source``) with ``old`` replaced by ``new`` once in its sheet's XML (after ``pad``
    bytes of whitespace at the start of the sheet data, so a reference can straddle the reader's 1 MB blocks)."""
    source = source or openpyxl_book([EMPLOYER_HEADER, *GOOD_ROWS])
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as original, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for item in original.infolist():
            content = original.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                assert old in content
                content = content.replace(b"<sheetData>", b"<sheetData>" + b" " * pad, 1).replace(old, new, 1)
            out.writestr(item, content)
    return buffer.getvalue()


def _crafted(reference: bytes, pad: int = 0) -> bytes:
    """The good workbook with its first cell's reference replaced."""
    return _crafted_sheet(b'r="A1"', b'r="' + reference + b'"', pad)


def test_a_cell_reference_past_the_last_column_is_refused_not_allocated() -> None:
    """A crafted reference (column ZZZZZZZZZZ) must not size a row of 26^10 cells in the top-row search."""
    assert sheet_top(_crafted(b"ZZZZZZZZZZ1"), HEADER_SEARCH_ROWS) is None


@pytest.mark.parametrize(
    ("reference", "pad"),
    [
        (b"ZZZZZZZZZZ1", 0),  # calamine sized 26^10 columns from it and aborted the process
        (b"XFE1", 0),  # one past Excel's last column
        (b"A1048577", 0),  # one past Excel's last row
        (b"Z" * 300 + b"1", (1 << 20) - 120),  # cut across the reader's first 1 MB block
    ],
)
def test_a_workbook_naming_a_cell_excel_cannot_have_is_refused_before_fastexcel_reads_it(
    reference: bytes, pad: int
) -> None:
    with pytest.raises(FileRejected) as refused:
        read_upload(_crafted(reference, pad), "a.xlsx", header_fit=_fit)
    assert refused.value.code == "xlsx_corrupt"


@pytest.mark.parametrize("reference", [b"A1", b"XFD1", b"A1048576"])
def test_references_up_to_excels_last_column_and_row_are_read(reference: bytes) -> None:
    check_cell_references(_crafted(reference))  # nothing refused


@pytest.mark.parametrize(
    ("old", "new"), [(b'<dimension ref="A1:', b'<dimension ref="A1:ZZZZ'), (b'<row r="2"', b'<row r="99999999"')]
)
def test_a_range_or_row_past_excels_limits_is_refused(old: bytes, new: bytes) -> None:
    with pytest.raises(FileRejected):
        check_cell_references(_crafted_sheet(old, new))


@pytest.mark.parametrize("above", [0, 2, 5])
def test_a_sheet_pythons_parser_refuses_still_has_its_header_found_under_the_title(above: int) -> None:
    """A control character (``&#1;``, written by some exporters) stops expat, not calamine: the top rows are
    then read through calamine, and the header is still found under the title, rows keeping their numbers."""
    top = [[TITLE], *[None] * (above - 1)] if above else []
    source = openpyxl_book([*top, EMPLOYER_HEADER, *GOOD_ROWS])
    data = _crafted_sheet(b"<t>Budi Santoso</t>", b"<t>Budi Santoso&#1;</t>", source=source)
    assert sheet_top(data, HEADER_SEARCH_ROWS) is None
    table = read_upload(data, "a.xlsx", header_fit=_fit)
    assert table.header_row == above
    assert table.frame[ROW].to_list() == [above + 2, above + 3, above + 4]
    assert table.frame["NIK"].to_list() == [r[1] for r in GOOD_ROWS]
