"""De-duplication: candidates by name and birth date, one-digit NIKs, phone; merge with a journal and undo."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from lindung.registry.models import CandidateStatus, DuplicateCandidate, Membership, Worker
from lindung.registry.services import (
    duplicate_dismiss,
    duplicate_scan,
    membership_change_wage,
    membership_register,
    worker_merge,
    worker_merge_undo,
    worker_register,
)
from tests.factories import World


def _worker(world: World, nik: str, name: str, birth: dt.date, phone: str = "") -> Worker:
    return worker_register(
        region=world.medan, nik=nik, name=name, birth_date=birth, sex="M", phone=phone, today=dt.date(2025, 11, 1)
    )


@pytest.fixture
def pairs(world: World) -> dict[str, Worker]:
    birth = dt.date(1990, 8, 17)
    return {
        "a": _worker(world, "1271011708900041", "Ahmad Yani", birth),
        "typo": _worker(world, "1271011708900047", "Ahmad Yani Lubis", birth),  # one digit apart, a shared name
        "namesake": _worker(world, "1271021708900048", "ahmad  yani", birth),  # same name and birth, other NIK
        "stranger": _worker(world, "1271011708900042", "Rudi Hartono", birth),  # one digit from "a", no shared name
        "phone1": _worker(world, "1271031212880051", "Lina", dt.date(1988, 12, 12), phone="0812 9999 0001"),
        "phone2": _worker(world, "1271031311880052", "Marta", dt.date(1988, 11, 13), phone="+6281299990001"),
    }


def _reasons(a: Worker, b: Worker) -> list[str]:
    low, high = sorted([a.pk, b.pk])
    found = DuplicateCandidate.objects.filter(worker_a=low, worker_b=high).first()
    return sorted(found.reasons) if found else []


def test_scan_lists_each_kind_of_candidate_with_its_evidence(world: World, pairs: dict[str, Worker]) -> None:
    duplicate_scan(region=world.medan)
    assert _reasons(pairs["a"], pairs["typo"]) == ["nik_one_digit"]
    assert _reasons(pairs["a"], pairs["namesake"]) == ["same_name_birth"]
    assert _reasons(pairs["phone1"], pairs["phone2"]) == ["same_phone"]
    assert _reasons(pairs["a"], pairs["stranger"]) == []  # consecutive serials of strangers are not proposed
    assert duplicate_scan(region=world.medan) == 0  # a second scan adds nothing


def test_a_dismissed_pair_is_not_proposed_again(world: World, pairs: dict[str, Worker]) -> None:
    duplicate_scan(region=world.medan)
    low, high = sorted([pairs["phone1"].pk, pairs["phone2"].pk])
    candidate = DuplicateCandidate.objects.get(worker_a=low, worker_b=high)
    with pytest.raises(ValidationError):
        duplicate_dismiss(candidate=candidate, user=world.users["coordinator"], reason="x")
    duplicate_dismiss(candidate=candidate, user=world.users["coordinator"], reason="Kakak beradik, satu HP")
    duplicate_scan(region=world.medan)
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.DISMISSED


def test_merge_moves_memberships_fills_blanks_and_can_be_undone(world: World, pairs: dict[str, Worker]) -> None:
    survivor, merged = pairs["a"], pairs["typo"]
    moved = membership_register(
        worker=merged, payer_kind="self", segment="BPU", wage=1_000_000, valid_from=dt.date(2026, 1, 1)
    )
    merged.address = "Jl. Sisingamangaraja 1"
    merged.save()
    journal = worker_merge(survivor=survivor, merged=merged, user=world.users["coordinator"], reason="NIK salah ketik")
    moved.refresh_from_db()
    survivor.refresh_from_db()
    merged.refresh_from_db()
    assert (moved.worker_id, survivor.address, merged.merged_into_id) == (
        survivor.pk,
        "Jl. Sisingamangaraja 1",
        survivor.pk,
    )
    assert journal.moved_memberships == [moved.pk] and journal.survivor_before == {"address": ""}
    worker_merge_undo(journal=journal, user=world.users["coordinator"], reason="Ternyata dua orang")
    moved.refresh_from_db()
    survivor.refresh_from_db()
    merged.refresh_from_db()
    assert (moved.worker_id, survivor.address, merged.merged_into_id) == (merged.pk, "", None)
    with pytest.raises(ValidationError):
        worker_merge_undo(journal=journal, user=world.users["coordinator"], reason="dua kali dibatalkan")


def test_undo_is_refused_once_a_moved_membership_changed(world: World, pairs: dict[str, Worker]) -> None:
    membership = membership_register(
        worker=pairs["typo"], payer_kind="self", segment="BPU", wage=1_000_000, valid_from=dt.date(2026, 1, 1)
    )
    journal = worker_merge(survivor=pairs["a"], merged=pairs["typo"], user=None, reason="NIK salah ketik")
    membership.refresh_from_db()
    membership_change_wage(membership=membership, wage=1_500_000, valid_from=dt.date(2026, 6, 1))
    with pytest.raises(ValidationError, match="sudah berubah"):
        worker_merge_undo(journal=journal, user=None, reason="Ternyata dua orang")
    assert Membership.objects.filter(worker=pairs["a"]).count() == 2


def test_merge_refuses_two_active_memberships_at_the_same_payer(world: World, pairs: dict[str, Worker]) -> None:
    for worker in (pairs["a"], pairs["typo"]):
        membership_register(
            worker=worker,
            payer_kind="employer",
            segment="PU",
            employer=world.employer,
            wage=4_500_000,
            valid_from=dt.date(2026, 1, 1),
            programs=["JKK", "JKM"],
        )
    with pytest.raises(ValidationError, match="pembayar yang sama"):
        worker_merge(survivor=pairs["a"], merged=pairs["typo"], user=None, reason="NIK salah ketik")
    assert Worker.objects.get(pk=pairs["typo"].pk).merged_into_id is None
