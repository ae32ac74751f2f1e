"""Billing rows for the role matrix (tests/core/test_role_matrix.py): one month billed in both regions, a
payment paid late (with its fine), a receipt in suspense and a statement import with its job; and who should see
what."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from lindung.billing.models import (
    Allocation,
    BillingAccount,
    BillingRun,
    Invoice,
    LateFine,
    Line,
    Receipt,
    ReceiptSource,
    ReferenceSet,
    StatementImport,
    StatementImportJob,
)
from lindung.billing.services import billing_run_execute, billing_run_start, payment_record
from lindung.registry.models import Membership
from tests.factories import World

TODAY = dt.date(2026, 3, 20)
JAN = dt.date(2026, 1, 1)


def billing_data(w: World) -> None:
    """Bill January in both regions once per world, pay one invoice late, leave one receipt in suspense."""
    if getattr(w, "_billing", False):
        return
    for region in (w.medan, w.other):
        billing_run_execute(run=billing_run_start(region=region, period=JAN, today=TODAY))
    for employer in (w.employer, w.foreign_employer):
        invoice = Invoice.objects.get(account__employer=employer)
        payment_record(
            user=None, invoice=invoice, amount=invoice.amount_due, received_on=dt.date(2026, 3, 2), today=TODAY
        )
    for region in (w.medan, w.other):
        statement = StatementImport.objects.create(region=region, file_sha256=f"{region.pk:064d}", filename="rk.csv")
        StatementImportJob.objects.create(
            region=region, file_name="rk.csv", file_sha256=statement.file_sha256, statement=statement, status="done"
        )
        Receipt.objects.create(
            region=region,
            source=ReceiptSource.STATEMENT,
            statement=statement,
            amount=5000,
            unallocated=5000,
            received_on=dt.date(2026, 2, 1),
        )
    w._billing = True  # type: ignore[attr-defined]


def _pks(qs: Any) -> set[Any]:
    return set(qs.values_list("pk", flat=True))


def _by_account(model: Any, path: str) -> Callable[[World], dict[str, set[Any]]]:
    """Region-wide roles: the region; agency: its employers; employer: its own; worker: its own account."""

    def expect(w: World) -> dict[str, set[Any]]:
        billing_data(w)
        qs = model.objects.all()
        medan = _pks(qs.filter(**{f"{path}region": w.medan}))
        mine = _pks(qs.filter(**{f"{path}employer": w.employer}))
        worker = _pks(qs.filter(**{f"{path}worker": w.worker}))
        return {
            "coordinator": medan,
            "agency_officer": mine,
            "branch_officer": medan,
            "employer": mine,
            "worker": worker,
            "auditor": medan,
            "admin": _pks(qs),
        }

    return expect


def expected_line(w: World) -> dict[str, set[Any]]:
    out = _by_account(Line, "account__")(w)
    own = Membership.objects.filter(worker=w.worker).values("pk")
    out["worker"] = _pks(Line.objects.filter(membership_id__in=own))
    assert out["worker"], "the worker has a line on its employer's invoice"
    return out


def expected_receipt(w: World) -> dict[str, set[Any]]:
    out = _by_account(Receipt, "account__")(w)
    medan = _pks(Receipt.objects.filter(region=w.medan))
    out.update(
        branch_officer=medan,
        auditor=medan,
        coordinator=_pks(Receipt.objects.filter(region=w.medan, account__isnull=False)),
    )
    return out


def _branch_only(model: Any, *, coordinator: bool) -> Callable[[World], dict[str, set[Any]]]:
    def expect(w: World) -> dict[str, set[Any]]:
        billing_data(w)
        medan = _pks(model.objects.filter(region=w.medan))
        return {
            "coordinator": medan if coordinator else set(),
            "agency_officer": set(),
            "branch_officer": medan,
            "employer": set(),
            "worker": set(),
            "auditor": medan,
            "admin": _pks(model.objects.all()),
        }

    return expect


def expected_refset(w: World) -> dict[str, set[Any]]:
    billing_data(w)
    every = _pks(ReferenceSet.objects.all())
    return dict.fromkeys(
        ("coordinator", "agency_officer", "branch_officer", "employer", "worker", "auditor", "admin"), every
    )


EXPECTED_BILLING: dict[type, Callable[[World], dict[str, set[Any]]]] = {
    BillingAccount: _by_account(BillingAccount, ""),
    Invoice: _by_account(Invoice, "account__"),
    Line: expected_line,
    Receipt: expected_receipt,
    Allocation: _by_account(Allocation, "invoice__account__"),
    LateFine: _by_account(LateFine, "account__"),
    BillingRun: _branch_only(BillingRun, coordinator=True),
    StatementImport: _branch_only(StatementImport, coordinator=False),
    StatementImportJob: _branch_only(StatementImportJob, coordinator=False),
    ReferenceSet: expected_refset,
}
