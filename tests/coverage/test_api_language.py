"""The coverage API refuses in the caller's language (a missing place and one out of scope alike); the export too."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.conf import settings
from django.urls import reverse

from tests.coverage.factories import City
from tests.coverage.test_views import client_for

pytestmark = pytest.mark.django_db

BAHASA = {"detail": "Tidak ditemukan atau di luar cakupan Anda."}
ENGLISH = {"detail": "Not found, or outside your scope."}
OUT_OF_SCOPE = [
    "/api/v1/coverage",
    "/api/v1/coverage/trend",
    "/api/v1/coverage/targets",
    "/api/v1/coverage/suspects",
    "/api/v1/coverage/gaps/kelurahan",
    "/api/v1/coverage/followups",
    "/api/v1/coverage/districts/12.71.01",
]


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_404_of_a_worker_is_worded_in_its_language(refreshed: City, language: str) -> None:
    worker = client_for(refreshed.world, "worker")
    worker.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    for url in OUT_OF_SCOPE:
        response = worker.get(url)
        assert response.status_code == 404, url
        assert response.json() == (ENGLISH if language == "en" else BAHASA), url


def test_a_missing_kecamatan_answers_like_one_out_of_scope(refreshed: City) -> None:
    coordinator = client_for(refreshed.world, "coordinator")
    coordinator.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert coordinator.get("/api/v1/coverage/districts/12.71.99").json() == ENGLISH
    assert coordinator.get("/api/v1/coverage/districts/12.75.01").json() == ENGLISH


def test_the_other_refusals_are_worded_in_english_too(refreshed: City) -> None:
    coordinator = client_for(refreshed.world, "coordinator")
    coordinator.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    unknown = coordinator.get("/api/v1/coverage/gaps/zzz")
    assert unknown.status_code == 404
    assert unknown.json() == {"detail": "Unknown gap list: choose kelurahan, sektor or menunggak."}
    no_billing = coordinator.get("/api/v1/coverage/gaps/menunggak")
    assert no_billing.status_code == 503
    assert no_billing.json() == {"detail": "No billing data yet: the arrears list appears after the first billing run."}
    payload = {"kind": "village", "subject": "12.71.01.1001", "agency": "zzz"}
    agency = coordinator.post("/api/v1/coverage/followups", payload, content_type="application/json")
    assert agency.status_code == 422 and agency.json() == {"detail": "Agency code not known in your region."}


def test_the_export_note_and_headings_follow_the_readers_language(refreshed: City) -> None:
    coordinator = client_for(refreshed.world, "coordinator")
    coordinator.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    book = openpyxl.load_workbook(io.BytesIO(coordinator.get(reverse("coverage_export")).content))
    assert book["Summary"]["A1"].value.startswith("Kota Medan, as of 2026-02-15. Workforce: ")
    assert book["Monthly trend"]["A1"].value == "Date"
