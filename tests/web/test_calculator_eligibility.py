"""Eligibility checks reach each reader in one language: theirs.

The rules answer each check with an English ``reason`` (kept for API users) and a stable ``reason_code`` with
the values its sentence quotes; the calculator words the code through the catalogue. Each case is posted with
the language cookie set to ``id`` and to ``en``; the Indonesian page never carries the rules' English sentence.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from lindung.core.calc_adapter import calc_run
from lindung.rules.eligibility import REASON_CODES
from lindung.web import rules_text
from lindung.web.calculator import form_to_input
from tests.factories import World

pytestmark = pytest.mark.django_db

Data = dict[str, str]

#: (form, code, eligible, Bahasa Indonesia, English): every reason code, on either side of its limit.
CASES: list[tuple[Data, str, bool, str, str]] = [
    ({"date": "2023-06-30", "birth_date": "1965-07-16"}, "jp_registration_open", True,
     "Pendaftaran JP masih dapat dilakukan sampai bulan Juni 2023.", "JP registration is possible up to June 2023."),
    ({"date": "2023-07-01", "birth_date": "1965-07-16"}, "jp_registration_closed", False,
     "Pendaftaran JP hanya dapat dilakukan sampai bulan Juni 2023, sebelum bulan usia pensiun.",
     "JP registration was possible only up to June 2023, before the month of pension age."),
    ({"date": "2025-03-09", "birth_date": "1971-03-10"}, "jkp_age_under_limit", True,
     "Usia 53 tahun saat mendaftar; JKP untuk peserta berusia di bawah 54 tahun.",
     "Age 53 at registration; JKP is for participants under 54."),
    ({"date": "2025-03-10", "birth_date": "1971-03-10"}, "jkp_age_over_limit", False,
     "Usia 54 tahun saat mendaftar: JKP hanya untuk peserta berusia di bawah 54 tahun.",
     "Age 54 at registration: JKP is only for participants under 54."),
    ({"date": "2025-03-01", "declared_income": "1.000.000"}, "bpu_income_at_least_minimum", True,
     "Penghasilan Rp 1.000.000 tidak kurang dari batas terendah Rp 1.000.000.",
     "Declared income Rp 1,000,000 is not below the minimum Rp 1,000,000."),
    ({"date": "2025-03-01", "declared_income": "999.999"}, "bpu_income_below_minimum", False,
     "Penghasilan Rp 999.999 di bawah batas terendah Rp 1.000.000.",
     "Declared income Rp 999,999 is below the minimum Rp 1,000,000."),
    ({"date": "2025-03-01", "employer_size": "medium"}, "required_programs_by_size", True,
     "Program yang wajib diikuti usaha menengah:", "Programmes a medium enterprise must enrol:"),
]  # fmt: skip


def _post(world: World, language: str, data: Data) -> tuple[int, str, object]:
    client = Client()
    client.force_login(world.users["worker"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.post(reverse("calc_run", args=["kelayakan"]), data)
    return response.status_code, response.content.decode(), response.context["result"]


def test_every_reason_code_has_its_sentence() -> None:
    assert set(rules_text.ELIGIBILITY_REASONS) == set(REASON_CODES) == {case[1] for case in CASES}


@pytest.mark.parametrize(("data", "code", "eligible", "bahasa", "english"), CASES)
def test_each_eligibility_reason_is_in_the_readers_language_only(
    world: World, data: Data, code: str, eligible: bool, bahasa: str, english: str
) -> None:
    raw, ok = calc_run("eligibility", form_to_input(data))
    assert ok and isinstance(raw, dict)
    (check,) = [c for c in raw["checks"].values() if c["reason_code"] == code]
    assert check["eligible"] is eligible and check["reason"]
    status, id_page, _ = _post(world, "id", data)
    assert status == 200 and bahasa in id_page and english not in id_page
    assert not [c["reason"] for c in raw["checks"].values() if c["reason"] in id_page]
    status, en_page, _ = _post(world, "en", data)
    assert status == 200 and english in en_page and bahasa not in en_page


def test_all_checks_at_once_name_each_check_and_the_required_programmes(world: World) -> None:
    data = {"date": "2025-03-01", "birth_date": "1990-01-01", "declared_income": "2.000.000", "employer_size": "large"}
    _, page, result = _post(world, "id", data)
    assert isinstance(result, dict)
    assert [row["name"] for row in result["check_rows"]] == [
        "Pendaftaran JP",
        "Pendaftaran JKP",
        "Penghasilan terendah BPU",
        "Program wajib pemberi kerja",
    ]
    assert "<strong>JKK, JKM, JHT, JP</strong>" in page and "PP 6/2025 Pasal 4(3)" in page


def test_a_check_without_its_field_is_refused_in_the_readers_language(world: World) -> None:
    status, page, result = _post(world, "id", {"date": "2025-03-01"})
    assert status == 422 and isinstance(result, dict) and result["field"] == "checks"
    assert "Isian ini wajib diisi." in page and "no check possible" not in page


def test_the_calculator_page_offers_the_eligibility_form(world: World) -> None:
    client = Client()
    client.force_login(world.users["worker"])
    body = client.get(reverse("calc")).content.decode()
    assert reverse("calc_run", args=["kelayakan"]) in body and 'id="calc-eligibility"' in body
    assert client.post(reverse("calc_run", args=["lainnya"]), {}).status_code == 404
