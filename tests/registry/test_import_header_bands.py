"""Column titles on two rows, as employers lay them out: a group title merged over its columns ("Data Pekerja"
over "NIK" / "Nama", "Tanggal" over "Lahir" / "Mulai"), and titles merged down over both rows ("NPP", "Upah").

Each column gets one title from its two rows and the list is imported from the row under them. A group that
splits a template column over several columns ("Upah" over "Pokok" / "Tunjangan") cannot be read as one value:
the file is refused, naming both rows and the columns, and nothing is imported.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import pytest

from lindung.registry.imports import service
from lindung.registry.imports.messages import describe
from lindung.registry.imports.validate import ImportContext, Validation, validate_file
from lindung.registry.models import ImportStatus, Worker
from tests.factories import World
from tests.registry import files
from tests.registry.files import GOOD_ROWS, NPP, sheet_csv
from tests.registry.workbooks import openpyxl_book

TODAY = dt.date(2025, 11, 1)
TITLE = "Daftar Pekerja PT X"
NIKS = ["1271011708900011", "1271015505920012", "1271021212880013"]
TOP = ["NPP", "Data Pekerja", "", "", "Tanggal", "", "Upah", "Program"]
BOTTOM = ["", "NIK", "Nama", "Jenis kelamin", "Lahir", "Mulai", "Rupiah", ""]
#: Merged as Excel users merge them: NPP and Program down over both rows, the groups across their columns.
MERGES = ["A{t}:A{b}", "B{t}:D{t}", "E{t}:F{t}", "H{t}:H{b}"]


def _data_rows() -> list[list[str]]:
    """GOOD_ROWS in the order of TOP / BOTTOM: NPP, NIK, name, sex, birth date, start, wage, programmes."""
    return [[r[0], r[1], r[2], r[4], r[3], r[7], r[6], r[8]] for r in GOOD_ROWS]


def _two_row_file(
    kind: str, top: Sequence[str] = TOP, bottom: Sequence[str] = BOTTOM, rows: Sequence[Sequence[str]] | None = None
) -> tuple[bytes, str]:
    """Title on row 1, a blank row, the two header rows on rows 3 and 4, data from row 5."""
    lines: list[Sequence[Any] | None] = [[TITLE], None, top, bottom, *(rows if rows is not None else _data_rows())]
    if kind == "csv":
        return sheet_csv(lines), "a.csv"
    merges = [m.format(t=3, b=4) for m in MERGES] if top is TOP else []
    return openpyxl_book(lines, merges=["A1:H1", *merges]), "a.xlsx"


def _check(world: World, data: bytes, name: str) -> Validation:
    ctx = ImportContext(kind="employer_workers", region=world.medan, user=world.users["coordinator"], today=TODAY)
    return validate_file(data, name, ctx)


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_a_two_row_header_is_read_as_one_title_per_column(registry_world: World, kind: str) -> None:
    result = _check(registry_world, *_two_row_file(kind))
    assert result.file_issues == []
    assert result.counts()["valid_rows"] == 3, result.issues
    assert result.plan["row"].to_list() == [5, 6, 7]
    assert result.plan["nik"].to_list() == NIKS
    assert result.plan["wage"].to_list() == [4_500_000] * 3
    assert result.plan["valid_from"].to_list() == [dt.date(2026, 1, 1)] * 3


def test_a_problem_under_a_two_row_header_names_the_row_and_the_combined_title(registry_world: World) -> None:
    rows = _data_rows()
    rows[2][4] = "31/02/1988"  # "Tanggal" / "Lahir" on row 7
    issues = _check(registry_world, *_two_row_file("xlsx", rows=rows)).issues
    assert issues.filter(issues["code"] == "date_invalid")[["row", "column"]].rows() == [(7, "Tanggal Lahir")]


def test_a_two_row_header_starting_in_column_c_is_read(registry_world: World) -> None:
    lines = [[TITLE], None, TOP, BOTTOM, *_data_rows()]
    merges = ["C3:C4", "D3:F3", "G3:H3", "J3:J4"]
    result = _check(registry_world, openpyxl_book(lines, merges=merges, first_column=3), "a.xlsx")
    assert result.file_issues == []
    assert result.plan["nik"].to_list() == NIKS


def test_a_nik_typed_as_a_number_under_a_two_row_header_is_flagged(registry_world: World) -> None:
    rows: list[list[Any]] = _data_rows()
    rows[1][1] = int(NIKS[1])
    issues = _check(registry_world, *_two_row_file("xlsx", rows=rows)).issues
    assert issues.filter(issues["code"] == "nik_numeric")["row"].to_list() == [6]


SPLIT_TOP = ["NPP", "NIK", "Nama lengkap", "Tanggal lahir", "Jenis kelamin", "Mulai berlaku", "Upah", ""]
SPLIT_BOTTOM = ["", "", "", "", "", "", "Pokok", "Tunjangan"]


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_a_wage_split_over_two_columns_is_refused_naming_the_rows_and_columns(registry_world: World, kind: str) -> None:
    rows = [[NPP, r[1], r[2], r[3], r[4], r[7], "4000000", "500000"] for r in GOOD_ROWS]
    result = _check(registry_world, *_two_row_file(kind, SPLIT_TOP, SPLIT_BOTTOM, rows))
    assert result.rejected and result.plan.is_empty()
    assert [i["code"] for i in result.file_issues] == ["header_group_split"]
    message, fix = describe("header_group_split", result.file_issues[0]["params"])
    assert "baris 3 dan 4" in message
    assert "'Upah'" in message and "G (Pokok), H (Tunjangan)" in message
    assert "upah pokok ditambah tunjangan tetap" in fix


def test_programmes_split_into_one_column_each_are_refused_not_defaulted(registry_world: World) -> None:
    """Leaving "Program" out would enrol the workers in the default programmes, not in the ones ticked."""
    top = [*SPLIT_TOP[:6], "Upah", "Program", "", ""]
    bottom = ["", "", "", "", "", "", "", "JKK", "JKM", "JHT"]
    rows = [[NPP, r[1], r[2], r[3], r[4], r[7], r[6], "Y", "Y", ""] for r in GOOD_ROWS]
    result = _check(registry_world, *_two_row_file("xlsx", top, bottom, rows))
    assert result.rejected
    assert [(i["code"], i["params"]["columns"]) for i in result.file_issues] == [
        ("header_group_split", "H (JKK), I (JKM), J (JHT)")
    ]


def test_a_refused_two_row_header_imports_nothing(registry_world: World) -> None:
    rows = [[NPP, r[1], r[2], r[3], r[4], r[7], "4000000", "500000"] for r in GOOD_ROWS]
    data, name = _two_row_file("xlsx", SPLIT_TOP, SPLIT_BOTTOM, rows)
    before = Worker.objects.count()
    job = files.validated(registry_world, data, name)
    assert (job.status, job.valid_rows, job.stage_name) == (ImportStatus.REJECTED, 0, "")
    assert Worker.objects.count() == before


def test_a_two_row_header_is_imported_end_to_end(registry_world: World) -> None:
    data, name = _two_row_file("xlsx")
    job = files.validated(registry_world, data, name)
    job = service.import_job_run(job=service.import_job_confirm(job=job, mode="all_or_nothing"))
    assert (job.status, job.created_workers, job.created_memberships) == (ImportStatus.DONE, 3, 3)
