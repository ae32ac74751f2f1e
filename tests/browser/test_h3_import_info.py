"""Row information in a real browser: a list uploaded again shows its rows as "Informasi" (already registered),
counted apart from warnings, and still imports all or nothing."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import login, open_menu

pytestmark = pytest.mark.browser

HEADER = "NPP,NIK,Nama lengkap,Tanggal lahir,Jenis kelamin,Nomor HP,Upah,Mulai berlaku,Program"
ROWS = [
    ",1271011708909881,Rudi Informasi,17/08/1990,L,,4500000,01/01/2026,",
    ",1271015505929882,Rina Informasi,15/05/1992,P,,4500000,01/01/2026,",
]


def _upload(page: Any, app_server: dict[str, Any], name: str, newline: str) -> None:
    open_menu(page, "Registrasi", "Impor")
    page.click("[data-testid=upload-link]")
    data = newline.join([HEADER, *ROWS, ""]).encode()
    page.set_input_files("input[type=file]", {"name": name, "mimeType": "text/csv", "buffer": data})
    page.click("[data-testid=registry-form] button[type=submit]")
    page.wait_for_selector("[data-testid=import-counts]")


def test_rows_uploaded_again_are_information_and_do_not_block(page: Any, app_server: dict[str, Any]) -> None:
    login(page, app_server, "pemberi-kerja")
    _upload(page, app_server, "info-pertama.csv", "\n")
    page.check("input[value=all_or_nothing]")
    page.click("[data-testid=confirm-button]")
    page.wait_for_selector("[data-testid=import-result]")
    _upload(page, app_server, "info-kedua.csv", "\r\n")  # the same workers, another file
    assert page.inner_text("[data-testid=count-warnings]") == "0"
    assert page.inner_text("[data-testid=count-info]") == "2"
    rows = page.locator("[data-testid=import-issues] tbody tr[data-severity=info]")
    assert rows.count() == 2 and page.locator("[data-testid=import-issues] .badge.text-bg-info").count() == 2
    assert "Informasi" in rows.first.inner_text()
    page.check("input[value=all_or_nothing]")
    page.click("[data-testid=confirm-button]")
    page.wait_for_selector("[data-testid=import-result]")
    assert "0 pekerja baru dan 0 kepesertaan baru" in page.inner_text("[data-testid=import-result]")
