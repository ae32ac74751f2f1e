"""Bad input gets a clear message and saves nothing: targets, dates, uploads, attendee NIKs, attributions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from lindung.core import crypto
from lindung.partnership import services
from lindung.partnership.models import AgreementDocument, Attendee, EventAttribution, PksTarget
from lindung.partnership.services.documents import MAX_DOCUMENT_BYTES
from tests.factories import World, make_worker
from tests.partnership.factories import NIKS, PDF, TODAY, PartnershipWorld, make_mou, make_registration

pytestmark = pytest.mark.django_db
YEAR: dict[str, Any] = {"period_start": dt.date(2026, 1, 1), "period_end": dt.date(2026, 12, 31)}


BAD_TARGETS: list[tuple[dict[str, Any], str]] = [
    ({"period_start": None, "period_end": None, "workers": 10}, "Target harus memiliki periode"),
    ({"period_start": dt.date(2026, 1, 1), "period_end": None, "workers": 10}, "Target harus memiliki periode"),
    ({"period_start": dt.date(2026, 6, 1), "period_end": dt.date(2026, 1, 1), "workers": 5}, "berakhir sesudah"),
    ({**YEAR, "workers": -5}, "Target tidak boleh negatif"),
    ({**YEAR, "budget": -1}, "Target tidak boleh negatif"),
    ({**YEAR}, "Isi paling sedikit satu target"),
]


def test_bad_targets_are_refused_and_nothing_is_saved(pw: PartnershipWorld) -> None:
    before = PksTarget.objects.count()
    for values, message in BAD_TARGETS:
        with pytest.raises(ValidationError, match=message):
            services.pks_target_add(pks=pw.pks, **values)
    assert PksTarget.objects.count() == before


def test_a_target_by_segment_and_programme(pw: PartnershipWorld) -> None:
    target = services.pks_target_add(pks=pw.pks, **YEAR, segment="PU", programme="JKK", workers=30, events=2)
    assert (target.segment, target.programme, target.workers, target.budget) == ("PU", "JKK", 30, 0)


def test_mou_that_ends_before_it_starts_is_refused(world: World) -> None:
    with pytest.raises(ValidationError, match="harus sesudah tanggal mulai"):
        services.mou_create(
            region=world.medan, number="X", title="NK", signed_on=TODAY, valid_from=TODAY,
            valid_to=TODAY - dt.timedelta(days=1), city_signatory="a", branch_signatory="b",
        )  # fmt: skip


def test_a_pdf_is_stored_under_a_random_name_with_its_hash(pw: PartnershipWorld, world: World) -> None:
    document = services.document_upload(title="Scan NK", upload=PDF, user=world.users["coordinator"], mou=pw.mou)
    path = Path(document.file.path)
    assert path.is_file() and path.read_bytes() == PDF
    assert path.is_relative_to(Path(settings.MEDIA_ROOT)) and "Scan" not in path.name and len(path.stem) == 32
    assert document.size == len(PDF) and len(document.sha256) == 64


BAD_UPLOADS = [
    (b"PK\x03\x04 a zip renamed to .pdf", "Berkas bukan PDF"),
    (b"", "Berkas kosong"),
    (b"%PDF-" + b"0" * MAX_DOCUMENT_BYTES, "Berkas terlalu besar"),
]


def test_an_upload_that_is_not_a_pdf_or_too_big_leaves_nothing(pw: PartnershipWorld) -> None:
    media = Path(settings.MEDIA_ROOT) / "partnership"
    files_before = set(media.iterdir())
    count = AgreementDocument.objects.count()
    for content, message in BAD_UPLOADS:
        with pytest.raises(ValidationError, match=message):
            services.document_upload(title="Dokumen", upload=content, user=None, mou=pw.mou)
    assert AgreementDocument.objects.count() == count
    assert set(media.iterdir()) == files_before


def test_attendee_nik_is_checked_encrypted_and_masked(pw: PartnershipWorld) -> None:
    attendee = services.attendee_add(event=pw.event, name="Rina", nik="1271.0142 0491-0012", consent=True, today=TODAY)
    assert attendee.nik_masked == "1271********0012"
    assert crypto.decrypt(attendee.nik_cipher) == NIKS[1] and attendee.nik_index == crypto.blind_index(NIKS[1])
    assert NIKS[1] not in attendee.nik_cipher


BAD_ATTENDEES = [
    ("1271011503900", True, "NIK harus tepat 16 digit"),
    ("1271013213900011", True, "tanggal lahir DDMMYY"),
    ("1271990101900011", True, "tidak ada di wilayah ini"),
    (NIKS[2], False, "dengan persetujuannya"),
    (NIKS[0], True, "sudah tercatat di acara ini"),
]


def test_bad_attendees_are_refused_and_nothing_is_saved(pw: PartnershipWorld) -> None:
    count = Attendee.objects.count()
    for nik, consent, message in BAD_ATTENDEES:
        with pytest.raises(ValidationError, match=message):
            services.attendee_add(event=pw.event, name="Orang", nik=nik, consent=consent, today=TODAY)
    assert Attendee.objects.count() == count


def test_recording_more_attendees_than_the_headcount_raises_the_headcount(pw: PartnershipWorld) -> None:
    services.event_update_outcome(event=pw.event, attendance=1, cost=None)
    services.attendee_add(event=pw.event, name="Dua", nik=NIKS[2], consent=True, today=TODAY)
    pw.event.refresh_from_db()
    assert pw.event.attendance == 2
    with pytest.raises(ValidationError, match="tidak boleh kurang dari peserta yang tercatat"):
        services.event_update_outcome(event=pw.event, attendance=1, cost=1000)


def test_event_needs_an_organiser_of_the_region_and_gets_a_code(world: World) -> None:
    with pytest.raises(ValidationError, match="paling sedikit satu"):
        services.event_create(region=world.medan, title="X", held_on=TODAY, organisers=[])
    with pytest.raises(ValidationError, match="perangkat daerah wilayah ini"):
        services.event_create(region=world.medan, title="X", held_on=TODAY, organisers=[world.foreign_agency])
    first = services.event_create(region=world.medan, title="A", held_on=TODAY, organisers=[world.agency])
    second = services.event_create(region=world.medan, title="B", held_on=TODAY,
                                   organisers=[world.agency, world.other_agency], lead=world.other_agency)  # fmt: skip
    assert (first.code, second.code) == ("SOS-1271-26001", "SOS-1271-26002")
    assert second.organiser_links.get(is_lead=True).agency == world.other_agency


def test_attribution_must_follow_the_event_and_happens_once(pw: PartnershipWorld, world: World) -> None:
    early = make_registration(make_worker(world.medan, NIKS[3], "Awal"), None, dt.date(2026, 1, 5))
    with pytest.raises(ValidationError, match="dimulai sebelum acara"):
        services.event_attribute_registration(event=pw.event, membership=early, user=None)
    with pytest.raises(ValidationError, match="sudah diatribusikan ke acara SOS-1271-26001"):
        services.event_attribute_registration(event=pw.other_event, membership=pw.attribution.membership, user=None)
    assert EventAttribution.objects.count() == 1


def test_mou_scope_items_and_agencies(world: World) -> None:
    mou = make_mou(world.medan, [world.agency])
    services.mou_scope_item_add(mou=mou, kind="regulation", text="Perwal tentang perlindungan pekerja rentan")
    assert list(mou.scope_items.values_list("kind", flat=True)) == ["socialisation", "regulation"]
    with pytest.raises(ValidationError, match="wilayah Nota Kesepakatan"):
        services.mou_update(mou=mou, fields={}, agencies=[world.foreign_agency])
