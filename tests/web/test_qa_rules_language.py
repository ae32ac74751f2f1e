"""The rules speak English with stable codes; pages word them in the reader's language, one language at a time."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from lindung.core.models import MinimumWage
from tests.factories import World

BELOW_UMK = {"segment": "PU", "period": "2026-01", "monthly_wage": "3000000", "jkk_risk_group": "1"}


def _client(world: World, language: str) -> Client:
    client = Client()
    client.force_login(world.users["worker"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def test_the_below_umk_warning_is_in_the_readers_language_only(world: World) -> None:
    MinimumWage.objects.create(region=world.medan, year=2026, amount=4_000_000)
    english = _client(world, "en").post(reverse("calc_run", args=["iuran"]), BELOW_UMK).text
    assert "Wage Rp 3,000,000 is below the UMK Rp 4,000,000" in english
    # not the Indonesian warning (a parameter's English description may quote the regulator's "Batasan Upah JKP")
    assert "di bawah UMK" not in english and "Upah Rp" not in english
    bahasa = _client(world, "id").post(reverse("calc_run", args=["iuran"]), BELOW_UMK).text
    assert "Upah Rp 3.000.000 di bawah UMK Rp 4.000.000" in bahasa and "is below" not in bahasa
    assert "Tanggal lahir tidak diisi: batas usia pensiun JP tidak diperiksa." in bahasa
    assert "birth_date not given" not in bahasa


@pytest.mark.parametrize(
    ("data", "bahasa", "english"),
    [
        ({"segment": "PU", "period": "2026-01", "monthly_wage": "-5"}, "Nilai ini di luar rentang yang diterima.",
         "monthly_wage cannot be negative (-5)"),
        ({"segment": "PU", "period": "2026-01"}, "Isian ini wajib diisi.", "monthly_wage is required"),
        ({"segment": "ZZ", "period": "2026-01"}, "Nilai ini tidak dikenal.", "unknown segment"),
    ],
)  # fmt: skip
def test_a_refusal_is_worded_in_the_readers_language(
    world: World, data: dict[str, str], bahasa: str, english: str
) -> None:
    id_page = _client(world, "id").post(reverse("calc_run", args=["iuran"]), data)
    en_page = _client(world, "en").post(reverse("calc_run", args=["iuran"]), data)
    assert id_page.status_code == en_page.status_code == 422
    assert bahasa in id_page.text and english not in id_page.text
    assert english in en_page.text and bahasa not in en_page.text


def test_the_explanation_headings_say_what_the_columns_hold_in_english(world: World) -> None:
    data = {**BELOW_UMK, "monthly_wage": "5000000"}
    page = _client(world, "en").post(reverse("calc_run", args=["iuran"]), data).text
    assert "<th>Parameter</th>" in page and "<th>In force since</th>" in page and "<th>Legal basis</th>" in page
    assert "valid to" not in page and "Legal parameters" not in page


def test_the_parameter_page_refuses_a_bad_date_in_english(world: World) -> None:
    page = _client(world, "en").get(reverse("parameters") + "?as_of=2026-13-45").text
    assert "The date must be written YYYY-MM-DD." in page and "Tanggal harus" not in page
