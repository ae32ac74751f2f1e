"""A CSV has one separator, as Excel reads it: the one a first line ``sep=;`` declares (a line Excel does not show,
so the rows under it are numbered from 1), else the one used most in the file, never the header line's own. A
header separated otherwise than the data under it is refused, naming its row; nothing is imported.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pytest
from django.utils import translation

from lindung.registry.imports import service
from lindung.registry.imports.columns import COLUMNS, header_fit
from lindung.registry.imports.messages import describe
from lindung.registry.imports.reader import ROW, FileRejected, RawTable, read_upload
from lindung.registry.imports.validate import ImportContext, Validation, validate_file
from lindung.registry.models import ImportKind, ImportStatus, Worker
from tests.factories import World
from tests.registry import files
from tests.registry.files import EMPLOYER_HEADER, GOOD_ROWS, row


def _lines(rows: Sequence[Sequence[str]], sep: str) -> str:
    """Rows as an export tool writes them for Excel: CRLF, no quotes needed here."""
    return "".join(sep.join(cells) + "\r\n" for cells in rows)


def _read(text: str, kind: str = ImportKind.EMPLOYER_WORKERS) -> RawTable:
    columns = COLUMNS[kind]
    return read_upload(text.encode(), "daftar.csv", header_fit=lambda cells: header_fit(cells, columns, frozenset()))


def _refusal(text: str) -> tuple[str, dict[str, object]]:
    with pytest.raises(FileRejected) as refused:
        _read(text)
    return refused.value.code, refused.value.params


def _validate(world: World, text: str) -> Validation:
    ctx = ImportContext(
        kind="employer_workers", region=world.medan, user=world.users["coordinator"], today=dt.date(2025, 11, 1)
    )
    return validate_file(text.encode(), "daftar.csv", ctx)


@pytest.mark.parametrize("sep", [";", ",", "\t", "|"], ids=["semicolon", "comma", "tab", "bar"])
def test_a_declared_separator_is_used_and_its_line_is_not_a_row(sep: str) -> None:
    table = _read(f"sep={sep}\r\n" + _lines([EMPLOYER_HEADER, *GOOD_ROWS], sep))
    assert (table.header_row, table.headers) == (0, EMPLOYER_HEADER)
    assert table.frame[ROW].to_list() == [2, 3, 4]  # as Excel shows them: the sep= line is hidden
    assert table.frame["Nama lengkap"].to_list() == ["Budi Santoso", "Sari Wulandari", "Tono Siregar"]


def test_a_declared_separator_under_a_title_block_numbers_the_rows_as_excel_shows_them() -> None:
    title = [["DAFTAR TENAGA KERJA", *[""] * 8], [""] * 9]
    table = _read("SEP=;\n" + _lines([*title, EMPLOYER_HEADER, *GOOD_ROWS], ";"))
    assert (table.header_row, table.frame[ROW].to_list()) == (2, [4, 5, 6])


def test_a_cell_error_in_a_declared_file_names_the_row_excel_shows(registry_world: World) -> None:
    bad = row("1271015505920012", "Sari Wulandari", "31/02/1992", sex="P")
    result = _validate(registry_world, "sep=;\r\n" + _lines([EMPLOYER_HEADER, GOOD_ROWS[0], bad], ";"))
    assert result.issues.filter(result.issues["code"] == "date_invalid")["row"].to_list() == [3]


def test_a_refusal_for_letters_in_a_declared_file_names_the_row_excel_shows() -> None:
    head = ("sep=;\r\n" + _lines([EMPLOYER_HEADER, row("1271011708900011", "Zoë", "17/08/1990")], ";")).encode()
    data = head + _lines([row("1271015505920012", "Ramón", "15/05/1992", sex="P")], ";").encode("cp1252")
    with pytest.raises(FileRejected) as refused:
        read_upload(data, "daftar.csv")
    assert (refused.value.code, refused.value.params) == ("csv_encoding_mixed", {"row": 3})


def test_a_line_starting_with_sep_and_more_text_is_a_title() -> None:
    table = _read("sep=; dipakai titik koma\r\n" + _lines([EMPLOYER_HEADER, *GOOD_ROWS], ";"))
    assert (table.header_row, table.frame[ROW].to_list()) == (1, [3, 4, 5])


@pytest.mark.parametrize("padded", [True, False], ids=["Excel pads the row", "typed"])
@pytest.mark.parametrize("count", [1, 3], ids=["one row", "three rows"])
def test_titles_in_one_cell_over_data_split_by_another_separator_are_refused(padded: bool, count: int) -> None:
    # the comma template opened in an Excel whose list separator is the semicolon: every title lands in A1
    header = ",".join(EMPLOYER_HEADER) + (";" * 8 if padded else "")
    assert _refusal(header + "\r\n" + _lines(GOOD_ROWS[:count], ";")) == (
        "csv_header_separator",
        {"row": 1, "header": ",", "body": ";"},
    )


def test_titles_split_otherwise_than_the_data_are_refused_with_their_row_and_nothing_is_imported(
    registry_world: World,
) -> None:
    title = "DAFTAR TENAGA KERJA;;;;;;;;\r\n"
    text = title + "\t".join(EMPLOYER_HEADER) + "\r\n" + _lines(GOOD_ROWS, ";")
    workers = Worker.objects.count()
    job = files.validated(registry_world, text.encode())
    assert (job.status, job.total_rows, job.valid_rows, job.stage_name) == (ImportStatus.REJECTED, 0, 0, "")
    assert job.file_issues == [
        {"code": "csv_header_separator", "params": {"row": 2, "header": "\t", "body": ";"}, "severity": "error"}
    ]
    with pytest.raises(Exception, match="tidak dapat dikonfirmasi"):
        service.import_job_confirm(job=job, mode="all_or_nothing")
    assert Worker.objects.count() == workers
    message, fix = describe("csv_header_separator", job.file_issues[0]["params"])
    assert message.startswith("Judul kolom di baris 2 dipisah dengan tab, sedangkan data di bawahnya dengan titik koma")
    assert "titik koma (;)" in fix
    with translation.override("en"):
        english = describe("csv_header_separator", job.file_issues[0]["params"])[0]
    assert english.startswith("The column titles on row 2 are separated by tab")
    assert "semicolon (;)" in english


def test_header_cells_holding_commas_do_not_decide_how_the_data_is_split() -> None:
    header = ["NIK", "Nama lengkap", '"Tanggal lahir (dd, mm, yyyy)"', '"Jenis kelamin (L, P)"']
    header += ['"Kategori rentan (kode, lihat Petunjuk)"', '"Persetujuan (Y, T)"']
    rows = [
        ["1271011708900011", "Budi Santoso", "17/08/1990", "L", "ojek_driver", "Y"],
        ["1271015505920012", "Sari Wulandari", "15/05/1992", "P", "street_vendor", "Y"],
    ]
    table = _read(_lines([header, *rows], ";"), ImportKind.AGENCY_PROPOSALS)
    assert table.headers[2:4] == ["Tanggal lahir (dd, mm, yyyy)", "Jenis kelamin (L, P)"]
    consent = table.frame.select("Nama lengkap", "Persetujuan (Y, T)").rows()
    assert consent == [("Budi Santoso", "Y"), ("Sari Wulandari", "Y")]


def test_a_title_split_by_another_separator_stays_one_title() -> None:
    table = _read("Daftar Pekerja; PT Maju Jaya; Januari 2026\r\n" + _lines([EMPLOYER_HEADER, *GOOD_ROWS], ","))
    assert (table.header_row, table.frame[ROW].to_list()) == (1, [3, 4, 5])


def test_a_title_block_outnumbering_the_rows_does_not_choose_the_separator() -> None:
    titles = [f"Catatan {n}; PT Maju; NPP 10000001; Januari 2026; hal. {n}; lampiran" for n in range(1, 6)]
    text = "\r\n".join(titles) + "\r\n" + _lines([EMPLOYER_HEADER, GOOD_ROWS[0]], ",")
    table = _read(text)
    assert (table.header_row, table.headers, table.frame[ROW].to_list()) == (5, EMPLOYER_HEADER, [7])


def test_a_declaration_the_rows_do_not_follow_is_read_as_declared_and_refused_for_its_titles(
    registry_world: World,
) -> None:
    result = _validate(registry_world, "sep=;\r\n" + _lines([EMPLOYER_HEADER, *GOOD_ROWS], ","))
    assert result.rejected and result.file_issues[0]["code"] == "header_not_found"


def test_a_file_of_a_declaration_only_is_empty() -> None:
    assert _refusal("sep=;\r\n") == ("file_empty", {})


def test_a_place_and_date_under_a_header_is_not_taken_for_rows_split_otherwise() -> None:
    table = _read(_lines([EMPLOYER_HEADER], ";") + "Medan, 31 Januari 2026\r\n")
    assert (table.headers, table.frame["NPP"].to_list()) == (EMPLOYER_HEADER, ["Medan, 31 Januari 2026"])
