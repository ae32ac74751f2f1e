"""Benefit warnings, reasons and late-fine reasons reach each reader in one language: theirs.

The rules answer in English with a stable code (and the values the sentence quotes); the calculator words the
code through the catalogue. Each case is posted twice, with the language cookie set to ``id`` and to ``en``; the
Indonesian page must never carry the rules' English sentence.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from lindung.core.calc_adapter import calc_run
from lindung.rules.benefits.result import WARNING_CODES
from lindung.rules.deadlines import FINE_CODES
from lindung.web import rules_text
from lindung.web.calculator import form_to_input
from tests.factories import World

Data = dict[str, str | list[str]]

BENEFIT_WARNINGS: list[tuple[Data, str, str]] = [
    (
        {"event": "jp_old_age", "date": "2025-06-01", "birth_date": "1960-01-10", "contribution_months": "180",
         "monthly_wage": "1000000"},
        "Manfaat minimum JP tahun 2025 belum diketahui: batas minimum tidak diterapkan.",
        "The JP minimum benefit for 2025 is not known: the minimum was not applied.",
    ),
    (
        {"event": "jp_old_age", "date": "2025-06-01", "birth_date": "1960-01-10", "contribution_months": "180",
         "monthly_wage": "1000000"},
        "Manfaat maksimum JP tahun 2025 belum diketahui: batas maksimum tidak diterapkan.",
        "The JP maximum benefit for 2025 is not known: the maximum was not applied.",
    ),
    (
        {"event": "jp_old_age", "date": "2023-06-01", "birth_date": "1970-01-10", "contribution_months": "200",
         "monthly_wage": "8000000"},
        "Usia pensiun belum tercapai: pensiun baru dapat dimulai pada 2030-02-01.",
        "Pension age not reached: the pension can start on 2030-02-01.",
    ),
    (
        {"event": "jp_death", "date": "2023-03-01", "contribution_months": "200", "monthly_wage": "6000000"},
        "Tidak ada janda/duda, anak, atau orang tua: tidak ada manfaat pensiun ahli waris.",
        "No spouse, child or parent: no survivor pension.",
    ),
    (
        {"event": "death", "date": "2019-12-01"},
        "Santunan berkala tidak dihitung: angka peraturan untuk tanggal ini belum tersedia.",
        "Periodic benefit not computed: the regulation&#x27;s figure for this date is not available.",
    ),
    (
        {"event": "death", "date": "2024-05-01", "contribution_months": "35", "children_levels": ["sma"]},
        "Tidak ada beasiswa: masa iuran 35 bulan, kurang dari 36 bulan.",
        "No scholarship: 35 contribution months, fewer than 36.",
    ),
    (
        {"event": "jht", "jht_trigger": "death", "date": "2025-01-01", "jht_balance": "1000000",
         "projection_months": "12"},
        "Hasil pengembangan tidak diisi: dipakai hasil pengembangan JHT terakhir yang diumumkan (5,63%).",
        "No annual return given: the latest declared JHT return is assumed (5.63%).",
    ),
    (
        {"event": "work_accident_death", "date": "2020-01-10", "monthly_wage": "5000000", "claim_date": "2025-01-11"},
        "Hak atas JKK sudah kedaluwarsa: klaim 2025-01-11 melewati batas waktu sejak kecelakaan atau diagnosis.",
        "The JKK right has expired: the claim of 2025-01-11 is past the claim period after the accident or diagnosis.",
    ),
]  # fmt: skip

FINE = {"segment": "PU", "period": "2025-03", "monthly_wage": "5000000", "jkk_risk_group": "1", "programs": ["JHT"]}
FINE_REASONS: list[tuple[Data, str, str]] = [
    ({**FINE, "paid_date": "2025-05-20"}, "Terlambat 2 bulan.", "2 month(s) late."),
    ({**FINE, "paid_date": "2025-04-15"}, "Dibayar paling lambat pada tanggal jatuh tempo: tidak ada denda.",
     "Paid by the due date: no fine."),
    ({**FINE, "paid_date": "2025-05-20", "employer_kind": "state"},
     "Tidak ada denda yang ditetapkan untuk pemberi kerja penyelenggara negara.",
     "No fine is set for state employers."),
    ({"segment": "BPU", "period": "2025-03", "declared_income": "2000000", "paid_date": "2025-06-20"},
     "Tidak ada denda yang ditetapkan untuk peserta BPU.", "No fine is set for BPU participants."),
]  # fmt: skip


def _page(world: World, language: str, kind: str, data: Data) -> str:
    client = Client()
    client.force_login(world.users["worker"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.post(reverse("calc_run", args=[kind]), data)
    assert response.status_code == 200, response.text
    return response.text


def _rules_sentences(kind: str, data: Data) -> list[str]:
    """The English the rules themselves write for this input: warning messages and fine reasons."""
    result, ok = calc_run(kind, form_to_input(data))
    assert ok and isinstance(result, dict), result
    fines = result.get("fines", {}).get("programs", {}).values()
    return [w["message"] for w in result["warnings"]] + [f["reason"] for f in fines]


@pytest.mark.parametrize(("data", "bahasa", "english"), BENEFIT_WARNINGS)
def test_each_benefit_warning_is_in_the_readers_language_only(
    world: World, data: Data, bahasa: str, english: str
) -> None:
    id_page, en_page = _page(world, "id", "manfaat", data), _page(world, "en", "manfaat", data)
    assert bahasa in id_page and english not in id_page
    assert english in en_page and bahasa not in en_page
    sentences = _rules_sentences("benefit", data)
    assert sentences and not [s for s in sentences if s in id_page]


@pytest.mark.parametrize(("data", "bahasa", "english"), FINE_REASONS)
def test_each_late_fine_reason_is_in_the_readers_language_only(
    world: World, data: Data, bahasa: str, english: str
) -> None:
    id_page, en_page = _page(world, "id", "iuran", data), _page(world, "en", "iuran", data)
    assert bahasa in id_page and english not in id_page
    assert english in en_page and bahasa not in en_page
    assert not [s for s in _rules_sentences("contribution", data) if s in id_page]


def test_benefit_amounts_and_reasons_are_named_for_the_reader(world: World) -> None:
    data: Data = {"event": "phk", "date": "2025-03-01", "phk_date": "2025-03-01", "monthly_wage": "5000000",
                  "contribution_months": "20", "separation": "resignation"}  # fmt: skip
    id_page, en_page = _page(world, "id", "manfaat", data), _page(world, "en", "manfaat", data)
    assert "(mengundurkan diri tidak memberi hak atas JKP)" in id_page and "does not give" not in id_page
    assert "(resignation does not give a right to JKP)" in en_page and "mengundurkan" not in en_page
    death = {"event": "death", "date": "2024-05-01", "contribution_months": "20"}
    id_page, en_page = _page(world, "id", "manfaat", death), _page(world, "en", "manfaat", death)
    assert "<td>Santunan kematian</td>" in id_page and "death_lump_sum" not in id_page
    assert "<td>Death lump sum</td>" in en_page and "Santunan kematian" not in en_page


def test_every_code_the_rules_can_give_has_its_sentence() -> None:
    contribution_warnings = {"below_umk", "birth_date_missing"}
    assert set(rules_text.WARNINGS) == set(WARNING_CODES) | contribution_warnings
    assert set(rules_text.FINE_REASONS) == set(FINE_CODES)
