"""Phone numbers are stored in E.164 (+62...); anything else is refused with a message saying what to fix."""

from __future__ import annotations

import pytest

from lindung.regions.phone import InvalidPhone, PhoneIssueCode, check_phone, normalise_phone


@pytest.mark.parametrize(
    ("written", "e164", "kind"),
    [
        ("0812-3456-7890", "+6281234567890", "mobile"),
        ("081234567890", "+6281234567890", "mobile"),
        ("62 812 3456 7890", "+6281234567890", "mobile"),
        ("+62 812 3456 7890", "+6281234567890", "mobile"),
        ("+62 (0)812-3456-7890", "+6281234567890", "mobile"),
        ("0062 812 3456 7890", "+6281234567890", "mobile"),
        ("812.3456.7890", "+6281234567890", "mobile"),
        ("0852 1234 567", "+628521234567", "mobile"),
        ("(061) 451 2345", "+62614512345", "landline"),
        ("+62 61 4512345", "+62614512345", "landline"),
    ],
)
def test_common_ways_of_writing_a_number(written: str, e164: str, kind: str) -> None:
    result = check_phone(written)
    assert (result.valid, result.e164, result.kind) == (True, e164, kind)
    assert normalise_phone(written) == e164


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("", PhoneIssueCode.EMPTY),
        (None, PhoneIssueCode.EMPTY),
        ("081234", PhoneIssueCode.LENGTH),
        ("08123456789012345", PhoneIssueCode.LENGTH),
        ("+60 12 345 6789", PhoneIssueCode.FORMAT),
        ("0812-34x6-7890", PhoneIssueCode.FORMAT),
        ("nomor saya", PhoneIssueCode.FORMAT),
    ],
)
def test_invalid_numbers_are_refused_with_a_message(written: str | None, code: PhoneIssueCode) -> None:
    result = check_phone(written)
    assert not result.valid and result.e164 is None
    assert [issue.code for issue in result.errors] == [code]
    assert result.errors[0].message_id and result.errors[0].message_en


def test_normalise_phone_raises_with_the_indonesian_message() -> None:
    with pytest.raises(InvalidPhone) as caught:
        normalise_phone("081234")
    assert caught.value.code is PhoneIssueCode.LENGTH
    assert "10-13 digit" in caught.value.message_id


def test_a_landline_is_refused_where_a_mobile_number_is_required() -> None:
    assert check_phone("0812 3456 7890", require_mobile=True).valid
    result = check_phone("(061) 451 2345", require_mobile=True)
    assert [issue.code for issue in result.errors] == [PhoneIssueCode.NOT_MOBILE]


def test_an_unknown_mobile_prefix_is_a_warning() -> None:
    result = check_phone("0800 1234 5678")
    assert result.valid and [issue.code for issue in result.warnings] == [PhoneIssueCode.PREFIX_UNKNOWN]
