"""A role that may not take a proposal's step gets a 403 saying why, in its language, before any workflow message:
an auditor is told auditors only read, not whose turn the step is."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from lindung.programmes.models import Proposal, Step, StepDecision
from tests.factories import World
from tests.programmes.builders import Offices, approve_step, make_candidates, make_offices, make_programme, propose

API = "/api/v1"
AUDITOR = "Auditor hanya membaca: peran ini tidak dapat mengubah data atau mengambil langkah apa pun."
#: The proposal waits for the budget step (BPKAD); what each role that sees it is told when it tries that step.
REFUSALS = {
    "auditor": AUDITOR,
    "admin": "Administrator tidak mengambil langkah usulan (pemisahan tugas): langkah Konfirmasi anggaran BPKAD",
    "coordinator": "Langkah Konfirmasi anggaran BPKAD bukan wewenang peran Anda (Koordinator kota)",
    "branch_officer": "Langkah Konfirmasi anggaran BPKAD bukan wewenang peran Anda (Petugas BPJS Ketenagakerjaan)",
    "agency_officer": "Langkah Konfirmasi anggaran BPKAD bukan wewenang peran Anda (Petugas perangkat daerah)",
}


def _client(user: Any, language: str = "id") -> Client:
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def _verified(world: World) -> tuple[Proposal, Offices]:
    offices = make_offices(world)
    proposal = propose(world, make_programme(world), make_candidates(world, 1))
    return approve_step(proposal, Step.VERIFY, offices.users["manpower"]), offices


def _decide(client: Client, proposal: Proposal, step: str) -> Any:
    body = {"step": step, "rows": [{"row_id": r.pk, "approve": True} for r in proposal.rows.all()]}
    return client.post(f"{API}/proposals/{proposal.pk}/decision", json.dumps(body), content_type="application/json")


@pytest.mark.parametrize("role", sorted(REFUSALS))
def test_each_role_is_refused_the_step_with_its_reason_on_the_page_and_the_api(world: World, role: str) -> None:
    proposal, _offices = _verified(world)
    page = _client(world.users[role]).post(f"/program-rentan/usulan/{proposal.pk}/", {"note": ""})
    assert page.status_code == 403 and REFUSALS[role] in page.content.decode()
    others = ["budget"] if role == "branch_officer" else ["budget", "enrol"]  # enrolling is the branch's step
    for step in others:  # the step it waits for, and one out of turn: the role speaks first
        api = _decide(_client(world.users[role]), proposal, step)
        assert api.status_code == 403, step
        detail = api.json()["detail"]
        assert "menunggu" not in detail and (role != "auditor" or detail == AUDITOR), detail
    assert StepDecision.objects.filter(proposal=proposal).count() == 1


@pytest.mark.parametrize("role", ["worker", "employer"])
def test_a_role_that_cannot_see_the_proposal_gets_a_404(world: World, role: str) -> None:
    proposal, _offices = _verified(world)
    assert _client(world.users[role]).post(f"/program-rentan/usulan/{proposal.pk}/").status_code == 404
    assert _decide(_client(world.users[role]), proposal, "budget").status_code == 404


def test_the_auditor_reads_the_refusal_in_english(world: World) -> None:
    proposal, _offices = _verified(world)
    page = _client(world.users["auditor"], "en").post(f"/program-rentan/usulan/{proposal.pk}/")
    assert page.status_code == 403
    assert "Auditors only read: this role cannot change data or take any step." in page.content.decode()
    api = _decide(_client(world.users["auditor"], "en"), proposal, "enrol")
    assert api.json() == {"detail": "Auditors only read: this role cannot change data or take any step."}


def test_the_office_whose_turn_it_is_still_gets_the_workflow_message(world: World) -> None:
    proposal, offices = _verified(world)
    early = _decide(_client(offices.users["finance"]), proposal, "enrol")
    assert early.status_code == 403 and "petugas cabang BPJS Ketenagakerjaan" in early.json()["detail"]
    waiting = _decide(_client(world.users["branch_officer"]), proposal, "enrol")
    assert waiting.status_code == 422 and "masih menunggu Konfirmasi anggaran BPKAD" in waiting.json()["detail"]
    late = _decide(_client(world.users["coordinator"]), proposal, "verify")
    assert late.status_code == 422 and "sudah dilakukan" in late.json()["detail"]
    assert _decide(_client(offices.users["finance"]), proposal, "budget").status_code == 200
