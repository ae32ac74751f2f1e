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
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import polars as pl
from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone

from lindung.core.models import MinimumWage, Region
from lindung.coverage import dimensions as d
from lindung.coverage.cube import coverage_cube
from lindung.coverage.pds import employer_compliance
from lindung.coverage.sectors import sector_catalogue
from lindung.coverage.store import compliance_store, snapshots_store
from lindung.registry.models import Employer, Membership, Worker

logger = logging.getLogger(__name__)
#: Months of history kept (10 years); older dates answer "no data for that date".
HISTORY_MONTHS = 120
FETCH = 50_000
_SECTIONS = {division: d.kbli_section(f"{division:02d}") for division in range(100)}


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


def _rows(queryset: QuerySet[Any], columns: list[str]) -> Iterator[pl.DataFrame]:
    """Stream a values_list query through a plain cursor: no model instances, chunks of FETCH rows."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while chunk := cursor.fetchmany(FETCH):
            yield pl.DataFrame(chunk, schema=columns, orient="row", infer_schema_length=None)


def _frame(queryset: QuerySet[Any], schema: dict[str, pl.DataType]) -> pl.DataFrame:
    columns = list(schema)
    frames = [f.cast({c: t for c, t in schema.items() if t != pl.Date()}) for f in _rows(queryset, columns)]
    frame = pl.concat(frames, how="vertical_relaxed") if frames else pl.DataFrame(schema=schema)
    # SQLite hands dates back as text, PostgreSQL as dates: end with dates either way.
    dates = [c for c, t in schema.items() if t == pl.Date()]
    return frame.with_columns(
        [pl.col(c).str.to_date("%Y-%m-%d") if frame.schema[c] == pl.String else pl.col(c).cast(pl.Date) for c in dates]
    )


def read_memberships(region: Region) -> pl.DataFrame:
    """The region's memberships as the columns ``coverage_cube`` reads."""
    queryset = Membership.objects.filter(worker__region=region, worker__merged_into__isnull=True).values_list(
        "id",
        "worker_id",
        "valid_from",
        "valid_to",
        "segment",
        "payer_kind",
        "programs",
        "previous_id",
        "agency_id",
        "employer_id",
        "wage",
        "employer__agency_id",
        "employer__kbli",
        "employer__kind",
        "agency__sector",
        "worker__proposed_by_agency__sector",
    )
    schema: dict[str, pl.DataType] = {
        "membership_id": pl.Int64(),
        "worker_id": pl.Int64(),
        "valid_from": pl.Date(),
        "valid_to": pl.Date(),
        "segment": pl.String(),
        "payer_kind": pl.String(),
        "programs": pl.Int64(),
        "previous_id": pl.Int64(),
        "own_agency": pl.Int64(),
        "employer_id": pl.Int64(),
        "wage": pl.Int64(),
        "employer_agency": pl.Int64(),
        "kbli": pl.String(),
        "employer_kind": pl.String(),
        "agency_sector": pl.String(),
        "proposer_sector": pl.String(),
    }
    raw = _frame(queryset.order_by(), schema)
    return _derive(raw, region)


def _derive(raw: pl.DataFrame, region: Region) -> pl.DataFrame:
    """Sector, reaching agency and the first-registration flag of each membership."""
    mapping = sector_catalogue(region.profile_slug).mapping.by_section
    division = pl.col("kbli").str.slice(0, 2).cast(pl.Int32, strict=False)
    employer_section = division.replace_strict(_SECTIONS, default=d.UNKNOWN, return_dtype=pl.String)
    agency_text = pl.coalesce(pl.col("agency_sector"), pl.col("proposer_sector"), pl.lit(""))
    agency_section = agency_text.str.split(",").list.first().str.strip_chars().str.to_uppercase()
    section = pl.when(employer_section != "").then(employer_section).otherwise(agency_section.fill_null(""))
    return raw.select(
        "membership_id",
        "worker_id",
        "valid_from",
        "valid_to",
        "segment",
        "payer_kind",
        "programs",
        "employer_id",
        "wage",
        is_new=pl.col("previous_id").is_null(),
        agency_id=pl.coalesce("own_agency", "employer_agency"),
        sector=section.replace_strict(mapping, default=d.UNKNOWN, return_dtype=pl.String),
        state=(pl.col("employer_kind") == "state").fill_null(False),
    )


def read_workers(region: Region) -> pl.DataFrame:
    queryset = Worker.objects.filter(region=region, merged_into__isnull=True).values_list(
        "id", "village__district__code", "village__code", "sex", "birth_date", "proposed_by_agency_id"
    )
    schema: dict[str, pl.DataType] = {
        "worker_id": pl.Int64(),
        "district": pl.String(),
        "village": pl.String(),
        "sex": pl.String(),
        "birth_date": pl.Date(),
        "proposed_agency_id": pl.Int64(),
    }
    frame = _frame(queryset.order_by(), schema)
    return frame.with_columns(pl.col("district", "village").fill_null(d.UNKNOWN))


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
    memberships = read_memberships(region)
    workers = read_workers(region)
    first = memberships["valid_from"].min() if not memberships.is_empty() else None
    days = snapshot_dates(first if isinstance(first, dt.date) else None, as_of)
    figures = coverage_cube(memberships, workers, days)
    employers = _frame(
        Employer.objects.filter(region=region).order_by().values_list("id", "size"),
        {"employer_id": pl.Int64(), "size": pl.String()},
    )
    umk = _umk(region, as_of)
    suspects = employer_compliance(memberships, workers, employers, as_of=as_of, umk=umk)
    written = snapshots_store(region=region, days=days, figures=figures)
    compliance_store(region=region, as_of=as_of, umk=umk, suspects=suspects)
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


def _umk(region: Region, as_of: dt.date) -> int | None:
    """The UMK in force in ``as_of``'s year (the latest loaded, if that year's is not yet)."""
    wage = MinimumWage.objects.filter(region=region, year__lte=as_of.year).order_by("-year").first()
    return int(wage.amount) if wage else None
