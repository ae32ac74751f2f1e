"""Quotes typed by hand and the rows a CSV's messages name, the file read as Excel reads it.

A quote inside a cell (``PT "Maju``) is text: a CSV refused for its letters on a row under it names the row Excel
shows, not one counted by the parity of the quotes above. A title above the header with an opening quote no quote
closes (``"Daftar Pekerja``), or one only a quote in the rows under the header closes, is text too: the header under
it is found and the rows keep their numbers. Names are synthetic.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lindung.registry.imports.encoding import line_of
from lindung.registry.imports.messages import describe
from lindung.registry.imports.reader import FileRejected, read_upload
from lindung.registry.imports.validate import ImportContext, Validation, validate_file
from tests.factories import World
from tests.registry.files import EMPLOYER_HEADER, GOOD_ROWS, row

HEADER = "NIK,Nama lengkap,Perusahaan,Alamat\r\n"
STRAY = '1271011708900011,Budi,PT "Maju,Medan\r\n'  # row 2: a quote inside a cell, as typed
TWO_LINES = '1271015505920012,Sari,CV Jaya,"Jl. Mawar No. 1\r\nKel. Sei Sikambing"\r\n'  # one row on two lines


def _refusal(data: bytes) -> tuple[str, dict[str, object]]:
    with pytest.raises(FileRejected) as refused:
        read_upload(data, "a.csv")
    return refused.value.code, refused.value.params


@pytest.mark.parametrize(
    ("text", "row"),
    [
        (HEADER + STRAY + "1271021212880013,Lê Thi,PT Abadi,Medan\r\n", 3),
        (HEADER + STRAY + TWO_LINES + "1271021212880013,Lê Thi,PT Abadi,Medan\r\n", 4),
        (HEADER + STRAY + STRAY + "1271021212880013,Lê Thi,PT Abadi,Medan\r\n", 4),  # its quote "closed" the first
        ("DAFTAR PEKERJA\r\n\r\n" + HEADER + STRAY + "1271021212880013,Lê Thi,PT Abadi,Medan\r\n", 5),
    ],
    ids=["under a stray quote", "under a stray quote and a two-line address", "under two", "under a title"],
)
def test_a_letter_in_doubt_under_a_quote_inside_a_cell_names_the_row_excel_shows(text: str, row: int) -> None:
    assert _refusal(text.encode("cp1252")) == ("csv_encoding_ambiguous", {"row": row})


def test_utf8_mixed_with_another_code_page_under_a_stray_quote_names_its_row() -> None:
    data = (HEADER + STRAY.replace("Budi", "Zoë")).encode("utf-8") + "1271015505920012,Ramón,CV,Medan\r\n".encode(
        "cp1252"
    )
    assert _refusal(data) == ("csv_encoding_mixed", {"row": 3})


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_a_broken_utf16_file_under_a_stray_quote_names_its_row(codec: str) -> None:
    text = HEADER + STRAY + TWO_LINES + "1271021212880013,"
    data = text.encode(codec) + "\ud800".encode(codec, "surrogatepass") + "x,PT,Medan\r\n".encode(codec)
    assert _refusal(data) == ("csv_encoding_unknown", {"row": 4})


def test_the_message_names_that_row(registry_world: World) -> None:
    data = (HEADER + STRAY + "1271021212880013,Lê Thi,PT Abadi,Medan\r\n").encode("cp1252")
    result = _check(registry_world, data)
    assert [(i["code"], i["params"]) for i in result.file_issues] == [("csv_encoding_ambiguous", {"row": 3})]
    assert "baris 3" in describe("csv_encoding_ambiguous", {"row": 3})[0]


_PLAIN = st.text(alphabet='ab "', max_size=6).filter(lambda t: not t.startswith('"'))  # quotes inside are text
#: A quoted cell may hold line breaks and a comma; one holding a row's worth of separators swallowed rows.
_QUOTED = (
    st.text(alphabet='ab "\n,', max_size=8)
    .filter(lambda t: t.count(",") < 2)
    .map(lambda t: '"' + t.replace('"', '""') + '"')
)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.lists(_PLAIN | _QUOTED, min_size=6, max_size=6), min_size=1, max_size=8))
def test_every_row_starts_on_the_row_excel_shows(rows: list[list[str]]) -> None:
    """Rows of cells as Excel reads them (a quoted cell may hold line breaks and a comma, a plain cell quotes
    anywhere but at its start): the first byte of each row is on that row, whatever the quotes above it."""
    lines = [",".join(cells) for cells in [["A", "B", "C", "D", "E", "F"], *rows]]
    data = "\r\n".join(lines).encode()
    starts = [sum(len(line) + 2 for line in lines[:i]) for i in range(len(lines))]
    assert [line_of(data, at) for at in starts] == list(range(1, len(lines) + 1))


def _check(world: World, data: bytes) -> Validation:
    ctx = ImportContext(
        kind="employer_workers", region=world.medan, user=world.users["coordinator"], today=dt.date(2025, 11, 1)
    )
    return validate_file(data, "daftar.csv", ctx)


def _list(title: str, rows: list[list[str]] = GOOD_ROWS) -> bytes:
    return (title + "\r\n" + "\r\n".join(",".join(cells) for cells in [EMPLOYER_HEADER, *rows]) + "\r\n").encode()


@pytest.mark.parametrize(
    "title",
    [
        '"Daftar Pekerja\r\n',  # never closed
        'Daftar Pekerja,"PT Maju Jaya\r\n',  # opens a cell after the separator, never closed
        'Daftar Pekerja;"PT Maju Jaya\r\n',  # ";" is not this file's separator: the quote is inside the cell
        'Daftar "Pekerja\r\n',  # inside the cell
    ],
)
def test_a_title_with_a_stray_opening_quote_does_not_hide_the_header(registry_world: World, title: str) -> None:
    result = _check(registry_world, _list(title))
    assert not result.file_issues, result.file_issues
    assert result.plan["row"].to_list() == [4, 5, 6]  # title, blank row, header
    assert result.counts()["valid_rows"] == 3


def test_a_quote_under_the_header_does_not_close_the_titles(registry_world: World) -> None:
    """Excel would read rows 1 to 4 as one cell (the title's quote closed by the one after "Ucok"): the header is
    in it, so the title's quote is text, and the quotes in row 4 are text, named in the usual warning."""
    rows = [row("1271011708900011", 'Budi "Ucok"', "17/08/1990"), *GOOD_ROWS[1:]]
    result = _check(registry_world, _list('"DAFTAR PEKERJA\r\n', rows))
    assert [(i["code"], i["params"]) for i in result.file_issues] == [("csv_stray_quote", {"rows": "4"})]
    assert result.plan["row"].to_list() == [4, 5, 6]
    assert result.plan["name"].to_list()[0] == 'Budi "Ucok"'


def test_a_title_typed_on_two_lines_is_still_one_row(registry_world: World) -> None:
    result = _check(registry_world, _list('"DAFTAR TENAGA KERJA\r\nPT MAJU JAYA",,,,,,,,'))
    assert not result.file_issues, result.file_issues
    assert result.plan["row"].to_list() == [3, 4, 5]  # the title is row 1, the header row 2
