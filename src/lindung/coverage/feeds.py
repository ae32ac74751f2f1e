"""The small interface through which coverage reads what other apps own: unpaid months and PKS targets.

Billing (``lindung.billing``) can take over the lapse feed without touching coverage's views by providing
``lindung/billing/feeds.py`` with::

    def unpaid_months_by_membership(*, region: Region, as_of: date) -> Mapping[int, int]:
        '''Membership id → months of contributions due before ``as_of`` and not (fully) paid.'''

    def employer_compliance_flags(*, region: Region, as_of: date) -> Mapping[int, Iterable[str]]:
        '''Employer id → reason codes of billing's own (e.g. "arrears"), added to the PDS suspects.'''

Billing provides the second (``arrears``, ``headcount_falling``). For the first, until billing provides it,
the feed reads billing's invoices and lines directly when those tables exist (regular contribution lines on
invoices still open or partly paid after their due date), and answers ``None`` when they do not: the pages
then say "data tagihan belum tersedia". PKS targets come from ``lindung.partnership`` the same way. The PDS
signs themselves are coverage's own (``pds.py``), stored by the refresh with billing's reasons merged in:
that stored list is the one both the gap page and billing's compliance page read.
"""

from __future__ import annotations

import datetime as dt
import importlib
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import DatabaseError
from django.db.models import Count, Exists, OuterRef

from lindung.core.models import Region
from lindung.core.scoping import scoped

logger = logging.getLogger(__name__)
#: A member is lapsing when this many months of contributions are due and unpaid (issue #8).
LAPSE_MONTHS = 3
#: PKS whose targets count: signed or in force (a draft promises nothing yet).
BINDING_PKS = ("signed", "active", "expiring")


def _plugin(name: str) -> Callable[..., Any] | None:
    if not apps.is_installed("lindung.billing"):
        return None
    try:
        module = importlib.import_module("lindung.billing.feeds")
    except ImportError:
        return None
    function = getattr(module, name, None)
    return function if callable(function) else None


def unpaid_months_by_membership(*, region: Region, as_of: dt.date) -> Mapping[int, int] | None:
    """Membership id → unpaid months due before ``as_of``; None when billing data is not available."""
    plugin = _plugin("unpaid_months_by_membership")
    if plugin is not None:
        found = plugin(region=region, as_of=as_of)
        return None if found is None else dict(found)
    if not apps.is_installed("lindung.billing"):
        return None
    try:
        return _from_invoices(region, as_of)
    except LookupError:  # the region was never billed
        return None
    except (ImportError, AttributeError, DatabaseError):  # billing's tables are not there (yet)
        logger.warning("coverage: billing invoices not readable; lapse list unavailable")
        return None


def _from_invoices(region: Region, as_of: dt.date) -> dict[int, int]:
    """Unpaid months from billing's own tables; LookupError when the region was never billed (no data yet)."""
    from lindung.billing.models import Invoice, InvoiceStatus, Line, LineKind

    if not Invoice.objects.filter(region=region).exists():
        raise LookupError("no invoices issued in the region yet")
    unpaid = Invoice.objects.filter(
        region=region,
        status__in=[InvoiceStatus.OPEN, InvoiceStatus.PARTIAL],
        due_date__lt=as_of,
        run_id=OuterRef("run_id"),
        account_id=OuterRef("account_id"),
    )
    lines = (
        Line.objects.filter(kind=LineKind.REGULAR, membership_id__gt=0)
        .filter(Exists(unpaid))
        .values("membership_id")
        .annotate(months=Count("covers_period", distinct=True))
        .order_by()
    )
    return {row["membership_id"]: row["months"] for row in lines}


def employer_compliance_flags(*, region: Region, as_of: dt.date) -> dict[int, list[str]]:
    """Billing's extra reasons per employer, to merge with coverage's own PDS signs; {} until billing says."""
    plugin = _plugin("employer_compliance_flags")
    if plugin is None:
        return {}
    try:
        found = plugin(region=region, as_of=as_of)
    except DatabaseError:  # billing's tables are not there (yet): coverage's own signs still count
        logger.warning("coverage: billing's compliance reasons not readable; PDS list without them")
        return {}
    return {int(pk): sorted({str(r) for r in reasons}) for pk, reasons in found.items()}


@dataclass(frozen=True)
class PksTargetFigure:
    agency_id: int
    agency_name: str
    period_start: dt.date
    period_end: dt.date
    segment: str
    programme: str
    workers: int


def pks_targets(*, user: Any, region: Region, as_of: dt.date) -> list[PksTargetFigure] | None:
    """Worker targets of the binding PKS whose period contains ``as_of``; None without the partnership app."""
    if not apps.is_installed("lindung.partnership"):
        return None
    try:
        from lindung.partnership.models import PksTarget
    except ImportError:
        return None
    targets = scoped(
        PksTarget.objects.filter(
            pks__agency__region=region,
            pks__status__in=BINDING_PKS,
            period_start__lte=as_of,
            period_end__gte=as_of,
            workers__gt=0,
        ),
        user,
    ).order_by("pks__agency__name", "period_start")
    rows = targets.values_list(
        "pks__agency_id", "pks__agency__name", "period_start", "period_end", "segment", "programme", "workers"
    )
    return [PksTargetFigure(*row) for row in rows]
