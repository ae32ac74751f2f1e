"""Payment evidence for the funnel: when a registration first paid, and whether it was still active later.

The funnel (attendee → registered → first contribution paid → still active after 3 and 6 months) asks two
questions about memberships that this app cannot answer from its own data. It asks them through one small
interface, :class:`PaymentEvidence`, so that billing can answer them without any change to the funnel, the
pages or the API:

* ``first_paid(membership_ids, as_of=...)`` → ``{membership_id: date of the first paid contribution}``
  (memberships that have not paid by ``as_of`` are absent);
* ``active_after(membership_ids, months=..., as_of=...)`` → ``{membership_id: True | False}`` for the
  memberships old enough to tell (registered at least ``months`` months before ``as_of``); the others are
  absent.

The answer comes from, in this order: a provider registered with :func:`register_payment_evidence` (billing
may call it from its ``AppConfig.ready``); ``evidence`` in ``lindung.billing.attribution`` if billing defines
one; billing's paid invoices read by :class:`lindung.partnership.billing_evidence.BillingLines` once billing
has any; and otherwise :class:`MembershipProxy`, which answers from the registry alone: a membership counts
as "paid" once it has been active for one month, and the pages label that as a proxy (``is_proxy``).
"""

from __future__ import annotations

import calendar
import datetime as dt
import importlib
from collections.abc import Iterator, Sequence
from typing import Protocol

from django.apps import apps
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lindung.registry.models import Membership

CHUNK = 5000


class PaymentEvidence(Protocol):
    @property
    def label(self) -> str | Promise: ...  # shown next to the paid figures

    @property
    def is_proxy(self) -> bool: ...  # True: an estimate, not real payments

    def first_paid(self, membership_ids: Sequence[int], *, as_of: dt.date) -> dict[int, dt.date]: ...

    def active_after(self, membership_ids: Sequence[int], *, months: int, as_of: dt.date) -> dict[int, bool]: ...


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, clipped to the month's end (31 Jan + 1 month = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _chunks(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


Span = tuple[dt.date, dt.date | None]


def _starts_and_spans(ids: Sequence[int]) -> Iterator[tuple[int, dt.date, list[Span]]]:
    """Each membership's start, with every membership row of its worker (a wage change or a move of employer
    ends one row and opens the next, so the worker stays covered across rows)."""
    for chunk in _chunks(list(ids)):
        starts = list(Membership.objects.filter(pk__in=chunk).values_list("pk", "worker_id", "valid_from"))
        spans: dict[int, list[Span]] = {}
        workers = {worker_id for _, worker_id, _ in starts}
        for worker_id, start, end in Membership.objects.filter(worker_id__in=workers).values_list(
            "worker_id", "valid_from", "valid_to"
        ):
            spans.setdefault(worker_id, []).append((start, end))
        for pk, worker_id, start in starts:
            yield pk, start, spans[worker_id]


def _covered(spans: list[Span], day: dt.date) -> bool:
    return any(start <= day and (end is None or end >= day) for start, end in spans)


class MembershipProxy:
    """Evidence from membership dates alone, until billing records paid contributions."""

    label: str | Promise = _("Proksi: kepesertaan aktif minimal 1 bulan (data pembayaran belum tersedia)")
    is_proxy: bool = True

    def first_paid(self, membership_ids: Sequence[int], *, as_of: dt.date) -> dict[int, dt.date]:
        paid: dict[int, dt.date] = {}
        for pk, start, spans in _starts_and_spans(membership_ids):
            one_month = add_months(start, 1)
            if one_month <= as_of and _covered(spans, one_month):
                paid[pk] = one_month
        return paid

    def active_after(self, membership_ids: Sequence[int], *, months: int, as_of: dt.date) -> dict[int, bool]:
        active: dict[int, bool] = {}
        for pk, start, spans in _starts_and_spans(membership_ids):
            mark = add_months(start, months)
            if mark <= as_of:
                active[pk] = _covered(spans, mark)
        return active


_registered: PaymentEvidence | None = None


def register_payment_evidence(evidence: PaymentEvidence | None) -> None:
    """Let another app (billing) answer the funnel's payment questions; ``None`` restores the default."""
    global _registered  # one process-wide provider, set once at start-up
    _registered = evidence


def payment_evidence() -> PaymentEvidence:
    """The registered provider, else billing's when installed, else the membership proxy."""
    if _registered is not None:
        return _registered
    if apps.is_installed("lindung.billing"):
        try:
            module = importlib.import_module("lindung.billing.attribution")
        except ImportError:
            module = None
        evidence = getattr(module, "evidence", None)
        if evidence is not None:
            return evidence  # type: ignore[no-any-return]
    from lindung.partnership.billing_evidence import BillingLines, billing_has_payments

    if billing_has_payments():
        return BillingLines()
    return MembershipProxy()
