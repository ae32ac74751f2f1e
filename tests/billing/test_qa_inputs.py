"""What users type wrong on billing's pages and API is answered with a message, never a 500 or a silly record.

Found by exploratory testing of the demo: a year 0 period, a statement "until" date in year 1, an API page far
past the last, a payment of Rp 10^16 or dated in year 1, a bank statement line beyond 64 bits.
"""

from __future__ import annotations

import html
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from lindung.billing.limits import MAX_RECEIPT
from lindung.billing.models import Invoice, Receipt, StatementImport
from tests.billing.conftest import JAN, Billing, bill, client_for, invoice_of

pytestmark = pytest.mark.django_db
JSON = "application/json"


def _messages(response: object) -> list[str]:
    return [str(m) for m in response.context["messages"]]  # type: ignore[attr-defined]


def test_a_year_zero_period_is_a_message_on_every_filter_and_the_api(billing: Billing) -> None:
    officer = client_for(billing.world, "branch_officer")
    page = officer.get("/tagihan/faktur/?periode=0000-01")
    assert page.status_code == 200 and "Tulis periode sebagai TTTT-BB" in page.content.decode()
    assert officer.get("/tagihan/kota/?periode=0000-01").status_code == 200
    form = officer.post("/tagihan/proses/", {"period": "0000-01", "region": billing.world.medan.pk})
    assert form.status_code == 200 and "Tulis periode sebagai TTTT-BB" in form.content.decode()
    listed = officer.get("/api/v1/billing/invoices?period=0000-01")
    assert listed.status_code == 400 and "TTTT-BB" in listed.json()["detail"]
    started = officer.post("/api/v1/billing/runs", json.dumps({"period": "0000-01"}), content_type=JSON)
    assert started.status_code == 400


def test_statement_dates_in_year_one_or_the_wrong_way_round_still_give_a_statement(billing: Billing) -> None:
    bill(billing.world.medan, JAN)
    account = invoice_of(billing.pu, JAN).account_id
    employer = client_for(billing.world, "employer")
    for suffix in ("", "rekening.pdf", "rekening.xlsx"):
        assert employer.get(f"/tagihan/rekening/{account}/{suffix}?sampai=0001-03-01").status_code == 200
    swapped = employer.get(f"/tagihan/rekening/{account}/?dari=2026-03-31&sampai=2026-01-01")
    statement = swapped.context["statement"]
    assert (statement.start.isoformat(), statement.end.isoformat()) == ("2026-01-01", "2026-03-31")
    assert [e.reference for e in statement.entries][:1] == [invoice_of(billing.pu, JAN).code]


@pytest.mark.parametrize("page", ["0", "-5", "99999999999999999999"])
def test_an_api_page_out_of_range_is_refused_not_a_500(billing: Billing, page: str) -> None:
    officer = client_for(billing.world, "branch_officer")
    for endpoint in ("invoices", "arrears"):
        response = officer.get(f"/api/v1/billing/{endpoint}?page={page}")
        assert response.status_code == 422 and response.json()["detail"][0]["loc"][-1] == "page"


@pytest.mark.parametrize(
    ("amount", "day", "message"),
    [
        (10**16, "2026-02-03", "terlalu besar untuk satu penerimaan"),
        (10**19, "2026-02-03", "terlalu besar untuk satu penerimaan"),
        (600_000, "0001-01-01", "sebelum Juli 2015"),
    ],
)
def test_an_implausible_payment_through_the_api_records_nothing(
    billing: Billing, amount: int, day: str, message: str
) -> None:
    bill(billing.world.medan, JAN)
    body = {"invoice_code": invoice_of(billing.pu, JAN).code, "amount": amount, "received_on": day}
    officer = client_for(billing.world, "branch_officer")
    response = officer.post("/api/v1/billing/payments", json.dumps(body), content_type=JSON)
    assert response.status_code == 400 and message in response.json()["detail"]
    assert not Receipt.objects.exists()


def test_a_payment_typed_in_year_one_on_the_invoice_page_is_refused(billing: Billing) -> None:
    bill(billing.world.medan, JAN)
    code = invoice_of(billing.pu, JAN).code
    officer = client_for(billing.world, "branch_officer")
    response = officer.post(f"/tagihan/faktur/{code}/", {"amount": "600000", "received_on": "0001-01-01"})
    assert response.status_code == 200 and any("sebelum Juli 2015" in m for m in _messages(response))
    too_big = officer.post(f"/tagihan/faktur/{code}/", {"amount": str(MAX_RECEIPT + 1), "received_on": "2026-02-03"})
    assert too_big.status_code == 200 and too_big.context["form"].errors["amount"]
    assert not Receipt.objects.exists()


@pytest.mark.django_db(transaction=True)  # the real task worker commits: outside a test transaction
@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("2026-02-10;999999999999999999999999;IURAN;;", "baris 2: Jumlah Rp 999.999.999.999.999.999.999.999 terlalu"),
        ("2026-02-10;9223372036854775808;IURAN;;", "terlalu besar"),
        ("01/01/0001;150000;IURAN;;", "baris 2: Tanggal terima 0001-01-01 sebelum Juli 2015"),
    ],
)
def test_a_statement_line_beyond_any_real_receipt_rejects_the_file(billing: Billing, line: str, message: str) -> None:
    upload = SimpleUploadedFile("rk.csv", f"tanggal;jumlah;keterangan;no_va;nama\n{line}\n".encode())
    officer = client_for(billing.world, "branch_officer")
    assert officer.post("/tagihan/rekening-koran/", {"file": upload}).status_code == 302  # queued for the worker
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    page = html.unescape(officer.get("/tagihan/rekening-koran/").content.decode())
    assert message in page, page
    assert not Receipt.objects.exists() and not StatementImport.objects.exists()


def test_the_api_arrears_are_paged_so_every_payer_can_be_read(
    billing: Billing, monkeypatch: pytest.MonkeyPatch
) -> None:
    bill(billing.world.medan, JAN)
    monkeypatch.setattr("lindung.api.billing.PAGE", 2)
    officer = client_for(billing.world, "branch_officer")
    pages = [officer.get(f"/api/v1/billing/arrears?page={n}").json() for n in range(1, 6)]  # 20 March: all due
    seen = [row["account_id"] for page in pages for row in page]
    overdue = Invoice.objects.filter(region=billing.world.medan).values("account_id").distinct().count()
    assert overdue > 2 and len(seen) == len(set(seen)) == overdue
    assert [len(p) for p in pages][:1] == [2]


def test_the_suspense_promised_by_the_api_is_listed_with_its_age_for_the_branch_only(billing: Billing) -> None:
    import datetime as dt

    from lindung.billing.models import ReceiptSource

    Receipt.objects.create(
        region=billing.world.medan,
        source=ReceiptSource.STATEMENT,
        amount=75_000,
        unallocated=75_000,
        received_on=dt.date(2026, 1, 10),
        reference="SETORAN TUNAI",
    )
    rows = client_for(billing.world, "branch_officer").get("/api/v1/billing/suspense").json()
    assert [(r["amount"], r["age_days"], r["bucket"]) for r in rows] == [(75_000, 69, "d61_90")]
    for role in ("employer", "coordinator", "worker"):
        assert client_for(billing.world, role).get("/api/v1/billing/suspense").json() == []


def test_a_bad_period_on_the_invoice_list_lists_nothing_beside_its_message(billing: Billing) -> None:
    bill(billing.world.medan, JAN)
    officer = client_for(billing.world, "branch_officer")
    assert len(officer.get("/tagihan/faktur/").context["page"].object_list) > 0
    page = officer.get("/tagihan/faktur/?periode=2026-13")
    assert "Tulis periode sebagai TTTT-BB" in page.content.decode()
    assert len(page.context["page"].object_list) == 0  # not every invoice, as if no period had been given


def test_a_statement_for_an_unknown_or_out_of_scope_region_is_refused_not_sent_to_another(billing: Billing) -> None:
    from lindung.billing.models import StatementImportJob

    officer = client_for(billing.world, "branch_officer")
    for region in ("999999", "abc", str(billing.world.other.pk)):
        upload = SimpleUploadedFile("rk.csv", b"tanggal;keterangan;jumlah\n2026-02-01;x;5000\n")
        page = officer.post("/tagihan/rekening-koran/", {"file": upload, "region": region})
        assert page.status_code == 200 and "Pilih wilayah dari daftar" in page.content.decode()
    assert not StatementImportJob.objects.exists()
