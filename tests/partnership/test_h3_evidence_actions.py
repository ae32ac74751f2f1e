"""The Paritrana evidence pack page refuses a POST whose action it does not know: nothing saved, a clear message."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from lindung.core.models import AuditEntry
from lindung.partnership.models import EvidencePack, EvidenceSection
from tests.partnership.factories import PartnershipWorld

Clients = Callable[[str], Client]
URL = reverse("partnership_evidence") + "?tahun=2026"
REFUSED = "Formulir yang dikirim kosong atau tidak dikenal; tidak ada yang disimpan."


def _saved(pack: EvidencePack) -> tuple[object, ...]:
    pack.refresh_from_db()
    return (pack.apbd_allocation, pack.apbd_note, pack.regulations, pack.updated_at, pack.sections.count())


@pytest.mark.parametrize("action", ["unknown", "", "PACK", "section_edit"])
def test_an_unknown_action_changes_nothing_and_says_so(pw: PartnershipWorld, client_for: Clients, action: str) -> None:
    # given the pack as the coordinator saved it
    client = client_for("coordinator")
    client.post(URL, {"action": "pack", "apbd_allocation": "6000000000", "regulations": "Perda 3/2019"}, follow=True)
    before, audits = _saved(pw.pack), AuditEntry.objects.count()
    # when a POST names an action the page has no form for, with the pack's and a section's fields
    data = {"action": action, "apbd_allocation": "1", "regulations": "Perwal 1/2020", "title": "T", "body": "B"}
    response = client.post(URL, data, follow=True)
    # then nothing is written, and the page says the form was not recognised
    body = response.content.decode().replace("&#x27;", "'")
    assert response.status_code == 200
    assert REFUSED in body and "Paket bukti disimpan." not in body
    assert _saved(pw.pack) == before and before[0] == 6_000_000_000
    assert AuditEntry.objects.count() == audits


def test_the_refusal_is_in_english_for_an_english_reader(pw: PartnershipWorld, client_for: Clients) -> None:
    client = client_for("coordinator")
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = client.post(URL, {"action": "unknown"}, follow=True).content.decode().replace("&#x27;", "'")
    assert "The form sent was empty or not recognised; nothing was saved." in body


def test_the_known_actions_still_work(pw: PartnershipWorld, client_for: Clients) -> None:
    client = client_for("coordinator")
    assert client.post(URL, {"action": "pack", "apbd_allocation": "5"}).status_code == 302
    assert client.post(URL, {"action": "section", "title": "Kepling", "body": "25 pekerja"}).status_code == 302
    section = EvidenceSection.objects.get(pack=pw.pack, title="Kepling")
    assert _saved(pw.pack)[0] == 5
    assert client.post(URL, {"action": "section_delete", "section": "²"}).status_code == 404
    assert client.post(URL, {"action": "section_delete", "section": str(section.pk)}).status_code == 302
    assert not EvidenceSection.objects.filter(pk=section.pk).exists()


def test_a_reader_cannot_post_an_unknown_action_either(pw: PartnershipWorld, client_for: Clients) -> None:
    assert client_for("auditor").post(URL, {"action": "unknown"}).status_code == 403
