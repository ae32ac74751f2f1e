"""A registration lists its own candidate duplicates at once, by the region scan's rules, without a region scan."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lindung.core import crypto
from lindung.registry.models import CandidateStatus, DuplicateCandidate, Worker
from lindung.registry.services import duplicate_dismiss, duplicate_scan, worker_register, worker_update
from lindung.registry.services.dedup import _region_frame, candidate_pairs_of, find_candidate_pairs
from tests.factories import World

TODAY = dt.date(2025, 11, 1)
BIRTH = dt.date(1990, 8, 17)


def _register(world: World, nik: str, name: str, birth: dt.date = BIRTH, phone: str = "") -> Worker:
    return worker_register(region=world.medan, nik=nik, name=name, birth_date=birth, sex="M", phone=phone, today=TODAY)


def _reasons(a: Worker, b: Worker) -> list[str]:
    low, high = sorted([a.pk, b.pk])
    found = DuplicateCandidate.objects.filter(worker_a=low, worker_b=high).first()
    return sorted(found.reasons) if found else []


def test_each_kind_of_candidate_is_listed_by_the_registration_itself(world: World) -> None:
    first = _register(world, "1271011708900041", "Ahmad Yani", phone="0812 9999 0001")
    typo = _register(world, "1271011708900047", "Ahmad Yani Lubis")  # one digit apart, a shared name
    namesake = _register(world, "1271021708900048", "ahmad  yani")  # same name and birth date, another NIK
    stranger = _register(world, "1271011708900042", "Rudi Hartono")  # one digit from "first", no shared name
    same_phone = _register(world, "1271031212880051", "Lina", dt.date(1988, 12, 12), phone="+6281299990001")
    assert _reasons(first, typo) == ["nik_one_digit"]
    assert _reasons(first, namesake) == ["same_name_birth"]
    assert _reasons(first, same_phone) == ["same_phone"]
    assert _reasons(first, stranger) == []
    assert DuplicateCandidate.objects.count() == 3
    assert duplicate_scan(region=world.medan) == 0, "the region scan finds nothing the registrations missed"


def _queries_of_a_registration(world: World, nik: str) -> list[str]:
    with CaptureQueriesContext(connection) as context:
        _register(world, nik, "Ahmad Yani")
    return [q["sql"] for q in context.captured_queries if "registry_worker" in q["sql"] and "SELECT" in q["sql"]]


def test_the_check_costs_the_same_few_queries_whatever_the_region_size(world: World) -> None:
    small = _queries_of_a_registration(world, "1271011708900041")
    Worker.objects.bulk_create(
        Worker(region=world.medan, nik_cipher=crypto.encrypt(nik), nik_index=crypto.blind_index(nik),
               nik_masked="x", name=f"Orang {i}", name_key=f"orang {i}", birth_date=BIRTH, sex="M")
        for i, nik in enumerate(f"12710117089{n:05d}" for n in range(100, 400))
    )  # fmt: skip
    big = _queries_of_a_registration(world, "1271021708900048")
    assert len(small) == len(big) <= 6
    assert all("WHERE" in sql for sql in big), "every lookup is filtered (indexed columns), never a region read"


def test_a_dismissed_pair_stays_dismissed_when_the_worker_changes(world: World) -> None:
    a = _register(world, "1271011708900041", "Ahmad Yani", phone="081299990001")
    b = _register(world, "1271021708900048", "Ahmad Yani", phone="081299990002")
    candidate = DuplicateCandidate.objects.get()
    duplicate_dismiss(candidate=candidate, user=world.users["coordinator"], reason="Dua orang berbeda, beda ibu")
    worker_update(worker=b, phone="081299990001")
    candidate.refresh_from_db()
    assert (candidate.status, candidate.reasons) == (CandidateStatus.DISMISSED, ["same_name_birth"])
    assert DuplicateCandidate.objects.count() == 1 and _reasons(a, b) == ["same_name_birth"]


def test_a_new_phone_adds_its_reason_to_an_open_pair(world: World) -> None:
    a = _register(world, "1271011708900041", "Ahmad Yani", phone="081299990001")
    b = _register(world, "1271021708900048", "Ahmad Yani")
    worker_update(worker=b, phone="+62 812 9999 0001")
    assert _reasons(a, b) == ["same_name_birth", "same_phone"]


NAMES = ["ahmad yani", "ahmad", "budi santoso", "siti", ""]
BIRTHS = [dt.date(1990, 8, 17), dt.date(1991, 1, 2)]
PHONES = ["", "p1", "p2"]
BASE = "1271039912345678"  # far from the test world's NIKs: two edits never reach one


@st.composite
def population(draw: st.DrawFn) -> list[tuple[str, str, dt.date, str]]:
    """Up to 12 workers whose NIKs are a few digits from one another, names, birth dates and phones shared."""
    size = draw(st.integers(2, 12))
    niks = draw(
        st.lists(
            st.lists(st.tuples(st.integers(0, 15), st.sampled_from("0123456789")), max_size=2).map(
                lambda edits: "".join(
                    dict(edits).get(i, ch)
                    for i, ch in enumerate(BASE)  # apply up to two digit changes
                )
            ),
            min_size=size,
            max_size=size,
            unique=True,
        )
    )
    return [(nik, draw(st.sampled_from(NAMES)), draw(st.sampled_from(BIRTHS)), draw(st.sampled_from(PHONES)))
            for nik in niks]  # fmt: skip


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(people=population())
def test_one_workers_pairs_equal_the_region_scan_restricted_to_that_worker(
    world: World, people: list[tuple[str, str, dt.date, str]]
) -> None:
    created = Worker.objects.bulk_create(
        Worker(region=world.medan, nik_cipher=crypto.encrypt(nik), nik_index=crypto.blind_index(nik), nik_masked="x",
               name=name or "-", name_key=name, birth_date=birth, sex="M", phone_index=phone)
        for nik, name, birth, phone in people
    )  # fmt: skip
    try:
        scan = find_candidate_pairs(_region_frame(world.medan))
        for worker in created:
            mine = {pair: reasons for pair, reasons in scan.items() if worker.pk in pair}
            assert candidate_pairs_of(worker) == mine
    finally:
        Worker.objects.filter(pk__in=[w.pk for w in created]).delete()
