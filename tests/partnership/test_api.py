"""The partnership API: scorecard, PKS steps, event funnel, attribution by code; all within scope."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client

from lindung.partnership.models import EventAttribution
from tests.factories import World, make_worker
from tests.partnership.factories import NIKS, PartnershipWorld, make_registration

pytestmark = pytest.mark.django_db
Clients = Callable[[str], Client]


def test_scorecard_and_pks_within_scope(pw: PartnershipWorld, client_for: Clients) -> None:
    rows = client_for("coordinator").get("/api/v1/partnership/scorecard", {"year": 2026}).json()
    assert {r["agency"] for r in rows} == {"Dinas Perhubungan", "Dinas Sosial"}
    officer = client_for("agency_officer")
    assert [r["pks_status"] for r in officer.get("/api/v1/partnership/scorecard", {"year": 2026}).json()] == ["active"]
    assert [p["id"] for p in officer.get("/api/v1/partnership/pks").json()] == [pw.pks.pk]
    assert officer.get(f"/api/v1/partnership/pks/{pw.other_pks.pk}").status_code == 404
    assert Client().get("/api/v1/partnership/pks").status_code == 401


def test_a_step_out_of_order_answers_400_with_the_reason(pw: PartnershipWorld, client_for: Clients) -> None:
    url = f"/api/v1/partnership/pks/{pw.other_pks.pk}/steps"
    client = client_for("coordinator")
    refused = client.post(url, {"to_status": "active"}, content_type="application/json")
    assert refused.status_code == 400 and "Langkah berikutnya: 'Telaah hukum'" in refused.json()["detail"]
    done = client.post(url, {"to_status": "in_review", "note": "ke bagian hukum"}, content_type="application/json")
    assert done.status_code == 200 and done.json()["status"] == "in_review"
    assert client_for("auditor").post(url, {"to_status": "agreed"}, content_type="application/json").status_code == 403


def test_event_funnel_and_attribution_by_code(pw: PartnershipWorld, world: World, client_for: Clients) -> None:
    client = client_for("branch_officer")
    funnel = client.get(f"/api/v1/partnership/events/{pw.event.code}/funnel").json()
    assert (funnel["registered"], funnel["is_proxy"]) == (2, True)
    membership = make_registration(make_worker(world.medan, NIKS[3], "Kode"), None, dt.date(2026, 3, 2))
    payload = {"event_code": pw.event.code, "membership_id": membership.pk}
    created = client.post("/api/v1/partnership/attributions", payload, content_type="application/json")
    assert created.status_code == 201 and EventAttribution.objects.filter(membership=membership).exists()
    again = client.post("/api/v1/partnership/attributions", payload, content_type="application/json")
    assert again.status_code == 400 and "sudah diatribusikan" in again.json()["detail"]
    foreign = {"event_code": pw.foreign_event.code, "membership_id": membership.pk}
    assert client.post("/api/v1/partnership/attributions", foreign, content_type="application/json").status_code == 404
