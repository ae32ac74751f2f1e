"""A message naming a column by its place names the column Excel shows: its letter and its number from A, also
when the list does not start in column A or a column in between is empty.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
import pytest

from lindung.registry.imports.header import column_letter
from lindung.registry.imports.messages import describe
from lindung.registry.imports.validate import ImportContext, Validation, validate_file
from tests.factories import World
from tests.registry import files
from tests.registry.files import EMPLOYER_HEADER, GOOD_ROWS
from tests.registry.workbooks import openpyxl_book


def _check(world: World, data: bytes, name: str) -> Validation:
    ctx = ImportContext(
        kind="employer_workers", region=world.medan, user=world.users["coordinator"], today=dt.date(2025, 11, 1)
    )
    return validate_file(data, name, ctx)


def _untitled_after_name(extra: str = "Santoso") -> tuple[list[str], list[list[str]]]:
    """The header with an untitled column after "Nama lengkap", holding data in the first row only."""
    header = [*EMPLOYER_HEADER[:3], "", *EMPLOYER_HEADER[3:]]
    rows = [[*r[:3], extra if i == 0 else "", *r[3:]] for i, r in enumerate(GOOD_ROWS)]
    return header, rows


def _blank_issues(result: Validation) -> list[dict[str, Any]]:
    return [i["params"] for i in result.file_issues if i["code"] == "header_blank"]


@pytest.mark.parametrize(
    ("first_column", "expected"),
    [(1, ("D", 4)), (2, ("E", 5)), (3, ("F", 6))],
    ids=["list from column A", "list from column B", "list from column C"],
)
def test_an_untitled_column_is_named_as_excel_shows_it(
    registry_world: World, first_column: int, expected: tuple[str, int]
) -> None:
    header, rows = _untitled_after_name()
    result = _check(registry_world, openpyxl_book([header, *rows], first_column=first_column), "a.xlsx")
    assert _blank_issues(result) == [{"column": expected[0], "position": expected[1]}]
    message, _fix = describe("header_blank", _blank_issues(result)[0])
    assert message.startswith(f"Kolom {expected[0]} (ke-{expected[1]}) berisi data")
    assert result.counts()["valid_rows"] == 3


def test_an_untitled_column_after_an_empty_column_keeps_its_place(registry_world: World) -> None:
    """Column D is empty from top to bottom, E holds data without a title."""
    header = [*EMPLOYER_HEADER[:3], "", "", *EMPLOYER_HEADER[3:]]
    rows = [[*r[:3], "", "Santoso" if i == 0 else "", *r[3:]] for i, r in enumerate(GOOD_ROWS)]
    for data, name in [(openpyxl_book([header, *rows]), "a.xlsx"), (files.csv_bytes(rows, header=header), "a.csv")]:
        assert _blank_issues(_check(registry_world, data, name)) == [{"column": "E", "position": 5}], name


def test_an_untitled_column_of_a_csv_is_counted_from_column_a(registry_world: World) -> None:
    header, rows = _untitled_after_name()
    result = _check(registry_world, files.csv_bytes(rows, header=header), "a.csv")
    assert _blank_issues(result) == [{"column": "D", "position": 4}]


def test_a_nik_typed_as_a_number_is_found_when_the_list_starts_in_column_b(registry_world: World) -> None:
    numeric = [files.NPP, 1271015505920012, "Sari", "15/05/1992", "P", "", "4500000", "01/01/2026", ""]
    result = _check(registry_world, openpyxl_book([EMPLOYER_HEADER, GOOD_ROWS[0], numeric], first_column=2), "a.xlsx")
    assert result.issues.filter(pl.col("code") == "nik_numeric")["row"].to_list() == [3]


def test_an_issue_stored_before_the_letter_is_still_worded() -> None:
    message, _fix = describe("header_blank", {"position": 28})
    assert message.startswith("Kolom AB (ke-28) berisi data")


@pytest.mark.parametrize(("number", "letters"), [(1, "A"), (26, "Z"), (27, "AA"), (52, "AZ"), (703, "AAA")])
def test_column_letters_are_excels(number: int, letters: str) -> None:
    assert column_letter(number) == letters
