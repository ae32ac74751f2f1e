"""Exploratory QA of the proposal decision API: an unknown step is refused with the steps to choose from."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator

import pytest
import time_machine
from django.test import Client

from lindung.programmes.models import ProposalStatus
from tests.factories import World
from tests.programmes.builders import make_candidates, make_offices, make_programme, propose


@pytest.fixture(autouse=True)
def _frozen() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 3, 10, 10, tzinfo=dt.UTC), tick=False):
        yield


@pytest.mark.parametrize("step", ["zzz", "", "VERIFY", "verify "])
def test_an_unknown_step_is_a_422_naming_the_steps_and_changes_nothing(world: World, step: str) -> None:
    offices = make_offices(world)
    proposal = propose(world, make_programme(world), make_candidates(world, 2), user=world.users["coordinator"])
    rows = [{"row_id": r.pk, "approve": True} for r in proposal.rows.all()]
    client = Client(raise_request_exception=False)
    client.force_login(offices.users["manpower"])
    response = client.post(
        f"/api/v1/proposals/{proposal.pk}/decision",
        json.dumps({"step": step, "rows": rows}),
        content_type="application/json",
    )
    assert response.status_code == 422, response.content[:300]
    assert "Pilih salah satu: verify, budget, enrol." in response.json()["detail"]
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED
    assert set(proposal.rows.values_list("status", flat=True)) == {"pending"}
