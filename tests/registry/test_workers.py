"""Worker registration: offline NIK check, encryption at rest, masked by default, reveal needs a reason."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from django.core.exceptions import ValidationError

from lindung.core import crypto
from lindung.core.models import AuditEntry
from lindung.registry.models import Worker
from lindung.registry.services import worker_nik_reveal, worker_register, worker_update
from tests.factories import World

TODAY = dt.date(2025, 11, 1)


def _register(world: World, **fields: object) -> Worker:
    base: dict[str, object] = {
        "nik": "1271011708900021",
        "name": "Budi  Santoso",
        "birth_date": dt.date(1990, 8, 17),
        "sex": "M",
    }
    return worker_register(region=world.medan, today=TODAY, **{**base, **fields})


def test_nik_with_spaces_and_dots_is_normalised_encrypted_and_masked(world: World) -> None:
    worker = _register(world, nik="12.7101 170890.0021", phone="0812-3456-7890")
    assert worker.nik_masked == "1271********0021"
    assert crypto.decrypt(worker.nik_cipher) == "1271011708900021"
    assert worker.nik_index == crypto.blind_index("1271011708900021")
    assert "1271011708900021" not in str(Worker.objects.filter(pk=worker.pk).values().get())
    assert (worker.is_medan, worker.name, worker.name_key) == (True, "Budi Santoso", "budi santoso")
    assert crypto.decrypt(worker.phone_cipher) == "+6281234567890"
    assert worker.phone_masked == "+6281****890"


@pytest.mark.parametrize(
    ("fields", "fragment"),
    [
        ({"nik": "12710117089000"}, "16 digit"),
        ({"birth_date": dt.date(1990, 8, 18)}, "tidak sama dengan tanggal lahir"),
        ({"sex": "F"}, "Jenis kelamin di NIK"),
        ({"nik": "1271011708900000"}, "0000"),
        ({"nik": "1271991708900021"}, "Kode kecamatan"),
    ],
)
def test_bad_nik_is_refused_with_the_reason_and_nothing_saved(world: World, fields: dict, fragment: str) -> None:
    before = Worker.objects.count()
    with pytest.raises(ValidationError) as error:
        _register(world, **fields)
    assert fragment in " ".join(error.value.message_dict["nik"])
    assert Worker.objects.count() == before


def test_a_nik_from_another_region_is_a_warning_not_an_error(world: World) -> None:
    worker = _register(world, nik="1275011708900021")
    assert worker.is_medan is False
    assert worker.nik_warnings == ["outside_region"]


def test_the_same_nik_twice_is_refused_without_naming_the_other_record(world: World) -> None:
    _register(world)
    with pytest.raises(ValidationError) as error:
        _register(world, name="Orang Lain")
    assert "sudah terdaftar" in error.value.message_dict["nik"][0]
    assert "Budi" not in str(error.value)


def test_vulnerability_is_recorded_only_with_consent(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        _register(world, vulnerability_category="ojek_driver")
    assert "consent" in error.value.message_dict
    worker = _register(world, vulnerability_category="ojek_driver", female_head_of_household=True, consent=True)
    assert worker.vulnerability_consent_at is not None


def test_bad_phone_is_refused(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        _register(world, phone="12345")
    assert "phone" in error.value.message_dict


def test_update_changes_contact_details_but_not_the_nik(world: World) -> None:
    worker = _register(world)
    worker_update(worker=worker, name="Budi S.", phone="+62 812 0000 1111", kpj="12345678901")
    worker.refresh_from_db()
    assert (worker.name_key, worker.phone_masked, worker.kpj) == ("budi s", "+6281****111", "12345678901")
    with pytest.raises(ValueError, match="not editable"):
        worker_update(worker=worker, birth_date=dt.date(1991, 1, 1))


def test_reveal_needs_a_reason_and_is_audited_without_the_nik(world: World, caplog: pytest.LogCaptureFixture) -> None:
    worker = _register(world)
    with pytest.raises(ValidationError):
        worker_nik_reveal(worker=worker, reason="cek")
    caplog.set_level(logging.DEBUG)
    assert worker_nik_reveal(worker=worker, reason="Verifikasi klaim JKK") == "1271011708900021"
    entry = AuditEntry.objects.filter(action="nik_reveal", object_id=str(worker.pk)).get()
    assert entry.reason == "Verifikasi klaim JKK"
    assert "1271011708900021" not in str(entry.after) + str(entry.before)
    assert "1271011708900021" not in caplog.text
