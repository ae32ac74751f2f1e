"""A worker list as employers send it: a title block of a few lines above the header, and a totals row ("Jumlah",
"TOTAL") under the data. The data rows are imported; the totals row is named as information, neither imported as a
worker nor refused as a bad row.
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
from tests.registry.files import EMPLOYER_HEADER, GOOD_ROWS, row
from tests.registry.workbooks import openpyxl_book

TODAY = dt.date(2025, 11, 1)
TITLE_BLOCK = [
    ["DAFTAR TENAGA KERJA"],
    ["PT MAJU JAYA"],
    ["NPP: 10000001"],
    ["Alamat: Jl. Mawar No. 1, Medan"],
    ["Periode: Januari 2026"],
]
NIKS = ["1271011708900011", "1271015505920012", "1271021212880013"]


def _totals(label: str, column: int) -> list[str]:
    """The totals row: ``label`` in ``column`` (0-based) and the sum of the wages under Upah."""
    cells = [""] * len(EMPLOYER_HEADER)
    cells[column] = label
    cells[EMPLOYER_HEADER.index("Upah")] = "13500000"
    return cells


def _file(kind: str, title_lines: int, tail: Sequence[Sequence[Any]]) -> tuple[bytes, str]:
    """Title block (``title_lines`` lines and a blank one), header, GOOD_ROWS, then ``tail``."""
    top: list[Sequence[Any] | None] = [*TITLE_BLOCK[:title_lines], None]
    if kind == "xlsx":
        return openpyxl_book([*top, EMPLOYER_HEADER, *GOOD_ROWS, *tail]), "a.xlsx"
    head = "".join(",".join(f'"{c}"' if "," in c else c for c in (t or [""])) + "\r\n" for t in top)
    body = files.csv_bytes([*GOOD_ROWS, *tail]).replace(b"\n", b"\r\n")
    return head.encode() + body, "a.csv"


def _check(world: World, data: bytes, name: str) -> Validation:
    ctx = ImportContext(kind="employer_workers", region=world.medan, user=world.users["coordinator"], today=TODAY)
    return validate_file(data, name, ctx)


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
@pytest.mark.parametrize("title_lines", [3, 4, 5])
@pytest.mark.parametrize(
    ("label", "column", "shown"),
    [("Jumlah", 0, "Jumlah"), ("TOTAL", 2, "TOTAL"), ("Total upah", 1, "Total"), ("Jumlah:", 2, "Jumlah")],
    ids=["Jumlah in NPP", "TOTAL in name", "Total upah in NIK", "Jumlah: in name"],
)
def test_the_totals_row_under_the_data_is_skipped_and_named(
    registry_world: World, kind: str, title_lines: int, label: str, column: int, shown: str
) -> None:
    """The warning quotes the totals word only: the rest of the cell could be anything."""
    result = _check(registry_world, *_file(kind, title_lines, [_totals(label, column)]))
    header_row = title_lines + 2
    totals_row = header_row + 4
    assert result.plan["row"].to_list() == [header_row + 1, header_row + 2, header_row + 3]
    assert result.plan["nik"].to_list() == NIKS
    assert result.counts() == {
        "total_rows": 3,
        "valid_rows": 3,
        "error_rows": 0,
        "warning_rows": 0,
        "unchanged_rows": 0,
    }
    assert result.issues.filter(result.issues["row"] == totals_row).is_empty()
    assert [(i["code"], i["severity"]) for i in result.file_issues] == [("totals_row", "info")]
    message, _fix = describe("totals_row", result.file_issues[0]["params"])
    assert message == f"Baris {totals_row} adalah baris jumlah ('{shown}'), bukan data pekerja, jadi tidak diimpor."


def test_a_worker_whose_name_starts_like_a_total_is_still_a_worker(registry_world: World) -> None:
    worker = row("1271011708900011", "Total Simanjuntak", "17/08/1990")
    named = _check(registry_world, openpyxl_book([EMPLOYER_HEADER, worker]), "a.xlsx")
    assert named.plan["name"].to_list() == ["Total Simanjuntak"]
    assert named.file_issues == []


def test_a_row_without_nik_that_is_no_total_is_still_an_error(registry_world: World) -> None:
    missing = row("", "Tanpa NIK", "17/08/1990")
    result = _check(registry_world, *_file("csv", 3, [missing]))
    assert result.file_issues == []
    assert result.counts()["error_rows"] == 1


def test_a_list_with_a_totals_row_imports_its_workers_only(registry_world: World) -> None:
    data, name = _file("xlsx", 5, [_totals("Jumlah", 0)])
    before = Worker.objects.count()
    job = files.validated(registry_world, data, name)
    assert [i["code"] for i in job.file_issues] == ["totals_row"]
    job = service.import_job_run(job=service.import_job_confirm(job=job, mode="all_or_nothing"))
    assert (job.status, job.created_workers) == (ImportStatus.DONE, 3)
    assert Worker.objects.count() == before + 3


SIGNATURE = [["", "", "Medan, 31 Januari 2026"], ["", "", "Direktur"], [], ["", "", "(Nama Direktur)"]]


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_the_place_date_and_signature_under_the_totals_row_are_skipped_and_named(
    registry_world: World, kind: str
) -> None:
    tail = [_totals("Jumlah", 0), *[[*cells, *[""] * (len(EMPLOYER_HEADER) - len(cells))] for cells in SIGNATURE]]
    result = _check(registry_world, *_file(kind, 4, tail))
    assert result.counts()["total_rows"] == 3 and result.counts()["valid_rows"] == 3
    assert [(i["code"], i["params"]["rows"]) for i in result.file_issues] == [
        ("totals_row", "10"),
        ("footer_rows", "11, 12, 14"),  # row 13 is blank
    ]
    message, _fix = describe("footer_rows", result.file_issues[1]["params"])
    assert message.startswith("Baris 11, 12, 14 di bawah baris jumlah tidak berisi NIK")


def test_a_subtotal_between_workers_is_skipped_and_the_workers_under_it_kept(registry_world: World) -> None:
    more = row("1271015708910021", "Rina Ginting", "17/08/1991", sex="P")
    result = _check(registry_world, *_file("xlsx", 3, [_totals("Sub Total", 2), more, _totals("Grand Total", 2)]))
    assert result.counts()["valid_rows"] == 4
    assert result.plan["row"].to_list() == [6, 7, 8, 10]
    assert [(i["code"], i["params"]) for i in result.file_issues] == [
        ("totals_row", {"rows": "9, 11", "label": "Sub Total"})
    ]
