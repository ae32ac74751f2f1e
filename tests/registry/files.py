"""Worker-list files for import tests: CSV and XLSX bytes built in memory, plus broken ones."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Sequence
from typing import Any

import xlsxwriter

EMPLOYER_HEADER = [
    "NPP",
    "NIK",
    "Nama lengkap",
    "Tanggal lahir",
    "Jenis kelamin",
    "Nomor HP",
    "Upah",
    "Mulai berlaku",
    "Program",
]
NPP = "10000001"


def row(
    nik: str,
    name: str,
    birth: str,
    sex: str = "L",
    wage: str = "4500000",
    start: str = "01/01/2026",
    phone: str = "",
    programs: str = "",
    npp: str = NPP,
) -> list[str]:
    return [npp, nik, name, birth, sex, phone, wage, start, programs]


GOOD_ROWS = [
    row("1271011708900011", "Budi Santoso", "17/08/1990", phone="0812-3456-7890"),
    row("1271 0155 0592 0012", "Sari Wulandari", "15-05-1992", sex="P"),
    row("12.7102.121288.0013", "Tono Siregar", "1988-12-12"),
]


def csv_bytes(
    rows: Sequence[Sequence[str]], header: Sequence[str] = EMPLOYER_HEADER, sep: str = ",", encoding: str = "utf-8"
) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=sep, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def sheet_csv(rows: Sequence[Sequence[Any] | None]) -> bytes:
    """Rows as Excel saves a sheet to CSV (CRLF; ``None`` an empty row; a merged cell's value in its first cell)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for values in rows:
        writer.writerow(values or [])
    return buffer.getvalue().encode()


def xlsx_bytes(rows: Sequence[Sequence[Any]], header: Sequence[str] = EMPLOYER_HEADER) -> bytes:
    """A workbook like Excel writes: an int or float is a number cell, a date a date cell, the rest text."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
    sheet = book.add_worksheet("Data")
    date_format = book.add_format({"num_format": "dd/mm/yyyy"})
    sheet.write_row(0, 0, list(header))
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values):
            if isinstance(value, dt.date):
                sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date_format)
            elif isinstance(value, int | float):
                sheet.write_number(r, c, value)
            else:
                sheet.write_string(r, c, value)
    book.close()
    return buffer.getvalue()


def zip_bomb() -> bytes:
    """A valid-looking workbook zip whose sheet unpacks to far more than the limit."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * 60_000_000)
    return buffer.getvalue()


def encrypted_workbook() -> bytes:
    """The start of an Office-encrypted (password) file: an OLE compound file naming EncryptionInfo."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 512


def old_xls() -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2048 + "Workbook".encode("utf-16-le")


def upload(world: Any, data: bytes, name: str = "daftar.csv", user: str = "coordinator") -> Any:
    """An employer worker list uploaded by ``user`` of the test world (``service.Upload``)."""
    from lindung.registry.imports import service
    from lindung.registry.models import ImportKind

    return service.import_job_create(
        user=world.users[user], kind=ImportKind.EMPLOYER_WORKERS, region=world.medan, file_name=name, data=data
    )


def validated(world: Any, data: bytes, name: str = "daftar.csv", user: str = "coordinator") -> Any:
    """The uploaded list, checked (``ImportJob``)."""
    from lindung.registry.imports import service

    return service.import_job_validate(job=upload(world, data, name, user).job)
