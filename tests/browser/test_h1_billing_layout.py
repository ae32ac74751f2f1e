"""Billing lists in a real browser: the invoice list on a phone (375 px) is a column of cards, the desktop keeps the
table, and a statement upload with a very long file name is cut with an ellipsis at every width.

Before: at 375 px the invoice table hid 1,421 px sideways (amount at x=1,350, status at x=1,784); a statement
upload named with 200 emoji wrapped over 14 lines of the upload card.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import PHONE
from tests.browser.conftest import login as desktop_login
from tests.browser.test_mobile import login as phone_login

pytestmark = pytest.mark.browser

LONG_NAME = "\U0001f600" * 196 + ".csv"

# The invoice list as the reader sees it: how far the list and the page reach past the screen, and where the first
# rows' amount and status are, with the label shown before each.
INVOICES = """() => {
  const table = document.querySelector('[data-testid=invoice-table]'), box = table.closest('.table-responsive');
  const place = e => { const r = e.getBoundingClientRect(), cell = e.closest('td');
    return {left: r.left, right: r.right, width: r.width, height: r.height,
            label: getComputedStyle(cell, '::before').content}; };
  const rows = [...table.querySelectorAll('tbody tr')].slice(0, 5);
  return {rows: rows.length, box: box.scrollWidth - box.clientWidth,
          page: document.documentElement.scrollWidth - innerWidth,
          head: getComputedStyle(table.querySelector('thead')).display, row: getComputedStyle(rows[0]).display,
          amounts: rows.map(r => place(r.querySelector('[data-testid=invoice-row-amount]'))),
          statuses: rows.map(r => place(r.querySelector('[data-testid=invoice-row-status]')))};
}"""

JOB = """() => {
  const name = document.querySelector('[data-testid=statement-job-file]');
  const card = name.closest('[data-testid=statement-job]');
  const style = getComputedStyle(name);
  return {cut: name.scrollWidth > name.clientWidth, overflow: style.textOverflow, wrap: style.whiteSpace,
          title: name.title, text: name.textContent, height: name.getBoundingClientRect().height,
          card: card.scrollWidth - card.clientWidth, page: document.documentElement.scrollWidth - innerWidth};
}"""


@pytest.mark.parametrize("username", ["pemberi-kerja", "bpjs"])
def test_the_invoice_list_fits_a_phone_with_amount_and_status_in_view(
    phone: Any, app_server: dict[str, Any], username: str
) -> None:
    phone_login(phone, app_server, username)
    phone.goto(f"{app_server['base']}/tagihan/faktur/")
    found = phone.evaluate(INVOICES)
    assert found["rows"] == 5
    assert found["box"] <= 0 and found["page"] <= 0  # nothing to scroll sideways
    assert found["head"] == "none" and found["row"] == "block"  # a card a row
    for value, label in [*((a, '"Jumlah"') for a in found["amounts"]), *((s, '"Status"') for s in found["statuses"])]:
        assert value["width"] > 0 and value["height"] > 0
        assert value["left"] >= 0 and value["right"] <= PHONE["width"]
        assert value["label"] == label


def test_the_invoice_list_stays_a_table_on_a_desktop(page: Any, app_server: dict[str, Any]) -> None:
    desktop_login(page, app_server, "bpjs")
    page.goto(f"{app_server['base']}/tagihan/faktur/")
    found = page.evaluate(INVOICES)
    assert found["head"] == "table-header-group" and found["row"] == "table-row"
    assert found["box"] <= 0 and found["page"] <= 0
    assert {a["label"] for a in found["amounts"]} == {"none"}  # no labels inside the table


@pytest.mark.parametrize("width", [375, 768, 1280])
def test_a_long_statement_file_name_is_cut_with_an_ellipsis(
    browser: Any, app_server: dict[str, Any], width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="id-ID")
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    try:
        phone_login(pg, app_server, "bpjs")  # waits for the user's menu whether the bar is collapsed or not
        pg.goto(f"{app_server['base']}/tagihan/rekening-koran/")
        shown = pg.query_selector("[data-testid=statement-job-file]")
        if shown is None or shown.get_attribute("title") != LONG_NAME:  # the first width uploads, the others see it
            csv = b"tanggal;keterangan;jumlah\n2026-01-05;SETORAN TUNAI;15000\n"
            pg.set_input_files("#id_file", files=[{"name": LONG_NAME, "mimeType": "text/csv", "buffer": csv}])
            with pg.expect_navigation():
                pg.click("[data-testid=statement-form] button[type=submit]")
        found = pg.evaluate(JOB)
    finally:
        context.close()
    assert found["title"] == found["text"] == LONG_NAME
    assert found["cut"] and found["overflow"] == "ellipsis" and found["wrap"] == "nowrap"
    assert found["height"] < 30  # one line (before: 14 lines at 375 px)
    assert found["card"] <= 0 and found["page"] <= 0
