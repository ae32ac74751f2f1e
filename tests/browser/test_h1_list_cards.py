"""The arrears, billing run and suspense lists in a real browser (session 13): on a phone (375 px) each row is a card
of labelled values with nothing to scroll sideways, as the invoice list is; a desktop keeps the tables.

Before (this file on the demo at 375 px): the arrears table hid 1,302 px sideways inside its box, the run table 296 px
and the suspense table 889 px; the last columns (total, invoices, the match form) were off screen.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import PHONE
from tests.browser.conftest import login as desktop_login
from tests.browser.test_mobile import login as phone_login

pytestmark = pytest.mark.browser

LISTS = {
    "/tagihan/tunggakan/": "arrears-table",
    "/tagihan/proses/": "run-table",
    "/tagihan/suspense/": "suspense-table",
}

# How far the list and the page reach past the screen, and, for the first rows' cells, where they are and the label
# shown before each.
MEASURE = """(testid) => {
  const table = document.querySelector(`[data-testid=${testid}]`), box = table.closest('.table-responsive');
  const rows = [...table.querySelectorAll('tbody tr')].slice(0, 5);
  const cells = rows.flatMap(r => [...r.querySelectorAll('td')]).map(td => {
    const r = td.getBoundingClientRect();
    return {left: r.left, right: r.right, label: getComputedStyle(td, '::before').content, wanted: td.dataset.label};
  });
  return {rows: rows.length, box: box.scrollWidth - box.clientWidth,
          page: document.documentElement.scrollWidth - innerWidth,
          head: getComputedStyle(table.querySelector('thead')).display, row: getComputedStyle(rows[0]).display,
          cells};
}"""


@pytest.mark.parametrize("path", list(LISTS))
def test_each_list_is_a_column_of_cards_on_a_phone(phone: Any, app_server: dict[str, Any], path: str) -> None:
    phone_login(phone, app_server, "bpjs")
    phone.goto(f"{app_server['base']}{path}")
    found = phone.evaluate(MEASURE, LISTS[path])
    assert found["rows"] > 0
    assert found["box"] <= 0 and found["page"] <= 0  # nothing to scroll sideways
    assert found["head"] == "none" and found["row"] == "block"
    for cell in found["cells"]:
        assert cell["left"] >= 0 and cell["right"] <= PHONE["width"], cell
        if cell["wanted"]:
            assert cell["label"] == f'"{cell["wanted"]}"', cell


@pytest.mark.parametrize("path", list(LISTS))
def test_each_list_stays_a_table_on_a_desktop(page: Any, app_server: dict[str, Any], path: str) -> None:
    desktop_login(page, app_server, "bpjs")
    page.goto(f"{app_server['base']}{path}")
    found = page.evaluate(MEASURE, LISTS[path])
    assert found["head"] == "table-header-group" and found["row"] == "table-row"
    assert found["page"] <= 0
    assert {c["label"] for c in found["cells"]} == {"none"}  # no labels inside the table
