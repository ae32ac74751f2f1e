"""Every message names the row the user sees: the Excel row number, or the CSV line number, counting blank rows
and titles above the header row (a spreadsheet library skips leading blank rows; the numbers must not).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

import polars as pl
import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lindung.registry.imports.reader import HEADER_SEARCH_ROWS, ROW, read_upload
from lindung.registry.imports.validate import ImportContext, Validation, validate_file
from tests.factories import World
from tests.registry import files
from tests.registry.files import EMPLOYER_HEADER, GOOD_ROWS, row
from tests.registry.workbooks import openpyxl_book

TODAY = dt.date(2025, 11, 1)
TITLE = "Daftar Pekerja PT X"
BAD_DATE = row("1271021212880013", "Tono", "31/02/1988")


def _layout(blank_above: int, title: bool, gap: int) -> list[list[Any] | None]:
    """The rows above the header: ``None`` for a blank row, else the title row."""
    top: list[list[Any] | None] = [None] * blank_above
    if title:
        top += [[TITLE], *[None] * gap]
    return top


def _openpyxl_book(top: Sequence[Sequence[Any] | None], rows: Sequence[Sequence[Any]], styled_blanks: bool) -> bytes:
    """Blank rows as Excel leaves them: no cell at all, or (``styled_blanks``) formatted cells with no value."""
    fill = len(EMPLOYER_HEADER) if styled_blanks else 0
    return openpyxl_book([*top, EMPLOYER_HEADER, *rows], fill_blank_rows=fill)


def _xlsxwriter_book(top: Sequence[Sequence[Any] | None], rows: Sequence[Sequence[Any]]) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
    sheet = book.add_worksheet("Data")
    for r, values in enumerate([*top, EMPLOYER_HEADER, *rows]):
        for c, value in enumerate(values or []):
            if isinstance(value, int):
                sheet.write_number(r, c, value)
            elif value != "":
                sheet.write_string(r, c, value)
    book.close()
    return buffer.getvalue()


def _csv(top: Sequence[Sequence[Any] | None], rows: Sequence[Sequence[str]], newline: str = "\n") -> bytes:
    head = "".join((values[0] if values else "") + newline for values in top)
    return head.encode() + files.csv_bytes(rows).replace(b"\n", newline.encode())


def _check(world: World, data: bytes, name: str) -> Validation:
    ctx = ImportContext(kind="employer_workers", region=world.medan, user=world.users["coordinator"], today=TODAY)
    return validate_file(data, name, ctx)


def _file(kind: str, top: Sequence[Sequence[Any] | None], rows: Sequence[Sequence[Any]]) -> tuple[bytes, str]:
    if kind == "openpyxl":
        return _openpyxl_book(top, rows, styled_blanks=False), "a.xlsx"
    if kind == "openpyxl, formatted blank rows":
        return _openpyxl_book(top, rows, styled_blanks=True), "a.xlsx"
    if kind == "xlsxwriter":
        return _xlsxwriter_book(top, rows), "a.xlsx"
    if kind == "csv, CRLF":
        return _csv(top, rows, "\r\n"), "a.csv"
    return _csv(top, rows), "a.csv"


KINDS = ["openpyxl", "openpyxl, formatted blank rows", "xlsxwriter", "csv", "csv, CRLF"]
LAYOUTS = [
    pytest.param(2, False, 0, id="two blank rows, header on row 3"),
    pytest.param(1, True, 1, id="blank row, title, blank row, header on row 4"),
    pytest.param(3, True, 0, id="three blank rows, title, header on row 5"),
    pytest.param(0, True, 2, id="title, two blank rows, header on row 4"),
]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(("blank_above", "title", "gap"), LAYOUTS)
def test_rows_keep_the_number_the_user_sees_under_blank_rows(
    registry_world: World, kind: str, blank_above: int, title: bool, gap: int
) -> None:
    top = _layout(blank_above, title, gap)
    header_line = len(top) + 1
    data, name = _file(kind, top, [*GOOD_ROWS[:2], BAD_DATE])
    result = _check(registry_world, data, name)
    assert not result.file_issues, result.file_issues
    assert result.plan["row"].to_list() == [header_line + 1, header_line + 2, header_line + 3]
    assert result.issues.filter(pl.col("code") == "date_invalid")["row"].to_list() == [header_line + 3]


@pytest.mark.parametrize(("blank_above", "title", "gap"), LAYOUTS)
def test_a_nik_typed_as_a_number_under_blank_rows_is_found_on_its_row(
    registry_world: World, blank_above: int, title: bool, gap: int
) -> None:
    top = _layout(blank_above, title, gap)
    header_line = len(top) + 1
    numeric_nik = [files.NPP, 1271015505920012, "Sari", "15/05/1992", "P", "", "4500000", "01/01/2026", ""]
    whole_column = _xlsxwriter_book(top, [numeric_nik])  # every NIK a number: the typed read says so
    mixed = _xlsxwriter_book(top, [GOOD_ROWS[0], numeric_nik])  # text and number: found cell by cell
    issues = _check(registry_world, whole_column, "a.xlsx").issues
    assert issues.filter(pl.col("code") == "nik_numeric")["row"].to_list() == [header_line + 1]
    issues = _check(registry_world, mixed, "a.xlsx").issues
    assert issues.filter(pl.col("code") == "nik_numeric")["row"].to_list() == [header_line + 2]


@pytest.mark.parametrize("kind", ["openpyxl", "csv"])
def test_a_file_read_without_a_template_numbers_rows_under_blank_rows(kind: str) -> None:
    """The poverty-decile upload reads the first non-blank row as its header."""
    data, name = _file(kind, [None, None], GOOD_ROWS)
    frame = read_upload(data, name).frame
    assert frame.columns[:3] == [ROW, "NPP", "NIK"]
    assert frame[ROW].to_list() == [4, 5, 6]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    kind=st.sampled_from(KINDS),
    blank_above=st.integers(0, 4),
    title=st.booleans(),
    gap=st.integers(0, 3),
    bad_at=st.integers(0, 2),
    blank_inside=st.booleans(),
)
def test_the_row_of_a_problem_is_its_row_in_the_file(
    registry_world: World, kind: str, blank_above: int, title: bool, gap: int, bad_at: int, blank_inside: bool
) -> None:
    top = _layout(blank_above, title, gap)
    assert len(top) < HEADER_SEARCH_ROWS
    rows: list[list[Any]] = [list(r) for r in GOOD_ROWS]
    rows[bad_at] = BAD_DATE
    if blank_inside:
        rows.insert(1, [""] * len(EMPLOYER_HEADER))
    data, name = _file(kind, top, rows)
    issues = _check(registry_world, data, name).issues
    expected = len(top) + 2 + rows.index(BAD_DATE)
    assert issues.filter(pl.col("code") == "date_invalid")["row"].to_list() == [expected]
