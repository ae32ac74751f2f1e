"""The city's monthly bill, and any invoice page, add up to the amount the payer is asked to pay.

Found by exploratory testing: the breakdown by proposing agency summed the month's regular lines only, so a
worker enrolled back-dated (an adjustment line for the earlier month) made the agencies' rows fall short of the
invoice amount, with nothing on the page to say why.
"""

from __future__ import annotations

import re

import pytest

from lindung.billing.selectors import city_bill
from tests.billing.conftest import FEB, JAN, Billing, add_membership, bill, client_for, invoice_of
from tests.factories import make_worker

pytestmark = pytest.mark.django_db


def test_the_city_bill_by_agency_adds_up_to_the_invoice_with_a_back_dated_worker(billing: Billing) -> None:
    bill(billing.world.medan, JAN)
    add_membership(
        make_worker(billing.world.medan, "1271010505900011", "Rentan Susulan"),
        payer_kind="city_programme",
        agency=billing.world.agency,
        segment="BPU",
        programs=billing.city[0].programs,
        wage=1_000_000,
        valid_from=JAN,
    )
    bill(billing.world.medan, FEB)
    coordinator = billing.world.users["coordinator"]
    feb = city_bill(user=coordinator, region=billing.world.medan, period=FEB)
    assert feb is not None and feb.invoice.adjustment_total > 0
    assert sum(row["total"] for row in feb.by_agency) == feb.invoice.amount_due
    assert feb.workers == 4
    assert {r["agency"]: r["workers"] for r in feb.by_agency} == {"Dinas Perhubungan": 3, "Dinas Sosial": 1}
    page = client_for(billing.world, "coordinator").get("/tagihan/kota/?periode=2026-02").content.decode()
    assert f'data-testid="city-agency-total">Rp {feb.invoice.amount_due:,}</td>'.replace(",", ".") in page
    assert 'data-testid="city-agency-workers">4</td>' in page  # the count formatted as the others (|jumlah)


def test_the_invoice_page_rows_add_up_to_the_amount_due_with_an_adjustment(billing: Billing) -> None:
    """JKK..JP already include earlier months' adjustments; the page listed the adjustment as one more addend."""
    bill(billing.world.medan, JAN)
    add_membership(
        make_worker(billing.world.medan, "1271010505900012", "Pekerja Susulan"),
        payer_kind="employer",
        employer=billing.world.employer,
        valid_from=JAN,
    )
    bill(billing.world.medan, FEB)
    invoice = invoice_of(billing.pu, FEB)
    assert invoice.adjustment_total > 0
    page = client_for(billing.world, "branch_officer").get(f"/tagihan/faktur/{invoice.code}/").content.decode()
    addends = re.findall(r"<tr data-addend><th>[^<]*</th><td[^>]*>Rp ([\d.\-]+)</td>", page)
    assert len(addends) == 4 and sum(int(a.replace(".", "")) for a in addends) == invoice.amount_due
    assert 'data-testid="included-adjustment"' in page
