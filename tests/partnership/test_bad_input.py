"""Every "bad input" of issue #6 through the pages and the API: a clear message in Bahasa Indonesia, nothing
saved half-way, never a server error. (The services' own cases are in test_services.py and test_lifecycle.py.)"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from lindung.partnership.models import AgreementDocument, Attendee, Event, Mou, PksTarget, PksTransition
from lindung.partnership.services import MAX_DOCUMENT_BYTES
from tests.factories import World
from tests.partnership.factories import PDF, PartnershipWorld

pytestmark = pytest.mark.django_db
Clients = Callable[[str], Client]


def _agree(client: Client, pw: PartnershipWorld) -> str:
    url = reverse("partnership_pks", args=[pw.other_pks.pk])
    for step in ("in_review", "agreed"):
        assert client.post(url, {"action": "step", "to_status": step}).status_code == 302
    return url


def test_signing_on_the_page_with_an_end_before_the_start(pw: PartnershipWorld, client_for: Clients) -> None:
    client = client_for("coordinator")
    url = _agree(client, pw)
    steps = PksTransition.objects.count()
    sign = {"action": "step", "to_status": "signed", "number": "9/PKS", "signed_on": "2026-06-01",
            "valid_from": "2026-07-01", "valid_to": "2026-06-01"}  # fmt: skip
    body = client.post(url, sign, follow=True).content.decode()
    assert "sesudah tanggal mulai" in body
    pw.other_pks.refresh_from_db()
    assert (pw.other_pks.status, pw.other_pks.number, PksTransition.objects.count()) == ("agreed", "", steps)
    body = client.post(url, {**sign, "valid_from": "2026-13-45"}, follow=True).content.decode()
    assert "tanggal yang valid" in body.lower() or "isi tanggal" in body


def test_the_api_refuses_bad_steps_with_the_reason(pw: PartnershipWorld, client_for: Clients) -> None:
    client, url = client_for("coordinator"), f"/api/v1/partnership/pks/{pw.other_pks.pk}/steps"
    _agree(client, pw)
    body = {"to_status": "signed", "signed_on": "2026-06-01", "valid_from": "2026-07-01", "valid_to": "2026-06-01"}
    refused = client.post(url, body, content_type="application/json")
    assert refused.status_code == 400 and "sesudah tanggal mulai" in refused.json()["detail"]
    unknown = client.post(url, {"to_status": "terbang"}, content_type="application/json")
    assert unknown.status_code in (400, 403) and unknown.json()["detail"]
    bad_date = client.post(url, {**body, "valid_to": "2026-02-30"}, content_type="application/json")
    assert bad_date.status_code == 422
    pw.other_pks.refresh_from_db()
    assert pw.other_pks.status == "agreed"


def test_a_target_whose_period_ends_before_it_starts(pw: PartnershipWorld, client_for: Clients) -> None:
    url = reverse("partnership_pks", args=[pw.pks.pk])
    data = {"action": "target", "period_start": "2026-12-31", "period_end": "2026-01-01", "workers": "3"}
    assert "Periode target harus berakhir sesudah dimulai" in client_for("coordinator").post(url, data).content.decode()
    assert PksTarget.objects.filter(pks=pw.pks).count() == 1


def test_a_pks_upload_over_the_limit_or_not_a_pdf(pw: PartnershipWorld, client_for: Clients) -> None:
    url = reverse("partnership_pks", args=[pw.pks.pk])
    media = Path(settings.MEDIA_ROOT) / "partnership"
    before = (AgreementDocument.objects.count(), set(media.iterdir()))
    big = SimpleUploadedFile("besar.pdf", PDF + b"0" * MAX_DOCUMENT_BYTES, content_type="application/pdf")
    body = client_for("coordinator").post(url, {"action": "document", "title": "Lampiran", "file": big}, follow=True)
    assert "Berkas terlalu besar" in body.content.decode() and "batasnya 10 MB" in body.content.decode()
    word = SimpleUploadedFile("pks.pdf", b"\xd0\xcf\x11\xe0 a .doc renamed", content_type="application/pdf")
    body = client_for("coordinator").post(url, {"action": "document", "title": "Naskah", "file": word}, follow=True)
    assert "Berkas bukan PDF" in body.content.decode()
    assert (AgreementDocument.objects.count(), set(media.iterdir())) == before


@pytest.mark.parametrize(
    ("nik", "message"),
    [("12710115039000", "16 digit"), ("12710115O3900011", "hanya boleh berisi angka"), ("1271013213900011", "DDMMYY")],
)
def test_an_attendee_nik_that_fails_the_check(
    pw: PartnershipWorld, client_for: Clients, nik: str, message: str
) -> None:
    url = reverse("partnership_event", args=[pw.event.code])
    body = client_for("agency_officer").post(url, {"action": "attendee", "name": "B", "nik": nik, "consent": "on"})
    assert body.status_code == 200 and message in body.content.decode()
    assert not Attendee.objects.filter(event=pw.event, name="B").exists()


def test_an_event_with_a_negative_headcount_or_a_bad_date(world: World, client_for: Clients) -> None:
    client = client_for("agency_officer")
    data = {"title": "Sosialisasi pasar", "held_on": "2026-05-02", "organisers": [world.agency.pk], "attendance": "-4"}
    assert "tidak boleh negatif" in client.post(reverse("partnership_event_create"), data).content.decode()
    body = client.post(reverse("partnership_event_create"), {**data, "attendance": "4", "held_on": "2026-02-30"})
    assert body.status_code == 200 and "tanggal yang valid" in body.content.decode().lower()
    assert not Event.objects.filter(title="Sosialisasi pasar").exists()


@pytest.mark.parametrize("organiser", ["99999999999999999999", "-99999999999999999999", "²", "12²"])
def test_an_event_whose_organiser_id_is_past_the_id_range(world: World, client_for: Clients, organiser: str) -> None:
    """Found by the session-11 form walk: ``id IN (<20 digits>)`` overflowed the SQLite driver (a 500)."""
    data = {"title": "Sosialisasi terminal", "held_on": "2026-05-02", "organisers": [organiser], "attendance": "4"}
    response = client_for("agency_officer").post(reverse("partnership_event_create"), data)
    page = response.content.decode()
    # Past the id range: an invalid choice; not a number at all ("²" passes str.isdigit): not a valid value.
    assert response.status_code == 200 and ("Masukkan pilihan yang valid" in page or "bukan nilai yang valid" in page)
    assert not Event.objects.filter(title="Sosialisasi terminal").exists()


@pytest.mark.parametrize(
    ("signed", "start", "end"),
    [("0001-01-01", "0001-01-01", "0001-01-01"), ("9999-12-31", "9999-12-31", "9999-12-31"),
     ("2025-08-14", "2025-08-14", "9999-12-31")],
)  # fmt: skip
def test_an_mou_dated_in_year_one_or_9999_is_refused(
    world: World, client_for: Clients, signed: str, start: str, end: str
) -> None:
    """Found by the session-11 form walk: such an MoU was saved, and its year 1 then made every new event of the
    region a server error (the events' first year became year 0)."""
    data = {"number": "NK/9/2026", "title": "NK ganjil", "signed_on": signed, "valid_from": start, "valid_to": end,
            "city_signatory": "Wali Kota", "branch_signatory": "Kepala Cabang"}  # fmt: skip
    response = client_for("coordinator").post(reverse("partnership_mou_create"), data)
    assert response.status_code == 200 and "di luar rentang yang diterima" in response.content.decode()
    assert not Mou.objects.filter(title="NK ganjil").exists()


def test_an_event_still_opens_when_a_stored_mou_is_dated_year_one(world: World, client_for: Clients) -> None:
    Mou.objects.create(region=world.medan, number="OLD", title="NK lama", signed_on=dt.date(1, 1, 1),
                       valid_from=dt.date(1, 1, 1), valid_to=dt.date(1, 1, 1))  # fmt: skip
    data = {"title": "Sosialisasi pasar", "held_on": "2026-05-02", "organisers": [world.agency.pk], "attendance": "4"}
    response = client_for("agency_officer").post(reverse("partnership_event_create"), data)
    assert response.status_code == 302 and Event.objects.filter(title="Sosialisasi pasar").exists()


def test_mou_number_zero_is_not_found(pw: PartnershipWorld, client_for: Clients) -> None:
    """``/kemitraan/nota-kesepakatan/0/`` showed the first MoU (id 0 was read as "no id"): now 404 like any unknown."""
    client = client_for("coordinator")
    assert client.get(reverse("partnership_mou_detail", args=[0])).status_code == 404
    assert client.get(reverse("partnership_mou_detail", args=[pw.mou.pk])).status_code == 200
