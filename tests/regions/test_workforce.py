"""The workforce table: a labelled estimate that adds up, and the shape an admin upload replaces."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lindung.regions import build_workforce
from lindung.regions.build_workforce import apportion
from lindung.regions.profile import load_profile
from lindung.regions.schema import ProfileError
from lindung.regions.workforce import (
    WORKFORCE_DIR,
    dump_workforce,
    load_workforce,
    parse_workforce,
    workforce_from_rows,
)


def test_medan_estimate_is_labelled_cited_and_adds_up_to_the_city_total() -> None:
    table = load_workforce("kota-medan")
    assert table is not None
    assert (table.total, table.measure, table.reference_period, table.estimate) == (
        875_743,
        "labour_force",
        "2025-09",
        True,
    )
    assert table.method.startswith("ESTIMATE") and "kelurahan" in table.method and table.sources
    assert len(table.kecamatan) == 21 and len(table.sectors) == 9
    assert sum(kec.by_sex("M") + kec.by_sex("F") for kec in table.kecamatan) == 875_743


def test_kecamatan_shares_follow_the_kelurahan_count() -> None:
    table = load_workforce("12.71")
    assert table is not None
    medan_kota, marelan = table.for_kecamatan("12.71.01"), table.for_kecamatan("12.71.12")
    assert medan_kota is not None and marelan is not None
    assert abs(medan_kota.total / marelan.total - 12 / 5) < 0.001


def test_rows_have_the_shape_of_the_database_table() -> None:
    table = load_workforce("kota-medan")
    assert table is not None
    rows = table.to_rows()
    assert len(rows) == 21 * 2 * 9 and sum(row["count"] for row in rows) == 875_743
    assert rows[0] == {"kecamatan_code": "12.71.01", "sex": "M", "sector": "agriculture", "count": rows[0]["count"]}
    assert {row["sex"] for row in rows} == {"M", "F"}


def test_the_file_is_what_the_estimate_script_writes() -> None:
    assert build_workforce.main(["kota-medan", "--check"]) == 0


def test_a_region_without_a_table() -> None:
    assert load_workforce("kota-binjai") is None


def test_uploaded_rows_round_trip_through_the_file_format(tmp_path: Path) -> None:
    medan = load_profile("kota-medan")
    table = load_workforce("kota-medan")
    assert table is not None
    uploaded = workforce_from_rows(
        table.to_rows(), profile=medan, sectors=table.sectors, reference_period="2026",
        measure="employed", sources=("BPS uji",),
    )  # fmt: skip
    assert uploaded.total == table.total and not uploaded.estimate
    path = tmp_path / "kota-medan.yaml"
    path.write_text(dump_workforce(uploaded), encoding="utf-8")
    again = parse_workforce(path, medan)
    assert again.to_rows() == table.to_rows() and again.measure == "employed"


@pytest.mark.parametrize(
    ("row", "field"),
    [
        ({"kecamatan_code": "12.71.99", "sex": "M", "sector": "mining", "count": 1}, "row 1.kecamatan_code"),
        ({"kecamatan_code": "12.71.01", "sex": "L", "sector": "mining", "count": 1}, "row 1.sex"),
        ({"kecamatan_code": "12.71.01", "sex": "M", "sector": "trade", "count": 1}, "row 1.sector"),
        ({"kecamatan_code": "12.71.01", "sex": "M", "sector": "mining", "count": -1}, "row 1.count"),
    ],
)
def test_bad_upload_rows_name_the_row(row: dict[str, object], field: str) -> None:
    table = load_workforce("kota-medan")
    assert table is not None
    with pytest.raises(ProfileError) as caught:
        workforce_from_rows([row], profile=load_profile("kota-medan"), sectors=table.sectors,
                            reference_period="2026", measure="employed", sources=("x",))  # fmt: skip
    assert caught.value.field == field


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("total: 875743", "total: 875744", "total"),
        ("    total: 69595\n", "    total: 69596\n", "kecamatan[0].total"),
        ('  - code: "12.71.21"', '  - code: "12.71.99"', "kecamatan[20].code"),
        ("measure: labour_force", "measure: people", "measure"),
        ("region: '12.71'", "region: '12.75'", "region"),
    ],
)
def test_a_broken_table_names_the_field(tmp_path: Path, old: str, new: str, field: str) -> None:
    text = (WORKFORCE_DIR / "kota-medan.yaml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "kota-medan.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ProfileError) as caught:
        parse_workforce(path, load_profile("kota-medan"))
    assert caught.value.field == field


@given(total=st.integers(0, 10_000_000), weights=st.lists(st.integers(0, 1_000_000), min_size=1, max_size=30))
def test_apportion_adds_up_exactly_and_stays_within_one_of_the_quota(total: int, weights: list[int]) -> None:
    if sum(weights) == 0:
        return
    parts = apportion(total, weights)
    assert sum(parts) == total and all(part >= 0 for part in parts)
    for part, weight in zip(parts, weights, strict=True):
        assert abs(part - total * weight / sum(weights)) < 1 + 1e-9
