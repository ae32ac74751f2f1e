"""Every membership service asks the rules package: JP, JKP and the BPU minimum, on the day before and the day of."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from lindung.registry.models import Membership, Worker
from lindung.registry.services import (
    membership_change_wage,
    membership_deactivate,
    membership_move,
    membership_reactivate,
    membership_register,
    worker_register,
)
from tests.factories import World

TODAY = dt.date(2025, 11, 1)


@pytest.fixture
def near_pension(registry_world: World) -> Worker:
    """Born May 1967: pension age 59 in 2026 (PP 45/2015 Pasal 15), so JP is open up to April 2026."""
    return worker_register(region=registry_world.medan, nik="1271011005670033", name="Hampir Pensiun",
                           birth_date=dt.date(1967, 5, 10), sex="M", today=TODAY)  # fmt: skip


@pytest.fixture
def near_54(registry_world: World) -> Worker:
    """Turns 54 on 15 January 2026: JKP only for a registrant under 54 (PP 37/2021 Pasal 4)."""
    return worker_register(region=registry_world.medan, nik="1271015501720034", name="Hampir Lima Empat",
                           birth_date=dt.date(1972, 1, 15), sex="F", today=TODAY)  # fmt: skip


def _pu(world: World, worker: Worker, day: dt.date, programs: list[str] | None = None) -> Membership:
    return membership_register(worker=worker, payer_kind="employer", segment="PU", employer=world.other_employer,
                               wage=5_000_000, valid_from=day, programs=programs)  # fmt: skip


@pytest.mark.parametrize(("day", "has_jp"), [(dt.date(2026, 4, 30), True), (dt.date(2026, 5, 1), False)])
def test_jp_for_a_new_registrant_only_before_the_pension_age_month(
    registry_world: World, near_pension: Worker, day: dt.date, has_jp: bool
) -> None:
    assert ("JP" in _pu(registry_world, near_pension, day).program_names) is has_jp


def test_jp_asked_past_pension_age_is_refused_with_the_reference(registry_world: World, near_pension: Worker) -> None:
    with pytest.raises(ValidationError) as error:
        _pu(registry_world, near_pension, dt.date(2026, 5, 1), ["JKK", "JKM", "JHT", "JP"])
    assert "JP" in error.value.message_dict["programs"][0] and "PP 45/2015" in error.value.message_dict["programs"][0]
    assert not Membership.objects.filter(worker=near_pension).exists()


@pytest.mark.parametrize(("day", "has_jkp"), [(dt.date(2026, 1, 14), True), (dt.date(2026, 1, 15), False)])
def test_jkp_only_under_54_at_registration(registry_world: World, near_54: Worker, day: dt.date, has_jkp: bool) -> None:
    membership = _pu(registry_world, near_54, day)
    assert ("JKP" in membership.program_names) is has_jkp
    if not has_jkp:
        assert any(note.startswith("JKP not enrolled") for note in membership.eligibility_notes)


def test_a_move_decides_again_on_its_own_date(registry_world: World, near_54: Worker) -> None:
    before = membership_register(worker=near_54, payer_kind="employer", segment="PU", employer=registry_world.employer,
                                 wage=4_500_000, valid_from=dt.date(2026, 1, 1))  # fmt: skip
    assert "JKP" in before.program_names
    moved = membership_move(membership=before, employer=registry_world.other_employer, valid_from=dt.date(2026, 2, 1))
    assert "JKP" not in moved.program_names and moved.previous == before


def test_a_reactivation_decides_again_on_its_own_date(registry_world: World, near_pension: Worker) -> None:
    first = _pu(registry_world, near_pension, dt.date(2026, 1, 1))
    assert "JP" in first.program_names
    membership_deactivate(membership=first, valid_to=dt.date(2026, 2, 28), reason="resigned")
    again = membership_reactivate(membership=first, valid_from=dt.date(2026, 6, 1))
    assert "JP" not in again.program_names


@pytest.mark.parametrize(("income", "ok"), [(999_999, False), (1_000_000, True)])
def test_bpu_income_at_or_above_the_minimum_on_registration_and_on_a_change(
    registry_world: World, near_54: Worker, income: int, ok: bool
) -> None:
    day = dt.date(2026, 1, 1)
    if ok:
        assert membership_register(worker=near_54, payer_kind="self", segment="BPU", wage=income, valid_from=day)
    else:
        with pytest.raises(ValidationError, match="BPU"):
            membership_register(worker=near_54, payer_kind="self", segment="BPU", wage=income, valid_from=day)
    bpu = Membership.objects.filter(worker=near_54).first() or membership_register(
        worker=near_54, payer_kind="self", segment="BPU", wage=1_500_000, valid_from=day
    )
    change = dt.date(2026, 3, 1)
    if ok:
        assert membership_change_wage(membership=bpu, wage=income, valid_from=change).wage == income
    else:
        with pytest.raises(ValidationError, match="BPU"):
            membership_change_wage(membership=bpu, wage=income, valid_from=change)
        assert Membership.objects.get(pk=bpu.pk).valid_to is None, "nothing half-written"
