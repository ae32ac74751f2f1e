"""The API's 404s speak the caller's language and say the same for a missing object and one out of scope."""

from __future__ import annotations

import pytest
from django.conf import settings

from tests.billing.conftest import JAN, Billing, bill, client_for, invoice_of

pytestmark = pytest.mark.django_db


def test_a_404_of_the_api_is_worded_in_the_callers_language_and_reveals_nothing(billing: Billing) -> None:
    bill(billing.world.medan, JAN)
    code = invoice_of(billing.pu, JAN).code
    employer = client_for(billing.world, "employer")
    missing = employer.get("/api/v1/billing/invoices/TG-0000-00000000-0")
    out_of_scope = client_for(billing.world, "worker").get(f"/api/v1/billing/invoices/{code}")
    assert missing.status_code == out_of_scope.status_code == 404
    assert missing.json() == out_of_scope.json() == {"detail": "Tidak ditemukan atau di luar cakupan Anda."}
    employer.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the language switch
    english = employer.get("/api/v1/billing/invoices/TG-0000-00000000-0")
    assert english.json() == {"detail": "Not found, or outside your scope."}
    no_region = client_for(billing.world, "coordinator").post(
        "/api/v1/billing/runs", '{"period": "2026-01"}', content_type="application/json"
    )
    assert no_region.status_code == 404 and no_region.json()["detail"] == "Tidak ditemukan atau di luar cakupan Anda."
