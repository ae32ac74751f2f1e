"""CSV files as Excel and other tools save them: encodings, BOMs, quoted line breaks.

Excel's "CSV UTF-8" has a BOM, its plain "CSV" is in the Windows code page (1252), its "Unicode text" is UTF-16
with a BOM, tab-separated; every one ends lines with CRLF and quotes a cell holding a line break (Alt+Enter).
Each is either imported with its names intact and its rows numbered as the spreadsheet shows them, or refused
with a message in Bahasa Indonesia that names the row: never a crash, never garbled names.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lindung.registry.imports.messages import describe
from lindung.registry.imports.reader import ROW, FileRejected, read_upload
from lindung.registry.imports.validate import ImportContext, Validation, validate_file
from tests.factories import World
from tests.registry.files import EMPLOYER_HEADER, GOOD_ROWS, row

NAMES = ["José Müller", "Ñoño Siregar", "Tono Siregar"]
ROWS = [
    row("1271011708900011", NAMES[0], "17/08/1990"),
    row("1271015505920012", NAMES[1], "15/05/1992", sex="P"),
    row("1271021212880013", NAMES[2], "12/12/1988"),
]
BAD_DATE = row("1271021212880014", "Rina", "31/02/1988", sex="P")


def excel_csv(
    rows: Sequence[Sequence[str]], *, encoding: str, sep: str = ",", top: Sequence[Sequence[str]] = ()
) -> bytes:
    """The bytes Excel writes: CRLF line ends, a cell quoted when it holds the separator, a quote or a line break."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=sep, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerows([*top, EMPLOYER_HEADER, *rows])
    return buffer.getvalue().encode(encoding)


def _check(world: World, data: bytes) -> Validation:
    ctx = ImportContext(
        kind="employer_workers", region=world.medan, user=world.users["coordinator"], today=dt.date(2025, 11, 1)
    )
    return validate_file(data, "daftar.csv", ctx)


SAVED_AS = [
    pytest.param("utf-8-sig", ",", None, id="Excel: CSV UTF-8 (BOM)"),
    pytest.param("cp1252", ",", "Windows-1252", id="Excel: CSV (Windows-1252)"),
    pytest.param("cp1252", ";", "Windows-1252", id="Excel with an Indonesian list separator: CSV (;)"),
    pytest.param("utf-16", "\t", "UTF-16", id="Excel: Unicode text (UTF-16 with BOM, tabs)"),
    pytest.param("utf-16-le", "\t", "UTF-16", id="another tool: UTF-16 LE without BOM"),
    pytest.param("utf-16-be", "\t", "UTF-16", id="another tool: UTF-16 BE without BOM"),
]


@pytest.mark.parametrize(("encoding", "sep", "read_as"), SAVED_AS)
def test_a_list_saved_in_each_encoding_keeps_its_names_and_row_numbers(
    registry_world: World, encoding: str, sep: str, read_as: str | None
) -> None:
    data = excel_csv([*ROWS, BAD_DATE], encoding=encoding, sep=sep, top=[["Daftar Pekerja PT Ñandú"], []])
    result = _check(registry_world, data)
    assert result.plan["name"].to_list() == [*NAMES, "Rina"]
    assert result.plan["row"].to_list() == [4, 5, 6, 7]
    assert result.issues.filter(pl.col("code") == "date_invalid")["row"].to_list() == [7]
    assert [i["params"]["encoding"] for i in result.file_issues if i["code"] == "csv_encoding"] == (
        [read_as] if read_as else []
    )


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252", "utf-16"])
def test_a_cell_with_a_line_break_is_one_row_as_in_the_spreadsheet(registry_world: World, encoding: str) -> None:
    """Alt+Enter in a cell: the CSV line count runs ahead of the rows, the numbers follow the rows."""
    rows = [row("1271011708900011", "José\nMüller", "17/08/1990"), ROWS[1], BAD_DATE]
    title = [["Daftar Pekerja\nPT X"], []]  # a title typed on two lines: row 1
    result = _check(registry_world, excel_csv(rows, encoding=encoding, sep="\t", top=title))
    assert result.plan["row"].to_list() == [4, 5, 6]
    assert result.plan["name"].to_list() == ["José Müller", NAMES[1], "Rina"]
    assert result.issues.filter(pl.col("code") == "date_invalid")["row"].to_list() == [6]


def test_a_quote_inside_a_title_does_not_open_a_cell() -> None:
    """A quote opens a quoted cell only at the start of a cell, as in Excel."""
    data = b'Daftar "Pekerja PT X\r\n\r\n' + excel_csv(GOOD_ROWS, encoding="utf-8")
    assert read_upload(data, "a.csv", header_fit=lambda cells: ("NIK" in cells, len(cells))).header_row == 2


@pytest.mark.parametrize(
    ("data", "code", "line"),
    [
        pytest.param(
            excel_csv(ROWS, encoding="utf-8") + "1,2,Bad\x81Byte\r\n".encode("latin-1"),
            "csv_encoding_mixed",
            5,
            id="UTF-8 list with a line pasted from a Windows-1252 one",
        ),
        pytest.param(
            b"\xef\xbb\xbf" + excel_csv(GOOD_ROWS, encoding="utf-8").replace(b"Sari", b"S\xe4ri"),
            "csv_encoding_mixed",
            3,
            id="BOM says UTF-8, a byte is not",
        ),
        pytest.param(
            excel_csv(ROWS, encoding="mac_roman"),
            "csv_encoding_unknown",
            2,
            id="an old Mac text file: its letters fit neither Windows-1252 nor DOS",
        ),
        pytest.param(
            excel_csv(ROWS, encoding="utf-16", sep="\t")[:-1], "csv_encoding_unknown", 4, id="UTF-16 cut short"
        ),
    ],
)
def test_a_file_in_an_unreadable_encoding_is_refused_naming_the_row(
    registry_world: World, data: bytes, code: str, line: int
) -> None:
    result = _check(registry_world, data)
    assert result.rejected
    assert [(i["code"], i["params"]) for i in result.file_issues] == [(code, {"row": line})]
    message, fix = describe(code, {"row": line})
    assert f"baris {line}" in message
    assert "CSV UTF-8" in fix


LETTERS = st.sampled_from(list("abcdefghijklmnopqrstuvwxyz ÀÉÍÑÓÚÜàáâãçèéêëíîïñòóôõöùúûüýÿßÆæØø'-"))


@settings(max_examples=40, deadline=None)
@given(
    names=st.lists(st.text(LETTERS, min_size=1, max_size=20).filter(str.strip), min_size=1, max_size=5),
    saved=st.sampled_from([("utf-8-sig", ","), ("utf-8", ";"), ("utf-16", "\t")]),
    titled=st.booleans(),
)
def test_names_in_any_encoding_excel_writes_come_back_as_typed(
    names: list[str], saved: tuple[str, str], titled: bool
) -> None:
    """Unicode encodings, any letters; Windows-1252 and DOS, which are guessed, in test_import_csv_code_pages."""
    rows = [row(f"12710117089{i:05d}", name, "17/08/1990") for i, name in enumerate(names)]
    top = [["Daftar Pekerja"], []] if titled else []
    data = excel_csv(rows, encoding=saved[0], sep=saved[1], top=top)
    table = read_upload(data, "a.csv", header_fit=lambda cells: ("NIK" in cells, len(cells)))
    assert table.frame["Nama lengkap"].to_list() == [name.strip() for name in names]
    assert table.frame[ROW].to_list() == [len(top) + 2 + i for i in range(len(names))]


def test_an_unreadable_encoding_is_a_file_rejection_for_every_reader() -> None:
    """The poverty-decile upload reads through the same function: the same refusal, no exception of its own."""
    with pytest.raises(FileRejected) as refused:
        read_upload(excel_csv(ROWS, encoding="mac_roman"), "a.csv")
    assert refused.value.code == "csv_encoding_unknown"
