"""Pages of the partnership through the test client: scope, 404 outside it, steps, forms, downloads."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from lindung.partnership.models import AgreementDocument, Attendee, Event, EvidenceSection, Mou, PksTarget
from tests.factories import World, make_worker
from tests.partnership.factories import NIKS, PDF, PartnershipWorld, make_registration

pytestmark = pytest.mark.django_db
Clients = Callable[[str], Client]


def test_pages_in_scope_answer_and_objects_outside_answer_404(pw: PartnershipWorld, client_for: Clients) -> None:
    coordinator, officer = client_for("coordinator"), client_for("agency_officer")
    pages = [reverse("partnership_agency", args=[pw.pks.agency_id]), reverse("partnership_pks", args=[pw.pks.pk]),
             reverse("partnership_event", args=[pw.event.code]), reverse("partnership_mou"),
             reverse("partnership_events"), reverse("partnership_evidence")]  # fmt: skip
    assert [coordinator.get(url).status_code for url in pages] == [200] * 6
    assert [officer.get(url).status_code for url in pages] == [200] * 5 + [404]
    outside = [
        reverse("partnership_pks", args=[pw.other_pks.pk]),
        reverse("partnership_event", args=[pw.other_event.code]),
        reverse("partnership_agency", args=[pw.other_pks.agency_id]),
    ]
    for url in outside:
        assert officer.get(url).status_code == 404, url
    for url in [reverse("partnership_pks", args=[pw.foreign_pks.pk]),
                reverse("partnership_event", args=[pw.foreign_event.code])]:  # fmt: skip
        assert coordinator.get(url).status_code == 404, url
    assert client_for("worker").get(reverse("partnership_pks", args=[pw.pks.pk])).status_code == 404


def test_event_page_follows_the_funnel_down_to_the_paying_members(pw: PartnershipWorld, client_for: Clients) -> None:
    body = client_for("coordinator").get(reverse("partnership_event", args=[pw.event.code])).content.decode()
    assert body.count('data-testid="paying-member"') == 2
    assert "1271********0011" in body and NIKS[0] not in body and "Proksi" in body


def test_an_out_of_order_step_shows_why_and_saves_nothing(pw: PartnershipWorld, client_for: Clients) -> None:
    url = reverse("partnership_pks", args=[pw.other_pks.pk])
    response = client_for("coordinator").post(url, {"action": "step", "to_status": "signed"}, follow=True)
    assert "tidak dapat berpindah dari &#x27;Draf&#x27; ke &#x27;Ditandatangani&#x27;" in response.content.decode()
    pw.other_pks.refresh_from_db()
    assert pw.other_pks.status == "draft"
    response = client_for("coordinator").post(url, {"action": "step", "to_status": "in_review"}, follow=True)
    pw.other_pks.refresh_from_db()
    assert pw.other_pks.status == "in_review" and "Status PKS diperbarui" in response.content.decode()


def test_the_officer_drafts_its_pks_but_legal_steps_are_the_coordinators(
    pw: PartnershipWorld, world: World, client_for: Clients
) -> None:
    url = reverse("partnership_pks", args=[pw.pks.pk])
    officer, auditor = client_for("agency_officer"), client_for("auditor")
    assert officer.post(url, {"action": "step", "to_status": "expiring"}).status_code == 403
    assert auditor.post(url, {"action": "step", "to_status": "expiring"}).status_code == 403
    assert auditor.post(url, {"action": "target", "workers": "5"}).status_code == 403


def test_a_negative_target_from_the_form_gets_the_message(pw: PartnershipWorld, client_for: Clients) -> None:
    url = reverse("partnership_pks", args=[pw.pks.pk])
    data = {"action": "target", "period_start": "2026-01-01", "period_end": "2026-12-31", "workers": "-3"}
    response = client_for("coordinator").post(url, data)
    assert "Target tidak boleh negatif" in response.content.decode()
    response = client_for("coordinator").post(url, {**data, "period_start": "", "workers": "3"})
    assert "Target harus memiliki periode" in response.content.decode()
    assert PksTarget.objects.filter(pks=pw.pks).count() == 1


def test_upload_through_the_page_and_download_within_scope(pw: PartnershipWorld, client_for: Clients) -> None:
    url = reverse("partnership_mou_detail", args=[pw.mou.pk])
    fake = SimpleUploadedFile("nk.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    response = client_for("coordinator").post(url, {"action": "document", "title": "NK", "file": fake})
    assert "Berkas bukan PDF" in response.content.decode()
    real = SimpleUploadedFile("nk.pdf", PDF, content_type="application/pdf")
    client_for("coordinator").post(url, {"action": "document", "title": "NK ditandatangani", "file": real})
    document = AgreementDocument.objects.get(title="NK ditandatangani")
    download = client_for("agency_officer").get(reverse("partnership_document", args=[document.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF  # type: ignore[attr-defined]
    assert client_for("employer").get(reverse("partnership_document", args=[document.pk])).status_code == 404


def test_attendee_form_checks_the_nik_and_needs_consent(pw: PartnershipWorld, client_for: Clients) -> None:
    url = reverse("partnership_event", args=[pw.event.code])
    client = client_for("agency_officer")
    body = client.post(url, {"action": "attendee", "name": "A", "nik": "1271013213900011", "consent": "on"})
    assert "tanggal lahir DDMMYY" in body.content.decode()
    body = client.post(url, {"action": "attendee", "name": "A", "nik": NIKS[2]})
    assert "persetujuannya" in body.content.decode()
    client.post(url, {"action": "attendee", "name": "A", "nik": NIKS[2], "consent": "on", "follow_up": "to_contact"})
    assert Attendee.objects.get(event=pw.event, name="A").follow_up == "to_contact"


def test_attribution_by_nik_from_the_event_page(pw: PartnershipWorld, world: World, client_for: Clients) -> None:
    make_registration(make_worker(world.medan, NIKS[3], "Kode Dua"), world.agency, dt.date(2026, 3, 1))
    url = reverse("partnership_event", args=[pw.event.code])
    client_for("coordinator").post(url, {"action": "attribution", "nik": NIKS[3]})
    body = client_for("coordinator").get(url).content.decode()
    assert body.count('data-testid="paying-member"') == 3
    unknown = client_for("coordinator").post(url, {"action": "attribution", "nik": NIKS[4]})
    assert "Tidak ada pendaftaran sesudah acara" in unknown.content.decode()


def test_scorecard_xlsx_holds_numbers(pw: PartnershipWorld, client_for: Clients) -> None:
    response = client_for("coordinator").get(reverse("partnership_scorecard_xlsx"), {"tahun": 2026})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=5, values_only=True)}
    assert rows["Dinas Perhubungan"][1] == "Berlaku" and rows["Dinas Perhubungan"][2] == 10
    assert rows["Total"][7] == 2
    assert response["Content-Disposition"] == 'attachment; filename="kartu-skor-2026.xlsx"'


def test_the_coordinator_edits_the_pack_and_the_auditor_reads_it(pw: PartnershipWorld, client_for: Clients) -> None:
    url = reverse("partnership_evidence") + "?tahun=2026"
    client = client_for("coordinator")
    client.post(url, {"action": "pack", "apbd_allocation": "6000000000", "regulations": "Perda 3/2019"})
    client.post(url, {"action": "section", "title": "Kepling", "body": "25 pekerja per lingkungan"})
    assert client.post(url, {"action": "pack", "apbd_allocation": "-1"}).status_code == 200
    pw.pack.refresh_from_db()
    assert (pw.pack.apbd_allocation, pw.pack.regulation_lines) == (6_000_000_000, ["Perda 3/2019"])
    assert EvidenceSection.objects.filter(pack=pw.pack).count() == 2
    body = client_for("auditor").get(url).content.decode()
    assert "Perda 3/2019" in body and "Rp 6.000.000.000" in body
    assert client_for("auditor").post(url, {"action": "pack", "apbd_allocation": "1"}).status_code == 403


def test_agency_edit_by_the_coordinator_only(pw: PartnershipWorld, world: World, client_for: Clients) -> None:
    url = reverse("partnership_agency_edit", args=[world.agency.pk])
    assert client_for("agency_officer").get(url).status_code == 403
    client_for("coordinator").post(url, {"name": "Dinas Perhubungan Kota", "stakeholder_groups": ["ojek_driver"],
                                         "head_title": "Kepala Dinas"})  # fmt: skip
    world.agency.refresh_from_db()
    assert (world.agency.name, world.agency.stakeholder_groups) == ("Dinas Perhubungan Kota", ["ojek_driver"])


def test_english_pages(pw: PartnershipWorld, client_for: Clients) -> None:
    client = client_for("coordinator")
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = client.get(reverse("partnership_scorecard"), {"tahun": 2026}).content.decode()
    assert "Agency scorecard 2026" in body and "In force" in body and "Draft" in body


def test_create_pages_event_pks_and_mou(pw: PartnershipWorld, world: World, client_for: Clients) -> None:
    officer = client_for("agency_officer")
    data = {"title": "Sosialisasi ojek", "held_on": "2026-05-02", "organisers": [world.agency.pk], "attendance": "30"}
    response = officer.post(reverse("partnership_event_create"), data)
    event = Event.objects.get(title="Sosialisasi ojek")
    assert response.status_code == 302 and response["Location"].endswith(f"/acara/{event.code}/")
    refused = officer.post(reverse("partnership_event_create"), {**data, "organisers": [world.other_agency.pk]})
    assert refused.status_code == 200 and Event.objects.filter(title="Sosialisasi ojek").count() == 1
    coordinator = client_for("coordinator")
    again = coordinator.post(reverse("partnership_pks_create"), {"agency": world.agency.pk, "title": "PKS kedua"})
    assert "sudah memiliki PKS yang masih berjalan" in again.content.decode()
    assert officer.get(reverse("partnership_pks_create")).status_code == 403
    mou = {"number": "NK/2", "title": "NK", "signed_on": "2026-01-02", "valid_from": "2026-01-02",
            "valid_to": "2025-01-01", "city_signatory": "Wali Kota", "branch_signatory": "Kepala Cabang"}  # fmt: skip
    assert "harus sesudah tanggal mulai" in coordinator.post(reverse("partnership_mou_create"), mou).content.decode()
    assert not Mou.objects.filter(number="NK/2").exists()
