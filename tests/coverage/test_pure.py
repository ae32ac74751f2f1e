"""Small pure pieces: KBLI sections, age bands, month ends, tile grids, the RPJMD path, SVG escaping."""

from __future__ import annotations

import datetime as dt

import pytest

from lindung.coverage import dimensions as d
from lindung.coverage.svg import MapTile, bar_chart, colour, tile_map
from lindung.coverage.targets import region_targets
from lindung.coverage.tilegrid import tile_layout
from lindung.regions.profile import load_profile


@pytest.mark.parametrize(
    ("kbli", "section"),
    [
        ("49431", "H"),
        ("47111", "G"),
        ("01111", "A"),
        ("84111", "O"),
        ("1", ""),
        ("", ""),
        (None, ""),
        ("xx123", ""),
        ("04000", ""),
    ],
)
def test_kbli_section(kbli: str | None, section: str) -> None:
    assert d.kbli_section(kbli) == section


@pytest.mark.parametrize(("age", "band"), [(14, "<15"), (15, "15-24"), (24, "15-24"), (64, "55-64"), (65, "65+")])
def test_age_band(age: int, band: str) -> None:
    assert d.age_band(age) == band


def test_age_on_counts_a_29_february_birthday_on_1_march() -> None:
    assert d.age_on(dt.date(2000, 2, 29), dt.date(2015, 2, 28)) == 14
    assert d.age_on(dt.date(2000, 2, 29), dt.date(2015, 3, 1)) == 15


def test_month_ends_between() -> None:
    assert d.month_ends_between(dt.date(2024, 1, 15), dt.date(2024, 3, 30)) == [
        dt.date(2024, 1, 31),
        dt.date(2024, 2, 29),
    ]


def test_the_medan_tile_grid_places_every_kecamatan_of_the_profile_once() -> None:
    profile = load_profile("kota-medan")
    tiles = tile_layout("12.71", [(k.code, k.name) for k in profile.kecamatan])
    assert len(tiles) == 21 and len({(t.col, t.row) for t in tiles}) == 21
    belawan = next(t for t in tiles if t.name == "Medan Belawan")
    assert belawan.row == min(t.row for t in tiles), "Belawan, on the coast, is the northernmost tile"


def test_other_regions_get_a_plain_grid_and_unknown_kecamatan_are_kept() -> None:
    binjai = load_profile("kota-binjai")
    tiles = tile_layout("12.75", [(k.code, k.name) for k in binjai.kecamatan])
    assert len({(t.col, t.row) for t in tiles}) == 5 and max(t.col for t in tiles) == 2
    assert {t.short for t in tiles} == {"Utara", "Kota", "Barat", "Timur", "Selatan"}
    extra = tile_layout("12.71", [("12.71.01", "Medan Kota"), ("12.71.99", "Medan Baru Sekali")])
    assert [t.code for t in extra] == ["12.71.01", "12.71.99"] and extra[1].row > extra[0].row


def test_the_rpjmd_path_runs_from_the_baseline_to_universal_coverage() -> None:
    goal = region_targets("12.71").goal
    assert goal is not None
    assert goal.pct_on(dt.date(2025, 1, 1)) == goal.baseline_pct == 55.55
    assert goal.pct_on(dt.date(2031, 1, 1)) == goal.target_pct == 100.0
    assert goal.baseline_pct < goal.pct_on(dt.date(2028, 6, 30)) < goal.target_pct
    assert region_targets("99.99").goal is None


def test_the_map_escapes_names_and_colours_by_value() -> None:
    tiles = [MapTile("1", "<b>A</b>", "<b>", 0, 0, 10.0, "10%", "/x?a=1&b=2"), MapTile("2", "B", "B", 1, 0, None, "–")]
    svg = tile_map(tiles, title="Peta")
    assert "<b>" not in svg and "&lt;b&gt;" in svg and "a=1&amp;b=2" in svg
    assert colour(None, 0, 1) == "#d9d9d9" and colour(5, 0, 10) != colour(10, 0, 10)
    assert 'data-testid="tile-map"' in svg and svg.count('class="tile"') == 2
    assert "&lt;script&gt;" in bar_chart([("<script>", 1.0)])
