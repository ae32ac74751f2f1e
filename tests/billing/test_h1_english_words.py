"""Words an English reader met on the billing pages that meant something else (session 13, walking the demo in
English): one invoice was titled "Invoices TG-…", the city bill counted "Worker" per agency and totalled under
"Amount". The Indonesian words serve both meanings; a context tells them apart in the catalogue.
"""

from __future__ import annotations

import re

import pytest

from tests.billing.conftest import JAN, Billing, bill, client_for, invoice_of

pytestmark = pytest.mark.django_db


def _english(billing: Billing, role: str, path: str) -> str:
    client = client_for(billing.world, role)
    client.cookies["django_language"] = "en"
    response = client.get(path)
    assert response.status_code == 200
    return str(response.content.decode())


def test_one_invoice_is_titled_invoice(billing: Billing) -> None:
    bill(billing.world.medan, JAN)
    code = invoice_of(billing.pu, JAN).code
    html = _english(billing, "employer", f"/tagihan/faktur/{code}/")
    assert re.search(rf'<h1 class="h3 mb-1">Invoice <span data-testid="invoice-title">{code}</span></h1>', html)
    assert ">Invoices</a>" in html  # the tab to the list keeps its plural


def test_the_city_bill_counts_workers_and_totals_them(billing: Billing) -> None:
    bill(billing.world.medan, JAN)
    html = _english(billing, "coordinator", f"/tagihan/kota/?periode={JAN:%Y-%m}")
    assert '<th class="text-end">Workers</th><th class="text-end">Amount</th>' in html
    assert '<tr class="fw-bold"><td>Total</td>' in html
