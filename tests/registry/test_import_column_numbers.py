"""A row of column numbers under the header ("(1)", "(2)", "(3)" … as on government forms) is skipped and named as
information, in XLSX and CSV, under a one-row or a two-row header. The rule is strict: a row that is not exactly the
columns' numbers, or not right under the header, is read as data; no worker row ever qualifies (property tests).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lindung.registry.imports.column_numbers import column_number, is_column_number_row
from lindung.registry.imports.messages import describe
from lindung.registry.imports.reader import read_upload
from lindung.registry.imports.validate import ImportContext, Validation, validate_file
from tests.factories import World
from tests.registry.files import EMPLOYER_HEADER, GOOD_ROWS, sheet_csv
from tests.registry.workbooks import openpyxl_book

TODAY = dt.date(2025, 11, 1)
NIKS = ["1271011708900011", "1271015505920012", "1271021212880013"]
STYLES = {"(1)": "({})", "1": "{}", "1)": "{})", "[1]": "[{}]"}


def numbers(style: str, count: int = len(EMPLOYER_HEADER), blank: Sequence[int] = ()) -> list[str]:
    return ["" if n in blank else STYLES[style].format(n) for n in range(1, count + 1)]


def _file(kind: str, rows: Sequence[Sequence[Any] | None], first_column: int = 1) -> tuple[bytes, str]:
    if kind == "csv":
        return sheet_csv(rows), "a.csv"
    return openpyxl_book(rows, first_column=first_column), "a.xlsx"


def _check(world: World, data: bytes, name: str) -> Validation:
    ctx = ImportContext(kind="employer_workers", region=world.medan, user=world.users["coordinator"], today=TODAY)
    return validate_file(data, name, ctx)


def _warnings(result: Validation) -> list[dict[str, Any]]:
    return [i for i in result.file_issues if i["code"] == "column_numbers_row"]


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
@pytest.mark.parametrize("style", list(STYLES))
@pytest.mark.parametrize("title", [False, True], ids=["no title", "title and blank line"])
def test_the_column_number_row_is_skipped_and_named(registry_world: World, kind: str, style: str, title: bool) -> None:
    top: list[Sequence[Any] | None] = [["DAFTAR TENAGA KERJA PT MAJU"], None] if title else []
    header_row = len(top) + 1
    result = _check(registry_world, *_file(kind, [*top, EMPLOYER_HEADER, numbers(style), *GOOD_ROWS]))
    assert result.plan["row"].to_list() == [header_row + 2, header_row + 3, header_row + 4]
    assert result.plan["nik"].to_list() == NIKS
    assert result.counts()["valid_rows"] == 3
    assert result.issues.filter(result.issues["row"] == header_row + 1).is_empty()
    assert _warnings(result) == [{"code": "column_numbers_row", "params": {"row": header_row + 1}, "severity": "info"}]
    assert not result.rejected
    message, _fix = describe("column_numbers_row", {"row": header_row + 1})
    assert f"Baris {header_row + 1} berisi nomor kolom" in message


def test_numbers_typed_as_number_cells_in_excel_are_skipped_and_the_rest_read_as_before(registry_world: World) -> None:
    """Excel users type 1, 2, 3 as numbers: the row is skipped and the dates and wages under it read as usual."""
    births = [dt.date(1990, 8, 17), dt.date(1992, 5, 15), dt.date(1988, 12, 12)]
    rows = [
        [*r[:3], birth, r[4], r[5], 4500000, dt.date(2026, 1, 1), r[8]]
        for r, birth in zip(GOOD_ROWS, births, strict=True)
    ]
    data = openpyxl_book([EMPLOYER_HEADER, list(range(1, 10)), *rows])
    result = _check(registry_world, data, "a.xlsx")
    assert result.plan["row"].to_list() == [3, 4, 5]
    assert result.plan["birth_date"].to_list() == births
    assert result.counts()["valid_rows"] == 3
    assert [w["params"] for w in _warnings(result)] == [{"row": 2}]


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_under_a_two_row_header_the_row_under_both_is_skipped(registry_world: World, kind: str) -> None:
    top = ["NPP", "Data Pekerja", "", "", "Tanggal", "", "Upah", "Program"]
    bottom = ["", "NIK", "Nama", "Jenis kelamin", "Lahir", "Mulai", "Rupiah", ""]
    rows = [[r[0], r[1], r[2], r[4], r[3], r[7], r[6], r[8]] for r in GOOD_ROWS]
    result = _check(registry_world, *_file(kind, [["Daftar Pekerja"], None, top, bottom, numbers("(1)", 8), *rows]))
    assert result.plan["row"].to_list() == [6, 7, 8]
    assert result.plan["nik"].to_list() == NIKS
    assert [w["params"] for w in _warnings(result)] == [{"row": 5}]


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
@pytest.mark.parametrize("blank", [(6,), (6, 9)], ids=["one blank", "two blanks"])
def test_a_few_blank_cells_in_the_number_row_are_allowed(registry_world: World, kind: str, blank: tuple[int]) -> None:
    result = _check(registry_world, *_file(kind, [EMPLOYER_HEADER, numbers("1", blank=blank), *GOOD_ROWS]))
    assert result.plan["row"].to_list() == [3, 4, 5]
    assert [w["params"] for w in _warnings(result)] == [{"row": 2}]


def test_a_list_starting_in_column_b_is_numbered_from_its_first_column(registry_world: World) -> None:
    data = openpyxl_book([EMPLOYER_HEADER, numbers("(1)"), *GOOD_ROWS], first_column=2)
    result = _check(registry_world, data, "a.xlsx")
    assert result.plan["row"].to_list() == [3, 4, 5]
    assert [w["params"] for w in _warnings(result)] == [{"row": 2}]


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
@pytest.mark.parametrize(
    "cells",
    [
        ["1", "2", "3", "5", "4", "6", "7", "8", "9"],  # out of order
        ["0", "1", "2", "3", "4", "5", "6", "7", "8"],  # counted from 0
        ["1", "2", "3", "", "", "", "", "", ""],  # mostly blank
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)", "x"],  # one cell not a number
        ["1.", "2.", "3.", "4.", "5.", "6.", "7.", "8.", "9."],  # a form not recognised
    ],
    ids=["out of order", "from zero", "mostly blank", "one text cell", "dotted"],
)
def test_a_row_that_is_not_exactly_the_column_numbers_is_read_as_data(
    registry_world: World, kind: str, cells: list[str]
) -> None:
    result = _check(registry_world, *_file(kind, [EMPLOYER_HEADER, cells, *GOOD_ROWS]))
    assert _warnings(result) == []
    assert result.plan["row"].to_list() == [2, 3, 4, 5]
    assert not result.issues.filter(result.issues["row"] == 2).is_empty()


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_a_number_row_lower_down_is_not_skipped(registry_world: World, kind: str) -> None:
    """Only the row right under the header is a candidate; a blank row between makes it data."""
    result = _check(registry_world, *_file(kind, [EMPLOYER_HEADER, None, numbers("(1)"), *GOOD_ROWS]))
    assert _warnings(result) == []
    assert result.plan["row"].to_list() == [3, 4, 5, 6]


# Property tests: the rule on its own, against generated rows.

_digits = st.text(alphabet="0123456789", min_size=1, max_size=20)
_nik = st.text(alphabet="0123456789", min_size=16, max_size=16) | st.sampled_from(
    ["1271 0155 0592 0012", "12.7102.121288.0013"]
)
_name = st.text(alphabet=st.characters(categories=["L", "Zs"]) | st.sampled_from("'.-,"), min_size=1, max_size=30)
_date = st.dates(dt.date(1940, 1, 1), dt.date(2030, 12, 31)).flatmap(
    lambda d: st.sampled_from([d.strftime("%d/%m/%Y"), d.strftime("%d-%m-%Y"), d.isoformat(), d.strftime("%d/%m/%y")])
)
_cell = {
    "npp": st.text(alphabet="0123456789", min_size=8, max_size=8) | st.sampled_from(["1", "2", "10"]),
    "nik": _nik,
    "name": _name,
    "birth": _date,
    "sex": st.sampled_from(["L", "P", "Laki-laki", "Perempuan", "l", "p"]),
    "phone": st.sampled_from(["", "0812-3456-7890", "+6281234567890", "081234567890"]),
    "wage": _digits | st.sampled_from(["4.500.000", "Rp 4.500.000", "5", "7"]),
    "start": _date,
    "programs": st.sampled_from(["", "JKK, JKM", "JKK,JKM,JHT", "JP", "6", "9"]),
}


@st.composite
def worker_rows(draw: st.DrawFn) -> tuple[list[str | None], list[int]]:
    """A worker's row as people type it (NIK, name and birth date always there), some other cells blank."""
    cells: list[str | None] = []
    for key, strategy in _cell.items():
        value = draw(strategy)
        blank = key not in ("nik", "name", "birth") and draw(st.booleans())
        cells.append(None if blank or not value.strip() else value)
    first = draw(st.integers(1, 3))
    return cells, list(range(first, first + len(cells)))


@settings(max_examples=300, deadline=None)
@given(worker_rows())
def test_no_worker_row_is_a_column_number_row(row: tuple[list[str | None], list[int]]) -> None:
    cells, columns = row
    assert not is_column_number_row(cells, columns)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.integers(0, 999) | st.none(), min_size=3, max_size=12),
    st.integers(1, 4),
    st.sampled_from(list(STYLES.values())),
)
def test_small_numbers_qualify_only_when_each_is_its_own_column(
    values: list[int | None], first: int, style: str
) -> None:
    """Rows of small numbers (a "No" column, counts): a row qualifies exactly when every number is its column's."""
    cells = [None if v is None else style.format(v) for v in values]
    columns = list(range(first, first + len(cells)))
    exact = all(v is None or v == i + 1 for i, v in enumerate(values))
    filled = sum(v is not None for v in values)
    expected = exact and filled >= 3 and (len(values) - filled) * 4 <= len(values)
    assert is_column_number_row(cells, columns) is expected


@settings(max_examples=100, deadline=None)
@given(worker_rows())
def test_a_worker_row_right_under_the_header_is_always_read(row: tuple[list[str | None], list[int]]) -> None:
    """Through the reader: the generated worker under the header stays, on row 2."""
    cells, _columns = row
    table = read_upload(sheet_csv([EMPLOYER_HEADER, [c or "" for c in cells]]), "a.csv")
    assert table.frame["__row"].to_list() == [2]
    assert table.warnings == []


@pytest.mark.parametrize(
    ("text", "number"), [("(12)", 12), (" 3 ", 3), ("4)", 4), ("[5]", 5), ("(1", None), ("1.5", None)]
)
def test_column_number_forms(text: str, number: int | None) -> None:
    assert column_number(text) == number
