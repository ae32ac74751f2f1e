"""Sum the per-date changes of person segments along every dimension of every slice (see ``cube.py``).

The changes are first summed over all single-valued dimensions at once (one group-by over the big frame,
where each flag measure is the sum over the rows whose bit mask has its bit); each dimension of each slice is
then a small group-by over that result.
"""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from lindung.coverage import dimensions as d

DIMS = ["district", "village", "sector", "sex", "age"]
GROUP = ["slice_kind", "slice_key", "dimension", "key"]
FLAGS = [m for m in d.MEASURES if m not in {"participants", "new"}]
#: Bit of each flag in a person's mask: segments 0-3, programmes 4-8 (the Program bits shifted), APBD, state.
BITS = {
    "pu": 0,
    "bpu": 1,
    "jakon": 2,
    "pmi": 3,
    "jkk": 4,
    "jkm": 5,
    "jht": 6,
    "jp": 7,
    "jkp": 8,
    "apbd": 9,
    "state": 10,
}
_COLUMN = {
    d.DIM_DISTRICT: "district",
    d.DIM_VILLAGE: "village",
    d.DIM_SECTOR: "sector",
    d.DIM_SEX: "sex",
    d.DIM_AGE: "age",
    d.DIM_AGENCY: "agency",
}


def _condense(frame: pl.DataFrame, reach: pl.DataFrame, flags: list[str]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Net change per (date, every dimension) of each measure, for all persons and per reaching agency."""
    sign = pl.col("sign")
    sums = [sign.sum().alias("participants")]
    sums += [(sign * ((pl.col("mask") & (1 << BITS[f])) > 0).cast(pl.Int64)).sum().alias(f) for f in flags]
    base = frame.group_by("k", *DIMS).agg(sums)
    reached = frame.join(reach, on="seg_id").group_by("k", "agency", *DIMS).agg(sums)
    return base, reached


def _partials(
    frame: pl.DataFrame, slice_kind: str, slice_column: str | None, dims: Iterable[str]
) -> list[pl.DataFrame]:
    # Group on the raw (categorical or integer) columns; only the small results become strings.
    measures = [c for c in frame.columns if c in d.MEASURES]
    parts = []
    for dim in dims:
        keys = ["k", *([slice_column] if slice_column else []), *([] if dim == d.DIM_TOTAL else [_COLUMN[dim]])]
        part = frame.group_by(keys).agg(pl.col(measures).sum())
        part = part.with_columns(
            slice_key=pl.col(slice_column).cast(pl.String) if slice_column else pl.lit(""),
            key=pl.lit(d.UNKNOWN) if dim == d.DIM_TOTAL else pl.col(_COLUMN[dim]).cast(pl.String),
            slice_kind=pl.lit(slice_kind),
            dimension=pl.lit(dim),
        )
        parts.append(part.select("k", *GROUP, *measures))
    return parts


def partials(base: pl.DataFrame, reached: pl.DataFrame) -> pl.DataFrame:
    """(date, slice, dimension, key, measures) for every dimension of every slice."""
    in_district = pl.col("district") != ""
    region_dims = [x for x in d.SLICE_DIMENSIONS[d.SLICE_REGION] if x != d.DIM_AGENCY]
    district_dims = [x for x in d.SLICE_DIMENSIONS[d.SLICE_DISTRICT] if x != d.DIM_AGENCY]
    parts = _partials(base, d.SLICE_REGION, None, region_dims)
    parts += _partials(reached, d.SLICE_REGION, None, [d.DIM_AGENCY])
    parts += _partials(reached, d.SLICE_AGENCY, "agency", d.SLICE_DIMENSIONS[d.SLICE_AGENCY])
    parts += _partials(base.filter(in_district), d.SLICE_DISTRICT, "district", district_dims)
    parts += _partials(reached.filter(in_district), d.SLICE_DISTRICT, "district", [d.DIM_AGENCY])
    return pl.concat(parts)


def _cumulate(changes: pl.DataFrame, count: int) -> pl.DataFrame:
    """Running sums over the snapshot dates: every date of every key on which someone is counted.

    Each change holds its key's running sum until the key's next change (or the last date), so a row with
    participants becomes one row per date of that stretch. Expanding only those stretches replaced a dense
    grid of every key on every date, joined, sorted and mostly filtered away (two fifths of the cube's time).
    """
    measures = ["participants", *FLAGS]
    running = changes.sort(*GROUP, "k").with_columns(
        pl.col(measures).cum_sum().over(GROUP), until=pl.col("k").shift(-1).over(GROUP).fill_null(count)
    )
    stretches = running.filter(pl.col("participants") > 0)
    return stretches.with_columns(k=pl.int_ranges("k", "until")).explode("k").select(*GROUP, "k", *measures)


def stock(deltas: pl.DataFrame, reach: pl.DataFrame, count: int) -> pl.DataFrame:
    """Persons in force on each date, per slice, dimension and key, with every flag measure."""
    return _cumulate(partials(*_condense(deltas, reach, FLAGS)), count)


def counts(rows: pl.DataFrame, reach: pl.DataFrame) -> pl.DataFrame:
    """Persons per date, slice, dimension and key (no running sum): the ``new`` measure."""
    return partials(*_condense(rows, reach, [])).rename({"participants": "new"})
