"""A CSV refused for its letters names the row the spreadsheet shows, not the line of the file: an address typed
on two lines (Alt+Enter in Excel) is one quoted cell, so one row, though the file breaks the line inside it.
"""

from __future__ import annotations

import pytest

from lindung.registry.imports.encoding import line_of
from lindung.registry.imports.reader import FileRejected, read_upload

HEADER = "NIK,Nama lengkap,Alamat\r\n"
#: Row 2 holds an address on two lines; the row in doubt is row 3 (line 4 of the file).
TWO_LINE_ADDRESS = '1271011708900011,Budi,"Jl. Mawar No. 1\r\nKel. Sei Sikambing"\r\n'


def _refusal(data: bytes) -> tuple[str, dict[str, object]]:
    with pytest.raises(FileRejected) as refused:
        read_upload(data, "a.csv")
    return refused.value.code, refused.value.params


def test_an_ambiguous_letter_under_a_two_line_address_names_its_row() -> None:
    data = (HEADER + TWO_LINE_ADDRESS + "1271015505920012,Lê Thi,Medan\r\n").encode("cp1252")
    assert _refusal(data) == ("csv_encoding_ambiguous", {"row": 3})


def test_utf8_mixed_with_another_code_page_under_a_two_line_address_names_its_row() -> None:
    head = (HEADER + TWO_LINE_ADDRESS.replace("Budi", "Zoë")).encode("utf-8")
    data = head + "1271015505920012,Ramón,Medan\r\n".encode("cp1252")
    assert _refusal(data) == ("csv_encoding_mixed", {"row": 3})


@pytest.mark.parametrize(
    ("bom", "codec"),
    [(b"", "utf-16-le"), (b"", "utf-16-be"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")],
    ids=["LE", "BE", "LE with BOM", "BE with BOM"],
)
def test_a_broken_utf16_file_names_its_row(bom: bytes, codec: str) -> None:
    text = HEADER + TWO_LINE_ADDRESS + "1271015505920012,"
    data = bom + text.encode(codec) + "\ud800".encode(codec, "surrogatepass") + "x\r\n".encode(codec)
    assert _refusal(data) == ("csv_encoding_unknown", {"row": 3})


def test_a_doubled_quote_inside_a_cell_does_not_shift_the_rows() -> None:
    data = b'NIK,Nama\n1,"Budi ""Bob""\nSantoso"\n2,X\n'
    assert line_of(data, data.index(b"2,X")) == 3
    assert line_of(data, data.index(b"Santoso")) == 2
