"""Stray quotes in hand-made CSV files (``tests/registry/csv_quotes/``, CRLF, a title and a blank line above the
header on row 3, so the first worker is on row 4).

A quote inside a cell is text, as Excel reads it: the list imports with the rows a spreadsheet shows. A quote that
opens a cell and is not closed properly would merge the rows under it (Polars read two workers into one address
cell before): the file is refused, naming the row where that quote opens, and nothing is imported.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lindung.registry.imports import service
from lindung.registry.imports.csv_quotes import _Scan, read_as_excel
from lindung.registry.imports.messages import describe
from lindung.registry.imports.reader import FileRejected
from lindung.registry.imports.validate import ImportContext, Validation, validate_file
from lindung.registry.models import ImportStatus, Worker
from tests.factories import World
from tests.registry import files

TODAY = dt.date(2025, 11, 1)
FOLDER = Path(__file__).parent / "csv_quotes"
NIKS = ["1271011708900011", "1271015505920012", "1271021212880013", "1271020101850014"]


def _data(name: str) -> bytes:
    return (FOLDER / name).read_bytes()


def _check(world: World, name: str) -> Validation:
    ctx = ImportContext(kind="employer_workers", region=world.medan, user=world.users["coordinator"], today=TODAY)
    return validate_file(_data(name), name, ctx)


def _codes(result: Validation) -> list[tuple[str, dict[str, Any]]]:
    return [(i["code"], i["params"]) for i in result.file_issues]


def test_quotes_inside_cells_are_read_as_text_on_the_rows_a_spreadsheet_shows(registry_world: World) -> None:
    result = _check(registry_world, "stray_quotes.csv")
    assert result.plan["row"].to_list() == [4, 5, 6, 7]  # the address on two lines (row 5) is one row
    assert result.plan["nik"].to_list() == NIKS
    assert result.plan["address"].to_list() == [
        'Jl. Sisingamangaraja No. 5"',
        "Jl. Mawar No. 1 Kel. Sei Sikambing",  # the checks fold the line break
        'Gg. "Melati 3',
        'Jl. Gatot Subroto, Gg. "Buntu" 2',
    ]
    assert result.counts()["valid_rows"] == 4
    assert _codes(result) == [("csv_stray_quote", {"rows": "4, 6"})]
    message, _fix = describe("csv_stray_quote", {"rows": "4, 6"})
    assert message.startswith("Baris 4, 6 memuat tanda kutip")


def test_a_file_with_quotes_inside_cells_imports_all_its_workers(registry_world: World) -> None:
    before = Worker.objects.count()
    job = files.validated(registry_world, _data("stray_quotes.csv"), "stray_quotes.csv")
    assert [i["code"] for i in job.file_issues] == ["csv_stray_quote"]
    job = service.import_job_run(job=service.import_job_confirm(job=job, mode="all_or_nothing"))
    assert (job.status, job.created_workers) == (ImportStatus.DONE, 4)
    assert Worker.objects.count() == before + 4


@pytest.mark.parametrize(
    ("name", "row"),
    [
        ("opening_quote_closed_later.csv", 5),  # Polars used to read rows 5 to 7 as one address: 2 workers lost
        ("opening_quote_next_line.csv", 5),  # ... rows 5 and 6 as one, with as many cells as the header
        ("opening_quote_never_closed.csv", 6),
        ("quoted_word_then_text.csv", 4),
    ],
)
def test_a_quote_that_would_merge_rows_refuses_the_file_naming_its_row(
    registry_world: World, name: str, row: int
) -> None:
    result = _check(registry_world, name)
    assert result.rejected
    assert _codes(result) == [("csv_quote_unbalanced", {"row": row})]
    message, fix = describe("csv_quote_unbalanced", {"row": row})
    assert f"pada baris {row} tidak ditutup" in message
    assert "hapus tanda kutip di awal sel" in fix


def test_a_refused_file_imports_nothing(registry_world: World) -> None:
    job = files.validated(registry_world, _data("opening_quote_closed_later.csv"), "a.csv")
    assert (job.status, job.valid_rows) == (ImportStatus.REJECTED, 0)
    assert [i["code"] for i in job.file_issues] == ["csv_quote_unbalanced"]


@pytest.mark.parametrize(
    ("body", "row"),
    [
        (b'A,B,C\n1,"x\ny",3\n4,"5\n', 3),  # never closed, after a two-line cell: row 3, line 4
        (b'A,B,C\n"1,2,3\n4,5,6\n7,8,9"\n', 2),  # a whole row inside a quoted cell
        (b'A,B,C\n1,2,"3\n4",5,6\n', 2),  # the merged row has more cells than the header
    ],
)
def test_the_refusal_names_the_spreadsheet_row(body: bytes, row: int) -> None:
    with pytest.raises(FileRejected) as refused:
        read_as_excel(body, ",", first_row=1, fields=3)
    assert (refused.value.code, refused.value.params) == ("csv_quote_unbalanced", {"row": row})


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b'A;B\r\n1;x"y\r\n', b'A;B\r\n1;"x""y"\r\n'),
        (b'A,B\n1,y"\n', b'A,B\n1,"y"""\n'),
        (b'A,B\n1, "y"\n', b'A,B\n1," ""y"""\n'),  # a quote after a space is text, as in Excel
        (b'A,B\n"1","y ""z"""\n', b'A,B\n"1","y ""z"""\n'),  # standard quoting is left alone
    ],
)
def test_cells_with_quotes_inside_are_rewritten_in_standard_quoting(body: bytes, expected: bytes) -> None:
    separator = ";" if b";" in body else ","
    assert read_as_excel(body, separator, first_row=1, fields=2).body == expected


@given(
    lines=st.lists(st.text(alphabet='ab,"', max_size=8), min_size=1, max_size=12),
    cells=st.lists(st.tuples(st.integers(0, 200), st.integers(1, 3)), max_size=4),
    positions=st.lists(st.integers(0, 200), max_size=10),
)
@settings(max_examples=60, deadline=None)
def test_rows_of_many_positions_at_once_count_as_one_position_at_a_time(
    lines: list[str], cells: list[tuple[int, int]], positions: list[int]
) -> None:
    """The spreadsheet row of each stray quote, worked out in one pass, is the row counted quote by quote."""
    body = "\n".join(lines).encode()
    scan = _Scan(body, ord(","), first_row=4, multiline=sorted(cells))
    one_by_one = [
        4 + body.count(b"\n", 0, at) - sum(n for opened, n in scan.multiline if opened < at) for at in positions
    ]
    assert scan.rows(positions) == one_by_one
