"""Billing in a real browser: the branch officer starts this month's run and watches it finish (the task worker
runs it, the page polls), and uploads a bank statement the same way; the employer opens its invoice and
downloads its account statement."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import login

pytestmark = pytest.mark.browser


def test_the_branch_officer_runs_this_month_and_sees_it_finish(
    page: Any, app_server: dict[str, Any], task_worker: None
) -> None:
    login(page, app_server, "bpjs")
    page.goto(f"{app_server['base']}/tagihan/proses/")
    assert page.locator("[data-testid=run-table] tbody tr").count() >= 12  # the demo's twelve months
    page.click("[data-testid=run-form] button[type=submit]")  # the current month is filled in
    page.wait_for_selector("[data-testid=run-progress]")
    page.wait_for_selector("[data-testid=run-progress][data-status=done]", timeout=90_000)
    assert "100%" in page.inner_text("[data-testid=run-progress]")
    issued = page.inner_text("[data-testid=run-invoices]")
    assert int(issued.split()[0].replace(".", "").replace(",", "")) > 50
    page.goto(f"{app_server['base']}/tagihan/proses/")
    page.click("[data-testid=run-form] button[type=submit]")  # the same month again: nothing new
    assert "tidak ada tagihan baru" in page.inner_text(".alert-info")


def test_the_branch_officer_uploads_a_bank_statement_and_sees_it_recorded(
    page: Any, app_server: dict[str, Any], task_worker: None
) -> None:
    login(page, app_server, "bpjs")
    page.goto(f"{app_server['base']}/tagihan/rekening-koran/")
    text = "tanggal;keterangan;jumlah;no_va;nama;no_transaksi\n2026-01-15;SETORAN TUNAI;75.000;;;BROWSER-1\n"
    page.set_input_files("#id_file", {"name": "rk.csv", "mimeType": "text/csv", "buffer": text.encode()})
    page.click("[data-testid=statement-form] button[type=submit]")
    page.wait_for_selector("[data-testid=statement-job]")
    result = page.wait_for_selector("[data-testid=statement-job-result]", timeout=60_000)  # the page reloads itself
    assert result is not None and "1 baris baru: 0 cocok otomatis, 1 ke suspense" in result.inner_text()
    assert "rk.csv" in page.inner_text("[data-testid=import-table]")


def test_the_employer_sees_its_invoice_and_downloads_its_statement(
    page: Any, app_server: dict[str, Any], tmp_path: Path
) -> None:
    login(page, app_server, "pemberi-kerja")
    page.goto(f"{app_server['base']}/tagihan/")
    codes = page.locator("[data-testid=invoice-code]")
    assert codes.count() >= 1
    code = codes.first.inner_text()
    codes.first.click()
    assert page.inner_text("[data-testid=invoice-title]") == code
    assert page.inner_text("[data-testid=amount-due]").startswith("Rp ")
    page.click("text=Rekening iuran")
    assert page.locator("[data-testid=statement-table] tbody tr").count() >= 2
    for selector, magic in (("[data-testid=statement-pdf]", b"%PDF"), ("[data-testid=statement-xlsx]", b"PK")):
        with page.expect_download() as download:
            page.click(selector)
        saved = tmp_path / download.value.suggested_filename
        download.value.save_as(saved)
        assert saved.read_bytes().startswith(magic)
