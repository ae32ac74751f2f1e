"""Paid contributions per membership, for the partnership funnel ("first paid", "still paying after N months").

``paid_months(membership_ids, as_of=...)`` answers, for each membership row, the months whose regular
contribution line sits on an invoice paid in full by ``as_of``, with the day it was paid in full (the last
allocation). ``paid_months_of(rows, ...)`` answers the same for membership rows already read (``ROW_FIELDS``),
optionally only from a month ``since``. Both reach the lines through the first two columns of their key (run,
account), so they never scan every line, and pick the memberships asked about in the database: an employer's
account holds the lines of all its workers, so a few hundred registrations would otherwise bring back every line
of their employers (170,000 rows on the demo data to keep 17,000).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.db.models import BigIntegerField, CharField, ExpressionWrapper, F, Max, Q
from django.db.models.functions import Cast

from lindung.billing.models import BillingAccount, Invoice, InvoiceStatus, Line, LineKind
from lindung.registry.models import Membership, PayerKind

CHUNK = 5000
#: A membership row as ``paid_months_of`` takes it: id, payer kind, employer, worker, worker's region, sponsor.
MembershipRow = tuple[int, str, int | None, int, int, str]
ROW_FIELDS = ("pk", "payer_kind", "employer_id", "worker_id", "worker__region_id", "sponsor_name")


def _account_key(
    kind: str, employer: int | None, worker: int, region: int, sponsor: str
) -> tuple[str, int | None, str]:
    """The (kind, reference, sponsor) a run opens a membership's payer account under."""
    ref = {PayerKind.EMPLOYER: employer, PayerKind.SELF: worker}.get(kind, region)  # type: ignore[call-overload]
    return kind, ref, sponsor if kind == PayerKind.SPONSOR else ""


def _accounts(memberships: Sequence[MembershipRow]) -> dict[int, int]:
    """Membership → its payer account (a membership row never changes payer)."""
    keys = {row[0]: _account_key(*row[1:]) for row in memberships}
    refs: dict[str, set[int]] = defaultdict(set)
    for kind, ref, _sponsor in keys.values():
        if ref is not None:
            refs[kind].add(ref)
    # One term per payer kind (an OR per membership is slow to build and too deep for SQLite past ~1000 rows);
    # the exact (kind, ref, sponsor) match is made below.
    wanted = Q(pk__in=[])
    for kind, kind_refs in refs.items():
        wanted |= Q(kind=kind, ref__in=sorted(kind_refs))
    found = {
        (k, r, s): pk
        for pk, k, r, s in BillingAccount.objects.filter(wanted).values_list("pk", "kind", "ref", "sponsor_name")
    }
    return {pk: found[key] for pk, key in keys.items() if key in found}


def paid_months_of(
    memberships: Sequence[MembershipRow], *, as_of: dt.date, since: dt.date | None = None
) -> dict[int, list[tuple[dt.date, dt.date]]]:
    """Membership → [(month covered, day paid in full)] for its regular lines (of ``since`` or later) on invoices
    paid by ``as_of``. A regular line covers its run's month, so with ``since`` older runs are not read at all."""
    accounts = _accounts(memberships)
    if not accounts:
        return {}
    invoices = Invoice.objects.filter(status=InvoiceStatus.PAID, account_id__in=set(accounts.values()))
    if since is not None:
        invoices = invoices.filter(period__gte=since)
    paid = {
        (account, run): day
        for account, run, day in invoices.annotate(day=Max("allocations__paid_on"))
        .filter(day__lte=as_of)
        .values_list("account_id", "run_id", "day")
    }
    if not paid:
        return {}
    lines = Line.objects.filter(
        run_id__in={run for _account, run in paid},
        account_id__in={account for account, _run in paid},
        kind=LineKind.REGULAR,
    )
    if since is not None:
        lines = lines.filter(covers_period__gte=since)
    # The key's first two columns (run, account) reach the lines; the membership is a condition on the rows so
    # reached (``+ 0`` keeps it off the index): a list on the key's third column as well makes SQLite (and
    # PostgreSQL before 17) probe every run x account x membership combination.
    lines = (
        lines.alias(member=ExpressionWrapper(F("membership_id") + 0, output_field=BigIntegerField()))
        .filter(member__in=list(accounts))
        # the month as text: a handful of distinct months, parsed once each instead of once per line
        .annotate(month=Cast("covers_period", CharField()))
    )
    months: dict[str, dt.date] = {}
    result: dict[int, list[tuple[dt.date, dt.date]]] = defaultdict(list)
    for membership, account, run, month in lines.values_list("membership_id", "account_id", "run_id", "month"):
        if accounts.get(membership) == account and (account, run) in paid:
            period = months.get(month) or months.setdefault(month, dt.date.fromisoformat(month[:10]))
            result[membership].append((period, paid[(account, run)]))
    return dict(result)


def paid_months(membership_ids: Iterable[int], *, as_of: dt.date) -> dict[int, list[tuple[dt.date, dt.date]]]:
    """Membership → [(month covered, day paid in full)] for its regular lines on invoices paid by ``as_of``."""
    ids = sorted(set(membership_ids))
    result: dict[int, list[tuple[dt.date, dt.date]]] = {}
    for start in range(0, len(ids), CHUNK):
        rows = list(Membership.objects.filter(pk__in=ids[start : start + CHUNK]).values_list(*ROW_FIELDS))
        result.update(paid_months_of(rows, as_of=as_of))
    return result
