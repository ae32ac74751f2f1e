"""Coverage writes by a role that sees the figures but may not change them: 403 with the reason, per role."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from tests.coverage.factories import City
from tests.coverage.test_views import body, client_for

pytestmark = pytest.mark.django_db

ASSIGN = "Hanya koordinator kota, petugas BPJS Ketenagakerjaan dan administrator yang menugaskan tindak lanjut."
REFRESH = "Hanya koordinator kota dan administrator yang menghitung ulang cakupan."
REPORT = "Hanya koordinator kota dan administrator yang membuat laporan bulanan."
AUDITOR = "Auditor hanya membaca: peran ini tidak dapat mengubah data atau mengambil langkah apa pun."
FOLLOWUP = {"kind": "village", "subject": "12.71.01.1001", "agency": "dishub"}


@pytest.mark.parametrize(
    ("role", "assign", "refresh", "report"),
    [
        ("auditor", AUDITOR, AUDITOR, AUDITOR),
        ("branch_officer", None, REFRESH, REPORT),
        ("agency_officer", ASSIGN, REFRESH, None),
    ],
)
def test_each_read_role_is_told_why_it_may_not_write(
    refreshed: City, role: str, assign: str | None, refresh: str | None, report: str | None
) -> None:
    client = client_for(refreshed.world, role)
    calls = {
        "assign": (client.post(reverse("coverage_assign"), {**FOLLOWUP, "wilayah": "12.71"}), assign),
        "refresh": (client.post(reverse("coverage_refresh"), {"wilayah": "12.71"}), refresh),
        "report": (client.post(reverse("coverage_report_generate"), {"period": "2026-01"}), report),
    }
    for name, (response, reason) in calls.items():
        if reason is None:
            assert response.status_code != 403, name
        else:
            assert response.status_code == 403 and reason in body(response), name
    api = client.post("/api/v1/coverage/followups", FOLLOWUP, content_type="application/json")
    if assign is None:  # allowed: the page above already assigned this gap, so the API says it is taken
        assert api.status_code == 422
    else:
        assert (api.status_code, api.json()["detail"]) == (403, assign)


def test_a_role_without_coverage_still_gets_a_404(refreshed: City) -> None:
    worker = client_for(refreshed.world, "worker")
    assert worker.post(reverse("coverage_assign"), FOLLOWUP).status_code == 404
    assert worker.post(reverse("coverage_refresh")).status_code == 404
    assert worker.post("/api/v1/coverage/followups", FOLLOWUP, content_type="application/json").status_code == 404


def test_the_refusal_is_in_english_for_an_english_reader(refreshed: City) -> None:
    auditor = client_for(refreshed.world, "auditor")
    auditor.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = auditor.post(reverse("coverage_refresh"))
    assert page.status_code == 403 and "Auditors only read" in body(page) and "Auditor hanya" not in body(page)
    officer = client_for(refreshed.world, "agency_officer")
    officer.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    api = officer.post("/api/v1/coverage/followups", FOLLOWUP, content_type="application/json")
    assert api.json() == {
        "detail": "Only the city coordinator, BPJS Ketenagakerjaan officers and administrators assign follow-ups."
    }
