"""Payment evidence from billing's own records: regular contribution lines on invoices paid in full.

Used by :func:`lindung.partnership.attribution.payment_evidence` when the app ``lindung.billing`` is installed
and has paid invoices. Billing answers which months of a membership row were paid, and when
(:func:`lindung.billing.attribution.paid_months_of`, which reaches the lines by their key, only from the month
the registrations asked about began). Activity is judged per worker, over all of the worker's membership rows,
because a wage change or a move of employer continues a registration in a new row.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Sequence

from django.apps import apps
from django.utils.translation import gettext_lazy as _

from lindung.registry.models import Membership

CHUNK = 5000  # ids per query: one chunk re-reads its employers' lines, so fewer chunks read fewer lines
PAID = "paid"


def billing_has_payments() -> bool:
    """Whether billing is installed and has at least one invoice paid in full."""
    if not apps.is_installed("lindung.billing"):
        return False
    try:
        return bool(apps.get_model("billing", "Invoice").objects.filter(status=PAID).exists())
    except LookupError:
        return False


FIELDS = ("pk", "payer_kind", "employer_id", "worker_id", "worker__region_id", "sponsor_name")
#: A membership row as billing's ``paid_months_of`` takes it (``lindung.billing.attribution.ROW_FIELDS``).
Row = tuple[int, str, int | None, int, int, str]  # membership, payer kind, employer, worker, region, sponsor


def _registrations(ids: Sequence[int]) -> Iterator[tuple[dict[int, tuple[int, dt.date]], list[Row]]]:
    """Per chunk: registration → (worker, start), and every membership row of those workers with its payer."""
    ids = list(ids)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        workers = Membership.objects.filter(pk__in=chunk).values("worker_id")
        rows: list[Row] = []
        regs: dict[int, tuple[int, dt.date]] = {}
        wanted = set(chunk)
        for pk, kind, employer, worker, region, sponsor, day in Membership.objects.filter(
            worker_id__in=workers
        ).values_list(*FIELDS, "valid_from"):
            rows.append((pk, kind, employer, worker, region, sponsor))
            if pk in wanted:
                regs[pk] = (worker, day)
        yield regs, rows


Registration = tuple[int, dt.date, list[tuple[dt.date, dt.date]]]  # membership, start, [(month, day paid)]


class BillingLines:
    """First payment and later activity from paid invoices."""

    label = _("Dari tagihan yang lunas (modul penagihan)")
    is_proxy = False

    def __init__(self) -> None:
        # The funnel asks three questions (first paid, active after 3 and after 6 months) of the same ids, and a
        # page that shows the scorecard and the funnel asks about mostly the same registrations twice: each
        # registration is read once per as-of date, for the life of this object (one page).
        self._known: dict[dt.date, dict[int, Registration]] = defaultdict(dict)

    def _by_registration(self, ids: Sequence[int], as_of: dt.date) -> list[Registration]:
        from lindung.billing.attribution import paid_months_of  # billing is installed when this class is used

        known = self._known[as_of]
        wanted = sorted(set(ids))
        for regs, rows in _registrations([pk for pk in wanted if pk not in known]):
            # Only months from a registration's own start count (first paid, still paying later).
            since = min((start for _worker, start in regs.values()), default=as_of).replace(day=1)
            paid = paid_months_of(rows, as_of=as_of, since=since)
            rows_of: dict[int, list[int]] = defaultdict(list)
            for pk, _kind, _employer, worker, _region, _sponsor in rows:
                rows_of[worker].append(pk)
            for pk, (worker, start) in regs.items():
                known[pk] = (pk, start, [item for row in rows_of[worker] for item in paid.get(row, [])])
        return [known[pk] for pk in wanted if pk in known]

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
