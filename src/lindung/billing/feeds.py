"""What billing tells coverage: its own reasons to suspect an employer, added to coverage's PDS list.

``lindung.coverage.feeds`` looks this module up (``_plugin``) at each coverage refresh; the reasons are stored
with coverage's own signs in ``EmployerCompliance``, the one list both the PDS gap page and billing's
compliance page read. Reason codes (labelled by coverage):

- ``arrears``: an employer's contribution invoice still unpaid after its due date (the invoice's due date comes
  from the rules: ``deadlines_fines.yaml`` ``pu_due_day``, PP 44/2015 and PP 46/2015);
- ``headcount_falling``: the regular lines of the employer's latest invoice fell by more than
  ``FALL_SHARE`` of those three months before (a heuristic: workers dropped from the bill, a PDS sign).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Final

from django.db import connection

from lindung.billing import rules_adapter as rules
from lindung.billing.models import Invoice, InvoiceStatus, Line, LineKind
from lindung.core.models import Region
from lindung.registry.models import PayerKind

FALL_MONTHS: Final = 3
FALL_SHARE: Final = 0.9  # a drop of more than 10 % over three months is a sign
FALL_MIN_HEADCOUNT: Final = 5
UNPAID: Final = (InvoiceStatus.OPEN, InvoiceStatus.PARTIAL)


def employer_headcounts(*, region: Region, as_of: dt.date) -> tuple[dict[int, int], dict[int, int]]:
    """Regular lines per employer on the latest invoiced period up to ``as_of``, and three months before."""
    invoices = Invoice.objects.filter(
        region=region, account__kind=PayerKind.EMPLOYER, account__employer__isnull=False, period__lte=as_of
    )
    latest = invoices.order_by("-period").values_list("period", flat=True).first()
    if latest is None:
        return {}, {}
    before = rules.month_start(rules.month_index(latest.year, latest.month) - FALL_MONTHS)
    counts: dict[dt.date, dict[int, int]] = {latest: defaultdict(int), before: defaultdict(int)}
    rows = invoices.filter(period__in=[latest, before]).values_list("account__employer_id", "period", "line_count")
    for employer_id, period, n in rows:
        counts[period][employer_id] += n
    return dict(counts[latest]), dict(counts[before])


def headcount_fell(now: int | None, before: int | None) -> bool:
    return now is not None and before is not None and before >= FALL_MIN_HEADCOUNT and now < before * FALL_SHARE


def employer_compliance_flags(*, region: Region, as_of: dt.date) -> dict[int, list[str]]:
    """Employer id → billing's reason codes (``arrears``, ``headcount_falling``) as of ``as_of``."""
    flags: dict[int, list[str]] = defaultdict(list)
    overdue = Invoice.objects.filter(
        region=region,
        account__kind=PayerKind.EMPLOYER,
        account__employer__isnull=False,
        status__in=UNPAID,
        due_date__lt=as_of,
    )
    for employer_id in overdue.values_list("account__employer_id", flat=True).distinct().order_by():
        flags[employer_id].append("arrears")
    now, before = employer_headcounts(region=region, as_of=as_of)
    for employer_id in sorted(before):
        if headcount_fell(now.get(employer_id, 0), before[employer_id]):
            flags[employer_id].append("headcount_falling")
    return dict(flags)


def unpaid_months_by_membership(*, region: Region, as_of: dt.date) -> dict[int, int] | None:
    """Membership id → months of regular contributions on invoices still unpaid after their due date.

    Starts from the few unpaid invoices and reads only their lines through the line key's (run, account)
    prefix, instead of testing every line of the region's history against the invoices.
    """
    if not Invoice.objects.filter(region=region).exists():
        return None  # never billed: no data, which is not the same as nobody lapsing
    invoices, lines = Invoice._meta.db_table, Line._meta.db_table
    sql = f"""
        SELECT l.membership_id, COUNT(DISTINCT l.covers_period)
        FROM {invoices} i JOIN {lines} l ON l.run_id = i.run_id AND l.account_id = i.account_id
        WHERE i.region_id = %s AND i.status IN (%s, %s) AND i.due_date < %s
          AND l.kind = %s AND l.membership_id > 0
        GROUP BY l.membership_id
    """  # noqa: S608 - table names from the models, values as parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, [region.pk, *[str(s) for s in UNPAID], as_of, int(LineKind.REGULAR)])
        return {int(membership): int(months) for membership, months in cursor.fetchall()}
