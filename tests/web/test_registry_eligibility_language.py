"""The registry's eligibility refusals and notes reach each reader in one language: theirs.

The rules answer in English with a ``reason_code`` and values; the membership form, the API, the import
messages and the membership notes word that code. Each refusal is asked with the language cookie set to ``id``
and to ``en``; the Indonesian answer never carries the rules' English sentence.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from lindung.core.rules_words import eligibility_reason
from lindung.registry import notes
from lindung.registry import rules_adapter as rules
from lindung.registry.imports.messages import describe
from lindung.registry.models import Employer, Membership, Worker
from lindung.registry.services import membership_register, worker_register
from tests.factories import World

pytestmark = pytest.mark.django_db
JAN = dt.date(2026, 1, 1)
OLD_BIRTH = dt.date(1960, 7, 15)

#: (form data, field, Bahasa Indonesia, English, the rules' English reason): every refusal of the registry.
REFUSALS: list[tuple[dict[str, Any], str, str, str, str]] = [
    ({"segment": "PU", "payer_kind": "employer", "programs": ["JKK", "JKM", "JHT", "JP"], "wage": 5_000_000},
     "programs",
     "Pekerja tidak dapat ikut JP (PP 45/2015 Pasal 15(3)). Pendaftaran JP hanya dapat dilakukan sampai bulan "
     "Juni 2016, sebelum bulan usia pensiun.",
     "The worker cannot join JP (PP 45/2015 Pasal 15(3)). JP registration was possible only up to June 2016, "
     "before the month of pension age.",
     "JP registration possible up to 2016-06"),
    ({"segment": "PU", "payer_kind": "employer", "programs": ["JKK", "JKM", "JKP"], "wage": 5_000_000},
     "programs",
     "Pekerja tidak dapat ikut JKP (PP 6/2025 Pasal 4). Usia 65 tahun saat mendaftar: JKP hanya untuk "
     "peserta berusia di bawah 54 tahun.",
     "The worker cannot join JKP (PP 6/2025 Pasal 4). Age 65 at registration: JKP is only for "
     "participants under 54.",
     "age 65 at registration; must be under 54"),
    ({"segment": "BPU", "payer_kind": "self", "wage": 900_000},
     "wage",
     "Penghasilan BPU tidak dapat diterima (PP 44/2015 Lampiran II). "
     "Penghasilan Rp 900.000 di bawah batas terendah Rp 1.000.000.",
     "BPU income not accepted (PP 44/2015 Lampiran II). "
     "Declared income Rp 900,000 is below the minimum Rp 1,000,000.",
     "minimum declared income Rp 1,000,000"),
]  # fmt: skip


@pytest.fixture
def old(world: World) -> Worker:
    Employer.objects.filter(pk=world.other_employer.pk).update(size="large")
    world.other_employer.refresh_from_db()
    return worker_register(
        region=world.medan, nik="1271015507600032", name="Uji Pekerja", birth_date=OLD_BIRTH, sex="F",
        today=dt.date(2025, 11, 1),
    )  # fmt: skip


def _client(world: World, language: str) -> Client:
    client = Client()
    client.force_login(world.users["coordinator"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def _form(world: World, data: dict[str, Any]) -> dict[str, Any]:
    employer = {"employer": world.other_employer.pk} if data["segment"] == "PU" else {}
    return {**data, **employer, "valid_from": JAN.isoformat(), "sector": "other"}


@pytest.mark.parametrize(("data", "field", "bahasa", "english", "reason"), REFUSALS)
def test_each_refusal_on_the_form_page_is_in_the_readers_language_only(
    world: World, old: Worker, data: dict[str, Any], field: str, bahasa: str, english: str, reason: str
) -> None:
    url = reverse("registry:membership_create", args=[old.pk])
    pages = {}
    for language in ("id", "en"):
        response = _client(world, language).post(url, _form(world, data))
        assert response.status_code == 200
        pages[language] = html.unescape(response.content.decode())
    assert bahasa in pages["id"] and english not in pages["id"] and reason not in pages["id"]
    assert english in pages["en"] and bahasa not in pages["en"]
    assert not Membership.objects.filter(worker=old).exists(), "nothing half-written"


@pytest.mark.parametrize(("data", "field", "bahasa", "english", "reason"), REFUSALS)
def test_each_refusal_over_the_api_is_in_the_readers_language_only(
    world: World, old: Worker, data: dict[str, Any], field: str, bahasa: str, english: str, reason: str
) -> None:
    payload = {**data, "worker_id": old.pk, "valid_from": JAN.isoformat()}
    if data["segment"] == "PU":
        payload["employer_id"] = world.other_employer.pk
    answers = {}
    for language in ("id", "en"):
        response = _client(world, language).post(
            "/api/v1/memberships", json.dumps(payload), content_type="application/json"
        )
        assert response.status_code == 422, response.content
        answers[language] = response.json()
    assert answers["id"]["errors"][field] == [bahasa] and reason not in json.dumps(answers["id"])
    assert answers["en"]["errors"][field] == [english]


def test_a_rule_not_yet_in_force_is_worded_too(world: World) -> None:
    decision = rules.can_join_jkp(dt.date(1990, 1, 1), dt.date(2020, 6, 1))
    assert (decision.ok, decision.reason_code) == (False, "not_covered")
    with translation.override("id"):
        assert eligibility_reason(decision.words()) == "Aturan program ini belum berlaku pada tanggal tersebut."
    with translation.override("en"):
        assert eligibility_reason(decision.words()) == "The rule of this programme was not yet in force on that date."


def test_the_notes_of_a_membership_are_worded_on_the_worker_page(world: World, old: Worker) -> None:
    membership = membership_register(
        worker=old, payer_kind="employer", segment="PU", employer=world.other_employer, wage=5_000_000,
        valid_from=JAN,
    )  # fmt: skip
    stored = list(membership.eligibility_notes)
    assert any(n.startswith("JP not enrolled: JP registration possible up to 2016-06") for n in stored), stored
    url = reverse("registry:worker_detail", args=[old.pk])
    id_page = html.unescape(_client(world, "id").get(url).content.decode())
    en_page = html.unescape(_client(world, "en").get(url).content.decode())
    assert (
        "JP tidak diikutkan (PP 45/2015 Pasal 15(3)). Pendaftaran JP hanya dapat dilakukan sampai bulan Juni 2016"
        in id_page
    )
    assert "JKP tidak diikutkan (PP 6/2025 Pasal 4). Usia 65 tahun saat mendaftar" in id_page
    assert "Program mengikuti yang wajib untuk skala usaha pemberi kerja" in id_page
    assert not [n for n in stored if n in id_page], "no stored English note on the Indonesian page"
    assert "JP not enrolled (PP 45/2015 Pasal 15(3)). JP registration was possible only up to June 2016" in en_page
    membership.refresh_from_db()
    assert membership.eligibility_notes == stored, "the stored notes stay as they were"


OLD_NOTES = [
    ("JP: JP registration possible up to 2030-05 (PP 45/2015 Pasal 15(3))",
     "JP (PP 45/2015 Pasal 15(3)). Pendaftaran JP masih dapat dilakukan sampai bulan Mei 2030."),
    ("JKP not enrolled: age 60 at registration; must be under 54 (PP 37/2021 Pasal 4)",
     "JKP tidak diikutkan (PP 37/2021 Pasal 4). Usia 60 tahun saat mendaftar: JKP hanya untuk peserta berusia "
     "di bawah 54 tahun."),
    ("BPU income: minimum declared income Rp 1,000,000 (PP 44/2015 Lampiran II (lowest bracket))",
     "Penghasilan BPU tidak kurang dari batas terendah Rp 1.000.000 (PP 44/2015 Lampiran II (lowest bracket))."),
    ("missing required: JHT, JP (PP 6/2025 Pasal 4(3))",
     "Program wajib untuk skala usaha ini tidak diikuti: JHT, JP (PP 6/2025 Pasal 4(3))."),
    ("child worker: age 14, allowed only under UU 13/2003 Pasal 69, Pasal 70 (UU 13/2003 Pasal 69 ayat (1))",
     "Pekerja anak, berumur 14 tahun pada tanggal mulai: hanya boleh bekerja menurut UU 13/2003 Pasal 69, "
     "Pasal 70 (UU 13/2003 Pasal 69 ayat (1))."),
    ("JKP not enrolled: jkp.max_registration_age: no value on 2020-01-01 (values start 2021-02-02) ()",
     "JKP tidak diikutkan (-). Aturan program ini belum berlaku pada tanggal tersebut."),
    ("a note of a shape nobody knows", "a note of a shape nobody knows"),
]  # fmt: skip


@pytest.mark.parametrize(("stored", "bahasa"), OLD_NOTES)
def test_notes_stored_before_the_wording_are_read_in_bahasa(stored: str, bahasa: str) -> None:
    with translation.override("id"):
        assert notes.worded(stored) == bahasa


DAYS = st.dates(dt.date(2021, 2, 2), dt.date(2027, 12, 31))
BIRTHS = st.dates(dt.date(1940, 1, 1), dt.date(2008, 12, 31))


@hsettings(max_examples=60, deadline=None)
@given(birth=BIRTHS, day=DAYS)
def test_every_stored_note_reads_back_as_its_decision(birth: dt.date, day: dt.date) -> None:
    """The note the service stores and the reader that words it cannot drift apart."""
    with translation.override("id"):
        for program, decision in (("JP", rules.can_join_jp(birth, day)), ("JKP", rules.can_join_jkp(birth, day))):
            note = notes.enrolled(program, decision) if decision.ok else notes.dropped(program, decision)
            assert notes.reason_of(note) == eligibility_reason(decision.words())
            assert decision.reason not in notes.worded(note)


@pytest.mark.parametrize("with_code", [True, False])
def test_import_refusals_are_worded_old_issues_included(with_code: bool) -> None:
    decision = rules.can_join_jp(OLD_BIRTH, JAN)
    params: dict[str, Any] = {"program": "JP", "reason": decision.reason, "reference": decision.reference}
    if with_code:  # an issue stored since the code was kept; without it, one stored before
        params |= {"reason_code": decision.reason_code, **decision.values}
    with translation.override("id"):
        message, _ = describe("not_eligible", params)
        dropped, _ = describe("dropped", params)
    assert message == (
        "Tidak dapat ikut JP (PP 45/2015 Pasal 15(3)). Pendaftaran JP hanya dapat dilakukan sampai bulan Juni 2016, "
        "sebelum bulan usia pensiun."
    )
    assert dropped.startswith("JP tidak diikutkan (PP 45/2015 Pasal 15(3)). Pendaftaran JP hanya")
    with translation.override("en"):
        message, _ = describe("not_eligible", params)
    assert message == (
        "Cannot join JP (PP 45/2015 Pasal 15(3)). JP registration was possible only up to June 2016, before the "
        "month of pension age."
    )
