"""Paid contributions per membership, for the partnership funnel ("first paid", "still paying after N months").

``paid_months(membership_ids, as_of=...)`` answers, for each membership row, the months whose regular
contribution line sits on an invoice paid in full by ``as_of``, with the day it was paid in full (the last
allocation). It reaches the lines through their key (run, account, membership), so it never scans every line.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.db.models import Max, Q

from lindung.billing.models import BillingAccount, BillingRun, Invoice, InvoiceStatus, Line, LineKind
from lindung.registry.models import Membership, PayerKind

CHUNK = 2000


def _accounts(memberships: Sequence[tuple[int, str, int | None, int, int, str]]) -> dict[int, int]:
    """Membership → its payer account (a membership row never changes payer)."""
    refs: dict[str, set[int]] = defaultdict(set)
    for _pk, kind, employer, worker, region, _sponsor in memberships:
        refs[kind].add({PayerKind.EMPLOYER: employer, PayerKind.SELF: worker}.get(kind, region))  # type: ignore[call-overload]
    # One term per payer kind (an OR per membership is slow to build and too deep for SQLite past ~1000 rows);
    # the exact (kind, ref, sponsor) match is made below.
    wanted = Q(pk__in=[])
    for kind, kind_refs in refs.items():
        wanted |= Q(kind=kind, ref__in=sorted(kind_refs))
    found = {
        (k, r, s): pk
        for pk, k, r, s in BillingAccount.objects.filter(wanted).values_list("pk", "kind", "ref", "sponsor_name")
    }
    out = {}
    for pk, kind, employer, worker, region, sponsor in memberships:
        ref = {PayerKind.EMPLOYER: employer, PayerKind.SELF: worker}.get(kind, region)  # type: ignore[call-overload]
        account = found.get((kind, ref, sponsor if kind == PayerKind.SPONSOR else ""))
        if account is not None:
            out[pk] = account
    return out


def paid_months(membership_ids: Iterable[int], *, as_of: dt.date) -> dict[int, list[tuple[dt.date, dt.date]]]:
    """Membership → [(month covered, day paid in full)] for its regular lines on invoices paid by ``as_of``."""
    ids = sorted(set(membership_ids))
    result: dict[int, list[tuple[dt.date, dt.date]]] = defaultdict(list)
    runs = list(BillingRun.objects.values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        rows = list(
            Membership.objects.filter(pk__in=ids[start : start + CHUNK]).values_list(
                "pk", "payer_kind", "employer_id", "worker_id", "worker__region_id", "sponsor_name"
            )
        )
        accounts = _accounts(rows)
        # The key's first two columns (run, account) reach the lines; the membership is picked here: a list on
        # the third column as well makes SQLite (and PostgreSQL before 17) probe every run x account x
        # membership combination.
        lines = [
            line
            for line in Line.objects.filter(
                run_id__in=runs, account_id__in=set(accounts.values()), kind=LineKind.REGULAR
            ).values_list("membership_id", "account_id", "run_id", "covers_period")
            if accounts.get(line[0]) == line[1]
        ]
        paid = dict(
            ((a, r), day)
            for a, r, day in Invoice.objects.filter(
                status=InvoiceStatus.PAID,
                account_id__in={a for _m, a, _r, _p in lines},
                run_id__in={r for _m, _a, r, _p in lines},
            )
            .annotate(day=Max("allocations__paid_on"))
            .values_list("account_id", "run_id", "day")
            if day is not None and day <= as_of
        )
        for membership, account, run, period in lines:
            if (account, run) in paid:
                result[membership].append((period, paid[(account, run)]))
    return dict(result)
