"""NIK structure check: one case per rule, in the manner of a line of the regulation."""

from __future__ import annotations

from datetime import date

import pytest

from lindung.regions.nik import MESSAGES, NikIssueCode, Severity, Sex, check_nik, check_nik_now, mask_nik

TODAY = date(2026, 11, 15)
C = NikIssueCode


def codes(value: str | None, **kwargs: object) -> tuple[list[str], list[str]]:
    result = check_nik(value, today=TODAY, **kwargs)  # type: ignore[arg-type]
    return [i.code.value for i in result.errors], [i.code.value for i in result.warnings]


def test_a_valid_medan_nik_of_a_man() -> None:
    result = check_nik("1271011708450001", today=TODAY, region="12.71")
    assert result.valid and not result.errors and not result.warnings
    assert (result.nik, result.birth_date, result.sex) == ("1271011708450001", date(1945, 8, 17), Sex.MALE)
    assert (result.province_code, result.regency_code, result.district_code) == ("12", "12.71", "12.71.01")
    assert (result.province_name, result.regency_name, result.district_name) == (
        "Sumatera Utara", "Kota Medan", "Medan Kota",
    )  # fmt: skip
    assert result.in_region is True and result.is_medan is True


def test_a_woman_has_forty_added_to_the_day() -> None:
    result = check_nik("1271015708450001", today=TODAY)
    assert result.valid and (result.birth_date, result.sex) == (date(1945, 8, 17), Sex.FEMALE)


@pytest.mark.parametrize(
    ("digits", "birth_date", "sex"),
    [
        ("410190", date(1990, 1, 1), Sex.FEMALE),  # day 41 = the 1st, a woman
        ("710190", date(1990, 1, 31), Sex.FEMALE),  # day 71 = the 31st
        ("310190", date(1990, 1, 31), Sex.MALE),
        ("290224", date(2024, 2, 29), Sex.MALE),  # a leap day
        ("691200", date(2000, 12, 29), Sex.FEMALE),
    ],
)
def test_birth_dates_that_exist(digits: str, birth_date: date, sex: Sex) -> None:
    result = check_nik(f"127101{digits}0001", today=TODAY)
    assert result.valid and (result.birth_date, result.sex) == (birth_date, sex)


@pytest.mark.parametrize(
    "digits", ["000190", "320190", "400190", "720190", "310490", "290223", "300290", "151390", "150090"]
)
def test_birth_dates_that_do_not_exist(digits: str) -> None:
    result = check_nik(f"127101{digits}0001", today=TODAY)
    assert result.error_codes == (C.BIRTH_DATE_INVALID,)
    assert result.birth_date is None and result.sex is None


@pytest.mark.parametrize(("yy", "year"), [("26", 2026), ("00", 2000), ("27", 1927), ("99", 1999)])
def test_the_century_follows_the_reference_date(yy: str, year: int) -> None:
    result = check_nik(f"1271010101{yy}0001", today=TODAY)
    assert result.birth_date == date(year, 1, 1)


def test_a_birth_date_after_the_reference_date_is_an_error() -> None:
    assert codes("1271011612260001") == (["birth_date_future"], [])
    assert codes("1271011511260001") == ([], [])  # born today


def test_serial_0000_is_an_error() -> None:
    assert codes("1271011708450000") == (["serial_zero"], [])


def test_an_unknown_province_is_an_error() -> None:
    result = check_nik("9971011708450001", today=TODAY, region="12.71")
    assert result.error_codes == (C.PROVINCE_UNKNOWN,) and result.province_name is None


def test_kabupaten_or_kecamatan_00_is_an_error() -> None:
    assert codes("1200011708450001") == (["region_code_zero"], [])
    assert codes("1271001708450001") == (["region_code_zero"], [])


def test_another_regions_nik_is_a_warning_not_an_error() -> None:
    result = check_nik("3273011708450001", today=TODAY, region="12.71")
    assert result.valid and result.warning_codes == (C.OUTSIDE_REGION,)
    assert result.in_region is False and result.is_medan is False
    assert result.regency_name == "Kota Bandung"


def test_an_unknown_kecamatan_elsewhere_is_a_warning() -> None:
    assert codes("3273991708450001", region="12.71") == ([], ["district_unknown", "outside_region"])
    assert codes("3299011708450001", region="12.71") == ([], ["regency_unknown", "outside_region"])
    assert codes("3299011708450001") == ([], ["regency_unknown"])


def test_an_unknown_kecamatan_inside_the_region_is_an_error() -> None:
    assert codes("1271991708450001", region="12.71") == (["district_not_in_region"], [])


def test_region_may_be_a_province_kota_or_kecamatan() -> None:
    assert check_nik("1271011708450001", today=TODAY, region="12").in_region is True
    assert check_nik("1271011708450001", today=TODAY, region="12.71.01").in_region is True
    assert check_nik("1271021708450001", today=TODAY, region="12.71.01").warning_codes == (C.OUTSIDE_REGION,)
    assert check_nik("1271011708450001", today=TODAY).in_region is None
    assert check_nik("1271011708450001", today=TODAY, region="1271").in_region is True


def test_a_binjai_nik_is_not_medan_but_is_in_its_own_region() -> None:
    result = check_nik("1275011708450001", today=TODAY, region="12.75")
    assert result.valid and result.in_region and not result.is_medan and result.regency_name == "Kota Binjai"


@pytest.mark.parametrize(
    "written",
    [
        "12.7101.170845.0001",
        "1271 0117 0845 0001",
        "127101-170845-0001",
        " 1271011708450001\t",
        "1271\u00a0011708450001",
    ],
)
def test_spaces_dots_and_dashes_are_removed(written: str) -> None:
    result = check_nik(written, today=TODAY)
    assert result.valid and result.nik == "1271011708450001"


@pytest.mark.parametrize(
    ("written", "code"),
    [("", C.EMPTY), (None, C.EMPTY), (" . ", C.EMPTY), ("12710117084500O1", C.FORMAT), ("١٢٧١٠١١٧٠٨٤٥٠٠٠١", C.FORMAT),
     ("127101170845001", C.LENGTH), ("12710117084500011", C.LENGTH)],
)  # fmt: skip
def test_not_sixteen_digits(written: str | None, code: NikIssueCode) -> None:
    result = check_nik(written, today=TODAY)
    assert result.error_codes == (code,) and result.nik is None and not result.valid


def test_a_declared_birth_date_must_match() -> None:
    assert codes("1271011708450001", birth_date=date(1945, 8, 17)) == ([], [])
    assert codes("1271011708450001", birth_date=date(1945, 8, 18)) == (["birth_date_mismatch"], [])


def test_a_matching_declared_date_settles_the_century() -> None:
    result = check_nik("1271010105200001", today=TODAY, birth_date=date(1920, 5, 1))
    assert result.valid and result.birth_date == date(1920, 5, 1)
    assert check_nik("1271010105200001", today=TODAY).birth_date == date(2020, 5, 1)


def test_a_declared_sex_must_match_the_plus_forty_rule() -> None:
    assert codes("1271011708450001", sex=Sex.MALE) == ([], [])
    assert codes("1271011708450001", sex="L") == ([], []) and codes("1271015708450001", sex="P") == ([], [])
    assert codes("1271011708450001", sex=Sex.FEMALE) == (["sex_mismatch"], [])
    assert codes("1271015708450001", sex=Sex.MALE) == (["sex_mismatch"], [])


def test_several_findings_are_listed_in_a_stable_order() -> None:
    errors, warnings = codes("3299013208450000", region="12.71")
    assert errors == ["birth_date_invalid", "serial_zero"] and warnings == ["regency_unknown", "outside_region"]


def test_every_issue_has_an_indonesian_and_an_english_message_without_the_nik() -> None:
    result = check_nik("1271011708450000", today=TODAY, sex=Sex.FEMALE)
    for issue in (*result.errors, *result.warnings):
        assert issue.message_id and issue.message_en and "1271" not in issue.message_id + issue.message_en
        assert issue.severity is Severity.ERROR
    assert set(MESSAGES) == set(NikIssueCode)


def test_mask_nik() -> None:
    assert mask_nik("1271011708450001") == "1271********0001"
    assert mask_nik("1271.0117.0845.0001") == "1271********0001"
    assert mask_nik("1234567") == "*******"


def test_sex_accepts_indonesian_letters() -> None:
    assert (Sex.parse("L"), Sex.parse("p"), Sex.parse("Perempuan"), Sex.parse("M")) == (
        Sex.MALE, Sex.FEMALE, Sex.FEMALE, Sex.MALE,
    )  # fmt: skip
    with pytest.raises(ValueError, match="M/L or F/P"):
        Sex.parse("X")


def test_check_nik_now_reads_the_clock() -> None:
    assert check_nik_now("1271011708450001").valid
