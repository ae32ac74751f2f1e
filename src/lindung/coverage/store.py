"""Write the refreshed figures: only the snapshot dates whose figures changed, in one transaction.

Each snapshot keeps a digest of its figures (an order-free XOR of row hashes, with the row count); a refresh
rewrites a date only when its digest differs, so the run after an import writes the recent months, not ten
years of history. Plain SQL deletes and inserts: the ORM would load every row to send delete signals that
nobody listens to for these tables, and index upkeep is most of the cost of writing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl
from django.db import connection, transaction
from django.utils import timezone

from lindung.core.db import sqlite_page_cache
from lindung.core.models import Region
from lindung.coverage import dimensions as d
from lindung.coverage.models import CoverageFigure, CoverageSnapshot, EmployerCompliance
from lindung.coverage.pds import missing_of
from lindung.registry.bulk import insert_sql, json_value

WRITE_BATCH = 5_000
#: Rows per INSERT statement of figures, at most (the backend's limit on parameters may lower it).
ROWS_PER_STATEMENT = 50
ID_BATCH = 500
COLUMNS = ["slice_kind", "slice_key", "dimension", "key", *d.MEASURES]


@dataclass(frozen=True)
class Written:
    snapshots: int
    figures: int


def digests(figures: pl.DataFrame) -> dict[dt.date, str]:
    """A fingerprint per date, independent of row order."""
    hashed = figures.select("as_of", h=pl.struct(COLUMNS).hash(seed=8))
    rows = hashed.group_by("as_of").agg(pl.col("h").bitwise_xor(), pl.len()).iter_rows()
    return {as_of: f"{h:016x}-{n}" for as_of, h, n in rows}


def _totals(figures: pl.DataFrame) -> dict[dt.date, int]:
    region_total = (pl.col("slice_kind") == d.SLICE_REGION) & (pl.col("dimension") == d.DIM_TOTAL)
    return {row[0]: int(row[1]) for row in figures.filter(region_total).select("as_of", "participants").iter_rows()}


def _delete(snapshot_ids: list[int]) -> None:
    figure_table, snapshot_table = CoverageFigure._meta.db_table, CoverageSnapshot._meta.db_table
    with connection.cursor() as cursor:
        for start in range(0, len(snapshot_ids), ID_BATCH):
            ids = snapshot_ids[start : start + ID_BATCH]
            marks = ", ".join(["%s"] * len(ids))
            cursor.execute(f"DELETE FROM {figure_table} WHERE snapshot_id IN ({marks})", ids)  # noqa: S608
            cursor.execute(f"DELETE FROM {snapshot_table} WHERE id IN ({marks})", ids)  # noqa: S608


@transaction.atomic
def snapshots_store(*, region: Region, days: list[dt.date], figures: pl.DataFrame) -> Written:
    """Make the region's stored snapshots those of ``days``, with ``figures``; return what was written."""
    Region.objects.select_for_update().filter(pk=region.pk).first()  # one refresh of a region at a time
    new = digests(figures)
    stored = dict(CoverageSnapshot.objects.filter(region=region).values_list("as_of", "id"))
    kept = set(
        CoverageSnapshot.objects.filter(region=region, as_of__in=days).exclude(digest="").values_list("as_of", "digest")
    )
    keep = {as_of for as_of, digest in kept if new.get(as_of, "") == digest}
    _delete([pk for as_of, pk in stored.items() if as_of not in keep])
    now = timezone.now()
    CoverageSnapshot.objects.filter(region=region, as_of__in=keep).update(computed_at=now)
    totals = _totals(figures)
    created = CoverageSnapshot.objects.bulk_create(
        CoverageSnapshot(
            region=region,
            as_of=day,
            is_month_end=day == d.month_end(day),
            participants=totals.get(day, 0),
            digest=new.get(day, ""),
            computed_at=now,
        )
        for day in days
        if day not in keep
    )
    ids = {s.as_of: s.pk for s in created}
    return Written(len(created), _insert(figures.filter(pl.col("as_of").is_in(list(ids))), ids))


def _insert(figures: pl.DataFrame, snapshot_ids: dict[dt.date, int]) -> int:
    """Insert the figures, as many rows per statement as the backend's parameter limit allows.

    One row per statement cost three times as much on SQLite: each execution pays the statement's fixed work
    (the AUTOINCREMENT counter read and written back, the reset), 295,587 times at 200,000 workers.
    """
    names = ["snapshot_id", *COLUMNS]
    limit = connection.features.max_query_params
    per = max(1, min(ROWS_PER_STATEMENT, limit // len(names))) if limit else ROWS_PER_STATEMENT
    ids = pl.col("as_of").replace_strict(snapshot_ids, return_dtype=pl.Int64)
    # In index order: the B-tree then grows at its end instead of taking inserts all over (several times faster).
    frame = figures.with_columns(snapshot_id=ids).select(names).sort("snapshot_id", *COLUMNS[:3])
    full = frame.height - frame.height % per
    with sqlite_page_cache(), connection.cursor() as cursor:
        for batch in frame.head(full).iter_slices(max(1, WRITE_BATCH // per) * per):
            cursor.executemany(insert_sql(CoverageFigure, names, per), _statement_params(batch, per))
        if full < frame.height:
            rest = frame.slice(full)
            cursor.execute(insert_sql(CoverageFigure, names, rest.height), _statement_params(rest, rest.height)[0])
    return frame.height


def _statement_params(batch: pl.DataFrame, per: int) -> list[list[Any]]:
    """The values of ``per`` consecutive rows, row after row, for each statement (columns laid out by numpy)."""
    cells = np.empty((batch.height, batch.width), dtype=object)
    for j, column in enumerate(batch.iter_columns()):
        cells[:, j] = column.to_list()
    statements: list[list[Any]] = cells.reshape(-1, per * batch.width).tolist()
    return statements


@transaction.atomic
def compliance_store(*, region: Region, as_of: dt.date, umk: int | None, suspects: pl.DataFrame) -> None:
    """Replace the region's PDS suspects with those of this refresh (one ``executemany``, no model objects)."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {EmployerCompliance._meta.db_table} WHERE region_id = %s", [region.pk])  # noqa: S608
    counted = ["employer_id", "active_workers", "expected_min_workers", "below_umk"]
    gaps = [c for c in suspects.columns if c.startswith("missing_")]
    missing, reasons = json_value(EmployerCompliance, "missing"), json_value(EmployerCompliance, "reasons")
    day = connection.ops.adapt_datefield_value(as_of)
    rows = [
        (region.pk, *counts, day, umk, missing(missing_of(dict(zip(gaps, gap, strict=True)))), reasons(why), *rest)
        for counts, gap, why, rest in zip(
            suspects.select(counted).rows(),
            suspects.select(gaps).rows() if gaps else [()] * suspects.height,  # no programme required: none
            suspects["reasons"].to_list(),
            suspects.select("rules_reference", "severity").rows(),
            strict=True,
        )
    ]
    names = ["region", "employer", "active_workers", "expected_min_workers", "below_umk", "as_of", "umk", "missing",
             "reasons", "rules_reference", "severity"]  # fmt: skip
    with connection.cursor() as cursor:
        for start in range(0, len(rows), WRITE_BATCH):
            cursor.executemany(insert_sql(EmployerCompliance, names), rows[start : start + WRITE_BATCH])
