"""The columnar aggregation: equal to the date-by-date reference, and right on the cases that matter."""

from __future__ import annotations

import datetime as dt

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from lindung.coverage.cube import coverage_cube
from lindung.coverage.dimensions import month_ends_between
from tests.coverage import reference_cube

KEYS = ["as_of", "slice_kind", "slice_key", "dimension", "key"]
DAYS = [*month_ends_between(dt.date(2024, 1, 1), dt.date(2025, 12, 31)), dt.date(2026, 1, 20)]


def frames(memberships: list[dict], workers: list[dict]) -> tuple[pl.DataFrame, pl.DataFrame]:
    m_schema = {
        "membership_id": pl.Int64,
        "worker_id": pl.Int64,
        "valid_from": pl.Date,
        "valid_to": pl.Date,
        "segment": pl.String,
        "payer_kind": pl.String,
        "programs": pl.Int64,
        "is_new": pl.Boolean,
        "agency_id": pl.Int64,
        "sector": pl.String,
        "state": pl.Boolean,
    }
    w_schema = {
        "worker_id": pl.Int64,
        "district": pl.String,
        "village": pl.String,
        "sex": pl.String,
        "birth_date": pl.Date,
        "proposed_agency_id": pl.Int64,
    }
    rows = [{"membership_id": i, **m} for i, m in enumerate(memberships)]
    return pl.DataFrame(rows, schema=m_schema), pl.DataFrame(workers, schema=w_schema)


def row(frame: pl.DataFrame, day: dt.date, kind: str, key: str, dimension: str, value: str) -> dict:
    found = frame.filter(
        (pl.col("as_of") == day)
        & (pl.col("slice_kind") == kind)
        & (pl.col("slice_key") == key)
        & (pl.col("dimension") == dimension)
        & (pl.col("key") == value)
    )
    return found.row(0, named=True) if found.height else {}


def membership(worker: int, start: dt.date, end: dt.date | None = None, **extra: object) -> dict:
    base = {
        "worker_id": worker,
        "valid_from": start,
        "valid_to": end,
        "segment": "PU",
        "payer_kind": "employer",
        "programs": 7,
        "is_new": True,
        "agency_id": None,
        "sector": "trade",
        "state": False,
    }
    return base | extra


def worker(
    worker_id: int,
    *,
    birth: dt.date = dt.date(1990, 6, 15),
    sex: str = "M",
    district: str = "12.71.01",
    proposed: int | None = None,
) -> dict:
    return {
        "worker_id": worker_id,
        "district": district,
        "village": district + ".1001",
        "sex": sex,
        "birth_date": birth,
        "proposed_agency_id": proposed,
    }


def test_a_person_with_two_memberships_counts_once_with_the_union_of_programmes() -> None:
    m, w = frames(
        [
            membership(1, dt.date(2025, 1, 5), programs=3, segment="BPU", payer_kind="self", sector=""),
            membership(1, dt.date(2025, 3, 1), programs=15, sector="transport", agency_id=9),
        ],
        [worker(1)],
    )
    out = coverage_cube(m, w, DAYS)
    march = row(out, dt.date(2025, 3, 31), "region", "", "total", "")
    assert march["participants"] == 1
    assert (march["pu"], march["bpu"], march["jp"], march["jkk"]) == (1, 1, 1, 1)
    assert row(out, dt.date(2025, 3, 31), "region", "", "sector", "transport")["participants"] == 1, "PU is primary"
    assert row(out, dt.date(2025, 2, 28), "region", "", "sector", "")["participants"] == 1
    assert row(out, dt.date(2025, 3, 31), "agency", "9", "total", "")["participants"] == 1
    assert row(out, dt.date(2025, 2, 28), "agency", "9", "total", "") == {}


def test_the_last_day_is_inclusive_and_the_age_band_turns_on_the_birthday() -> None:
    m, w = frames([membership(1, dt.date(2024, 1, 1), dt.date(2025, 5, 31))], [worker(1, birth=dt.date(2000, 5, 31))])
    out = coverage_cube(m, w, DAYS)
    assert row(out, dt.date(2025, 5, 31), "region", "", "total", "")["participants"] == 1
    assert row(out, dt.date(2025, 6, 30), "region", "", "total", "") == {}
    assert row(out, dt.date(2025, 4, 30), "region", "", "age", "15-24")["participants"] == 1
    assert row(out, dt.date(2025, 5, 31), "region", "", "age", "25-34")["participants"] == 1


def test_new_counts_first_registrations_of_the_month_not_continuations() -> None:
    m, w = frames(
        [
            membership(1, dt.date(2025, 3, 10)),
            membership(2, dt.date(2025, 3, 12), is_new=False),
            membership(3, dt.date(2026, 1, 2)),
        ],
        [worker(1), worker(2), worker(3)],
    )
    out = coverage_cube(m, w, DAYS)
    assert row(out, dt.date(2025, 3, 31), "region", "", "total", "")["new"] == 1
    assert row(out, dt.date(2025, 4, 30), "region", "", "total", "")["new"] == 0
    assert row(out, dt.date(2026, 1, 20), "region", "", "total", "")["new"] == 1, "the last date is mid-month"


def test_no_membership_gives_no_rows() -> None:
    m, w = frames([], [worker(1)])
    assert coverage_cube(m, w, DAYS).is_empty()
    m, w = frames([membership(1, dt.date(2027, 1, 1))], [worker(1)])
    assert coverage_cube(m, w, DAYS).is_empty(), "a membership starting after the last date counts nowhere"


DAY = st.dates(min_value=dt.date(2023, 6, 1), max_value=dt.date(2026, 3, 1))


@st.composite
def population(draw: st.DrawFn) -> tuple[list[dict], list[dict]]:
    count = draw(st.integers(1, 6))
    births = st.sampled_from([dt.date(1960, 2, 29), dt.date(2001, 3, 1), dt.date(1991, 12, 31), dt.date(1971, 7, 4)])
    workers = [
        worker(
            i,
            birth=draw(births),
            sex=draw(st.sampled_from("MF")),
            district=draw(st.sampled_from(["12.71.01", "12.71.02", ""])),
            proposed=draw(st.sampled_from([None, 5])),
        )
        for i in range(count)
    ]
    memberships = []
    for _ in range(draw(st.integers(0, 9))):
        start = draw(DAY)
        end = draw(st.one_of(st.none(), st.dates(min_value=start, max_value=dt.date(2026, 6, 1))))
        memberships.append(
            membership(
                draw(st.integers(0, count - 1)),
                start,
                end,
                segment=draw(st.sampled_from(["PU", "BPU", "JASA_KONSTRUKSI"])),
                payer_kind=draw(st.sampled_from(["employer", "self", "city_programme"])),
                programs=draw(st.integers(1, 31)),
                is_new=draw(st.booleans()),
                agency_id=draw(st.sampled_from([None, 5, 6])),
                sector=draw(st.sampled_from(["trade", "transport", ""])),
                state=draw(st.booleans()),
            )
        )
    return memberships, workers


#: Fewer dates for the property test (one per quarter, the last mid-month): the reference is slow on purpose.
SOME_DAYS = [*DAYS[5::4], dt.date(2026, 1, 20)]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(population())
def test_the_columnar_cube_equals_the_date_by_date_reference(data: tuple[list[dict], list[dict]]) -> None:
    m, w = frames(*data)
    fast = coverage_cube(m, w, SOME_DAYS).sort(KEYS)
    slow = reference_cube.coverage_cube(m, w, SOME_DAYS).sort(KEYS)
    assert_frame_equal(fast, slow)
