"""Properties: every synthetic NIK passes the check and decodes back; the column check equals the scalar one."""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lindung.regions import synthetic
from lindung.regions.nik import Sex, check_nik, mask_nik
from lindung.regions.nik_column import check_nik_column, nik_mask_expr
from lindung.regions.profile import all_profiles

TODAY = date(2026, 11, 15)
KECAMATAN = sorted(kec.code for profile in all_profiles() for kec in profile.kecamatan)
# Births the century rule decodes unaided: within the 100 years up to the reference date.
RECENT = st.dates(min_value=date(1927, 1, 1), max_value=TODAY)
people = st.lists(st.tuples(st.sampled_from(KECAMATAN), RECENT, st.sampled_from(["M", "F"])), min_size=1, max_size=40)


@given(people=people, seed=st.integers(0, 2**32 - 1))
@settings(max_examples=60, deadline=None)
def test_every_synthetic_nik_is_valid_and_decodes_to_its_inputs(people: list[tuple[str, date, str]], seed: int) -> None:
    codes, births, sexes = zip(*people, strict=True)
    niks = synthetic.niks(np.array(codes), np.array(births, dtype="datetime64[D]"), np.array(sexes), seed)
    assert len(set(niks.tolist())) == len(people)
    for nik, (code, birth, sex) in zip(niks.tolist(), people, strict=True):
        result = check_nik(nik, today=TODAY, region=code[:5], birth_date=birth, sex=Sex(sex))
        assert result.valid and not result.warnings, (nik, result.errors, result.warnings)
        assert (result.district_code, result.birth_date, result.sex) == (code, birth, Sex(sex))
        assert check_nik(nik, today=TODAY).birth_date == birth
        assert nik[12:] != "0000"


@given(birth=st.dates(min_value=date(1900, 1, 1), max_value=TODAY), sex=st.sampled_from(["M", "F"]))
@settings(max_examples=40, deadline=None)
def test_a_declared_birth_date_decodes_any_century(birth: date, sex: str) -> None:
    nik = synthetic.niks(np.array(["12.71.01"]), np.array([birth], dtype="datetime64[D]"), np.array([sex]), 1)[0]
    result = check_nik(str(nik), today=TODAY, birth_date=birth)
    assert result.valid and result.birth_date == birth


def test_the_same_seed_gives_the_same_niks() -> None:
    args = (np.array(["12.71.01"] * 5), np.array(["1990-01-01"] * 5, dtype="datetime64[D]"), np.array(["F"] * 5))
    first, again = synthetic.niks(*args, rng=7), synthetic.niks(*args, rng=np.random.default_rng(7))
    assert first.tolist() == again.tolist() and len(set(first.tolist())) == 5


structured = st.builds(
    lambda prefix, day, month, yy, serial, sep: sep.join([prefix, f"{day:02d}{month:02d}{yy:02d}", f"{serial:04d}"]),
    prefix=st.sampled_from(["127101", "127121", "127199", "127501", "327301", "327399", "329901", "990101", "120001"]),
    day=st.integers(0, 99),
    month=st.integers(0, 13),
    yy=st.integers(0, 99),
    serial=st.integers(0, 9999),
    sep=st.sampled_from(["", " ", ".", "-", " . "]),
)
nik_like = st.one_of(structured, st.text(alphabet="0123456789 .-", max_size=20), st.text(max_size=18), st.none())


@given(
    rows=st.lists(
        st.tuples(
            nik_like, st.none() | st.dates(date(1920, 1, 1), date(2030, 1, 1)), st.none() | st.sampled_from("MF")
        ),
        min_size=1,
        max_size=30,
    ),
    region=st.sampled_from([None, "12", "12.71", "12.71.01", "32.73"]),
)
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_the_column_check_equals_the_scalar_check(
    rows: list[tuple[str | None, date | None, str | None]], region: str | None
) -> None:
    values, births, sexes = (list(column) for column in zip(*rows, strict=True))
    frame = check_nik_column(values, today=TODAY, region=region, birth_dates=births, sexes=sexes)
    assert frame.height == len(rows)
    for row, (value, birth, sex) in zip(frame.iter_rows(named=True), rows, strict=True):
        scalar = check_nik(value, today=TODAY, region=region, birth_date=birth, sex=Sex(sex) if sex else None)
        assert row["errors"] == [code.value for code in scalar.error_codes], value
        assert row["warnings"] == [code.value for code in scalar.warning_codes], value
        assert row["valid"] is scalar.valid
        assert row["nik"] == (scalar.nik if scalar.nik else row["nik"])
        assert (row["birth_date"], row["sex"]) == (scalar.birth_date, scalar.sex.value if scalar.sex else None)
        assert row["in_region"] == scalar.in_region
        assert row["district_code"] == scalar.district_code


@given(value=st.text(alphabet="0123456789 .-", max_size=24))
@settings(max_examples=80, deadline=None)
def test_the_mask_expression_equals_mask_nik(value: str) -> None:
    masked = pl.DataFrame({"nik": [value]}).select(nik_mask_expr("nik")).item()
    assert masked == mask_nik(value)


def test_a_large_column_of_valid_niks_is_checked_without_one_error() -> None:
    """The column check at scale (its speed is measured by benchmarks/import.py, never asserted in a test)."""
    rng = np.random.default_rng(3)
    n = 200_000
    births = np.datetime64("2000-01-01") - rng.integers(0, 20_000, n).astype("timedelta64[D]")
    niks = synthetic.niks(
        np.array(KECAMATAN)[rng.integers(0, len(KECAMATAN), n)], births, rng.choice(["M", "F"], n), rng
    )
    frame = check_nik_column(pl.Series(niks), today=TODAY, region="12.71")
    assert frame.height == n and frame["error"].null_count() == n
