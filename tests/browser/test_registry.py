"""The registry in a real browser: an employer uploads a worker list, reads the preview, confirms, sees the result."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest

from tests.browser.conftest import login, open_menu

pytestmark = pytest.mark.browser

HEADER = [
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
ROWS = [
    ["", "1271011708909871", "Budi Peramban", "17/08/1990", "L", "0812-3456-7890", "4.500.000", "01/01/2026", ""],
    ["", "1271 0155 0592 9872", "Sari Peramban", "15-05-1992", "P", "", "4500000", "2026-01-01", ""],
    ["", "1271015505929873", "Salah Tanggal", "15/05/92", "P", "", "4500000", "01/01/2026", ""],
]


def _csv() -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(ROWS)
    return buffer.getvalue().encode("utf-8")


def test_upload_preview_confirm(page: Any, app_server: dict[str, Any]) -> None:
    login(page, app_server, "pemberi-kerja")
    open_menu(page, "Registrasi", "Impor")
    page.click("[data-testid=upload-link]")
    page.set_input_files("input[type=file]", {"name": "daftar-pekerja.csv", "mimeType": "text/csv", "buffer": _csv()})
    page.click("[data-testid=registry-form] button[type=submit]")
    page.wait_for_selector("[data-testid=import-counts]")
    assert page.inner_text("[data-testid=count-total]") == "3"
    assert page.inner_text("[data-testid=count-errors]") == "1"
    issues = page.inner_text("[data-testid=import-issues]")
    assert "##/##/##" in issues and "Tahun hanya 2 digit" in issues and "1271015505929873" not in issues
    page.check("input[value=valid_rows]")
    page.click("[data-testid=confirm-button]")
    page.wait_for_selector("[data-testid=import-result]")
    assert "2 pekerja baru dan 2 kepesertaan baru" in page.inner_text("[data-testid=import-result]")
    page.goto(f"{app_server['base']}/registrasi/pekerja/?q=1271+0117+0890+9871")
    results = page.inner_text("[data-testid=worker-results]")
    assert "Budi Peramban" in results and "1271********9871" in results
