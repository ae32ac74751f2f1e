"""The bulk engine's views, Arrow output, input checks, and the holiday data against lokal-id."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from lokal.holidays import get_holidays

from lindung.rules import engine
from lindung.rules.calendar import holidays_of
from lindung.rules.codes import FUNDER_CODE, month_index
from lindung.rules.errors import RulesInputError


def columns(**overrides: object) -> engine.ContributionColumns:
    base: dict[str, object] = {
        "segment": np.array([0, 1, 1], dtype=np.int8),
        "period": np.full(3, month_index(2025, 3), dtype=np.int32),
        "wage": np.array([5_000_000, 1_000_000, 1_000_000], dtype=np.int64),
        "risk_group": np.array([1, 0, 0], dtype=np.int8),
        "programs": np.array([31, 7, 3], dtype=np.uint8),
        "funded_by": np.array([FUNDER_CODE["employer"], FUNDER_CODE["self"], FUNDER_CODE["apbd"]], dtype=np.int8),
    }
    base.update(overrides)
    return engine.ContributionColumns(**base)  # type: ignore[arg-type]


def test_shares_follow_the_law_for_pu_and_the_funder_for_bpu() -> None:
    res = engine.contributions(columns())
    assert res.share("JKK", "employer").tolist() == [12_000, 0, 0]
    assert res.share("JKK", "worker").tolist() == [0, 10_000, 0]
    assert res.share("JKK", "government").tolist() == [0, 0, 10_000]
    assert res.share("JHT", "worker").tolist() == [100_000, 20_000, 0]
    assert res.share("JKP", "government").tolist() == [11_000, 0, 0]
    assert res.share("JKM", "total").tolist() == [15_000, 6_800, 6_800]


def test_arrow_table_has_every_programme_and_share() -> None:
    table = engine.contributions(columns()).to_arrow()
    assert table.num_rows == 3  # type: ignore[attr-defined]
    assert len(table.column_names) == 20  # type: ignore[attr-defined]
    assert str(table.schema.field("jp_employer").type) == "int64"  # type: ignore[attr-defined]


def test_columns_are_int64_money() -> None:
    res = engine.contributions(columns())
    for col in (res.jkk, res.jkm, res.jht_employer, res.jht_worker, res.jp_employer, res.jp_worker, res.jkp_government):
        assert col.dtype == np.int64


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"period": np.full(3, month_index(2015, 6), dtype=np.int32)}, "period"),
        ({"wage": np.array([-1, 1, 1], dtype=np.int64)}, "monthly_wage"),
        ({"risk_group": np.array([0, 0, 0], dtype=np.int8)}, "jkk_risk_group"),
        ({"risk_group": np.array([6, 0, 0], dtype=np.int8)}, "jkk_risk_group"),
    ],
)
def test_bad_columns_name_the_field(override: dict[str, object], field: str) -> None:
    with pytest.raises(RulesInputError) as err:
        engine.contributions(columns(**override))
    assert err.value.field == field


def test_empty_input() -> None:
    empty = engine.ContributionColumns(
        segment=np.zeros(0, np.int8),
        period=np.zeros(0, np.int32),
        wage=np.zeros(0, np.int64),
        risk_group=np.zeros(0, np.int8),
        programs=np.zeros(0, np.uint8),
    )
    assert len(engine.contributions(empty).jkk) == 0


@pytest.mark.parametrize("year", [2026, 2027])
def test_holidays_match_lokal(year: int) -> None:
    _, ours = holidays_of(year)
    theirs = {dt.date.fromisoformat(h.date): h.type for h in get_holidays(year).holidays}
    assert {d: kind for d, (_, kind) in ours.items()} == theirs
