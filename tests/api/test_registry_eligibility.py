"""A membership's eligibility notes over the API: worded in the caller's language, with a code and values.

``eligibility_notes`` stays as stored (English, deprecated); ``eligibility`` carries each note as a stable code,
the values it quotes and a message in the language of the caller's switch (cookie), as every API answer.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from lindung.registry.models import Employer, Membership
from lindung.registry.services import membership_register, worker_register
from tests.factories import World

pytestmark = pytest.mark.django_db
JAN = dt.date(2026, 1, 1)


@pytest.fixture
def membership(world: World) -> Membership:
    """A worker of 65 at a large employer: JP and JKP are dropped, the programmes follow the employer's size."""
    Employer.objects.filter(pk=world.other_employer.pk).update(size="large")
    world.other_employer.refresh_from_db()
    old = worker_register(
        region=world.medan, nik="1271015507600032", name="Uji Pekerja", birth_date=dt.date(1960, 7, 15), sex="F",
        today=dt.date(2025, 11, 1),
    )  # fmt: skip
    return membership_register(
        worker=old, payer_kind="employer", segment="PU", employer=world.other_employer, wage=5_000_000, valid_from=JAN
    )


def _get(world: World, language: str, url: str) -> Any:
    client = Client()
    client.force_login(world.users["coordinator"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    assert response.status_code == 200, response.content
    return response.json()


def test_each_note_comes_with_its_code_values_and_words_in_the_callers_language(
    world: World, membership: Membership
) -> None:
    url = f"/api/v1/memberships/{membership.pk}"
    bahasa, english = _get(world, "id", url), _get(world, "en", url)
    assert bahasa["eligibility_notes"] == english["eligibility_notes"] == membership.eligibility_notes
    jp_id = next(n for n in bahasa["eligibility"] if n["values"].get("program") == "JP")
    jp_en = next(n for n in english["eligibility"] if n["values"].get("program") == "JP")
    assert jp_id["code"] == jp_en["code"] == "program_not_enrolled"
    assert jp_id["values"] == jp_en["values"] == {
        "program": "JP", "reference": "PP 45/2015 Pasal 15(3)", "last_month": "2016-06",
        "reason_code": "jp_registration_closed",
    }  # fmt: skip
    assert jp_id["message"].startswith("JP tidak diikutkan (PP 45/2015 Pasal 15(3)). Pendaftaran JP hanya dapat")
    assert jp_en["message"].startswith("JP not enrolled (PP 45/2015 Pasal 15(3)). JP registration was possible")
    jkp = next(n for n in bahasa["eligibility"] if n["values"].get("program") == "JKP")
    assert (jkp["values"]["age"], jkp["values"]["reason_code"]) == (65, "jkp_age_over_limit")
    codes = [n["code"] for n in bahasa["eligibility"]]
    assert "programs_by_employer_size" in codes
    assert not [n for n in bahasa["eligibility"] if n["message"] in membership.eligibility_notes], "no English note"
    listed = _get(world, "en", f"/api/v1/memberships?worker_id={membership.worker_id}")
    assert listed[0]["eligibility"] == english["eligibility"]


OLD_NOTES = [
    ("BPU income: minimum declared income Rp 1,000,000 (PP 44/2015 Lampiran II (lowest bracket))",
     "bpu_income_at_least_minimum", {"minimum": 1_000_000, "reference": "PP 44/2015 Lampiran II (lowest bracket)"},
     "Penghasilan BPU tidak kurang dari batas terendah Rp 1.000.000",
     "Rp 1,000,000"),
    ("missing required: JHT, JP (PP 6/2025 Pasal 4(3))",
     "required_programs_missing", {"programs": "JHT, JP", "reference": "PP 6/2025 Pasal 4(3)"},
     "Program wajib untuk skala usaha ini tidak diikuti: JHT, JP", "JHT, JP"),
    ("child worker: age 14, allowed only under UU 13/2003 Pasal 69, Pasal 70 (UU 13/2003 Pasal 69 ayat (1))",
     "child_worker", {"age": 14, "articles": "Pasal 69, Pasal 70", "reference": "UU 13/2003 Pasal 69 ayat (1)"},
     "Pekerja anak, berumur 14 tahun", "14"),
    ("a note of a shape nobody knows", "unknown", {}, "a note of a shape nobody knows",
     "a note of a shape nobody knows"),
]  # fmt: skip


@pytest.mark.parametrize(("stored", "code", "values", "bahasa", "english"), OLD_NOTES)
def test_notes_of_every_stored_shape_are_explained(
    world: World, membership: Membership, stored: str, code: str, values: dict[str, Any], bahasa: str, english: str
) -> None:
    Membership.objects.filter(pk=membership.pk).update(eligibility_notes=[stored])
    url = f"/api/v1/memberships/{membership.pk}"
    [in_id], [in_en] = _get(world, "id", url)["eligibility"], _get(world, "en", url)["eligibility"]
    assert in_id["code"] == in_en["code"] == code
    assert in_id["values"] == in_en["values"] == values
    assert bahasa in in_id["message"] and english in in_en["message"]
    if code != "unknown":
        assert in_en["message"] != in_id["message"] and stored not in (in_id["message"], in_en["message"])


def test_the_schema_documents_the_worded_notes_and_deprecates_the_stored_ones(world: World) -> None:
    schema = _get(world, "en", "/api/v1/openapi.json")
    membership = schema["components"]["schemas"]["MembershipOut"]["properties"]
    assert membership["eligibility_notes"]["deprecated"] is True
    assert "Deprecated" in membership["eligibility_notes"]["description"]
    assert "caller's language" in membership["eligibility"]["description"]
    note = schema["components"]["schemas"]["EligibilityNoteOut"]["properties"]
    assert set(note) == {"code", "values", "message"}


def test_a_new_membership_answers_with_its_worded_notes(world: World) -> None:
    client = Client()
    client.force_login(world.users["coordinator"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    created = client.post(
        "/api/v1/memberships",
        {"worker_id": world.proposed_worker.pk, "payer_kind": "self", "segment": "BPU", "wage": 2_000_000,
         "valid_from": JAN.isoformat()},
        content_type="application/json",
    )  # fmt: skip
    assert created.status_code == 201, created.content
    body = created.json()
    assert len(body["eligibility"]) == len(body["eligibility_notes"]) >= 1
    bpu = next(n for n in body["eligibility"] if n["code"] == "bpu_income_at_least_minimum")
    assert bpu["values"]["minimum"] == 1_000_000
    assert "Rp 1,000,000" in bpu["message"] and "Penghasilan" not in bpu["message"]
