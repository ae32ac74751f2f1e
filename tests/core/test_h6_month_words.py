"""An eligibility reason names its month as the reader does: ``sampai bulan Juni 2023`` (``up to June 2023``),
not the rules' ``2023-06``, wherever the reason is shown (calculator, registry refusals, import messages)."""

from __future__ import annotations

import pytest
from django.utils import translation

from lindung.core.rules_words import eligibility_reason, month_text, quoted_values

ID = ["Januari", "Februari", "Maret", "April", "Mei", "Juni",
      "Juli", "Agustus", "September", "Oktober", "November", "Desember"]  # fmt: skip
EN = ["January", "February", "March", "April", "May", "June",
      "July", "August", "September", "October", "November", "December"]  # fmt: skip


@pytest.mark.parametrize("code", ["jp_registration_open", "jp_registration_closed"])
def test_the_jp_reason_names_its_month_in_both_languages(code: str) -> None:
    check = {"reason_code": code, "last_month": "2023-06", "reason": "JP registration possible up to 2023-06"}
    with translation.override("id"):
        indonesian = eligibility_reason(check)
    with translation.override("en"):
        english = eligibility_reason(check)
    assert "sampai bulan Juni 2023" in indonesian and "2023-06" not in indonesian
    assert "up to June 2023" in english and "2023-06" not in english


@pytest.mark.parametrize("month", range(1, 13))
def test_every_month_has_its_name(month: int) -> None:
    with translation.override("id"):
        assert month_text(f"2030-{month:02d}") == f"{ID[month - 1]} 2030"
    with translation.override("en"):
        assert month_text(f"2030-{month:02d}") == f"{EN[month - 1]} 2030"


@pytest.mark.parametrize("value", ["2023-13", "2023-6", "Juni 2023", None, 202306, "0000-01"])
def test_a_value_that_is_not_a_month_stays_as_it_is(value: object) -> None:
    assert month_text(value) == value
    assert quoted_values({"last_month": value})["last_month"] == value
