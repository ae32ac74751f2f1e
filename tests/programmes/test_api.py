"""The programme over REST: within scope, the same rules as the pages (order, maker-checker, reasons)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client

from lindung.programmes.models import PovertyDecile, Programme, ProposalStatus
from tests.factories import World, make_worker
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


@pytest.mark.django_db(transaction=True)  # the real task worker commits and closes its connection
def test_a_decile_upload_over_rest_runs_as_a_job_with_a_status_url(world: World) -> None:
    programme = make_programme(world)
    nik = "1271015505000042"
    worker = make_worker(world.medan, nik, "Desil API", world.agency)
    foreign = Programme.objects.create(region=world.other, year=2026, name="B", budget=1, programs=3, declared_income=1)
    url = f"{API}/programmes/{programme.pk}/deciles"
    form = {"source": "dtks", "as_of": "2025-08-01"}

    def post(user: str, rows: str) -> Any:
        file = SimpleUploadedFile("desil.csv", f"NIK,Desil\n{rows}".encode())
        return _client(world.users[user]).post(url, {**form, "file": file})

    assert post("agency_officer", f"{nik},1\n").status_code == 403
    outside = _client(world.users["coordinator"]).post(
        f"{API}/programmes/{foreign.pk}/deciles", {**form, "file": SimpleUploadedFile("d.csv", b"NIK,Desil\n")}
    )
    assert outside.status_code == 404
    header_only = post("coordinator", "")  # a file with no rows is refused by the task, not at the upload
    assert header_only.status_code == 202
    bad_date = _client(world.users["coordinator"]).post(
        url, {"source": "dtks", "as_of": "2099-01-01", "file": SimpleUploadedFile("d.csv", b"NIK,Desil\n")}
    )
    assert bad_date.status_code == 422 and "setelah hari ini" in bad_date.json()["detail"]
    answer = post("coordinator", f"{nik},2\n")
    assert answer.status_code == 202
    job = answer.json()
    assert job["status"] == "queued" and job["status_url"] == f"{API}/decile-uploads/{job['id']}"
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    done = _client(world.users["coordinator"]).get(job["status_url"]).json()
    assert (done["status"], done["written"], done["messages"]) == ("done", 1, [])
    assert PovertyDecile.objects.get(worker=worker).decile == 2
    failed = _client(world.users["coordinator"]).get(header_only.json()["status_url"]).json()
    assert failed["status"] == "failed" and "Tidak ada data yang disimpan" in failed["messages"][-1]
    assert _client(world.users["agency_officer"]).get(job["status_url"]).status_code == 404
    assert _client(world.users["auditor"]).get(job["status_url"]).status_code == 200
