"""Bank statement import: bad files refused whole, nothing counted twice, ≥ 98 % of receipts matched."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from django.core.exceptions import ValidationError

from lindung.billing.models import Invoice, MatchKind, Receipt, StatementImport
from lindung.billing.services import statement_import
from lindung.billing.synthetic import Payment, statement_csv, statement_rows
from tests.billing.conftest import JAN, Billing, add_membership, bill, invoice_of
from tests.factories import make_employer, make_worker

pytestmark = pytest.mark.django_db
HEADER = "tanggal;keterangan;jumlah;no_va;nama;no_transaksi\n"


def _import(billing: Billing, text: str, name: str = "rk.csv") -> StatementImport:
    return statement_import(
        user=billing.world.users["branch_officer"], region=billing.world.medan, filename=name, content=text.encode()
    )


def _line(invoice: Invoice, amount: int | None = None, day: str = "2026-02-10", tx: str = "T1") -> str:
    return f"{day};IURAN {invoice.code};{amount or invoice.amount_due};;;{tx}\n"


def test_a_clean_statement_is_matched_and_applied(billing: Billing) -> None:
    bill(billing.world.medan, JAN)
    pu, city = invoice_of(billing.pu, JAN), invoice_of(billing.city[0], JAN)
    result = _import(billing, HEADER + _line(pu) + _line(city, tx="T2"))
    assert (result.new_count, result.matched_count, result.suspense_count) == (2, 2, 0)
    pu.refresh_from_db()
    assert pu.status == "paid"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("tanggal;jumlah;keterangan;saldo\n2026-02-01;1000;x;5\n", "Kolom tidak dikenal: saldo"),
        ("tanggal;jumlah\n2026-02-01;1000\n", "Kolom wajib tidak ada: keterangan"),
        ("tanggal;keterangan;jumlah\n2026-02-01;x;-50.000\n", "negatif"),
        ("tanggal;keterangan;jumlah\n2026-02-01;x;1000\n2026-02-01;x;1000\n", "sama persis dengan baris 2"),
        ("tanggal;keterangan;jumlah\n2026-02-01;x;12,50\n", "bukan angka rupiah utuh"),
        ("tanggal;keterangan;jumlah\n31/02/2026;x;1000\n", "tidak dikenali"),
        ("tanggal;keterangan;jumlah\n", "Berkas kosong"),
    ],
)
def test_a_bad_statement_is_refused_whole_with_a_clear_message(billing: Billing, text: str, message: str) -> None:
    bill(billing.world.medan, JAN)
    good = "2026-02-01;IURAN x;1000\n"
    with pytest.raises(ValidationError) as caught:
        _import(billing, text + good if "Berkas kosong" not in message else text)
    assert any(message in m for m in caught.value.messages), caught.value.messages
    assert not Receipt.objects.exists() and not StatementImport.objects.exists()


def test_the_same_file_twice_is_refused_and_counts_nothing_twice(billing: Billing) -> None:
    bill(billing.world.medan, JAN)
    text = HEADER + _line(invoice_of(billing.pu, JAN))
    _import(billing, text)
    with pytest.raises(ValidationError, match="sudah diimpor"):
        _import(billing, text, name="lagi.csv")
    assert Receipt.objects.count() == 1
    assert invoice_of(billing.pu, JAN).paid_amount == 554_400


def test_lines_already_counted_in_an_overlapping_statement_are_skipped(billing: Billing) -> None:
    bill(billing.world.medan, JAN)
    pu, sponsor = invoice_of(billing.pu, JAN), invoice_of(billing.sponsor, JAN)
    _import(billing, HEADER + _line(pu))
    second = _import(billing, HEADER + _line(pu) + _line(sponsor, tx="T9"))
    assert (second.line_count, second.new_count, second.already_imported_count) == (2, 1, 1)
    assert Receipt.objects.count() == 2
    assert invoice_of(billing.pu, JAN).paid_amount == 554_400


def test_unmatched_receipts_wait_in_suspense(billing: Billing) -> None:
    bill(billing.world.medan, JAN)
    result = _import(billing, HEADER + "2026-02-03;SETORAN TUNAI;75.000;;;X1\n")
    assert result.suspense_count == 1
    receipt = Receipt.objects.get()
    assert receipt.account is None and receipt.match == MatchKind.NONE


def _population(billing: Billing, employers: int = 40) -> None:
    region = billing.world.medan
    for i in range(employers):
        employer = make_employer(region, f"PT Contoh Usaha {i:03d}")
        for j in range(2):
            worker = make_worker(region, f"12710105{i:03d}{j}{(i * 7 + j) % 10}0{j}", f"Pekerja {i} {j}")
            add_membership(worker, payer_kind="employer", employer=employer, wage=4_000_000 + 37_000 * i + 1000 * j)
    for i in range(60):
        worker = make_worker(region, f"12710106{i:04d}0{i % 10}01", f"Mandiri Nomor {i}")
        add_membership(worker, payer_kind="self", segment="BPU", programs=3, wage=1_000_000 + 500_000 * (i % 4))


def test_at_least_98_percent_of_a_noisy_synthetic_statement_is_matched_correctly(billing: Billing) -> None:
    _population(billing)
    bill(billing.world.medan, JAN)
    invoices = list(
        Invoice.objects.filter(period=JAN).select_related("account__employer", "account__worker", "account__region")
    )
    rng = np.random.default_rng(11)
    payments = [Payment(inv, inv.amount_due, dt.date(2026, 2, 5)) for inv in invoices for _ in range(3)]
    payments = payments[: 3 * len(invoices)]
    rows = statement_rows(payments, rng, lambda inv: inv.account.label.split(" (")[0])
    result = _import(billing, statement_csv(rows).decode())
    receipts = list(Receipt.objects.order_by("line_no"))
    assert len(receipts) == len(rows) >= 300
    matched = [r for r in receipts if r.match != MatchKind.NONE]
    assert len(matched) / len(receipts) >= 0.98, f"{len(matched)} of {len(receipts)} matched"
    truth = {i + 2: row.invoice_id for i, row in enumerate(rows)}
    invoice_account = dict(Invoice.objects.values_list("pk", "account_id"))
    wrong = [r for r in matched if truth[r.line_no] is None or invoice_account[truth[r.line_no]] != r.account_id]
    assert wrong == []
    kinds = {r.match for r in matched}
    assert {MatchKind.INVOICE_CODE, MatchKind.INVOICE_CODE_CORRECTED, MatchKind.VIRTUAL_ACCOUNT} <= kinds
    assert result.matched_count == len(matched)
