"""The programme prices every worker-month through the rules: no rate lives in the app."""

from __future__ import annotations

import datetime as dt

from lindung.programmes import rules_adapter as rules
from lindung.rules import api as rules_api


def _months(year: int) -> list[int]:
    return [rules.month_index(year, m) for m in range(1, 13)]


def test_jkk_jkm_on_one_million_is_16800_a_month() -> None:
    assert rules.price_months(1_000_000, 3, _months(2025)) == [16_800] * 12


def test_jht_adds_two_percent() -> None:
    assert rules.price_months(1_000_000, 7, [rules.month_index(2026, 1)]) == [36_800]


def test_apbd_rows_keep_the_full_rate_under_pp_50_2025() -> None:
    # PP 50/2025 halves BPU transport workers' JKK and JKM from January 2026, but not for APBD-funded rows.
    self_paid = rules_api.contribution({"segment": "BPU", "period": "2026-01", "declared_income": 1_000_000,
                                        "sector": "ojek", "explain": False})  # fmt: skip
    assert self_paid["total"]["total"] == 8_400  # type: ignore[index]
    assert rules.price_months(1_000_000, 3, [rules.month_index(2026, 1)]) == [16_800]


def test_a_discount_is_priced_in_its_own_months() -> None:
    # PP 49/2020: 99 % off JKK and JKM for the contribution months August 2020 to January 2021.
    assert rules.price_months(1_000_000, 3, _months(2020)) == [16_800] * 7 + [168] * 5


def test_the_grid_prices_each_pair_each_month() -> None:
    grid = rules.price_grid([(1_000_000, 3), (2_000_000, 3)], [rules.month_index(2025, 6)])
    assert grid.tolist() == [[16_800], [26_800]]


def test_price_explained_carries_the_references() -> None:
    note = rules.price_explained(1_000_000, ["JKK", "JKM"], dt.date(2026, 1, 1))
    assert (note.total, note.by_program) == (16_800, {"JKK": 10_000, "JKM": 6_800})
    assert any("PP 44/2015" in ref for ref in note.references)
    assert note.rules_version == rules.RULES_VERSION


def test_income_below_the_bpu_minimum_is_refused() -> None:
    assert not rules.bpu_income_ok(999_999, dt.date(2026, 1, 1)).ok
    assert rules.bpu_income_ok(1_000_000, dt.date(2026, 1, 1)).ok
