"""Record many payments at once (a bank's settlement file, the demo's history): the same allocation, fines and
credit as ``payment_record``, written as plain rows in a few set-based statements.

Each payment names its invoice; it is applied there first, then to the payer's oldest open invoices, and what
is left stays as the payer's credit. Payments are applied in order of the day received, so a payer's earlier
money pays its earlier invoices. The allocation itself is ``Allocator.apply``, the one ``payment_record`` uses;
only the writing differs: no model instance per row, receipts and allocations get their ids reserved in one
query, and rows go in by COPY (PostgreSQL) or ``executemany`` (SQLite).
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lindung.billing import rules_adapter as rules
from lindung.billing.limits import receipt_problem
from lindung.billing.models import Allocation, Invoice, LateFine, MatchKind, Receipt, ReceiptSource
from lindung.billing.services.allocation import Allocator, fine_amounts, invoice_totals_write
from lindung.billing.services.payments import require_payment_role
from lindung.core.audit import audit_record
from lindung.core.db import sqlite_page_cache
from lindung.core.models import Region

BATCH = 5000  # invoice ids per lookup (SQLite takes at most 32,766 parameters)
CHUNK = 20_000  # rows per executemany
#: Receipt columns of each row, then those every receipt of a call shares (``_write``'s ``fixed``).
RECEIPT_COLUMNS = ("id", "account_id", "received_on", "amount", "unallocated", "reference", "matched_invoice_id")
RECEIPT_FIXED = ("region_id", "source", "statement_id", "line_no", "line_hash", "virtual_account", "payer_name",
                 "match", "created_by_id", "created_at", "assigned_at")  # fmt: skip
ALLOCATION_COLUMNS = ("id", "receipt_id", "invoice_id", "amount", "paid_on")
FINE_COLUMNS = ("allocation_id", "invoice_id", "account_id", "months", "jkk", "jkm", "jht", "jp", "total",
                "rules_version", "references", "billed_run_id", "created_at")  # fmt: skip


@dataclass(frozen=True)
class BulkPayment:
    """Money received for one invoice: ``amount`` rupiah on ``received_on``."""

    invoice_id: int
    amount: int
    received_on: dt.date
    reference: str = ""


@dataclass(frozen=True)
class BulkResult:
    """What was recorded: the receipts' ids (in the order applied), the money, what stayed as credit, the fines."""

    receipt_ids: list[int]
    amount: int
    credit: int
    fines: int

    @property
    def count(self) -> int:
        return len(self.receipt_ids)


@dataclass(slots=True)
class _Receipt:
    """A receipt as ``Allocator.apply`` sees it, without a model instance."""

    account_id: int
    invoice_id: int
    received_on: dt.date
    amount: int
    unallocated: int
    reference: str
    pk: int = 0


def _check(payments: Sequence[BulkPayment], accounts: dict[int, int], today: dt.date) -> None:
    for payment in payments:
        problem = receipt_problem(payment.amount, payment.received_on, today)
        if problem is not None:
            raise ValidationError(problem)
    if len(accounts) != len({p.invoice_id for p in payments}):
        raise ValidationError(_("Tagihan tidak ditemukan di wilayah ini; tidak ada pembayaran yang dicatat."))


def _accounts(region: Region, invoice_ids: set[int]) -> dict[int, int]:
    """Invoice id → account id, for the invoices of ``region`` among ``invoice_ids`` (by primary key: plain SQL,
    as the ORM's per-value preparation of the ids costs more than the query)."""
    ids, found = sorted(invoice_ids), dict[int, int]()
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for start in range(0, len(ids), BATCH):
            batch = ids[start : start + BATCH]
            cursor.execute(
                f"SELECT {quote('id')}, {quote('account_id')}, {quote('region_id')} "  # noqa: S608
                f"FROM {quote(Invoice._meta.db_table)} WHERE {quote('id')} IN ({', '.join(['%s'] * len(batch))})",
                batch,
            )
            found.update((pk, account) for pk, account, region_id in cursor.fetchall() if region_id == region.pk)
    return found


def _reserve_ids(model: type[models.Model], n: int) -> list[int]:
    """``n`` new primary keys of ``model``'s table, taken before the rows are written (one query)."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # the sequence hands them out, safe beside other writers
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, n])
            return [row[0] for row in cursor.fetchall()]
        # SQLite: this transaction holds the only write lock (BEGIN IMMEDIATE, or a stale read fails with
        # SQLITE_BUSY_SNAPSHOT), so the ids past the highest ever given (AUTOINCREMENT's rule) are ours.
        quoted = connection.ops.quote_name(table)
        cursor.execute(
            f"SELECT MAX(top) FROM (SELECT MAX(id) AS top FROM {quoted} "  # noqa: S608
            "UNION ALL SELECT seq FROM sqlite_sequence WHERE name = %s)",
            [table],
        )
        top = cursor.fetchone()[0] or 0
    return list(range(top + 1, top + n + 1))


def _write(
    model: type[models.Model], columns: Sequence[str], rows: list[tuple[Any, ...]], fixed: dict[str, Any] | None = None
) -> None:
    """Insert ``rows`` (values in ``columns`` order, adapted for the database) into ``model``'s table, each with
    the same ``fixed`` values (None, integers, our own text). SQLite takes those as literals of the statement, so
    each row binds only its own values: binding costs about a microsecond per value and row."""
    if not rows:
        return
    fixed = fixed or {}
    quote = connection.ops.quote_name
    table, names = quote(model._meta.db_table), ", ".join(quote(c) for c in (*columns, *fixed))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            shared = tuple(fixed.values())
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row + shared)
            return
        values = ", ".join(["%s"] * len(columns) + [_literal(v) for v in fixed.values()])
        sql = f"INSERT INTO {table} ({names}) VALUES ({values})"  # noqa: S608
        for start in range(0, len(rows), CHUNK):
            cursor.executemany(sql, rows[start : start + CHUNK])


def _literal(value: Any) -> str:
    """``value`` (None, an integer or text this module made) as an SQLite literal; ``%`` doubled for the
    cursor's parameter style."""
    if value is None:
        return "NULL"
    if isinstance(value, int) and not isinstance(value, bool):
        return str(int(value))
    if isinstance(value, str):
        return "'" + value.replace("'", "''").replace("%", "%%") + "'"
    raise TypeError(f"no literal for {type(value).__name__}")


def _save(region: Region, user: Any, receipts: list[_Receipt], allocator: Allocator) -> None:
    """Write the receipts, their allocations and fines, and the invoices' totals as plain rows."""
    ops, now = connection.ops, timezone.now()
    stamp, days = ops.adapt_datetimefield_value(now), dict[dt.date, Any]()

    def day(value: dt.date) -> Any:
        if value not in days:
            days[value] = ops.adapt_datefield_value(value)
        return days[value]

    for receipt, pk in zip(receipts, _reserve_ids(Receipt, len(receipts)), strict=True):
        receipt.pk = pk
    user_id = user.pk if user is not None else None
    no_statement = (None, None, None, "", "")  # statement, line number, line hash, virtual account, payer name
    shared = (region.pk, ReceiptSource.MANUAL.value, *no_statement, MatchKind.MANUAL.value, user_id, stamp, None)
    _write(Receipt, RECEIPT_COLUMNS, [
        (r.pk, r.account_id, day(r.received_on), r.amount, r.unallocated, r.reference, r.invoice_id) for r in receipts
    ], dict(zip(RECEIPT_FIXED, shared, strict=True)))  # fmt: skip
    applied = allocator.allocations
    allocation_ids = _reserve_ids(Allocation, len(applied))
    _write(Allocation, ALLOCATION_COLUMNS, [
        (pk, a.receipt.pk, a.invoice.pk, a.amount, day(a.paid_on))
        for pk, a in zip(allocation_ids, applied, strict=True)
    ], {"created_at": stamp})  # fmt: skip
    references = LateFine._meta.get_field("references")
    _write(LateFine, FINE_COLUMNS, [
        (pk, a.invoice.pk, a.invoice.account_id, a.fine.months, *fine_amounts(a.fine).values(), a.fine.total,
         rules.RULES_VERSION, references.get_db_prep_save(a.fine.references, connection), None, stamp)
        for pk, a in zip(allocation_ids, applied, strict=True) if a.fine is not None
    ])  # fmt: skip
    invoice_totals_write(allocator.touched.values())


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while tens of thousands of plain rows are made: they hold no
    reference cycles, so reference counting frees them, and the collector would only walk the whole heap again
    and again meanwhile (0.5 s of a month's 4 s on the 200,000-worker demo)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@transaction.atomic
def payments_record_bulk(
    *, user: Any, region: Region, payments: Sequence[BulkPayment], today: dt.date | None = None
) -> BulkResult:
    """Record ``payments`` (each for an invoice of ``region``) and apply them; all or nothing.

    The receipts are manual input, matched to their invoice; what is left of each stays as credit.
    """
    require_payment_role(user)
    if not payments:
        return BulkResult([], 0, 0, 0)
    accounts = _accounts(region, {p.invoice_id for p in payments})
    _check(payments, accounts, today or timezone.localdate())
    ordered = sorted(payments, key=lambda p: (p.received_on, p.invoice_id))
    receipts = [
        _Receipt(accounts[p.invoice_id], p.invoice_id, p.received_on, p.amount, p.amount, p.reference[:300])
        for p in ordered
    ]
    # Receipts, allocations and invoices are written all over their indexes (page cache); the rows made here
    # hold no reference cycles (cyclic collector paused).
    with sqlite_page_cache(), cyclic_gc_paused():
        allocator = Allocator.load(accounts.values(), region_id=region.pk)
        for receipt in receipts:
            allocator.apply(receipt, first_id=receipt.invoice_id)
        _save(region, user, receipts, allocator)
    result = BulkResult(
        receipt_ids=[r.pk for r in receipts],
        amount=sum(r.amount for r in receipts),
        credit=sum(r.unallocated for r in receipts),
        fines=sum(f.total for f in allocator.fines),
    )
    audit_record(
        action="payments_record_bulk",
        object_type="billing.Receipt",
        after={"count": result.count, "amount": result.amount, "credit": result.credit, "fines": result.fines},
    )
    return result
