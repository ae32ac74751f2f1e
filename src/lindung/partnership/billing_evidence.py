"""Payment evidence from billing's own records: regular contribution lines on invoices paid in full.

Used by :func:`lindung.partnership.attribution.payment_evidence` when the app ``lindung.billing`` is installed
and has paid invoices. A line belongs to the invoice of the same payer account and billing run; the invoice's
last allocation is the day the contribution was paid. Activity is judged per worker, over all of the worker's
membership rows, because a wage change or a move of employer continues a registration in a new row.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any

from django.apps import apps
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from lindung.registry.models import Membership

CHUNK = 2000
REGULAR_LINE = 0  # billing.LineKind.REGULAR: the month's own contribution (not an adjustment or a fine)
PAID = "paid"


def billing_has_payments() -> bool:
    """Whether billing is installed and has at least one invoice paid in full."""
    if not apps.is_installed("lindung.billing"):
        return False
    try:
        return bool(apps.get_model("billing", "Invoice").objects.filter(status=PAID).exists())
    except LookupError:
        return False


def _registrations(ids: Sequence[int]) -> Iterator[tuple[dict[int, tuple[int, dt.date]], dict[int, list[int]]]]:
    """Per chunk: registration → (worker, start), and worker → all of its membership rows."""
    ids = list(ids)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        regs = {pk: (worker, day) for pk, worker, day in
                Membership.objects.filter(pk__in=chunk).values_list("pk", "worker_id", "valid_from")}  # fmt: skip
        rows: dict[int, list[int]] = defaultdict(list)
        workers = {worker for worker, _day in regs.values()}
        for pk, worker in Membership.objects.filter(worker_id__in=workers).values_list("pk", "worker_id"):
            rows[worker].append(pk)
        yield regs, rows


def _paid_periods(membership_ids: set[int], as_of: dt.date) -> dict[int, list[tuple[dt.date, dt.date]]]:
    """Membership row → [(month covered, day paid)] for regular lines on invoices paid by ``as_of``."""
    line_model: Any = apps.get_model("billing", "Line")
    invoice_model: Any = apps.get_model("billing", "Invoice")
    lines = list(
        line_model.objects.filter(membership_id__in=membership_ids, kind=REGULAR_LINE).values_list(
            "membership_id", "account_id", "run_id", "covers_period"
        )
    )
    paid_on: dict[tuple[int, int], dt.date] = {}
    if lines:
        invoices = invoice_model.objects.filter(
            status=PAID, account_id__in={a for _m, a, _r, _p in lines}, run_id__in={r for _m, _a, r, _p in lines}
        )
        for account, run, day in invoices.annotate(day=Max("allocations__paid_on")).values_list(
            "account_id", "run_id", "day"
        ):
            if day is not None and day <= as_of:
                paid_on[(account, run)] = day
    periods: dict[int, list[tuple[dt.date, dt.date]]] = defaultdict(list)
    for membership, account, run, period in lines:
        if (account, run) in paid_on:
            periods[membership].append((period, paid_on[(account, run)]))
    return periods


class BillingLines:
    """First payment and later activity from paid invoices."""

    label = _("Dari tagihan yang lunas (modul penagihan)")
    is_proxy = False

    def _by_registration(self, ids: Sequence[int], as_of: dt.date) -> Iterator[tuple[int, dt.date, list[Any]]]:
        for regs, rows in _registrations(ids):
            paid = _paid_periods({pk for pks in rows.values() for pk in pks}, as_of)
            for pk, (worker, start) in regs.items():
                yield pk, start, [item for row in rows[worker] for item in paid.get(row, [])]

    def first_paid(self, membership_ids: Sequence[int], *, as_of: dt.date) -> dict[int, dt.date]:
        found: dict[int, dt.date] = {}
        for pk, start, paid in self._by_registration(membership_ids, as_of):
            days = [day for period, day in paid if period >= start.replace(day=1)]
            if days:
                found[pk] = min(days)
        return found

    def active_after(self, membership_ids: Sequence[int], *, months: int, as_of: dt.date) -> dict[int, bool]:
        from lindung.partnership.attribution import add_months

        active: dict[int, bool] = {}
        for pk, start, paid in self._by_registration(membership_ids, as_of):
            mark = add_months(start, months)
            if mark <= as_of:
                # The month before the mark is the last one surely due by then (due the 15th of the next month).
                last_due = add_months(mark, -1).replace(day=1)
                active[pk] = any(period >= last_due for period, _day in paid)
        return active
