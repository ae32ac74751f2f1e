"""PostgreSQL: invoices partitioned by month (migration 0009, ADR 0004). A month's first run writes its
invoices into a table of its own, indexed once and attached; later runs of the month (another region, a
re-run) copy into the partition; invoices inserted one by one for a month without a partition go to the
default partition; the migration keeps every existing invoice, its payments and the id sequence."""

from __future__ import annotations

import datetime as dt
import importlib
from typing import Any

import pytest
from django.db import connection, transaction

from lindung.billing.models import Allocation, BillingRun, Invoice, Receipt
from lindung.billing.run.storage import invoice_partition, invoice_stage
from lindung.billing.services import payment_record
from tests.billing.conftest import FEB, JAN, MAR, Billing, bill, invoice_of

pytestmark = pytest.mark.skipif("connection.vendor != 'postgresql'")


def _partitions() -> dict[str, str]:
    """Every partition of ``billing_invoice``: name → bound."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i JOIN pg_class c "
            "ON c.oid = i.inhrelid WHERE i.inhparent = 'billing_invoice'::regclass ORDER BY c.relname"
        )
        return dict(cursor.fetchall())


def _indexes(table: str) -> list[str]:
    """The definitions of ``table``'s indexes attached to the parent's, with the table's name taken out."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_indexdef(x.indexrelid) FROM pg_index x JOIN pg_inherits i ON i.inhrelid = x.indexrelid "
            "WHERE x.indrelid = %s::regclass",
            [table],
        )
        return sorted(d.split(" USING ")[1] for (d,) in cursor.fetchall())


def _rows() -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM billing_invoice ORDER BY id")
        return cursor.fetchall()


@pytest.mark.django_db
def test_a_months_first_run_attaches_its_invoices_as_the_months_partition(billing: Billing) -> None:
    run = bill(billing.world.medan, JAN)
    name = invoice_partition(JAN)
    assert _partitions()[name] == "FOR VALUES IN ('2026-01-01')"
    assert _indexes(name) == [
        "btree (account_id, period)",
        "btree (id, period)",
        "btree (region_id, status, due_date)",
    ]
    assert Invoice.objects.filter(period=JAN).count() == run.invoices_created > 0
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {name}")  # noqa: S608
        assert cursor.fetchone()[0] == run.invoices_created
        cursor.execute("SELECT count(*) FROM billing_invoice_default")
        assert cursor.fetchone()[0] == 0


@pytest.mark.django_db
def test_a_second_region_and_a_second_run_of_the_month_copy_into_its_partition(billing: Billing) -> None:
    w = billing.world
    medan = bill(w.medan, JAN)
    again = bill(w.medan, JAN, chunk_size=1)  # the same period twice: nothing new
    assert again.pk == medan.pk and Invoice.objects.count() == medan.invoices_created
    binjai = bill(w.other, JAN)
    assert binjai.invoices_created == 1
    assert set(_partitions()) == {"billing_invoice_default", invoice_partition(JAN)}
    assert Invoice.objects.filter(period=JAN).count() == medan.invoices_created + 1
    assert Invoice.objects.filter(region=w.other).get().run_id == binjai.pk
    bill(w.medan, FEB)
    assert set(_partitions()) == {"billing_invoice_default", invoice_partition(JAN), invoice_partition(FEB)}
    ids = list(Invoice.objects.values_list("id", flat=True))
    assert len(ids) == len(set(ids)) == medan.invoices_created * 2 + 1


@pytest.mark.django_db
def test_a_month_without_partition_takes_single_invoices_in_the_default_and_a_run_adds_to_them(
    billing: Billing,
) -> None:
    """An invoice inserted by hand (a test, an import) for a month without a partition goes to the default
    partition; the month's run then copies into the parent too (attaching would find the month there)."""
    w = billing.world
    foreign = bill(w.other, JAN)
    account = Invoice.objects.get(run=foreign).account
    Invoice.objects.create(
        account=account, period=MAR, run=foreign, region=w.other, segment="PU", due_date=dt.date(2026, 4, 15),
        amount_due=100, issued_at=dt.datetime(2026, 3, 20, tzinfo=dt.UTC),
    )  # fmt: skip
    with transaction.atomic():
        assert invoice_stage(MAR) is None
    run = bill(w.medan, MAR)
    assert invoice_partition(MAR) not in _partitions()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM billing_invoice_default")
        assert cursor.fetchone()[0] == run.invoices_created + 1


@pytest.mark.django_db(transaction=True)
def test_migration_0009_keeps_every_invoice_its_payments_and_the_id_sequence(billing: Billing) -> None:
    """From the plain table (the schema before 0009) with two months billed and paid, to one partition per
    month and back; then the next month bills and is paid as before."""
    migration = importlib.import_module("lindung.billing.migrations.0009_invoice_partitions")
    w = billing.world
    officer = w.users["branch_officer"]
    bill(w.medan, JAN)
    bill(w.medan, FEB)
    payment_record(user=officer, invoice=invoice_of(billing.pu, JAN), amount=200_000, received_on=dt.date(2026, 2, 2))
    before = _rows()
    with transaction.atomic(), connection.schema_editor() as editor:
        migration.backward(None, editor)
    with connection.cursor() as cursor:
        cursor.execute("SELECT relkind FROM pg_class WHERE relname = 'billing_invoice'")
        assert cursor.fetchone()[0] == "r"  # the plain table of 0008
    assert _rows() == before
    with transaction.atomic(), connection.schema_editor() as editor:
        migration.forward(None, editor)
    assert _rows() == before
    assert set(_partitions()) == {"billing_invoice_default", invoice_partition(JAN), invoice_partition(FEB)}
    paid = invoice_of(billing.pu, JAN)
    assert (paid.paid_amount, paid.status) == (200_000, "partial")
    allocation = Allocation.objects.select_related("invoice", "receipt").get()
    assert allocation.invoice == paid and Receipt.objects.get().matched_invoice == paid
    run = bill(w.medan, MAR)
    assert run.invoices_created == BillingRun.objects.get(region=w.medan, period=JAN).invoices_created
    assert min(Invoice.objects.filter(period=MAR).values_list("id", flat=True)) > max(r[0] for r in before)
    march = invoice_of(billing.pu, MAR)
    payment_record(user=officer, invoice=march, amount=march.amount_due, received_on=dt.date(2026, 3, 20))
    march.refresh_from_db()
    assert march.status == "paid"


@pytest.mark.django_db
def test_a_months_invoices_are_stored_in_the_order_of_the_status_index(billing: Billing) -> None:
    """The staged rows come in (status, due date) order, ids ascending, so building the (region, status, due
    date) index finds them already sorted."""
    bill(billing.world.medan, JAN)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT status, due_date, id FROM {invoice_partition(JAN)} ORDER BY ctid")  # noqa: S608
        rows = cursor.fetchall()
    assert len({due for _status, due, _id in rows}) == 2  # PU and BPU invoices, each segment's due date
    assert rows == sorted(rows)
