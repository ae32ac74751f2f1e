"""The arrears list, the billing run list and the suspense list stack into cards on a phone, as the invoice list does
(session 13): each table carries the invoice list's ``lindung-stack`` class and each value its label.

Before: the three tables were ``lindung-scroll`` (one line a cell, sideways scrolling in their box at 375 px) and
their cells had no ``data-label``. The browser test (tests/browser/test_h1_list_cards.py) measures the layout.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from lindung.billing.models import Receipt, ReceiptSource
from tests.billing.conftest import FEB, JAN, TODAY, Billing, bill, client_for

pytestmark = pytest.mark.django_db

LISTS = {  # page, table, the labels each row shows (a control cell may go without one)
    "/tagihan/tunggakan/": (
        "arrears-table",
        ["Pembayar", "Tagihan", "Tertua", "0–30 hari", "31–60 hari", "61–90 hari", "&gt; 90 hari", "Jumlah",
         "Denda berjalan"],
    ),
    "/tagihan/proses/": (
        "run-table",
        ["Periode", "Wilayah", "Status", "Baris", "Penyesuaian", "Tagihan", "Versi aturan"],
    ),
    "/tagihan/suspense/": (
        "suspense-table",
        ["Tanggal", "Umur (hari)", "Jumlah", "Keterangan", "Nama", "Cocokkan dengan"],
    ),
}  # fmt: skip


def _table(html: str, testid: str) -> tuple[str, str]:
    found = re.search(rf'<table class="([^"]*)" data-testid="{testid}">.*?<tbody>(.*?)</tbody>', html, re.S)
    assert found is not None, testid
    return found.group(1), found.group(2)


def _with_rows(billing: Billing) -> None:
    bill(billing.world.medan, JAN)
    bill(billing.world.medan, FEB)
    Receipt.objects.create(
        region=billing.world.medan, source=ReceiptSource.STATEMENT, amount=50_000, unallocated=50_000,
        received_on=TODAY - dt.timedelta(days=3), reference="SETORAN TANPA KODE", payer_name="BUDI",
    )  # fmt: skip


@pytest.mark.parametrize("path", list(LISTS))
def test_each_list_is_a_stack_of_labelled_values(billing: Billing, path: str) -> None:
    _with_rows(billing)
    testid, labels = LISTS[path]
    html = client_for(billing.world, "branch_officer").get(path).content.decode()
    assert "{#" not in html  # a template comment over two lines is printed on the page
    classes, body = _table(html, testid)
    assert "lindung-stack" in classes.split() and "lindung-scroll" not in classes.split()
    rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
    assert rows
    for row in rows:
        shown = re.findall(r'<td[^>]*data-label="([^"]*)"', row)
        assert shown == labels, shown


@pytest.mark.parametrize("path", list(LISTS))
def test_an_empty_list_says_so_in_one_card(billing: Billing, path: str) -> None:
    testid, _labels = LISTS[path]
    html = client_for(billing.world, "branch_officer").get(path).content.decode()
    _classes, body = _table(html, testid)
    one_card = r'\s*<tr class="lindung-empty"><td colspan="\d+" class="text-secondary">[^<]+</td></tr>\s*'
    assert re.fullmatch(one_card, body)


def test_the_suspense_list_read_by_an_auditor_has_no_empty_match_label(billing: Billing) -> None:
    """The auditor may not match a receipt: no "Cocokkan dengan" label over nothing on its cards."""
    _with_rows(billing)
    html = client_for(billing.world, "auditor").get("/tagihan/suspense/").content.decode()
    _classes, body = _table(html, "suspense-table")
    assert "Cocokkan dengan" not in body and "<form" not in body
