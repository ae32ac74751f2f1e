"""Synthetic people: deterministic, valid, unique, never a famous name, fast enough for the demo."""

from __future__ import annotations

from datetime import date

import numpy as np
import numpy.typing as npt
import pytest

from lindung.regions import synthetic
from lindung.regions.nik_column import check_nik_column

TODAY = date(2026, 11, 15)


def _population(n: int, seed: int) -> tuple[npt.NDArray[np.str_], npt.NDArray[np.datetime64], npt.NDArray[np.str_]]:
    rng = np.random.default_rng(seed)
    codes = np.array([f"12.71.{i:02d}" for i in range(1, 22)])[rng.integers(0, 21, n)]
    births = np.datetime64(TODAY) - rng.integers(18 * 365, 63 * 365, n).astype("timedelta64[D]")
    return codes, births, rng.choice(np.array(["M", "F"]), n)


def test_200_000_workers_get_valid_unique_niks() -> None:
    """Valid and unique at scale (the demo data's speed is in docs/benchmarks.md, never asserted in a test)."""
    codes, births, sexes = _population(200_000, 1)
    niks = synthetic.niks(codes, births, sexes, np.random.default_rng(2))
    assert len(set(niks.tolist())) == 200_000
    checked = check_nik_column(niks.tolist(), today=TODAY, region="12.71")
    assert checked["valid"].all() and checked["warnings"].list.len().sum() == 0


def test_niks_accept_undotted_codes_and_indonesian_sex_letters() -> None:
    dotted = synthetic.niks(["12.71.01"], np.array(["1990-05-17"], dtype="datetime64[D]"), ["P"], 5)
    plain = synthetic.niks(["127101"], [date(1990, 5, 17)], ["F"], 5)
    assert dotted.tolist() == plain.tolist() and dotted[0][:12] == "127101570590"


@pytest.mark.parametrize(
    ("codes", "sexes", "message"),
    [(["12.71"], ["M"], "six digits"), (["12.71.01"], ["X"], "M/L"), (["00.71.01"], ["M"], "province code")],
)
def test_bad_generator_input_is_refused(codes: list[str], sexes: list[str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        synthetic.niks(codes, [date(1990, 1, 1)], sexes, 1)


def test_too_many_people_on_one_prefix_is_refused() -> None:
    with pytest.raises(ValueError, match="9999"):
        synthetic.niks(["12.71.01"] * 10_000, [date(1990, 1, 1)] * 10_000, ["M"] * 10_000, 1)


def test_names_are_deterministic_indonesian_and_never_famous() -> None:
    sexes = np.array(["M", "F"] * 20_000)
    names = synthetic.person_names(sexes, 11)
    assert names == synthetic.person_names(sexes, np.random.default_rng(11))
    assert all(2 <= len(name.split()) <= 3 for name in names)
    famous = synthetic.name_data().famous
    assert not any(name.casefold() in famous for name in names)
    assert len(set(names)) > 5_000


def test_a_famous_draw_is_replaced() -> None:
    data = synthetic.name_data()
    assert "bobby nasution" in data.famous and "sri mulyani" in data.famous
    for group in data.groups:  # first names of the famous are left out of the lists
        assert "Bobby" not in group.given_male and "Luhut" not in group.given_male


def test_business_names_avoid_famous_brands() -> None:
    names = synthetic.business_names(5_000, 3)
    assert names == synthetic.business_names(5_000, 3) and len(names) == 5_000
    brands = synthetic.name_data().business_famous
    assert not any(brand in name.casefold() for name in names for brand in brands)
    assert all(name.split()[0] in {"PT", "CV", "UD", "Toko", "Rumah", "Bengkel", "Koperasi"} for name in names)
