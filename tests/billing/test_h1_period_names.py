"""A billing period as a branch officer or employer reads it: "Januari 2026" ("January 2026" in English), not
"2026-01" (session 13). Form inputs, links and exports keep the machine form.

Before: every billing page and the dunning letter wrote the period as ``2026-01``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.utils import timezone, translation

from lindung.billing.selectors import account_arrears
from lindung.web.templatetags.lindung_format import format_month
from tests.billing.conftest import FEB, JAN, Billing, bill, client_for, invoice_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "value", "text"),
    [
        ("id", dt.date(2026, 10, 1), "Oktober 2026"),
        ("en", dt.date(2026, 10, 1), "October 2026"),
        ("id", dt.date(2026, 8, 17), "Agustus 2026"),
        ("en", dt.date(2026, 2, 1), "February 2026"),
        ("id", None, "–"),
    ],
)
def test_a_month_is_named_in_the_readers_language(language: str, value: dt.date | None, text: str) -> None:
    with translation.override(language):
        assert format_month(value) == text


def test_a_moment_is_named_by_its_local_month() -> None:
    """00:30 WIB on 1 November is still 31 October in UTC: the reader's month is November."""
    moment = dt.datetime(2026, 10, 31, 17, 30, tzinfo=dt.UTC)
    with timezone.override("Asia/Jakarta"), translation.override("id"):
        assert format_month(moment) == "November 2026"


def _page(client: Any, path: str, language: str = "id") -> str:
    client.cookies["django_language"] = language
    response = client.get(path)
    assert response.status_code == 200, path
    return str(response.content.decode())


@pytest.mark.parametrize(("language", "month"), [("id", "Januari 2026"), ("en", "January 2026")])
def test_the_billing_pages_name_the_period(billing: Billing, language: str, month: str) -> None:
    run = bill(billing.world.medan, JAN)
    invoice = invoice_of(billing.pu, JAN)
    officer = client_for(billing.world, "branch_officer")
    employer = client_for(billing.world, "employer")
    pages = {
        "runs": _page(officer, "/tagihan/proses/", language),
        "run": _page(officer, f"/tagihan/proses/{run.pk}/", language),
        "progress": _page(officer, f"/tagihan/proses/{run.pk}/progres/", language),
        "invoices": _page(employer, "/tagihan/faktur/", language),
        "invoice": _page(employer, f"/tagihan/faktur/{invoice.code}/", language),
        "city": _page(client_for(billing.world, "coordinator"), "/tagihan/kota/", language),
    }
    for name in ("runs", "run", "invoices", "invoice", "city"):
        assert month in pages[name], name
    for name, html in pages.items():  # "2026-01" only where a machine reads it: inputs, links, option values
        shown = re.sub(r'(value|href|hx-get|placeholder)="[^"]*"', "", html)
        machine = re.search(r"2026-01(?!-)", shown)  # a day (2026-01-01, a parameter's start) is not a period
        assert machine is None, (name, shown[machine.start() - 200 : machine.end() + 50])
    assert 'href="/tagihan/faktur/?periode=2026-01"' in pages["progress"]  # the link still filters by period
    assert re.search(r'<option value="2026-01" selected>' + month + "</option>", pages["city"])


def test_a_worker_reads_the_month_of_each_contribution(billing: Billing) -> None:
    bill(billing.world.medan, JAN)
    html = _page(client_for(billing.world, "worker"), "/tagihan/faktur/")
    assert "<td>Januari 2026</td>" in html


def test_the_city_bill_of_a_month_without_one_names_the_month(billing: Billing) -> None:
    bill(billing.world.medan, JAN)
    html = _page(client_for(billing.world, "coordinator"), "/tagihan/kota/?periode=2030-01")
    assert "Belum ada tagihan program kota untuk periode Januari 2030; pilih periode dari daftar." in html


@pytest.mark.parametrize(("language", "months"), [("id", ["Januari 2026", "Februari 2026"]), ("en", ["January 2026"])])
def test_the_dunning_letter_names_the_month_of_each_overdue_invoice(
    billing: Billing, language: str, months: list[str]
) -> None:
    bill(billing.world.medan, JAN)
    bill(billing.world.medan, FEB)
    officer, as_of = billing.world.users["branch_officer"], dt.date(2026, 4, 9)
    row = account_arrears(account=invoice_of(billing.pu, JAN).account, user=officer, as_of=as_of)
    with translation.override(language):
        letter = render_to_string("billing/pdf/dunning.html", {"row": row, "as_of": as_of})
    for month in months:
        assert f"<td>{month}</td>" in letter
    assert "<td>2026-01</td>" not in letter
