"""The programme over REST: within scope, the same rules as the pages (order, maker-checker, reasons)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.test import Client

from lindung.programmes.models import Programme, ProposalStatus
from tests.factories import World
from tests.programmes.builders import make_candidates, make_offices, make_programme, propose

API = "/api/v1"


@pytest.fixture(autouse=True)
def _frozen() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 3, 10, 10, tzinfo=dt.UTC), tick=False):
        yield


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_programmes_and_the_ledger_within_scope(world: World) -> None:
    programme = make_programme(world)
    foreign = Programme.objects.create(region=world.other, year=2026, name="B", budget=1, programs=3,
                                       declared_income=1_000_000)  # fmt: skip
    client = _client(world.users["agency_officer"])
    assert [p["id"] for p in client.get(f"{API}/programmes").json()] == [programme.pk]
    ledger = client.get(f"{API}/programmes/{programme.pk}/ledger").json()
    assert (ledger["budget"], ledger["new_worker_cost"], len(ledger["months"])) == (50_000_000, 168_000, 12)
    assert client.get(f"{API}/programmes/{foreign.pk}/ledger").status_code == 404
    assert _client(world.users["worker"]).get(f"{API}/programmes/{programme.pk}/ledger").status_code == 404


def test_the_waiting_list_is_ranked_and_masked(world: World) -> None:
    programme = make_programme(world)
    make_candidates(world, 2)
    rows = _client(world.users["coordinator"]).get(f"{API}/programmes/{programme.pk}/waiting-list").json()
    assert [r["rank"] for r in rows] == [1, 2]
    assert all("*" in r["nik_masked"] for r in rows)


def test_a_step_over_rest_keeps_maker_checker(world: World) -> None:
    offices = make_offices(world)
    proposal = propose(world, make_programme(world), make_candidates(world, 2), user=world.users["coordinator"])
    rows = [{"row_id": r.pk, "approve": True} for r in proposal.rows.all()]
    body = json.dumps({"step": "verify", "rows": rows})
    own = _client(world.users["coordinator"]).post(f"{API}/proposals/{proposal.pk}/decision", body,
                                                   content_type="application/json")  # fmt: skip
    assert own.status_code == 422 and "prinsip empat mata" in own.json()["detail"]
    wrong = _client(offices.users["finance"]).post(f"{API}/proposals/{proposal.pk}/decision", body,
                                                   content_type="application/json")  # fmt: skip
    assert wrong.status_code == 403
    done = _client(offices.users["manpower"]).post(f"{API}/proposals/{proposal.pk}/decision", body,
                                                   content_type="application/json")  # fmt: skip
    assert done.status_code == 200 and done.json()["status"] == ProposalStatus.VERIFIED
    detail = _client(world.users["branch_officer"]).get(f"{API}/proposals/{proposal.pk}").json()
    assert detail["next_step"] == "budget" and len(detail["rows"]) == 2
    assert _client(world.users["employer"]).get(f"{API}/proposals/{proposal.pk}").status_code == 404
