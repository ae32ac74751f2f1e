"""PostgreSQL: a run drafts its month's invoices (``storage.InvoiceDraft``) from the sums of the chunks the
read-ahead prepared, while its own connection still copies lines; issuing uses the draft only where it holds
exactly the invoices the issuing transaction's own sums give (accounts whose sums differ, from adjustments,
fines or a chunk computed again, are replaced), and drops it where it cannot be used."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pytest
from django.db import connection

from lindung.billing.models import BillingRun, Invoice, RunStatus
from lindung.billing.run.invoices import sums_from_lines
from lindung.billing.run.runner import RunStats
from lindung.billing.run.storage import InvoiceDraft, invoice_draft_table, invoice_partition, stage_create
from lindung.billing.services import billing_run_execute, billing_run_start, payment_record
from lindung.registry.services import membership_deactivate
from tests.billing.conftest import FEB, JAN, TODAY, Billing, add_membership, invoice_of, seed_payers
from tests.factories import make_employer, make_worker

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("connection.vendor != 'postgresql'"),
]
FIELDS = ("account_id", "jkk", "jkm", "jht", "jp", "jkp_government", "contribution_total", "adjustment_total")
REST = ("fine_total", "amount_due", "line_count")


@pytest.fixture(autouse=True)
def _no_month_partitions() -> None:
    """Each test starts without month partitions: a flush between tests empties them but keeps them attached,
    and a month whose partition exists takes no draft."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE i.inhparent = 'billing_invoice'::regclass AND c.relname <> 'billing_invoice_default'"
        )
        for (name,) in cursor.fetchall():
            cursor.execute(f"DROP TABLE {name}")


def _bill(region: Any, period: dt.date, today: dt.date = TODAY) -> tuple[BillingRun, RunStats]:
    stats = RunStats()
    run = billing_run_start(region=region, period=period, today=today, chunk_size=8)
    return billing_run_execute(run=run, stats=stats), stats


def _invoices(run: BillingRun) -> list[list[int]]:
    rows = Invoice.objects.filter(run_id=run.pk).order_by("account_id").values_list(*FIELDS, *REST)
    return [list(r) for r in rows]


def _from_lines(run: BillingRun) -> list[list[int]]:
    """What every invoice of ``run`` must hold: its lines summed in SQL, the path of a resumed run."""
    accounts, values = sums_from_lines(run.pk)
    return [[a, *v[1:]] for a, v in zip(accounts.tolist(), values.tolist(), strict=True)]


def _leftovers() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname FROM pg_class WHERE relname LIKE 'billing\\_invoice\\_run\\_%%'")
        return [name for (name,) in cursor.fetchall()]


def _partition_of(run: BillingRun) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE i.inhparent = 'billing_invoice'::regclass AND pg_get_expr(c.relpartbound, c.oid) = %s",
            [f"FOR VALUES IN ('{run.period.isoformat()}')"],
        )
        return cursor.fetchone()[0]


def test_a_run_issues_its_drafted_invoices_as_the_months_partition(billing: Billing) -> None:
    seed_payers(billing, 30)
    run, stats = _bill(billing.world.medan, JAN)
    # January opens accounts chunk by chunk: each chunk with a new payer is computed in place, and its sums come
    # from the writer once committed; whether or not a draft was made, the invoices are the lines' sums.
    assert run.status == RunStatus.DONE and run.invoices_created > 0
    assert _invoices(run) == _from_lines(run)
    feb, stats = _bill(billing.world.medan, FEB)
    assert stats.drafted == "used", "every February chunk was prepared: the invoices were drafted and used"
    assert _invoices(feb) == _from_lines(feb)
    assert _partition_of(feb) == invoice_partition(FEB)
    assert _leftovers() == []


def test_a_draft_differing_by_an_adjustment_and_a_fine_is_corrected_before_it_is_issued(billing: Billing) -> None:
    seed_payers(billing, 30)
    _bill(billing.world.medan, JAN)
    # A late payment (a fine on February's invoice) and a membership ended back in January (a reversal): neither
    # is in the regular lines the draft was made from.
    invoice = invoice_of(billing.pu, JAN)
    officer = billing.world.users["branch_officer"]
    payment_record(user=officer, invoice=invoice, amount=invoice.amount_due, received_on=dt.date(2026, 3, 10))
    membership_deactivate(membership=billing.self_paying, valid_to=dt.date(2025, 12, 31), reason="resigned")
    feb, stats = _bill(billing.world.medan, FEB)
    assert feb.adjustment_lines >= 1 and feb.fine_lines == 1
    assert stats.drafted == "used"
    issued = _invoices(feb)
    assert issued == _from_lines(feb)
    assert Invoice.objects.get(run_id=feb.pk, account_id=invoice.account_id).fine_total > 0
    assert _leftovers() == []


def test_a_draft_of_a_month_another_region_made_first_is_dropped(billing: Billing) -> None:
    seed_payers(billing, 30)
    _bill(billing.world.medan, JAN)
    other = make_employer(billing.world.other, "PT Draf Binjai")
    for i in range(3):
        worker = make_worker(billing.world.other, f"127501080{i:03d}0{i}04", f"Pekerja Binjai {i}")
        add_membership(worker, payer_kind="employer", employer=other, wage=3_900_000)
    _bill(billing.world.other, JAN)  # January's partition exists: every run of the month copies into it
    binjai, _stats = _bill(billing.world.other, FEB)  # Binjai makes February's partition first
    feb, stats = _bill(billing.world.medan, FEB)
    assert stats.drafted == "dropped"
    assert _invoices(feb) == _from_lines(feb)
    assert Invoice.objects.filter(period=FEB).count() == feb.invoices_created + binjai.invoices_created
    assert _leftovers() == []


def test_a_leftover_draft_is_dropped_when_its_run_starts_again_from_nothing(billing: Billing) -> None:
    run = billing_run_start(region=billing.world.medan, period=JAN, today=TODAY, chunk_size=8)
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {invoice_draft_table(run.pk)} (LIKE billing_invoice)")
    stage_create(run.pk)
    assert _leftovers() == []


def test_changes_name_the_accounts_to_replace_and_the_rows_to_copy() -> None:
    """Drafted sums against issued ones: an unchanged account stays, a changed one is replaced, a new one added,
    one no longer issued deleted; too many changes drop the draft."""
    draft = object.__new__(InvoiceDraft)
    draft.accounts = np.array([3, 5, 7, 9], dtype=np.int64)
    draft.values = np.array([[1, 10], [1, 20], [0, 30], [0, 40]], dtype=np.int64)
    accounts = np.array([3, 5, 6, 7], dtype=np.int64)
    values = np.array([[1, 10], [1, 25], [0, 5], [0, 30]], dtype=np.int64)
    gone, rows = draft.changes(accounts, values)
    assert sorted(gone.tolist()) == [5, 9] and rows.tolist() == [1, 2]
    gone, rows = draft.changes(draft.accounts.copy(), draft.values.copy())
    assert len(gone) == 0 and len(rows) == 0
    many = np.arange(1000, 1300, dtype=np.int64)
    assert draft.changes(many, np.zeros((300, 2), dtype=np.int64)) is None
