"""The waiting list read by the database (``selectors.waiting``) gives what the whole-pool read gives
(``eligibility.eligibility_report``) on the same data: the same ranked Candidates in the same order page by
page, the same first refused workers by name with their reasons, the same counts by check. And the page reads
only the rows it shows."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from typing import Any

import pytest
from django.core.paginator import Paginator

from lindung.core.models import Village
from lindung.programmes.models import DecileSource, PovertyDecile, ProposalRow
from lindung.programmes.selectors import ranking, waiting
from lindung.programmes.selectors.eligibility import age_on, candidate_pool, eligibility_report, waiting_list
from lindung.programmes.views.common import today
from lindung.registry.models import EndReason, Membership, Program, Worker
from tests.factories import World
from tests.programmes.builders import TODAY, make_programme, propose
from tests.programmes.test_views import BASE, client_for

pytestmark = pytest.mark.django_db

# Names whose order differs between byte order and a language collation (case, accents, spaces).
NAMES = ["budi", "Budi", "Ádi", "adi", "Adi Putra", "AdiPutra", "zul", "Zul", "Éva", "eva", "Ñoto", "_x", "Ayu"]
# Birth dates at the edges of the age bounds on TODAY (18-65) and of the older-worker criterion (50).
BIRTHS = [
    dt.date(2008, 3, 10), dt.date(2008, 3, 11), dt.date(1960, 3, 11), dt.date(1960, 3, 10), dt.date(1976, 3, 10),
    dt.date(1976, 3, 11), dt.date(1992, 2, 29), dt.date(1990, 6, 1), dt.date(1955, 1, 1),
]  # fmt: skip
CATEGORIES = ["ojek_driver", "fisher", "", "formal_worker"]


def _mixed_pool(world: World, n: int, seed: int) -> list[Worker]:
    """``n`` workers of Medan mixing every check and criterion, some registered at the same instant."""
    pick = random.Random(seed)
    villages = [*Village.objects.filter(district__region=world.medan)[:3], None]
    agencies = [world.agency, world.other_agency, None]
    made = Worker.objects.bulk_create(
        Worker(region=world.medan, nik_cipher="x", nik_index=f"h4-{seed}-{i}", nik_masked="1271********0000",
               nik_regency_code=pick.choice(["12.71", "12.71", "12.75", ""]), name=pick.choice(NAMES),
               birth_date=pick.choice(BIRTHS), sex="F", village=pick.choice(villages),
               vulnerability_category=pick.choice(CATEGORIES), female_head_of_household=pick.random() < 0.2,
               disability=pick.random() < 0.1, proposed_by_agency=pick.choice(agencies))
        for i in range(n)
    )  # fmt: skip
    instants = [dt.datetime(2025, 1, 1, 8, tzinfo=dt.UTC) + dt.timedelta(seconds=s) for s in (0, 0, 1, 2, 2, 3)]
    for worker in made:
        Worker.objects.filter(pk=worker.pk).update(created_at=pick.choice(instants))
        kind = pick.randrange(8)
        if kind == 0:  # covered now, by an employer or by the city
            _membership(worker, pick.choice(["employer", "city_programme", "self"]), None, None)
        elif kind == 1:  # died or moved away after a membership
            reason = pick.choice([EndReason.DEATH, EndReason.MOVED_AWAY])
            _membership(worker, "self", dt.date(2025, 1, 1), reason)
        elif kind == 2:  # covered once (not "never covered"), ended for another reason
            _membership(worker, "self", dt.date(2024, 6, 30), EndReason.RESIGNED)
        elif kind == 3:  # moved away, then died later: the later end decides
            _membership(worker, "self", dt.date(2024, 1, 1), EndReason.MOVED_AWAY)
            _membership(worker, "self", dt.date(2025, 2, 1), EndReason.DEATH)
        if pick.random() < 0.4:
            PovertyDecile.objects.create(region=world.medan, worker=worker, decile=pick.randint(1, 10),
                                         source=DecileSource.DTKS, as_of=dt.date(2025, 8, 1))  # fmt: skip
    return made


def _membership(worker: Worker, payer: str, valid_to: dt.date | None, reason: str | None) -> None:
    Membership.objects.create(worker=worker, payer_kind=payer, segment="BPU", programs=Program.JKK | Program.JKM,
                              wage=1_000_000, valid_from=dt.date(2023, 1, 1), valid_to=valid_to,
                              end_reason=reason or "")  # fmt: skip


def _same(world: World, programme: Any, user: Any) -> tuple[int, int]:
    old = eligibility_report(programme=programme, user=user, as_of=TODAY)
    new = waiting.waiting_report(programme=programme, user=user, as_of=TODAY)
    assert len(new.ranked) == len(old.ranked)
    pages = Paginator(new.ranked, 7)
    read = [c for number in pages.page_range for c in pages.page(number)]
    assert read == list(old.ranked)  # the same Candidates (checks, criteria, score, decile) in the same order
    assert list(new.ranked) == list(old.ranked) and new.ranked[3] == old.ranked[3]
    assert new.ineligible == list(old.ineligible[: waiting.INELIGIBLE_SHOWN])
    assert new.failing == old.failing
    return len(old.ranked), len(old.ineligible)


@pytest.mark.parametrize("seed", [1, 2])
def test_the_database_read_gives_the_whole_pool_reads_results(world: World, seed: int) -> None:
    programme = make_programme(world, priority_weights={"poverty_decile": 33, "older_worker": 15, "disability": 7})
    _mixed_pool(world, 160, seed)
    eligible = waiting_list(programme=programme, user=world.users["coordinator"], as_of=TODAY)
    mine = [c.worker_id for c in eligible if c.agency_id == world.agency.pk][:6]
    propose(world, programme, list(Worker.objects.filter(pk__in=mine)))  # an open proposal: "pending" fails
    assert ProposalRow.objects.filter(status="pending").count() == len(mine) > 0
    ranked, refused = _same(world, programme, world.users["coordinator"])
    assert ranked > 20 and refused > 20  # both lists are really compared
    _same(world, programme, world.users["agency_officer"])  # an agency's scope


def test_the_first_refused_are_cut_by_name_in_byte_order(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    programme = make_programme(world)
    _mixed_pool(world, 60, 3)
    monkeypatch.setattr(waiting, "INELIGIBLE_SHOWN", 5)
    _same(world, programme, world.users["coordinator"])


def test_an_agencys_rows_and_an_api_slice_are_the_whole_lists_rows(world: World) -> None:
    programme = make_programme(world)
    _mixed_pool(world, 80, 4)
    user = world.users["coordinator"]
    whole = list(waiting_list(programme=programme, user=user, as_of=TODAY))
    rows = waiting.waiting_rows(programme=programme, user=user, as_of=TODAY)
    assert rows[5:12] == whole[5:12] and rows[len(whole) :] == [] and rows[-1] == whole[-1]
    mine = waiting.waiting_rows(programme=programme, user=user, as_of=TODAY, agency_id=world.agency.pk)
    assert list(mine) == [c for c in whole if c.agency_id == world.agency.pk] != []


def test_the_page_reads_only_the_rows_it_shows(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    programme = make_programme(world)
    _mixed_pool(world, 60, 5)
    Worker.objects.bulk_create(
        Worker(region=world.medan, nik_cipher="x", nik_index=f"h4-plain-{i}", nik_masked="1271********0000",
               nik_regency_code="12.71", name=f"Calon {i:03d}", birth_date=dt.date(1990, 1, 1), sex="M",
               vulnerability_category="fisher")
        for i in range(90)
    )  # fmt: skip
    monkeypatch.setattr(waiting, "INELIGIBLE_SHOWN", 10)
    read: list[int] = []
    fetch = ranking._fetch

    def counting(query: Any, names: Any, casts: Any) -> Any:
        frame = fetch(query, names, casts)
        if "worker_id" in names:
            read.append(frame.height)
        return frame

    monkeypatch.setattr(ranking, "_fetch", counting)
    made: list[int] = []
    from_db = Worker.from_db
    monkeypatch.setattr(Worker, "from_db", classmethod(lambda cls, *a: made.append(1) or from_db(*a)))
    old = eligibility_report(programme=programme, user=world.users["coordinator"], as_of=today())  # as the page
    assert read == [candidate_pool(user=world.users["coordinator"], programme=programme).count()]  # all of it
    read.clear()
    page = client_for(world.users["coordinator"]).get(f"{BASE}/{programme.pk}/daftar-tunggu/?page=2")
    assert page.status_code == 200
    shown = list(page.context["ranked"])
    assert shown == list(old.ranked[50:100]) and len(shown) == min(50, len(old.ranked) - 50) > 0
    assert read == [len(shown) + 10]  # one read: the page's rows and the refused shown
    assert made == []  # and no worker loaded as a model (the paginator once ran the ranked queryset whole)
    body = page.content.decode()
    assert f"Daftar tunggu ({len(old.ranked)} pekerja layak)" in body


def test_age_bounds_as_birth_dates() -> None:
    assert waiting.born_by(dt.date(2026, 3, 10), 18) == dt.date(2008, 3, 10)
    assert waiting.born_by(dt.date(2028, 2, 29), 1) == dt.date(2027, 2, 28)  # no 29 February in 2027
    assert waiting.born_by(dt.date(2028, 2, 29), 4) == dt.date(2024, 2, 29)
    for day, years in itertools.product([dt.date(2028, 2, 29), dt.date(2026, 3, 1), dt.date(2026, 12, 31)], [1, 18]):
        bound = waiting.born_by(day, years)
        assert age_on(bound, day) >= years and age_on(bound + dt.timedelta(days=1), day) < years


@pytest.mark.parametrize("number", ["2", "999", "0", "-1", "abc", "", "1.0"])
def test_any_page_number_shows_what_the_paginator_of_the_whole_list_shows(world: World, number: str) -> None:
    programme = make_programme(world)
    _mixed_pool(world, 70, 6)
    user = world.users["coordinator"]
    old = Paginator(eligibility_report(programme=programme, user=user, as_of=TODAY).ranked, 4).get_page(number)
    report = waiting.waiting_report(programme=programme, user=user, as_of=TODAY, page=number, per_page=4)
    new = Paginator(report.ranked, 4).get_page(number)
    assert (new.number, list(new)) == (old.number, list(old)) and len(old) > 0
