"""Coverage figures from whole columns: memberships and workers in, one row per date/slice/dimension/key out.

Pure polars (no Django): ``refresh.py`` reads the columns and writes the result.

The cost is one pass over the data, not one per snapshot date: each person's history is cut into *segments*
in which nothing about it changes (the same memberships in force, the same age band), each segment becomes a
+1 on the first snapshot date it covers and a −1 after the last, and a running sum over the dates gives the
count on every date at once. ``tests/coverage/reference_cube.py`` computes the same figures date by date, the
slow obvious way, and the tests hold the two equal.

Input columns
  memberships: worker_id, valid_from, valid_to (null = open), segment, payer_kind, programs (bit mask),
               is_new (first registration, not a continuation), agency_id (membership's or its employer's,
               null), sector (key, "" unknown), state (employer is a state organiser)
  workers:     worker_id, district, village (codes, "" unknown), sex, birth_date, proposed_agency_id (null)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import numpy as np
import polars as pl

from lindung.coverage import cube_rollup as rollup
from lindung.coverage import dimensions as d

BITS = rollup.BITS
OUTPUT_SCHEMA: pl.Schema = pl.Schema(
    {
        "as_of": pl.Date(),
        **{c: pl.String() for c in rollup.GROUP},
        **{m: pl.Int64() for m in d.MEASURES},
    }
)
_BAND_LOWS = [low for _, low, _ in d.AGE_BANDS[1:]]
_BAND_KEYS = {i: key for i, (key, _, _) in enumerate(d.AGE_BANDS)}
ONE_DAY = dt.timedelta(days=1)


def _mask() -> pl.Expr:
    segment = pl.col("segment").replace_strict({s: 1 << BITS[m] for s, m in d.SEGMENT_MEASURES.items()}, default=0)
    return (
        segment.cast(pl.Int64)
        | (pl.col("programs").cast(pl.Int64) * (1 << BITS["jkk"]))
        | ((pl.col("payer_kind") == "city_programme").cast(pl.Int64) * (1 << BITS["apbd"]))
        | (pl.col("state").cast(pl.Int64) * (1 << BITS["state"]))
    )


def person_segments(memberships: pl.DataFrame, last: dt.date) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Cut each person's history up to ``last`` where its set of memberships in force changes.

    Returns the segments (seg_id, worker_id, start, end, mask, sector) and the agencies that reach each segment
    through a membership (seg_id, agency), a long table rather than a list column: joins stay cheap.
    """
    priority = pl.col("segment").replace_strict(d.SEGMENT_PRIORITY, default=9, return_dtype=pl.Int8)
    m = (
        memberships.filter(pl.col("valid_from") <= last)
        .with_columns(end=pl.min_horizontal(pl.col("valid_to").fill_null(last), pl.lit(last)), mask=_mask())
        .filter(pl.col("end") >= pl.col("valid_from"))
        .with_columns(priority=priority, several=pl.col("worker_id").is_duplicated())
    )
    single = m.filter(~pl.col("several")).with_row_index("seg_id")
    segments = [single.select("seg_id", "worker_id", start="valid_from", end="end", mask="mask", sector="sector")]
    reach = [single.select("seg_id", agency="agency_id").drop_nulls()]
    multi = m.filter(pl.col("several"))
    if not multi.is_empty():
        pieces, pieces_reach = _split_overlaps(multi, offset=single.height)
        segments.append(pieces)
        reach.append(pieces_reach)
    return pl.concat(segments), pl.concat(reach)


def _split_overlaps(multi: pl.DataFrame, offset: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Segments of the persons with several memberships: one per stretch with the same memberships in force."""
    starts = multi.select("worker_id", day="valid_from")
    bounds = (
        pl.concat([starts, multi.select("worker_id", day=pl.col("end") + ONE_DAY)])
        .unique()
        .sort("worker_id", "day")
        .with_columns(seg_end=(pl.col("day").shift(-1).over("worker_id") - ONE_DAY))
        .filter(pl.col("seg_end").is_not_null())
    )
    joined = (
        bounds.join(multi, on="worker_id")
        .filter((pl.col("valid_from") <= pl.col("day")) & (pl.col("end") >= pl.col("day")))
        .sort("worker_id", "day", "priority", "valid_from", "membership_id")
    )
    pieces = (
        joined.group_by("worker_id", "day", "seg_end", maintain_order=True)
        .agg(pl.col("mask").bitwise_or(), pl.col("sector").first())
        .with_row_index("seg_id", offset=offset)
    )
    reach = (
        joined.select("worker_id", "day", agency="agency_id")
        .drop_nulls()
        .unique()
        .join(pieces.select("seg_id", "worker_id", "day"), on=["worker_id", "day"])
        .select("seg_id", "agency")
    )
    segments = pieces.select("seg_id", "worker_id", start="day", end="seg_end", mask="mask", sector="sector")
    return segments, reach


def _age_at(day: pl.Expr) -> pl.Expr:
    birth = pl.col("birth_date")
    before_birthday = (birth.dt.month().cast(pl.Int32) * 100 + birth.dt.day()) > (
        day.dt.month().cast(pl.Int32) * 100 + day.dt.day()
    )
    return day.dt.year().cast(pl.Int32) - birth.dt.year().cast(pl.Int32) - before_birthday.cast(pl.Int32)


def _birthday(years: pl.Expr) -> pl.Expr:
    """The day a person reaches ``years`` (born 29 February: 1 March in a common year, as ``age_on`` counts)."""
    birth = pl.col("birth_date")
    first_of_month = pl.date(birth.dt.year().cast(pl.Int32) + years, birth.dt.month(), 1)
    return first_of_month + pl.duration(days=birth.dt.day().cast(pl.Int64) - 1)


def split_by_age(segments: pl.DataFrame) -> pl.DataFrame:
    """Cut segments again at the birthdays where the age band changes, so each has one band."""
    age = _age_at(pl.col("start"))
    current = segments.with_columns(band=pl.sum_horizontal([(age >= low) for low in _BAND_LOWS]).cast(pl.Int32))
    done: list[pl.DataFrame] = []
    for _ in range(len(_BAND_LOWS) + 1):
        next_low = pl.col("band").replace_strict(dict(enumerate(_BAND_LOWS)), default=None, return_dtype=pl.Int32)
        current = current.with_columns(cut=_birthday(next_low))
        crossing = pl.col("cut").is_not_null() & (pl.col("cut") <= pl.col("end"))
        done.append(current.filter(~crossing))
        later = current.filter(crossing)
        if later.is_empty():
            break
        done.append(later.with_columns(end=pl.col("cut") - ONE_DAY))
        current = later.with_columns(start=pl.col("cut"), band=pl.col("band") + 1)
    frame = pl.concat(done).drop("cut")
    return frame.with_columns(age=pl.col("band").replace_strict(_BAND_KEYS, return_dtype=pl.String)).drop("band")


def _day_numbers(column: pl.Series) -> np.ndarray:
    return column.cast(pl.Int32).to_numpy()


def _index(segments: pl.DataFrame, days: np.ndarray) -> pl.DataFrame:
    """First and last snapshot index each segment covers (segments between two dates cover none)."""
    first = np.searchsorted(days, _day_numbers(segments["start"]), side="left")
    last = np.searchsorted(days, _day_numbers(segments["end"]), side="right") - 1
    return segments.with_columns(k_first=pl.Series(first), k_last=pl.Series(last)).filter(
        pl.col("k_first") <= pl.col("k_last")
    )


def _deltas(segments: pl.DataFrame, count: int) -> pl.DataFrame:
    """+1 on the first date a segment covers, −1 on the date after its last (none past the last date)."""
    keep = ["seg_id", "mask", *rollup.DIMS]
    starts = segments.select(*keep, k=pl.col("k_first"), sign=pl.lit(1, pl.Int64))
    ends = segments.filter(pl.col("k_last") + 1 < count).select(
        *keep, k=pl.col("k_last") + 1, sign=pl.lit(-1, pl.Int64)
    )
    return pl.concat([starts, ends])


def _new_rows(memberships: pl.DataFrame, segments: pl.DataFrame, days: np.ndarray) -> pl.DataFrame:
    """First registrations, counted on the first snapshot date of their month if still in force on it."""
    new = memberships.filter(pl.col("is_new"))
    starts = _day_numbers(new["valid_from"])
    k = np.searchsorted(days, starts, side="left")
    inside = k < len(days)
    on_day = np.where(inside, days[np.minimum(k, len(days) - 1)], 0)
    same_month = _months(on_day) == _months(starts)
    ends = new["valid_to"].cast(pl.Int32).fill_null(np.iinfo(np.int32).max).to_numpy()
    keep = inside & same_month & (ends >= on_day)
    pairs = pl.DataFrame({"worker_id": new["worker_id"].filter(pl.Series(keep)), "k": pl.Series(k[keep])}).unique()
    matched = pairs.join(segments, on="worker_id").filter(pl.col("k").is_between(pl.col("k_first"), pl.col("k_last")))
    return matched.select("k", "seg_id", "mask", *rollup.DIMS, sign=pl.lit(1, pl.Int64))


def _months(day_numbers: np.ndarray) -> np.ndarray:
    return day_numbers.astype("datetime64[D]").astype("datetime64[M]")


def _segments(memberships: pl.DataFrame, workers: pl.DataFrame, last: dt.date) -> tuple[pl.DataFrame, pl.DataFrame]:
    segments, reach = person_segments(memberships.with_columns(pl.col("sector").cast(pl.Categorical())), last)
    categorical = [pl.col(c).cast(pl.Categorical()) for c in ("district", "village", "sex")]
    segments = segments.join(workers.with_columns(categorical), on="worker_id", how="inner")
    proposed = segments.select("seg_id", agency=pl.col("proposed_agency_id").cast(pl.Int64)).drop_nulls()
    reach = pl.concat([reach.cast({"agency": pl.Int64}), proposed]).unique()
    return segments.drop("proposed_agency_id"), reach


def coverage_cube(memberships: pl.DataFrame, workers: pl.DataFrame, days: Iterable[dt.date]) -> pl.DataFrame:
    """Every figure of every date in ``days`` (a date without an active person gives no rows)."""
    dates = sorted(set(days))
    if not dates or memberships.is_empty():
        return pl.DataFrame(schema=OUTPUT_SCHEMA)
    day_numbers = _day_numbers(pl.Series(dates, dtype=pl.Date))
    segments, reach = _segments(memberships, workers, dates[-1])
    segments = _index(split_by_age(segments), day_numbers)
    stock = rollup.stock(_deltas(segments, len(dates)), reach, len(dates))
    new = rollup.counts(_new_rows(memberships, segments, day_numbers), reach)
    result = stock.join(new, on=["k", *rollup.GROUP], how="left").with_columns(pl.col("new").fill_null(0))
    as_of = pl.Series(dates, dtype=pl.Date)
    return result.with_columns(as_of=pl.lit(as_of).gather(pl.col("k"))).select(list(OUTPUT_SCHEMA)).cast(OUTPUT_SCHEMA)
