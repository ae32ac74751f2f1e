"""A partnership write refused by role: 403 with the reason in the user's language, on the pages and the API."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.factories import World
from tests.partnership.factories import PartnershipWorld

pytestmark = pytest.mark.django_db
Clients = Callable[[str], Client]
AUDITOR = "Auditor hanya membaca: peran ini tidak dapat mengubah data atau mengambil langkah apa pun."
PKS_STEP = "Langkah PKS ini bukan wewenang Anda: koordinator kota mengambil langkah PKS"


@pytest.mark.parametrize(
    ("role", "page", "api"),
    [
        ("auditor", AUDITOR, AUDITOR),
        ("agency_officer", "Peran Anda (Petugas perangkat daerah) tidak berwenang melakukan tindakan ini.", PKS_STEP),
        (
            "branch_officer",
            "Peran Anda (Petugas BPJS Ketenagakerjaan) tidak berwenang melakukan tindakan ini.",
            PKS_STEP,
        ),
    ],
)
def test_a_pks_step_refused_by_role_says_why(
    pw: PartnershipWorld, client_for: Clients, role: str, page: str, api: str
) -> None:
    client = client_for(role)
    refused = client.post(reverse("partnership_pks", args=[pw.pks.pk]), {"action": "step", "to_status": "expiring"})
    assert refused.status_code == 403 and page in refused.content.decode()
    url = f"/api/v1/partnership/pks/{pw.pks.pk}/steps"
    answer = client.post(url, {"to_status": "expiring"}, content_type="application/json")
    assert answer.status_code == 403 and answer.json()["detail"].startswith(api)


def test_the_agency_api_names_who_may_edit_and_the_auditor_reads_english(
    pw: PartnershipWorld, world: World, client_for: Clients
) -> None:
    url = f"/api/v1/partnership/agencies/{world.agency.pk}"
    officer = client_for("agency_officer").patch(url, {"name": "X"}, content_type="application/json")
    assert officer.json() == {"detail": "Hanya koordinator kota yang dapat mengubah data perangkat daerah."}
    auditor = client_for("auditor")
    auditor.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    answer = auditor.patch(url, {"name": "X"}, content_type="application/json")
    assert answer.json() == {"detail": "Auditors only read: this role cannot change data or take any step."}
    page = auditor.post(reverse("partnership_pks", args=[pw.pks.pk]), {"action": "target", "workers": "5"})
    assert page.status_code == 403 and "Auditors only read" in page.content.decode()
