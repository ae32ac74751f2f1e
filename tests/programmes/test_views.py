"""The programme pages: within scope (404 outside), thin over the services, exports, a bounded query count."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from lindung.programmes.models import Programme, ProposalStatus, Scenario
from tests.factories import World
from tests.programmes.builders import make_candidates, make_offices, make_programme, propose

BASE = "/program-rentan"


@pytest.fixture(autouse=True)
def _frozen() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 3, 10, 10, tzinfo=dt.UTC), tick=False):
        yield


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_each_role_sees_the_ledger_within_its_scope(world: World) -> None:
    programme = make_programme(world)
    foreign = Programme.objects.create(region=world.other, year=2026, name="Binjai", budget=1, programs=3,
                                       declared_income=1_000_000)  # fmt: skip
    for role in ("coordinator", "agency_officer", "branch_officer", "auditor", "admin"):
        page = client_for(world.users[role]).get(f"{BASE}/{programme.pk}/")
        assert page.status_code == 200, role
        assert 'data-testid="ledger-remaining"' in page.content.decode()
    for role in ("worker", "employer", "no_role"):
        assert client_for(world.users[role]).get(f"{BASE}/{programme.pk}/").status_code == 404, role
    assert client_for(world.users["coordinator"]).get(f"{BASE}/{foreign.pk}/").status_code == 404


def test_an_agency_proposes_on_the_page_and_the_offices_decide(world: World) -> None:
    offices = make_offices(world)
    programme = make_programme(world)
    workers = make_candidates(world, 2)
    dishub = client_for(world.users["agency_officer"])
    form = dishub.get(f"{BASE}/usulan/baru/")
    assert form.status_code == 200 and workers[0].name in form.content.decode()
    sent = dishub.post(f"{BASE}/usulan/baru/", {"programme": programme.pk, "worker": [w.pk for w in workers]})
    assert sent.status_code == 302
    proposal = programme.proposals.get()
    assert dishub.post(f"{BASE}/usulan/{proposal.pk}/", {"action": "decide"}).status_code == 403
    disnaker = client_for(offices.users["manpower"])
    first, _second = proposal.rows.order_by("pk")
    refused = disnaker.post(f"{BASE}/usulan/{proposal.pk}/", {"action": "decide", f"reject_{first.pk}": "on"})
    assert "Tuliskan alasan penolakan" in refused.content.decode()
    disnaker.post(f"{BASE}/usulan/{proposal.pk}/", {"action": "decide", f"reject_{first.pk}": "on",
                                                    f"reason_{first.pk}": "Bukan warga binaan"})  # fmt: skip
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.VERIFIED
    assert proposal.rows.get(pk=first.pk).reject_reason == "Bukan warga binaan"


def test_a_proposal_for_a_worker_outside_the_region_shows_why(world: World) -> None:
    programme = make_programme(world)
    world.foreign_worker.vulnerability_category = "fisher"
    world.foreign_worker.save()
    page = client_for(world.users["coordinator"]).post(
        f"{BASE}/usulan/baru/?perangkat={world.agency.pk}",
        {"programme": programme.pk, "worker": [world.foreign_worker.pk], "agency": world.agency.pk},
    )
    assert page.status_code == 200
    assert "Bukan penduduk Kota Medan" in page.content.decode()
    assert not programme.proposals.exists()


def test_the_proposal_list_costs_a_bounded_number_of_queries(world: World) -> None:
    programme = make_programme(world)
    client = client_for(world.users["coordinator"])
    counts = []
    for n in (1, 4):
        for _ in range(n):
            propose(world, programme, make_candidates(world, 2))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"{BASE}/usulan/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 15


def test_programme_set_up_refuses_bad_shares_on_the_form(world: World) -> None:
    client = client_for(world.users["coordinator"])
    data = {"year": 2027, "name": "P", "budget": 1_000_000_000, "programs": ["JKK", "JKM"],
            "declared_income": 1_000_000, "first_month": 1, "last_month": 12, "min_age": 18, "max_age": 65,
            "verify_days": 5, "budget_days": 5, "enrol_days": 7, "source_0": "city", "share_0": "80",
            "source_1": "sponsor", "share_1": "15", "source_name_1": "CSR"}  # fmt: skip
    data.update({f"weight_{k}": 10 for k in ("female_head_of_household", "disability", "older_worker",
                                             "never_covered", "proposed_by_agency")})  # fmt: skip
    page = client.post(f"{BASE}/baru/", data)
    assert "harus berjumlah 100 %; sekarang 95 %" in page.content.decode()
    assert not Programme.objects.exists()
    data["share_1"] = "20"
    assert client.post(f"{BASE}/baru/", data).status_code == 302
    programme = Programme.objects.get()
    assert client.post(f"{BASE}/{programme.pk}/aktifkan/").status_code == 302
    assert Programme.objects.get().status == "active"
    assert client_for(world.users["agency_officer"]).get(f"{BASE}/baru/").status_code == 403


def test_the_planner_runs_compares_and_converts(world: World) -> None:
    make_candidates(world, 3)
    client = client_for(world.users["coordinator"])
    for budget in (1_000_000, 500_000):
        form = {"name": f"Rp {budget}", "year": 2027, "budget": budget, "first_month": 1, "months": 12,
                "programs": ["JKK", "JKM"], "declared_income": 1_000_000, "include_current": "on"}  # fmt: skip
        assert client.post(f"{BASE}/simulasi/", form).status_code == 302
    refused = client.post(f"{BASE}/simulasi/", {"year": 2027, "budget": 0, "first_month": 1, "months": 12,
                                                "programs": ["JKK", "JKM"], "declared_income": 1_000_000})  # fmt: skip
    assert "lebih dari nol" in refused.content.decode()
    ids = list(Scenario.objects.order_by("pk").values_list("pk", flat=True))
    compared = client.get(f"{BASE}/simulasi/banding/", {"id": ids})
    assert compared.status_code == 200 and compared.content.decode().count('data-testid="total-workers"') == 2
    xlsx = client.get(f"{BASE}/simulasi/banding.xlsx", {"id": ids})
    assert load_workbook(io.BytesIO(xlsx.content)).sheetnames == ["Perbandingan", "Per kecamatan"]
    assert client.post(f"{BASE}/simulasi/{ids[0]}/jadikan-program/").status_code == 302
    assert Programme.objects.get().year == 2027
    assert client_for(world.users["branch_officer"]).get(f"{BASE}/simulasi/{ids[0]}/").status_code == 404


def test_exports_and_the_waiting_list(world: World) -> None:
    programme = make_programme(world)
    make_candidates(world, 2)
    client = client_for(world.users["coordinator"])
    page = client.get(f"{BASE}/{programme.pk}/daftar-tunggu/")
    assert page.status_code == 200 and "Calon" in page.content.decode()
    book = load_workbook(io.BytesIO(client.get(f"{BASE}/{programme.pk}/daftar-tunggu.xlsx").content))
    assert book["Daftar tunggu"].max_row == 3 + 2
    ledger = load_workbook(io.BytesIO(client.get(f"{BASE}/{programme.pk}/buku-besar.xlsx").content))
    assert ledger["Ringkasan"]["B4"].value == programme.budget
    pdf = client.get(f"{BASE}/{programme.pk}/buku-besar.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_pages_in_english(world: World) -> None:
    programme = make_programme(world)
    client = client_for(world.users["coordinator"])
    client.post("/i18n/setlang/", {"language": "en"})
    page = client.get(f"{BASE}/{programme.pk}/").content.decode()
    assert "Ledger as of" in page and "Remaining" in page
