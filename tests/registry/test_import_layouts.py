"""Worker lists laid out as people make them: a header cell merged over two columns, a group row above the
header, English headers, a CSV from Excel in the Indonesian locale (";" and a decimal comma).

Each is read right or refused with a message in Bahasa Indonesia saying what to change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pytest

from lindung.registry.imports.messages import describe
from lindung.registry.imports.validate import ImportContext, Validation, validate_file
from tests.factories import World
from tests.registry.files import EMPLOYER_HEADER, GOOD_ROWS, csv_bytes, row
from tests.registry.workbooks import openpyxl_book

NIKS = ["1271011708900011", "1271015505920012", "1271021212880013"]


def _check(world: World, data: bytes, name: str) -> Validation:
    ctx = ImportContext(
        kind="employer_workers", region=world.medan, user=world.users["coordinator"], today=dt.date(2025, 11, 1)
    )
    return validate_file(data, name, ctx)


def _split_name(second: Sequence[str]) -> bytes:
    """'Nama lengkap' merged over C:D, the name in C and ``second`` (one value per row) in D."""
    header = [*EMPLOYER_HEADER[:3], "", *EMPLOYER_HEADER[3:]]
    rows = [[*r[:3], extra, *r[3:]] for r, extra in zip(GOOD_ROWS, second, strict=True)]
    return openpyxl_book([header, *rows], merges=["C1:D1"])


def test_a_header_merged_over_an_empty_column_reads_as_the_template(registry_world: World) -> None:
    result = _check(registry_world, _split_name(["", "", ""]), "a.xlsx")
    assert result.file_issues == []
    assert result.plan["nik"].to_list() == NIKS


def test_data_under_the_second_half_of_a_merged_header_is_named_by_its_position(registry_world: World) -> None:
    result = _check(registry_world, _split_name(["Santoso", "", ""]), "a.xlsx")
    assert [(i["code"], i["params"], i["severity"]) for i in result.file_issues] == [
        ("header_blank", {"column": "D", "position": 4}, "warning")
    ]
    message, fix = describe("header_blank", {"column": "D", "position": 4})
    assert "Kolom D (ke-4)" in message and "merge" in fix
    assert result.plan["name"].to_list() == [r[2] for r in GOOD_ROWS]


def test_a_group_row_merged_above_the_header_is_skipped(registry_world: World) -> None:
    group = ["Data pribadi", "", "", "", "", "Kepesertaan", "", "", ""]
    result = _check(
        registry_world, openpyxl_book([group, EMPLOYER_HEADER, *GOOD_ROWS], merges=["A1:E1", "F1:I1"]), "a.xlsx"
    )
    assert result.file_issues == []
    assert result.plan["row"].to_list() == [3, 4, 5]


@pytest.mark.parametrize("name", ["a.csv", "a.xlsx"])
def test_english_headers_are_matched_to_the_template_columns(registry_world: World, name: str) -> None:
    header = ["NPP", "NIK", "Full name", "Date of birth", "Gender", "Phone number", "Wage", "Start date", "Programs"]
    rows = [list(r) for r in GOOD_ROWS]
    data = csv_bytes(rows, header=header) if name == "a.csv" else openpyxl_book([header, *rows])
    result = _check(registry_world, data, name)
    assert result.file_issues == []
    assert result.counts()["valid_rows"] == 3


def test_a_csv_from_excel_in_the_indonesian_locale_reads_its_wages(registry_world: World) -> None:
    """Excel (id-ID) separates with ";" and writes a decimal comma: 4.500.000,00 is whole rupiah."""
    wages = ["4.500.000,00", "4500000,00", "4.500.000,50"]
    rows = [row(nik, f"Pekerja {i}", "17/08/1990", wage=w) for i, (nik, w) in enumerate(zip(NIKS, wages, strict=True))]
    result = _check(registry_world, csv_bytes(rows, sep=";"), "a.csv")
    assert result.plan["wage"].to_list()[:2] == [4_500_000, 4_500_000]
    assert result.issues.filter(result.issues["column"] == "Upah")[["row", "code"]].rows() == [(4, "number_fraction")]
