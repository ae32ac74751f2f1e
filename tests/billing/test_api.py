"""The billing API answers within scope: lists filtered, objects outside the scope 404, refusals 400."""

from __future__ import annotations

import json

import pytest

from lindung.billing.models import BillingRun, Invoice
from tests.billing.conftest import JAN, Billing, bill, client_for, invoice_of

pytestmark = pytest.mark.django_db


def test_invoices_are_listed_within_scope(billing: Billing) -> None:
    bill(billing.world.medan, JAN)
    bill(billing.world.other, JAN)
    mine = client_for(billing.world, "employer").get("/api/v1/billing/invoices").json()
    assert [i["code"] for i in mine] == [invoice_of(billing.pu, JAN).code]
    officer = client_for(billing.world, "branch_officer").get("/api/v1/billing/invoices?period=2026-01").json()
    assert len(officer) == Invoice.objects.filter(region=billing.world.medan).count()
    foreign = Invoice.objects.get(region=billing.world.other).code
    assert client_for(billing.world, "branch_officer").get(f"/api/v1/billing/invoices/{foreign}").status_code == 404


def test_a_run_is_started_through_the_api_and_refused_for_a_future_period(billing: Billing) -> None:
    officer = client_for(billing.world, "branch_officer")
    future = officer.post("/api/v1/billing/runs", json.dumps({"period": "2026-12"}), content_type="application/json")
    assert future.status_code == 400 and "belum dimulai" in future.json()["detail"]
    started = officer.post("/api/v1/billing/runs", json.dumps({"period": "2026-01"}), content_type="application/json")
    assert started.status_code == 202 and started.json()["status"] == "pending"
    run = BillingRun.objects.get()
    assert officer.get(f"/api/v1/billing/runs/{run.pk}").json()["period"] == "2026-01"
    employer = client_for(billing.world, "employer")
    assert (
        employer.post(
            "/api/v1/billing/runs", json.dumps({"period": "2026-01"}), content_type="application/json"
        ).status_code
        == 404
    )


def test_a_payment_through_the_api(billing: Billing) -> None:
    bill(billing.world.medan, JAN)
    code = invoice_of(billing.pu, JAN).code
    body = {"invoice_code": code, "amount": 600_000, "received_on": "2026-02-03"}
    response = client_for(billing.world, "branch_officer").post(
        "/api/v1/billing/payments", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 201
    assert response.json()["credit"] == 45_600 and response.json()["invoice"]["status"] == "paid"
    refused = client_for(billing.world, "auditor").post(
        "/api/v1/billing/payments", json.dumps(body), content_type="application/json"
    )
    assert refused.status_code == 400
