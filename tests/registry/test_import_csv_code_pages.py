"""CSV files in a legacy code page: Windows-1252 (Excel's plain "CSV") or DOS (old payroll software, CP850/437).

Most DOS letters sit on bytes Windows-1252 also defines ("é" is 0x82, Windows-1252's "‚"; "ñ" is 0xA4, "¤"), so
the file decodes either way: the code page is chosen on all the file's non-ASCII bytes at once, and a file it
cannot be sure of is refused naming the line, never read into wrong letters. Names are synthetic.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from lindung.registry.imports.encoding import legacy_reading
from lindung.registry.imports.messages import describe
from lindung.registry.imports.reader import FileRejected, read_upload
from lindung.registry.imports.validate import ImportContext, Validation, validate_file
from tests.factories import World
from tests.registry.files import row
from tests.registry.test_import_csv_files import excel_csv

#: Every letter here is on a byte Windows-1252 defines in CP850 and CP437 alike: the bytes alone decode both ways.
DOS_NAMES = ["José Siregar", "Ramón Peña", "ANDRES MUÑOZ", "Zoë Lubis", "Iñaki Ginting"]


def _rows(names: list[str]) -> list[list[str]]:
    return [row(f"12710117089{i:05d}", name, "17/08/1990") for i, name in enumerate(names)]


def _fit(cells: list[str]) -> tuple[bool, int]:
    return "NIK" in cells, len(cells)


def _check(world: World, data: bytes) -> Validation:
    ctx = ImportContext(
        kind="employer_workers", region=world.medan, user=world.users["coordinator"], today=dt.date(2025, 11, 1)
    )
    return validate_file(data, "daftar.csv", ctx)


@pytest.mark.parametrize("codec", ["cp850", "cp437"])
def test_a_dos_list_whose_bytes_windows_1252_also_defines_is_read_in_dos(registry_world: World, codec: str) -> None:
    data = excel_csv(_rows(DOS_NAMES), encoding=codec)
    data.decode("cp1252")  # the trap: this decodes without an error, into "Jos‚ Siregar"
    result = _check(registry_world, data)
    assert not result.rejected
    assert result.plan["name"].to_list() == DOS_NAMES
    assert [i["params"]["encoding"] for i in result.file_issues if i["code"] == "csv_encoding"] == ["DOS (CP850/CP437)"]


def test_the_same_names_saved_by_excel_are_read_in_windows_1252(registry_world: World) -> None:
    result = _check(registry_world, excel_csv(_rows(DOS_NAMES), encoding="cp1252", sep=";"))
    assert result.plan["name"].to_list() == DOS_NAMES
    assert [i["params"] for i in result.file_issues] == [{"encoding": "Windows-1252"}]


@pytest.mark.parametrize(
    ("text", "codec", "read_as"),
    [
        ("Budi “Bob” Santoso, Jl. Mawar – Blok C, Ma’ruf", "cp1252", ("cp1252", "Windows-1252")),  # Word's quotes
        ("MÜLLER, Göran, François", "cp850", ("cp850", "DOS (CP850/CP437)")),
        ("ÁNGEL, Ãna", "cp850", ("cp850", "DOS (CP850)")),  # letters CP437 draws as box lines
        ("Lucía, Dolores Ríos", "cp437", ("cp850", "DOS (CP850/CP437)")),  # the same letters in both
    ],
)
def test_the_code_page_is_the_one_the_letters_fit(text: str, codec: str, read_as: tuple[str, str]) -> None:
    assert legacy_reading(f"NIK,Nama\r\n1,{text}\r\n".encode(codec)) == read_as


@pytest.mark.parametrize(
    ("text", "codec", "code", "line"),
    [
        # "ê" (0xEA) after a capital reads "Û" in DOS just as well: "Lê" or "LÛ".
        ("Budi Santoso\r\n2,Lê Thi", "cp1252", "csv_encoding_ambiguous", 3),
        # Lines from a DOS program above lines from Excel: most fit Windows-1252, line 2's "é" does not.
        ("José Siregar\r\n2,Rina", "cp850", "csv_encoding_unknown", 2),
    ],
)
def test_a_list_whose_code_page_is_in_doubt_is_refused_naming_the_line(
    registry_world: World, text: str, codec: str, code: str, line: int
) -> None:
    data = f"NIK,Nama\r\n1,{text}\r\n".encode(codec)
    if code == "csv_encoding_unknown":
        data += "3,Müller Ginting\r\n4,Ramón Peña\r\n".encode("cp1252")
    result = _check(registry_world, data)
    assert result.rejected
    assert [(i["code"], i["params"]) for i in result.file_issues] == [(code, {"row": line})]
    message, fix = describe(code, {"row": line})
    assert f"baris {line}" in message
    assert "CSV UTF-8" in fix


#: Letters of names in Latin script, lower case; a word is written capitalised or in capitals, as on a KTP.
ACCENTED = "áàâãäåçéèêëíìîïñóòôõöúùûüýÿæøœšž"
WORD = st.text(st.sampled_from("abcdeghijklmnoprstuwy" + ACCENTED), min_size=2, max_size=9)


@settings(max_examples=60, deadline=None)
@given(
    words=st.lists(WORD, min_size=1, max_size=8),
    capitals=st.booleans(),
    codec=st.sampled_from(["cp1252", "cp850", "cp437"]),
)
def test_names_in_a_legacy_code_page_are_read_as_typed_or_refused(words: list[str], capitals: bool, codec: str) -> None:
    names = [w.upper() if capitals else w.capitalize() for w in words]
    names = [" ".join(names[i : i + 2]) for i in range(0, len(names), 2)]
    try:
        data = excel_csv(_rows(names), encoding=codec)
        data.decode("utf-8")
    except UnicodeEncodeError:
        assume(False)  # a letter this code page lacks
    except UnicodeDecodeError:
        pass  # not valid UTF-8: the case under test
    else:
        assume(False)  # plain ASCII
    try:
        table = read_upload(data, "a.csv", header_fit=_fit)
    except FileRejected as refused:
        # In doubt (or bytes that also read as UTF-8, as "Èà" in DOS does): refused, never garbled.
        assert refused.code in {"csv_encoding_ambiguous", "csv_encoding_mixed"}
        return
    assert table.frame["Nama lengkap"].to_list() == names
