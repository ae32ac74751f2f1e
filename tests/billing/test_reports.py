"""Arrears with ageing and fines, suspense ageing, compliance flags, statements (page, PDF, XLSX), city bill."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from lindung.billing.models import Receipt, ReceiptSource
from lindung.billing.selectors import (
    account_statement,
    arrears_list,
    arrears_rows,
    city_bill,
    employer_compliance,
    suspense_totals,
)
from lindung.billing.services import payment_record
from lindung.rules.deadlines import late_fine
from tests.billing.conftest import FEB, JAN, TODAY, Billing, add_membership, bill, client_for, invoice_of
from tests.factories import make_worker

pytestmark = pytest.mark.django_db


def test_arrears_by_payer_with_ageing_buckets_and_the_accrued_fine(billing: Billing) -> None:
    bill(billing.world.medan, JAN)
    bill(billing.world.medan, FEB)
    officer, as_of = billing.world.users["branch_officer"], dt.date(2026, 4, 9)
    rows = arrears_rows(arrears_list(user=officer, as_of=as_of), user=officer, as_of=as_of)
    pu = next(r for r in rows if r.account.employer_id == billing.world.employer.pk)
    january, february = invoice_of(billing.pu, JAN), invoice_of(billing.pu, FEB)
    assert pu.invoices == 2 and pu.total == january.amount_due + february.amount_due
    days_jan, days_feb = (as_of - january.due_date).days, (as_of - february.due_date).days
    assert days_jan > 30 and days_feb <= 30
    assert pu.buckets == {"d0_30": february.amount_due, "d31_60": january.amount_due, "d61_90": 0, "d90_plus": 0}
    parts = {"JKK": 14_400, "JKM": 18_000, "JHT": 342_000, "JP": 180_000}
    assert pu.fine == sum(late_fine(a, p, "PU", "private", JAN, as_of).amount for p, a in parts.items()) + sum(
        late_fine(a, p, "PU", "private", FEB, as_of).amount for p, a in parts.items()
    )
    state = next(r for r in rows if r.account.employer_id == billing.state_employer.pk)
    assert state.fine == 0  # state organisers are not fined
    assert all(r.account.region_id == billing.world.medan.pk for r in rows)


def test_suspense_is_aged(billing: Billing) -> None:
    for days, amount in ((5, 1000), (45, 2000), (75, 3000), (120, 4000)):
        Receipt.objects.create(
            region=billing.world.medan,
            source=ReceiptSource.STATEMENT,
            amount=amount,
            unallocated=amount,
            received_on=TODAY - dt.timedelta(days=days),
        )
    totals = suspense_totals(user=billing.world.users["branch_officer"], as_of=TODAY)
    assert (totals["d0_30"], totals["d31_60"], totals["d61_90"], totals["d90_plus"]) == (1000, 2000, 3000, 4000)
    assert totals["older_than_30"] == 3
    assert suspense_totals(user=billing.world.users["employer"], as_of=TODAY)["count"] == 0


def test_employer_compliance_reads_coverage_pds_signs_with_billing_arrears(billing: Billing) -> None:
    from django.urls import reverse

    from lindung.coverage.models import EmployerCompliance
    from lindung.coverage.refresh import coverage_refresh

    employer = billing.world.employer
    employer.size = "medium"  # must enrol JP too (rules: required programmes by size)
    employer.save()
    low = add_membership(
        make_worker(billing.world.medan, "1271010707950012", "Upah Rendah"),
        payer_kind="employer",
        employer=employer,
        wage=3_000_000,
        programs=7,
    )
    officer = billing.world.users["branch_officer"]
    assert employer_compliance(user=officer, as_of=TODAY) == [], "nothing until coverage has computed"
    bill(billing.world.medan, JAN)  # unpaid: due on 15 February, overdue on TODAY
    coverage_refresh(region=billing.world.medan, as_of=TODAY)
    stored = EmployerCompliance.objects.get(employer=employer)
    assert stored.reasons == ["wage", "programme", "headcount", "arrears"]
    rows = employer_compliance(user=officer, as_of=TODAY)
    row = next(r for r in rows if r.employer.pk == employer.pk)
    assert (row.members, row.below_umk, row.missing_programs) == (2, 1, 1)
    assert row.flags == stored.reasons and row.as_of == TODAY
    assert row.headcount_now == invoice_of(billing.pu, JAN).line_count and row.headcount_before is None
    assert low.programs == 7
    page = client_for(billing.world, "branch_officer").get(reverse("billing_compliance")).content.decode()
    assert "menunggak iuran" in page and "upah &lt; UMK" in page
    gaps = client_for(billing.world, "coordinator").get(reverse("coverage_gaps_kind", args=["pds"]))
    assert "menunggak iuran" in gaps.content.decode()


def test_billing_reasons_arrears_and_a_falling_headcount(billing: Billing) -> None:
    from lindung.billing.feeds import employer_compliance_flags, headcount_fell

    assert employer_compliance_flags(region=billing.world.medan, as_of=TODAY) == {}
    bill(billing.world.medan, JAN)
    flags = employer_compliance_flags(region=billing.world.medan, as_of=TODAY)
    assert flags[billing.world.employer.pk] == ["arrears"]
    assert employer_compliance_flags(region=billing.world.medan, as_of=dt.date(2026, 2, 15)) == {}, "not yet due"
    assert headcount_fell(8, 10) and not headcount_fell(9, 10) and not headcount_fell(0, 4)
    assert not headcount_fell(None, 10)


def test_statement_balance_page_pdf_and_xlsx(billing: Billing) -> None:
    bill(billing.world.medan, JAN)
    invoice = invoice_of(billing.pu, JAN)
    payment_record(
        user=billing.world.users["branch_officer"],
        invoice=invoice,
        amount=500_000,
        received_on=dt.date(2026, 2, 5),
        reference='=HYPERLINK("x")',
    )
    statement = account_statement(account=invoice.account, start=JAN, end=TODAY)
    assert statement.closing == 54_400 and [e.debit for e in statement.entries] == [554_400, 0]
    client = client_for(billing.world, "employer")
    page = client.get(f"/tagihan/rekening/{invoice.account_id}/?dari=2026-01-01&sampai=2026-03-20")
    assert page.status_code == 200 and "54.400" in page.content.decode()
    pdf = client.get(f"/tagihan/rekening/{invoice.account_id}/rekening.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    xlsx = client.get(f"/tagihan/rekening/{invoice.account_id}/rekening.xlsx?dari=2026-01-01&sampai=2026-03-20")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert '\'=HYPERLINK("x")' in cells and 554_400 in cells
    assert not any(isinstance(c, str) and c.startswith("=") for c in cells)
    assert (
        client_for(billing.world, "employer")
        .get(f"/tagihan/rekening/{invoice_of(billing.pu_other, JAN).account_id}/")
        .status_code
        == 404
    )


def test_the_city_bill_counts_its_workers_by_agency(billing: Billing) -> None:
    bill(billing.world.medan, JAN)
    bill_ = city_bill(user=billing.world.users["coordinator"], region=billing.world.medan, period=JAN)
    assert bill_ is not None and bill_.workers == 3
    assert {r["agency"]: r["workers"] for r in bill_.by_agency} == {"Dinas Perhubungan": 2, "Dinas Sosial": 1}
    page = client_for(billing.world, "coordinator").get("/tagihan/kota/")
    assert page.status_code == 200 and bill_.invoice.code in page.content.decode()
    assert city_bill(user=billing.world.users["employer"], region=billing.world.medan, period=JAN) is None


def test_the_dunning_letter_is_a_short_pdf(billing: Billing) -> None:
    bill(billing.world.medan, JAN)
    account = invoice_of(billing.pu, JAN).account_id
    response = client_for(billing.world, "branch_officer").get(f"/tagihan/tunggakan/{account}/surat-teguran.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert (
        client_for(billing.world, "employer").get(f"/tagihan/tunggakan/{account}/surat-teguran.pdf").status_code == 404
    )


@pytest.mark.parametrize(
    ("role", "url", "status"),
    [
        ("branch_officer", "/tagihan/proses/", 200),
        ("branch_officer", "/tagihan/tunggakan/", 200),
        ("branch_officer", "/tagihan/suspense/", 200),
        ("branch_officer", "/tagihan/rekening-koran/", 200),
        ("branch_officer", "/tagihan/kepatuhan/", 200),
        ("coordinator", "/tagihan/kota/", 200),
        ("auditor", "/tagihan/tunggakan/", 200),
        ("employer", "/tagihan/faktur/", 200),
        ("worker", "/tagihan/faktur/", 200),
        ("agency_officer", "/tagihan/faktur/", 200),
        ("employer", "/tagihan/proses/", 404),
        ("employer", "/tagihan/tunggakan/", 404),
        ("coordinator", "/tagihan/rekening-koran/", 404),
        ("worker", "/tagihan/suspense/", 404),
    ],
)
def test_each_role_sees_its_billing_pages(billing: Billing, role: str, url: str, status: int) -> None:
    bill(billing.world.medan, JAN)
    assert client_for(billing.world, role).get(url).status_code == status


def test_pages_show_the_data_in_scope(billing: Billing) -> None:
    bill(billing.world.medan, JAN)
    employer_page = client_for(billing.world, "employer").get("/tagihan/faktur/").content.decode()
    assert invoice_of(billing.pu, JAN).code in employer_page
    assert invoice_of(billing.pu_other, JAN).code not in employer_page
    worker_page = client_for(billing.world, "worker").get("/tagihan/faktur/").content.decode()
    assert "Iuran saya" in worker_page and "Januari 2026" in worker_page  # the month by name (session 13)
    # Their employer pays: no invoice of theirs to filter, so no empty invoice table above their contributions.
    assert 'data-testid="invoice-table"' not in worker_page and 'name="status"' not in worker_page
    employer_page_filters = 'data-testid="invoice-table"' in employer_page and 'name="status"' in employer_page
    assert employer_page_filters
    arrears = client_for(billing.world, "branch_officer").get("/tagihan/tunggakan/").content.decode()
    assert "PT Angkutan Deli" in arrears
