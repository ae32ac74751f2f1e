"""A broken profile fails with a ProfileError that names the file and the field to fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from lindung.regions.profile import PROFILES_DIR, parse_profile
from lindung.regions.schema import ProfileError

MEDAN = (PROFILES_DIR / "kota-medan.yaml").read_text(encoding="utf-8")


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "kota-medan.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _broken(tmp_path: Path, old: str, new: str) -> ProfileError:
    assert old in MEDAN, f"fixture text {old!r} is no longer in the profile"
    path = _write(tmp_path, MEDAN.replace(old, new, 1))
    with pytest.raises(ProfileError) as caught:
        parse_profile(path)
    assert caught.value.file == str(path)
    return caught.value


def test_the_shipped_profile_parses(tmp_path: Path) -> None:
    assert parse_profile(_write(tmp_path, MEDAN)).code == "12.71"


@pytest.mark.parametrize(
    ("old", "new", "field", "says"),
    [
        ('amount: "3370645.08"', "amount: 3370645.08", "umk[0].amount", "quoted decimal"),
        ("amount: 3624117", "amount: -5", "umk[1].amount", "positive"),
        ("effective_from: 2023-01-01", "effective_from: 2022-01-01", "umk[1].effective_from", "take effect in 2023"),
        ("confidence: medium-high", "confidence: sure", "umk[0].confidence", "not one of"),
        ('code: "12.71"\n', "code: 12.71\n", "code", "quoted dotted Kemendagri code"),
        ('{code: "12.71.01.1001"', '{code: "12.71.02.1001"', "kecamatan[0].kelurahan[0].code", "not inside"),
        ('postal_code: "20212"', "postal_code: 20212", "kecamatan[0].kelurahan[0].postal_code", "expected text"),
        ("stakeholder_groups: [youth, athlete_coach]", "stakeholder_groups: [youth, athletes]",
         "agencies[2].stakeholder_groups", "'athletes' is not a key"),
        ("kbli_sections: [R], stakeholder_groups: [youth", "kbli_sections: [Z], stakeholder_groups: [youth",
         "agencies[2].kbli_sections[0]", "'Z'"),
        ("in_mou: true, head_title: Kepala Dinas}", "in_mou: false, head_title: Kepala Dinas}", "agencies",
         "15 agencies have in_mou: true, but mou.agency_count is 16"),
        ("slug: bpkad", "slug: disnaker", "agencies", "'disnaker' appears twice"),
        ("is_finance_office: true", "is_finance_office: true, is_manpower_office: true", "agencies", "at most one"),
        ("    amount: 3769082\n", "    amount: 3769082\n    amont: 1\n", "umk[2].amont", "unknown field"),
        ("schema_version: 1", "schema_version: 2", "schema_version", "reads schema_version 1"),
        ('  signed: "2025-08"', "  signed: 2025-08-01", "mou.signed", "expected text"),
        ('region_codes: ["12.71"]', 'region_codes: ["12.75"]', "bpjs_branches[0].region_codes", "not inside"),
        ("slug: kota-medan", "slug: Kota Medan", "slug", "does not match"),
    ],
)  # fmt: skip
def test_a_schema_mistake_names_the_field(tmp_path: Path, old: str, new: str, field: str, says: str) -> None:
    error = _broken(tmp_path, old, new)
    assert error.field == field
    assert says in error.message
    assert str(error).startswith(f"{error.file}: {field}: ")


def test_a_missing_required_field(tmp_path: Path) -> None:
    error = _broken(
        tmp_path, "    decree_date: 2025-12-24\n    effective_from: 2026-01-01\n", "    decree_date: 2025-12-24\n"
    )
    assert (error.field, error.message) == ("umk[4].effective_from", "required field is missing")


def test_a_duplicate_year(tmp_path: Path) -> None:
    error = _broken(
        tmp_path,
        "  - year: 2023\n    amount: 3624117\n    decree: null\n    decree_date: 2022-12-07\n    effective_from: 2023",
        "  - year: 2022\n    amount: 3624117\n    decree: null\n    decree_date: 2022-12-07\n    effective_from: 2022",
    )
    assert (error.field, error.message) == ("umk", "the year 2022 appears twice")


def test_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "schema_version: 1\nslug: [unclosed\n")
    with pytest.raises(ProfileError, match=r"not valid YAML at line \d"):
        parse_profile(path)


def test_a_file_that_is_not_a_mapping(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="mapping"):
        parse_profile(_write(tmp_path, "- just\n- a list\n"))


def test_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="cannot read the file"):
        parse_profile(tmp_path / "nowhere.yaml")
