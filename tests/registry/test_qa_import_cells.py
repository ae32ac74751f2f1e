"""Exploratory QA of worker-list uploads: cells real spreadsheets hold must give an issue, never a crash."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import polars as pl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from lindung.regions.nik import mask_nik
from lindung.regions.nik_column import nik_mask_expr
from lindung.registry.models import ImportJob, ImportStatus, Worker
from tests.factories import World
from tests.registry import files
from tests.registry.files import EMPLOYER_HEADER, GOOD_ROWS, NPP, row


def _workbook(rows: list[list[Any]]) -> bytes:
    """A workbook as openpyxl (and Excel) writes it: typed cells, a formula without a cached value."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(EMPLOYER_HEADER)
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _upload(world: World, data: bytes, name: str) -> tuple[Client, ImportJob]:
    client = Client()
    client.force_login(world.users["employer"])
    response = client.post(
        reverse("registry:import_upload"), {"kind": "employer_workers", "file": SimpleUploadedFile(name, data)}
    )
    assert response.status_code == 302, response.content[:500]
    return client, ImportJob.objects.get()


def _issues(job: ImportJob) -> list[tuple[int, str, str]]:
    return list(job.issues.order_by("row", "id").values_list("row", "column", "code"))


@pytest.mark.parametrize("value", ["", "1", "1271", "1271011", " 12.71 "])
def test_the_mask_expression_on_a_short_value_inside_an_expression(value: str) -> None:
    """Given a short NIK reached through an expression (as the import masks it), the mask is that of mask_nik."""
    frame = pl.DataFrame({"nik": [value, None, "1271011708900011"]})
    masked = frame.select(nik_mask_expr(pl.col("nik").fill_null(""))).to_series().to_list()
    assert masked == [mask_nik(value), "", "1271********0011"]


@pytest.mark.parametrize("name", ["daftar.csv", "daftar.xlsx"])
def test_a_list_whose_only_row_has_no_nik_is_rejected_with_the_reason(registry_world: World, name: str) -> None:
    rows = [row("", "Tanpa NIK", "01/01/1990")]
    data = files.csv_bytes(rows) if name.endswith(".csv") else files.xlsx_bytes(rows)
    client, job = _upload(registry_world, data, name)
    job.refresh_from_db()
    assert job.status == ImportStatus.REJECTED
    assert _issues(job) == [(2, "NIK", "nik_empty")]
    preview = client.get(reverse("registry:import_detail", args=[job.pk]))
    assert preview.status_code == 200 and "NIK wajib diisi." in preview.text


@pytest.mark.parametrize("name", ["daftar.csv", "daftar.xlsx"])
def test_an_empty_or_short_nik_cell_is_an_issue_of_its_row(registry_world: World, name: str) -> None:
    rows = [GOOD_ROWS[0], row("", "Tanpa NIK", "01/01/1990"), row("1271", "NIK Pendek", "01/01/1990")]
    data = files.csv_bytes(rows) if name.endswith(".csv") else files.xlsx_bytes(rows)
    _client, job = _upload(registry_world, data, name)
    job.refresh_from_db()
    assert job.status == ImportStatus.VALIDATED
    assert (job.total_rows, job.valid_rows, job.error_rows) == (3, 1, 2)
    codes = {(r, code) for r, column, code in _issues(job) if column == "NIK"}
    assert (3, "nik_empty") in codes and any(r == 4 for r, _code in codes)


def test_a_formula_nik_without_a_cached_value_is_an_empty_nik(registry_world: World) -> None:
    """openpyxl, scripts and some exports write formulas without their result: the cell reads as empty."""
    data = _workbook([[NPP, "=B1", "Budi Santoso", "17/08/1990", "L", "", 4500000, "01/01/2026", ""]])
    _client, job = _upload(registry_world, data, "rumus.xlsx")
    job.refresh_from_db()
    assert job.status == ImportStatus.REJECTED
    assert _issues(job) == [(2, "NIK", "nik_empty")]
    assert not Worker.objects.filter(name="Budi Santoso").exists()


def test_a_column_of_true_false_cells_is_read_as_text(registry_world: World) -> None:
    """A TRUE/FALSE column (a checkbox column, a sex column filled by a formula) is text, not a crash."""
    data = _workbook(
        [
            [NPP, "1271011708900011", "Budi Santoso", "17/08/1990", True, "", 4500000, "01/01/2026", ""],
            [NPP, "1271015505920012", "Sari Wulandari", "15/05/1992", False, "", 4500000, "01/01/2026", ""],
        ]
    )
    _client, job = _upload(registry_world, data, "centang.xlsx")
    job.refresh_from_db()
    assert job.status == ImportStatus.REJECTED
    assert _issues(job) == [(2, "Jenis kelamin", "sex_invalid"), (3, "Jenis kelamin", "sex_invalid")]


@pytest.mark.parametrize(
    ("wage", "name"),
    [
        (1e20, "angka.xlsx"),  # a number cell past a 64-bit integer: it used to read as an empty cell
        (12_000_000_000, "angka.xlsx"),
        ("99999999999999999999", "teks.csv"),  # digits, not text
        ("12.000.000.000", "teks.csv"),
    ],
)
def test_a_wage_too_large_is_called_too_large(registry_world: World, wage: Any, name: str) -> None:
    rows = [row("1271011708900011", "Budi Santoso", "17/08/1990", wage=wage)]  # type: ignore[arg-type]
    data = files.csv_bytes(rows) if name.endswith(".csv") else files.xlsx_bytes(rows)
    client, job = _upload(registry_world, data, name)
    job.refresh_from_db()
    assert _issues(job) == [(2, "Upah", "number_too_large")]
    preview = client.get(reverse("registry:import_detail", args=[job.pk]))
    assert "Angka terlalu besar untuk upah sebulan" in preview.text


def test_a_wage_at_the_limit_is_still_read(registry_world: World) -> None:
    rows = [row("1271011708900011", "Budi Santoso", "17/08/1990", wage=10_000_000_000)]  # type: ignore[arg-type]
    _client, job = _upload(registry_world, files.xlsx_bytes(rows), "batas.xlsx")
    job.refresh_from_db()
    assert not [code for _row, column, code in _issues(job) if column == "Upah"]
