"""Builders of a programme world on top of ``tests.factories.World``: the two offices, their officers, candidates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from lindung.core.models import Agency
from lindung.core.roles import Role
from lindung.programmes.models import FULL_SHARE, FundingSource, Programme, ProgrammeStatus, Proposal
from lindung.programmes.services import FundingInput, RowDecision, programme_create, proposal_create, proposal_decide
from lindung.registry.models import Worker
from tests.factories import World, make_user, make_worker

TODAY = dt.date(2026, 3, 10)
CITY_ONLY = [FundingInput(FundingSource.CITY, FULL_SHARE)]


@dataclass
class Offices:
    manpower: Agency
    finance: Agency
    users: dict[str, Any] = field(default_factory=dict)


def make_offices(w: World) -> Offices:
    """Disnaker and BPKAD of Medan with one officer each, and a second coordinator."""
    manpower = Agency.objects.create(
        region=w.medan, code="disnaker", name="Dinas Tenaga Kerja", is_manpower_office=True
    )
    finance = Agency.objects.create(region=w.medan, code="bpkad", name="BPKAD", is_finance_office=True)
    users = {
        "manpower": make_user("disnaker", Role.AGENCY_OFFICER, region=w.medan, agency=manpower),
        "finance": make_user("bpkad", Role.AGENCY_OFFICER, region=w.medan, agency=finance),
        "coordinator2": make_user("koordinator-2", Role.COORDINATOR, region=w.medan),
    }
    return Offices(manpower, finance, users)


def make_programme(w: World, *, year: int = 2026, budget: int = 50_000_000, **options: Any) -> Programme:
    programme = programme_create(
        region=w.medan, year=year, name=f"Program {year}", budget=budget, programs=["JKK", "JKM"],
        declared_income=1_000_000, funding=options.pop("funding", CITY_ONLY), **options,
    )  # fmt: skip
    Programme.objects.filter(pk=programme.pk).update(status=ProgrammeStatus.ACTIVE)
    programme.refresh_from_db()
    return programme


_SEQ = iter(range(10_000, 99_999))


def make_candidates(w: World, n: int, *, agency: Agency | None = None, **fields: Any) -> list[Worker]:
    """Vulnerable workers of Medan with no membership (eligible unless ``fields`` say otherwise)."""
    made = []
    for _ in range(n):
        i = next(_SEQ)
        worker = make_worker(w.medan, f"12710117089{i:05d}", f"Calon {i}", agency or w.agency)
        for key, value in {"vulnerability_category": "ojek_driver", **fields}.items():
            setattr(worker, key, value)
        worker.save()
        made.append(worker)
    return made


def propose(w: World, programme: Programme, workers: list[Worker], user: Any = None) -> Proposal:
    outcome = proposal_create(programme=programme, agency=w.agency, worker_ids=[x.pk for x in workers],
                              created_by=user or w.users["agency_officer"], today=TODAY)  # fmt: skip
    return outcome.proposal


def approve_step(proposal: Proposal, step: str, user: Any, today: dt.date = TODAY) -> Proposal:
    decisions = [RowDecision(r.pk, True) for r in proposal.rows.filter(status="pending")]
    return proposal_decide(proposal=proposal, step=step, user=user, decisions=decisions, today=today)
