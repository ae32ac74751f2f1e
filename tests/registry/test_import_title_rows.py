"""A worker list whose header row sits under a title ("Daftar Pekerja PT X", merged cells) and a blank row.

The header is looked for in the first ``HEADER_SEARCH_ROWS`` rows; rows are numbered as in the spreadsheet, so a
problem still names the row the user sees. Without a header there, the message lists the expected columns.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import polars as pl
import pytest

from lindung.registry.imports.messages import describe
from lindung.registry.imports.reader import HEADER_SEARCH_ROWS
from lindung.registry.imports.validate import ImportContext, Validation, validate_file
from tests.factories import World
from tests.registry import files
from tests.registry.files import EMPLOYER_HEADER, GOOD_ROWS, row
from tests.registry.workbooks import openpyxl_book

TODAY = dt.date(2025, 11, 1)
TITLE = "Daftar Pekerja PT X"


def _titled_workbook(
    rows: Sequence[Sequence[Any]], *, above: int = 2, header: Sequence[str] = EMPLOYER_HEADER
) -> bytes:
    """Row 1: the title merged across the columns; blank rows to row ``above``; then the header and data."""
    top: list[Sequence[Any] | None] = [[TITLE], *[None] * (above - 1)]
    return openpyxl_book([*top, header, *rows], merge_title_across=len(header))


def _titled_csv(rows: Sequence[Sequence[str]], title: str = TITLE + "\n\n") -> bytes:
    return title.encode() + files.csv_bytes(rows)


def _check(world: World, data: bytes, name: str) -> Validation:
    ctx = ImportContext(kind="employer_workers", region=world.medan, user=world.users["coordinator"], today=TODAY)
    return validate_file(data, name, ctx)


@pytest.mark.parametrize(
    ("data", "name", "first"),
    [
        pytest.param(_titled_workbook(GOOD_ROWS), "a.xlsx", 4, id="xlsx: merged title, blank row, header on row 3"),
        pytest.param(_titled_workbook(GOOD_ROWS, above=1), "a.xlsx", 3, id="xlsx: header right under the title"),
        pytest.param(_titled_csv(GOOD_ROWS), "a.csv", 4, id="csv: title line and a blank line"),
        pytest.param(_titled_csv(GOOD_ROWS, TITLE + ",,,,,,,,\n"), "a.csv", 3, id="csv: title saved from Excel"),
    ],
)
def test_a_title_above_the_header_is_skipped_and_rows_keep_their_numbers(
    registry_world: World, data: bytes, name: str, first: int
) -> None:
    result = _check(registry_world, data, name)
    assert not result.file_issues, result.file_issues
    assert result.counts()["valid_rows"] == 3, result.issues
    assert result.plan["row"].to_list() == [first, first + 1, first + 2]
    assert result.plan["nik"].to_list() == ["1271011708900011", "1271015505920012", "1271021212880013"]


@pytest.mark.parametrize("name", ["a.xlsx", "a.csv"])
def test_a_problem_under_a_title_names_the_row_the_user_sees(registry_world: World, name: str) -> None:
    rows = [*GOOD_ROWS[:2], row("1271021212880013", "Tono", "31/02/1988")]
    data = _titled_workbook(rows) if name == "a.xlsx" else _titled_csv(rows)
    issues = _check(registry_world, data, name).issues
    assert issues.filter(pl.col("code") == "date_invalid")["row"].to_list() == [6]


def test_a_nik_typed_as_a_number_under_a_title_is_found_on_its_row(registry_world: World) -> None:
    rows = [GOOD_ROWS[0], [files.NPP, 1271015505920012, "Sari", "15/05/1992", "P", "", "4500000", "01/01/2026", ""]]
    issues = _check(registry_world, _titled_workbook(rows), "a.xlsx").issues
    assert issues.filter(pl.col("code") == "nik_numeric")["row"].to_list() == [5]


@pytest.mark.parametrize("name", ["a.xlsx", "a.csv"])
def test_no_header_in_the_first_rows_says_which_columns_were_expected(registry_world: World, name: str) -> None:
    header = ["No", "Nama karyawan", "Keterangan"]
    rows = [["1", "Budi", "-"], ["2", "Sari", "-"]]
    titled_csv = (TITLE + "\n\n").encode() + files.csv_bytes(rows, header=header)
    data = _titled_workbook(rows, header=header) if name == "a.xlsx" else titled_csv
    result = _check(registry_world, data, name)
    assert result.rejected
    found = [i for i in result.file_issues if i["code"] == "header_not_found"]
    assert len(found) == 1
    message, fix = describe("header_not_found", found[0]["params"])
    assert f"{HEADER_SEARCH_ROWS} baris pertama" in message
    assert fix.startswith("Kolom wajib: NIK, Nama lengkap, Tanggal lahir, Jenis kelamin, Upah, Mulai berlaku.")


def test_a_header_below_the_search_limit_is_not_looked_for(registry_world: World) -> None:
    data = _titled_workbook(GOOD_ROWS, above=HEADER_SEARCH_ROWS)  # header on row limit + 1
    assert _titled_workbook(GOOD_ROWS, above=HEADER_SEARCH_ROWS - 1) != data
    assert (
        _check(registry_world, _titled_workbook(GOOD_ROWS, above=HEADER_SEARCH_ROWS - 1), "a.xlsx").counts()[
            "valid_rows"
        ]
        == 3
    )
    assert _check(registry_world, data, "a.xlsx").rejected
