"""Properties: the engine equals an independent exact restatement; scalar equals vectorised; amounts are
never negative; caps hold; contributions never fall when the wage rises."""

from __future__ import annotations

import datetime as dt

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from lindung.rules import engine
from lindung.rules.codes import FUNDER_CODE, SECTOR_CODE, month_index, programs_mask
from lindung.rules.contribution import ContributionRequest, calculate
from tests.rules.reference import Row, expected

PROGRAM_SETS = st.frozensets(st.sampled_from(["JKK", "JKM", "JHT", "JP", "JKP"]))
MONTHS = st.integers(month_index(2015, 7), month_index(2027, 12))
SECTORS = st.sampled_from(["other", "furniture", "textile_apparel", "ojek_online", "courier"])
FUNDERS = st.sampled_from(["self", "apbd", "apbn", "sponsor", "employer"])
# JKP begins mid-month (2 Feb 2021): months from March 2021 avoid the first-of-month lookup edge.
NOT_FEB_2021 = MONTHS.filter(lambda mo: mo != month_index(2021, 2))


@st.composite
def rows(draw: st.DrawFn) -> Row:
    segment = draw(st.sampled_from(["PU", "BPU"]))
    wage = draw(st.integers(0, 200_000_000) if segment == "PU" else st.integers(1_000_000, 50_000_000))
    birth = draw(st.none() | st.integers(month_index(1950, 1), month_index(2005, 12)))
    return Row(
        segment=segment,
        month=draw(NOT_FEB_2021),
        wage=wage,
        risk=draw(st.integers(1, 5)),
        programs=draw(PROGRAM_SETS),
        birth=birth,
        sector=draw(SECTORS),
        participants=draw(st.integers(0, 120)),
        funded_by=draw(FUNDERS),
    )


def to_columns(batch: list[Row]) -> engine.ContributionColumns:
    return engine.ContributionColumns(
        segment=np.array([0 if r.segment == "PU" else 1 for r in batch], dtype=np.int8),
        period=np.array([r.month for r in batch], dtype=np.int32),
        wage=np.array([r.wage for r in batch], dtype=np.int64),
        risk_group=np.array([r.risk for r in batch], dtype=np.int8),
        programs=np.array([programs_mask(tuple(r.programs)) for r in batch], dtype=np.uint8),
        birth_month=np.array([-1 if r.birth is None else r.birth for r in batch], dtype=np.int32),
        sector=np.array([SECTOR_CODE[r.sector] for r in batch], dtype=np.int8),
        participants=np.array([r.participants for r in batch], dtype=np.int32),
        funded_by=np.array([FUNDER_CODE[r.funded_by] for r in batch], dtype=np.int8),
    )


def as_dicts(res: engine.ContributionResult) -> list[dict[str, int]]:
    cols = [res.jkk, res.jkm, res.jht_employer, res.jht_worker, res.jp_employer, res.jp_worker, res.jkp_government]
    keys = ("jkk", "jkm", "jht_e", "jht_w", "jp_e", "jp_w", "jkp")
    return [dict(zip(keys, (int(c[i]) for c in cols), strict=True)) for i in range(len(res.jkk))]


@settings(max_examples=60, deadline=None)
@given(st.lists(rows(), min_size=1, max_size=40))
def test_engine_equals_independent_restatement(batch: list[Row]) -> None:
    # Tiny chunks and two threads exercise the chunked path as a bulk run does.
    res = engine.contributions(to_columns(batch), chunk_rows=7, threads=2)
    assert as_dicts(res) == [expected(r) for r in batch]


@settings(max_examples=40, deadline=None)
@given(rows())
def test_scalar_equals_vectorised(row: Row) -> None:
    bulk = as_dicts(engine.contributions(to_columns([row, row, row]), chunk_rows=2, threads=2))
    request = ContributionRequest(
        segment=row.segment,
        period=dt.date(row.month // 12, row.month % 12 + 1, 1),
        wage=row.wage,
        programs=tuple(sorted(row.programs)),
        risk_group=row.risk,
        birth_date=None if row.birth is None else dt.date(row.birth // 12, row.birth % 12 + 1, 1),
        sector=row.sector,
        participants=row.participants,
        funded_by=row.funded_by,
    )
    single = {a.program: a for a in calculate(request)}
    totals = {
        "JKK": bulk[0]["jkk"],
        "JKM": bulk[0]["jkm"],
        "JHT": bulk[0]["jht_e"] + bulk[0]["jht_w"],
        "JP": bulk[0]["jp_e"] + bulk[0]["jp_w"],
        "JKP": bulk[0]["jkp"],
    }
    for program, amount in single.items():
        assert amount.total == totals[program]
    assert bulk[0] == bulk[1] == bulk[2]


@settings(max_examples=60, deadline=None)
@given(st.lists(rows(), min_size=1, max_size=30))
def test_never_negative_and_caps_hold(batch: list[Row]) -> None:
    res = engine.contributions(to_columns(batch))
    for column in as_dicts(res):
        assert all(v >= 0 for v in column.values())
        assert column["jp_e"] <= 11_086_300 * 2 // 100 + 1
        assert column["jp_w"] <= 11_086_300 // 100 + 1
        assert column["jkp"] <= 11_000
    for share in ("employer", "worker", "government", "total"):
        assert (res.share("JKK", share) >= 0).all()


@settings(max_examples=60, deadline=None)
@given(rows(), st.integers(0, 50_000_000))
def test_monotonic_in_wage(row: Row, raise_by: int) -> None:
    higher = Row(**{**row.__dict__, "wage": row.wage + raise_by})
    low, high = as_dicts(engine.contributions(to_columns([row, higher])))
    assert all(high[k] >= low[k] for k in low)
