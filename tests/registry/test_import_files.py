"""Files that cannot be imported at all: each gets its own clear message, and nothing is read past the check."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings

from lindung.registry.imports.reader import FileRejected, read_upload
from lindung.registry.imports.validate import ImportContext, validate_file
from tests.factories import World
from tests.registry import files
from tests.registry.files import GOOD_ROWS


@pytest.mark.parametrize(
    ("data", "name", "code"),
    [
        (b"", "a.xlsx", "file_empty"),
        (b"this is not a workbook", "a.xlsx", "xlsx_corrupt"),
        (files.xlsx_bytes(GOOD_ROWS)[:500], "a.xlsx", "xlsx_corrupt"),
        (files.encrypted_workbook(), "a.xlsx", "xlsx_encrypted"),
        (files.old_xls(), "a.xls", "xls_old"),
        (files.zip_bomb(), "a.xlsx", "xlsx_bomb"),
        (b"%PDF-1.7", "a.pdf", "file_type"),
        (b"NIK Nama\n1 2\n", "a.csv", "csv_delimiter"),
        (b'NIK,Nama\n"1271,Budi\n', "a.csv", "csv_quote_unbalanced"),
        (b"NIK,Nama\n1271,Budi,L,x\n", "a.csv", "csv_malformed"),
        (b"NIK,Nama\n", "a.csv", "no_rows"),
    ],
)
def test_unreadable_files_are_refused_with_their_reason(data: bytes, name: str, code: str) -> None:
    with pytest.raises(FileRejected) as refused:
        read_upload(data, name)
    assert refused.value.code == code


@override_settings(LINDUNG_IMPORT_MAX_UNPACKED_BYTES=50_000_000)
def test_zip_bomb_limit_is_a_setting() -> None:
    with pytest.raises(FileRejected) as refused:
        read_upload(files.zip_bomb(), "a.xlsx")
    assert refused.value.params == {"max_mb": 50}


@override_settings(LINDUNG_IMPORT_MAX_ROWS=2)
def test_too_many_rows() -> None:
    with pytest.raises(FileRejected) as refused:
        read_upload(files.csv_bytes(GOOD_ROWS), "a.csv")
    assert (refused.value.code, refused.value.params) == ("too_many_rows", {"max": "2"})


@pytest.mark.parametrize(
    ("sep", "encoding", "warning"),
    [(";", "utf-8", None), ("\t", "utf-16", "UTF-16"), ("|", "cp1252", "Windows-1252"), (",", "utf-8-sig", None)],
)
def test_csv_in_other_delimiters_and_encodings(
    registry_world: World, sep: str, encoding: str, warning: str | None
) -> None:
    rows = [*GOOD_ROWS[:2], files.row("1271021212880013", "Tonó Siregar", "12/12/1988")]
    data = files.csv_bytes(rows, sep=sep, encoding=encoding)
    context = ImportContext(
        kind="employer_workers",
        region=registry_world.medan,
        user=registry_world.users["coordinator"],
        today=dt.date(2025, 11, 1),
    )
    result = validate_file(data, "daftar.csv", context)
    assert result.counts()["valid_rows"] == 3
    assert result.plan["name"].to_list()[2] == "Tonó Siregar"
    warnings = [i["params"]["encoding"] for i in result.file_issues if i["code"] == "csv_encoding"]
    assert warnings == ([warning] if warning == "Windows-1252" else [] if warning is None else ["UTF-16"])


def test_blank_rows_are_skipped_and_row_numbers_stay_those_of_the_sheet() -> None:
    data = files.xlsx_bytes([GOOD_ROWS[0], [""] * 9, GOOD_ROWS[1]])
    table = read_upload(data, "a.xlsx")
    assert table.frame["__row"].to_list() == [2, 4]
