"""Rebuild a region's coverage snapshots: read memberships and workers as columns, aggregate, bulk-write.

Called after every import and billing run (through ``tasks.coverage_refresh_later``), daily by the schedule,
and by ``lindung coverage refresh``. Every date is recomputed; only the dates whose figures changed are
written (``store.py``), in one transaction, so a dashboard reads either the old figures or the new ones,
never half of each. Logs carry counts only, never a person.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import dataclass

import polars as pl
from django.utils import timezone

from lindung.core.models import MinimumWage, Region
from lindung.coverage import dimensions as d
from lindung.coverage.columns import read_memberships, read_workers
from lindung.coverage.cube import coverage_cube
from lindung.coverage.feeds import employer_compliance_flags
from lindung.coverage.goal_services import coverage_target_seed
from lindung.coverage.models import CoverageSnapshot
from lindung.coverage.pds import employer_compliance, merge_flags
from lindung.coverage.store import compliance_store, snapshots_store

logger = logging.getLogger(__name__)
#: Months of history kept (10 years); older dates answer "no data for that date".
HISTORY_MONTHS = 120


@dataclass(frozen=True)
class RefreshResult:
    region: str
    snapshots: int
    figures: int
    #: snapshots and figures written this time (the others had not changed)
    rewritten: int
    written_figures: int
    memberships: int
    seconds: float


def snapshot_dates(first: dt.date | None, as_of: dt.date) -> list[dt.date]:
    """Every month end from the first membership's month (at most HISTORY_MONTHS back) and ``as_of`` itself."""
    if first is None or first > as_of:
        return []
    earliest = d.month_end(as_of).replace(day=1)
    for _ in range(HISTORY_MONTHS - 1):
        earliest = (earliest - dt.timedelta(days=1)).replace(day=1)
    return [*d.month_ends_between(max(first, earliest), as_of - dt.timedelta(days=1)), as_of]


def coverage_refresh(*, region: Region, as_of: dt.date | None = None) -> RefreshResult:
    """Recompute every snapshot of ``region`` up to ``as_of`` (default today) and replace the stored ones."""
    started = time.perf_counter()
    as_of = as_of or timezone.localdate()
    coverage_target_seed(region=region)  # the RPJMD assumption, stored once so the coordinator can confirm it
    workers = read_workers(region)
    memberships, employers = read_memberships(region, workers)
    first = memberships["valid_from"].min() if not memberships.is_empty() else None
    days = snapshot_dates(first if isinstance(first, dt.date) else None, as_of)
    figures = coverage_cube(memberships, workers, days)
    umk = _umk(region, as_of)
    suspects = employer_compliance(memberships, workers, employers, as_of=as_of, umk=umk)
    suspects = merge_flags(suspects, employer_compliance_flags(region=region, as_of=as_of), employers)
    written = snapshots_store(region=region, days=days, figures=figures)
    compliance_store(region=region, as_of=as_of, umk=umk, suspects=suspects)
    registered = registered_workers(workers, memberships)
    CoverageSnapshot.objects.filter(region=region, as_of=as_of).update(registered=registered)
    result = RefreshResult(
        region.code,
        len(days),
        figures.height,
        written.snapshots,
        written.figures,
        memberships.height,
        time.perf_counter() - started,
    )
    logger.info(
        "coverage refresh %s: %d snapshots (%d rewritten), %d figures from %d memberships in %.1f s",
        result.region,
        result.snapshots,
        result.rewritten,
        result.figures,
        result.memberships,
        result.seconds,
    )
    return result


def registered_workers(workers: pl.DataFrame, memberships: pl.DataFrame) -> dict[str, int]:
    """Registered workers of the region ("") and of each agency's reach, as the registry's scope counts them.

    An agency reaches the workers it proposed and those with a membership it registered or of an employer it
    is responsible for (``registry.scopes.worker_scope``).
    """
    reach = pl.concat(
        [
            workers.select("worker_id", agency=pl.col("proposed_agency_id")),
            memberships.select("worker_id", agency=pl.col("agency_id")),
            memberships.select("worker_id", agency=pl.col("employer_agency_id")),
        ]
    ).drop_nulls()
    counts = reach.group_by("agency").agg(pl.col("worker_id").n_unique()).iter_rows()
    return {"": workers.height} | {str(agency): int(n) for agency, n in counts}


def _umk(region: Region, as_of: dt.date) -> int | None:
    """The UMK in force in ``as_of``'s year (the latest loaded, if that year's is not yet)."""
    wage = MinimumWage.objects.filter(region=region, year__lte=as_of.year).order_by("-year").first()
    return int(wage.amount) if wage else None
