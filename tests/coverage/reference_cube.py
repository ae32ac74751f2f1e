"""The slow, obvious computation of coverage figures: date by date, person by person (the tests' oracle).

``lindung.coverage.cube`` must give exactly the same rows; it is fast because it never loops over dates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import polars as pl

from lindung.coverage import dimensions as d

FLAGS = [m for m in d.MEASURES if m != "participants"]
KEY_COLUMNS = ["slice_kind", "slice_key", "dimension", "key"]
OUTPUT_SCHEMA: dict[str, pl.DataType] = {
    "as_of": pl.Date(),
    **{c: pl.String() for c in KEY_COLUMNS},
    **{m: pl.Int64() for m in d.MEASURES},
}
_DIM_COLUMN = {
    d.DIM_DISTRICT: "district",
    d.DIM_VILLAGE: "village",
    d.DIM_SECTOR: "sector",
    d.DIM_SEX: "sex",
    d.DIM_AGE: "age",
    d.DIM_AGENCY: "agency_id",
}


def prepare_memberships(memberships: pl.DataFrame) -> pl.DataFrame:
    """Add the per-membership flags once, sorted so that a person's primary membership comes first."""
    segment, programs = pl.col("segment"), pl.col("programs")
    flags = [(segment == seg).alias(measure) for seg, measure in d.SEGMENT_MEASURES.items()]
    flags += [((programs & bit) > 0).alias(measure) for measure, bit in d.PROGRAMME_MEASURES.values()]
    priority = segment.replace_strict(d.SEGMENT_PRIORITY, default=9, return_dtype=pl.Int8)
    return (
        memberships.with_columns(*flags, apbd=pl.col("payer_kind") == "city_programme", priority=priority)
        .sort(["worker_id", "priority", "valid_from", "membership_id"])
        .select("worker_id", "valid_from", "valid_to", "is_new", "agency_id", "sector", *FLAGS[1:])
    )


def _persons(active: pl.DataFrame, workers: pl.DataFrame, day: dt.date) -> pl.DataFrame:
    month_start = day.replace(day=1)
    new = pl.col("is_new") & (pl.col("valid_from") >= month_start)
    persons = active.group_by("worker_id", maintain_order=True).agg(
        pl.col("sector").first(), new.any().alias("new"), *[pl.col(f).any() for f in FLAGS[1:]]
    )
    age = (
        day.year
        - pl.col("birth_date").dt.year().cast(pl.Int32)
        - (
            (pl.col("birth_date").dt.month().cast(pl.Int32) * 100 + pl.col("birth_date").dt.day())
            > day.month * 100 + day.day
        )
    )
    band = pl.lit(d.UNKNOWN)
    for key, low, high in reversed(d.AGE_BANDS):
        band = pl.when(age.is_between(low, high)).then(pl.lit(key)).otherwise(band)
    return persons.join(workers, on="worker_id", how="inner").with_columns(age=band)


def _reached(active: pl.DataFrame, persons: pl.DataFrame) -> pl.DataFrame:
    """(worker, agency) for every agency that reaches an active person: through a membership or a proposal."""
    through_membership = active.select("worker_id", "agency_id").drop_nulls()
    proposed = persons.select("worker_id", agency_id=pl.col("proposed_agency_id")).drop_nulls()
    pairs = pl.concat([through_membership, proposed.cast({"agency_id": pl.Int64})]).unique()
    return pairs.join(persons.drop("proposed_agency_id"), on="worker_id", how="inner")


def _rollup(frame: pl.DataFrame, slice_kind: str, slice_column: str | None, dims: Iterable[str]) -> list[pl.DataFrame]:
    sums = [pl.len().alias("participants"), *[pl.col(f).cast(pl.Int64).sum() for f in FLAGS]]
    slice_key = pl.col(slice_column).cast(pl.String) if slice_column else pl.lit("")
    parts = []
    for dim in dims:
        groups = [slice_key.alias("slice_key")]
        key = pl.lit(d.UNKNOWN) if dim == d.DIM_TOTAL else pl.col(_DIM_COLUMN[dim]).cast(pl.String)
        groups.append(key.alias("key"))
        rolled = frame.group_by(groups).agg(sums)
        parts.append(rolled.with_columns(slice_kind=pl.lit(slice_kind), dimension=pl.lit(dim)))
    return parts


def figures_on(prepared: pl.DataFrame, workers: pl.DataFrame, day: dt.date) -> pl.DataFrame:
    """Every figure of one snapshot date."""
    valid_to = pl.col("valid_to")
    active = prepared.filter((pl.col("valid_from") <= day) & (valid_to.is_null() | (valid_to >= day)))
    persons = _persons(active, workers, day)
    if persons.is_empty():
        return pl.DataFrame(schema=OUTPUT_SCHEMA)
    reached = _reached(active, persons)
    parts = _rollup(persons, d.SLICE_REGION, None, [x for x in d.SLICE_DIMENSIONS[d.SLICE_REGION] if x != "agency"])
    parts += _rollup(reached, d.SLICE_REGION, None, [d.DIM_AGENCY])
    parts += _rollup(reached, d.SLICE_AGENCY, "agency_id", d.SLICE_DIMENSIONS[d.SLICE_AGENCY])
    district_dims = [x for x in d.SLICE_DIMENSIONS[d.SLICE_DISTRICT] if x != d.DIM_AGENCY]
    parts += _rollup(persons.filter(pl.col("district") != ""), d.SLICE_DISTRICT, "district", district_dims)
    parts += _rollup(reached.filter(pl.col("district") != ""), d.SLICE_DISTRICT, "district", [d.DIM_AGENCY])
    columns = list(OUTPUT_SCHEMA)
    return pl.concat([p.with_columns(as_of=pl.lit(day)).select(columns) for p in parts]).cast(OUTPUT_SCHEMA)


def coverage_cube(memberships: pl.DataFrame, workers: pl.DataFrame, days: Iterable[dt.date]) -> pl.DataFrame:
    """The figures of every date in ``days`` (dates without an active person give no rows)."""
    prepared = prepare_memberships(memberships)
    frames = [figures_on(prepared, workers, day) for day in days]
    return pl.concat(frames) if frames else pl.DataFrame(schema=OUTPUT_SCHEMA)
