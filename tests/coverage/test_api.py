"""The coverage API: the same figures and gaps as the pages, within scope."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.coverage.factories import City
from tests.coverage.test_views import client_for

pytestmark = pytest.mark.django_db


def test_coverage_as_of_a_date_by_every_dimension(refreshed: City) -> None:
    data = client_for(refreshed.world, "coordinator").get("/api/v1/coverage?as_of=2026-01-31").json()
    assert data["state"] == "ok" and data["as_of"] == "2026-01-31" and data["slice"] == "region"
    assert data["total"]["values"]["participants"] == 6
    assert {row["key"] for row in data["by"]["district"]} == {"12.71.01", "12.71.02"}
    assert {"village", "sector", "sex", "age", "agency"} <= set(data["by"])
    early = client_for(refreshed.world, "coordinator").get("/api/v1/coverage?as_of=2001-01-01").json()
    assert early["state"] == "before" and early["total"] is None


def test_an_agency_officer_gets_its_agency_and_others_nothing(refreshed: City) -> None:
    data = client_for(refreshed.world, "agency_officer").get("/api/v1/coverage").json()
    assert data["slice"] == f"agency:{refreshed.world.agency.pk}"
    assert client_for(refreshed.world, "worker").get("/api/v1/coverage").status_code == 404
    assert Client().get("/api/v1/coverage").status_code == 401


def test_trend_villages_and_gaps(refreshed: City) -> None:
    client = client_for(refreshed.world, "coordinator")
    trend = client.get("/api/v1/coverage/trend").json()
    assert trend[-1]["as_of"] == "2026-02-15" and trend[-1]["value"] == 6
    villages = client.get("/api/v1/coverage/districts/12.71.02").json()
    assert [v["key"] for v in villages] == ["12.71.02.1001", "12.71.02.1002"]
    assert client.get("/api/v1/coverage/districts/12.75.01").status_code == 404
    assert client.get("/api/v1/coverage/gaps/kelurahan?limit=1").json()[0]["key"] == "12.71.01.1001"
    assert client.get("/api/v1/coverage/gaps/menunggak").status_code == 503
    suspects = client.get("/api/v1/coverage/suspects").json()
    assert {s["employer"] for s in suspects} >= {"PT Angkutan Deli"}


def test_followups_through_the_api(refreshed: City) -> None:
    client = client_for(refreshed.world, "coordinator")
    payload = {"kind": "sector", "subject": "12.71.02:transport_communication", "agency": "dishub"}
    created = client.post("/api/v1/coverage/followups", payload, content_type="application/json")
    assert created.status_code == 201 and created.json()["subject_label"].startswith("Sektor")
    again = client.post("/api/v1/coverage/followups", payload, content_type="application/json")
    assert again.status_code == 422
    listed = client_for(refreshed.world, "agency_officer").get("/api/v1/coverage/followups").json()
    assert [f["kind"] for f in listed] == ["sector"]
    denied = client_for(refreshed.world, "auditor").post(
        "/api/v1/coverage/followups", payload, content_type="application/json"
    )
    assert denied.status_code == 403 and denied.json()["detail"].startswith("Auditor hanya membaca")


def test_the_targets_say_where_they_come_from_and_whether_confirmed(refreshed: City) -> None:
    [seed] = client_for(refreshed.world, "auditor").get("/api/v1/coverage/targets").json()
    assert seed["confirmed"] is False and seed["target_pct"] == 100.0 and "Nota Kesepakatan" in seed["source"]
    assert client_for(refreshed.world, "agency_officer").get("/api/v1/coverage/targets").status_code == 404
