"""Defects an earlier walkthrough noted on the partnership pages: month names in the reader's language, a blank
POST on the PKS page, the MoU page in English, a target period outside the PKS's term, a number too large."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from lindung.partnership import services
from lindung.partnership.models import AgreementDocument, Event, EvidencePack, PksObligation, PksTarget, PksTransition
from tests.factories import World
from tests.partnership.factories import PartnershipWorld

pytestmark = pytest.mark.django_db
Clients = Callable[[str], Client]


def _in(client: Client, language: str) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def _chart_months(body: str) -> list[str]:
    found = re.search(r'<script id="coverage-charts" type="application/json">(.*?)</script>', body, re.S)
    assert found is not None
    return list(json.loads(found.group(1))["trend-chart"]["data"][0]["x"])


@pytest.mark.parametrize(("language", "may", "august"), [("id", "Mei 2026", "Agustus 2026"),
                                                        ("en", "May 2026", "August 2026")])  # fmt: skip
def test_the_agency_chart_names_its_months_in_the_readers_language(
    pw: PartnershipWorld, world: World, client_for: Clients, language: str, may: str, august: str
) -> None:
    url = reverse("partnership_agency", args=[world.agency.pk]) + "?tahun=2026"
    months = _chart_months(_in(client_for("coordinator"), language).get(url).content.decode())
    assert len(months) == 12 and months[4] == may and months[7] == august
    assert not any(re.fullmatch(r"\d{4}-\d{2}", month) for month in months)  # the chart would name these itself


def _saved(pw: PartnershipWorld) -> tuple[int, ...]:
    pw.pks.refresh_from_db()
    return (PksTarget.objects.count(), PksObligation.objects.count(), PksTransition.objects.count(),
            AgreementDocument.objects.count(), len(pw.pks.status))  # fmt: skip


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Formulir yang dikirim kosong atau tidak dikenal; tidak ada yang disimpan."),
        ({"action": ""}, "Formulir yang dikirim kosong atau tidak dikenal; tidak ada yang disimpan."),
        ({"action": "step"}, "Pilih langkah PKS dengan salah satu tombol langkah; tidak ada yang berubah."),
        ({"action": "step", "to_status": ""}, "Pilih langkah PKS dengan salah satu tombol langkah"),
        ({"action": "target"}, "Target harus memiliki periode: isi tanggal mulai dan tanggal selesai."),
    ],
)
def test_a_blank_post_on_the_pks_page_is_refused_with_a_clear_message(
    pw: PartnershipWorld, client_for: Clients, data: dict[str, str], message: str
) -> None:
    before = _saved(pw)
    response = client_for("coordinator").post(reverse("partnership_pks", args=[pw.pks.pk]), data, follow=True)
    body = response.content.decode().replace("&#x27;", "'")
    assert response.status_code == 200 and message in body
    assert "Bidang ini tidak boleh kosong" not in body  # no bare field error without saying which form
    assert _saved(pw) == before


def test_a_blank_obligation_toggle_changes_nothing(pw: PartnershipWorld, client_for: Clients) -> None:
    item = PksObligation.objects.get(pks=pw.pks)
    data = {"action": "obligation_done", "obligation": str(item.pk)}
    body = client_for("coordinator").post(reverse("partnership_pks", args=[pw.pks.pk]), data, follow=True)
    assert "Pilih apakah kewajiban terpenuhi atau belum" in body.content.decode()
    assert PksObligation.objects.get(pk=item.pk).done == item.done


def test_a_blank_post_from_a_reader_is_still_refused(pw: PartnershipWorld, client_for: Clients) -> None:
    assert client_for("auditor").post(reverse("partnership_pks", args=[pw.pks.pk]), {}).status_code == 403


def test_the_mou_page_in_english_has_english_labels(pw: PartnershipWorld, client_for: Clients) -> None:
    services.document_upload(title="Naskah NK", upload=b"%PDF-1.4\n%%EOF\n", user=None, mou=pw.mou)
    for role in ("coordinator", "agency_officer", "branch_officer"):
        body = _in(client_for(role), "en").get(reverse("partnership_mou")).content.decode()
        for label in ("Signing date", "Period of validity", "Implementing agencies", "Scope", "Documents"):
            assert label in body, (role, label)
        for label in ("Tanggal penandatanganan", "Masa berlaku", "Perangkat daerah pelaksana", "Ruang lingkup",
                      "Para pihak", "Penandatangan", "Belum ada", "Dokumen<", "Kemitraan<"):  # fmt: skip
            assert label not in body, (role, label)
        assert "Joint socialisation" in body and "14 August 2025" in body  # the scope's kind and dates in English


def test_a_target_period_must_lie_within_the_pks_term_and_end_after_it_starts(pw: PartnershipWorld) -> None:
    """The fixture's PKS runs from 1 January 2026 to 31 December 2027."""
    before = PksTarget.objects.count()
    bad = [
        ((dt.date(2025, 7, 1), dt.date(2026, 6, 30)), "masa berlaku PKS: 1 Januari 2026 sampai 31 Desember 2027"),
        ((dt.date(2027, 1, 1), dt.date(2099, 12, 31)), "masa berlaku PKS"),
        ((dt.date(2026, 5, 1), dt.date(2026, 5, 1)), "berakhir sesudah dimulai"),
    ]
    for (start, end), message in bad:
        with pytest.raises(ValidationError, match=message):
            services.pks_target_add(pks=pw.pks, period_start=start, period_end=end, workers=5)
    assert PksTarget.objects.count() == before
    kept = services.pks_target_add(pks=pw.pks, period_start=dt.date(2027, 1, 1), period_end=dt.date(2027, 12, 31),
                                   workers=5)  # fmt: skip
    assert kept.pk is not None


def test_a_draft_pks_without_a_term_is_bounded_by_the_mou(pw: PartnershipWorld) -> None:
    """The MoU of the fixture runs from 14 August 2025 to 13 August 2030; the draft PKS has no dates yet."""
    assert pw.other_pks.valid_from is None
    with pytest.raises(ValidationError, match="masa berlaku Nota Kesepakatan: 14 Agustus 2025 sampai 13 Agustus"):
        services.pks_target_add(pks=pw.other_pks, period_start=dt.date(2030, 1, 1), period_end=dt.date(2031, 1, 1),
                                workers=5)  # fmt: skip
    assert not PksTarget.objects.filter(pks=pw.other_pks).exists()


def test_the_page_refuses_a_target_outside_the_term_in_the_readers_language(
    pw: PartnershipWorld, client_for: Clients
) -> None:
    url = reverse("partnership_pks", args=[pw.pks.pk])
    data = {"action": "target", "period_start": "2026-01-01", "period_end": "9999-12-31", "workers": "3"}
    body = client_for("coordinator").post(url, data).content.decode()
    assert "Periode target harus berada dalam masa berlaku PKS: 1 Januari 2026 sampai 31 Desember 2027." in body
    body = _in(client_for("coordinator"), "en").post(url, data).content.decode()
    assert "The target period must lie within the PKS term: 1 January 2026 to 31 December 2027." in body
    assert PksTarget.objects.filter(pks=pw.pks).count() == 1


BIG = "99999999999999999999999"  # past any database integer


def test_a_number_too_large_gets_a_clear_message_in_the_readers_language(
    pw: PartnershipWorld, world: World, client_for: Clients
) -> None:
    url = reverse("partnership_pks", args=[pw.pks.pk])
    target = {"action": "target", "period_start": "2026-01-01", "period_end": "2026-12-31", "workers": "3000000000"}
    body = client_for("coordinator").post(url, target).content.decode()
    assert "Angka terlalu besar: paling banyak 2.147.483.647." in body and "Pastikan" not in body
    body = _in(client_for("coordinator"), "en").post(url, {**target, "workers": "1", "budget": BIG}).content.decode()
    assert "Number too large: at most 9,223,372,036,854,775,807." in body
    assert PksTarget.objects.filter(pks=pw.pks).count() == 1
    event = {"title": "Sosialisasi besar", "held_on": "2026-05-02", "organisers": [world.agency.pk], "attendance": BIG}
    body = client_for("agency_officer").post(reverse("partnership_event_create"), event).content.decode()
    assert body.count("Angka terlalu besar: paling banyak 2.147.483.647.") == 1
    assert not Event.objects.filter(title="Sosialisasi besar").exists()
    pack = {"apbd_allocation": BIG, "apbd_note": "", "regulations": ""}
    response = client_for("coordinator").post(reverse("partnership_evidence") + "?tahun=2026", pack)
    assert response.status_code == 200 and "Angka terlalu besar" in response.content.decode()
    assert EvidencePack.objects.get(region=world.medan, year=2026).apbd_allocation != int(BIG)


def _event_saved(pw: PartnershipWorld) -> tuple[object, ...]:
    pw.event.refresh_from_db()
    return (pw.event.attendees.count(), pw.event.attendance, pw.event.cost, pw.event.attributions.count())


@pytest.mark.parametrize("data", [{}, {"action": ""}, {"action": "unknown"}])
def test_a_blank_post_on_the_event_page_is_refused_with_a_clear_message(
    pw: PartnershipWorld, client_for: Clients, data: dict[str, str]
) -> None:
    before = _event_saved(pw)
    response = client_for("coordinator").post(reverse("partnership_event", args=[pw.event.code]), data, follow=True)
    body = response.content.decode().replace("&#x27;", "'")
    assert response.status_code == 200
    assert "Formulir yang dikirim kosong atau tidak dikenal; tidak ada yang disimpan." in body
    assert "Bidang ini tidak boleh kosong" not in body  # not a bare field error on the attribution form
    assert _event_saved(pw) == before
