"""Write the refreshed figures: only the snapshot dates whose figures changed, in one transaction.

Each snapshot keeps a digest of its figures (an order-free XOR of row hashes, with the row count); a refresh
rewrites a date only when its digest differs, so the run after an import writes the recent months, not ten
years of history. Plain SQL deletes and inserts: the ORM would load every row to send delete signals that
nobody listens to for these tables, and index upkeep is most of the cost of writing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl
from django.db import connection, transaction
from django.utils import timezone

from lindung.core.models import Region
from lindung.coverage import dimensions as d
from lindung.coverage.models import CoverageFigure, CoverageSnapshot, EmployerCompliance
from lindung.coverage.pds import missing_of

WRITE_BATCH = 5_000
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
    table = CoverageFigure._meta.db_table
    placeholders = ", ".join(["%s"] * (len(COLUMNS) + 1))
    sql = f"INSERT INTO {table} (snapshot_id, {', '.join(COLUMNS)}) VALUES ({placeholders})"  # noqa: S608
    ids = pl.col("as_of").replace_strict(snapshot_ids, return_dtype=pl.Int64)
    # In index order: the B-tree then grows at its end instead of taking inserts all over (several times faster).
    frame = figures.with_columns(snapshot_id=ids).select("snapshot_id", *COLUMNS).sort("snapshot_id", *COLUMNS[:3])
    with connection.cursor() as cursor:
        for batch in frame.iter_slices(WRITE_BATCH):
            cursor.executemany(sql, batch.rows())
    return frame.height


@transaction.atomic
def compliance_store(*, region: Region, as_of: dt.date, umk: int | None, suspects: pl.DataFrame) -> None:
    """Replace the region's PDS suspects with those of this refresh."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {EmployerCompliance._meta.db_table} WHERE region_id = %s", [region.pk])  # noqa: S608
    EmployerCompliance.objects.bulk_create(
        (
            EmployerCompliance(
                region=region,
                employer_id=row["employer_id"],
                as_of=as_of,
                active_workers=row["active_workers"],
                expected_min_workers=row["expected_min_workers"],
                below_umk=row["below_umk"],
                umk=umk,
                missing=missing_of(row),
                reasons=row["reasons"],
                rules_reference=row["rules_reference"],
                severity=row["severity"],
            )
            for row in suspects.iter_rows(named=True)
        ),
        batch_size=WRITE_BATCH,
    )
