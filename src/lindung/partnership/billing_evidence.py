"""Payment evidence from billing's own records: regular contribution lines on invoices paid in full.

Used by :func:`lindung.partnership.attribution.payment_evidence` when the app ``lindung.billing`` is installed
and has paid invoices. Billing answers which months of a membership row were paid, and when
(:func:`lindung.billing.attribution.paid_months`, which reaches the lines by their key instead of scanning
them). Activity is judged per worker, over all of the worker's membership rows, because a wage change or a
move of employer continues a registration in a new row.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Sequence

from django.apps import apps
from django.utils.translation import gettext_lazy as _

from lindung.registry.models import Membership

CHUNK = 2000
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


Registration = tuple[int, dt.date, list[tuple[dt.date, dt.date]]]  # membership, start, [(month, day paid)]


class BillingLines:
    """First payment and later activity from paid invoices."""

    label = _("Dari tagihan yang lunas (modul penagihan)")
    is_proxy = False

    def __init__(self) -> None:
        # The funnel asks three questions (first paid, active after 3 and after 6 months) of the same ids.
        self._answered: dict[tuple[dt.date, tuple[int, ...]], list[Registration]] = {}

    def _by_registration(self, ids: Sequence[int], as_of: dt.date) -> list[Registration]:
        from lindung.billing.attribution import paid_months  # billing is installed when this class is used

        key = (as_of, tuple(sorted(set(ids))))
        if key not in self._answered:
            found = []
            for regs, rows in _registrations(key[1]):
                paid = paid_months({pk for pks in rows.values() for pk in pks}, as_of=as_of)
                for pk, (worker, start) in regs.items():
                    found.append((pk, start, [item for row in rows[worker] for item in paid.get(row, [])]))
            self._answered = {key: found}  # keep one answer: the next question is about the same ids
        return self._answered[key]

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
