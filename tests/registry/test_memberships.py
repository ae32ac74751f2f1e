"""Memberships: the rules decide JP, JKP and the BPU minimum; changes keep the full history as of any date."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from lindung.registry import selectors
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

JAN = dt.date(2026, 1, 1)


def _worker(world: World, nik: str, birth: dt.date, sex: str = "M") -> Worker:
    return worker_register(
        region=world.medan, nik=nik, name="Uji Pekerja", birth_date=birth, sex=sex, today=dt.date(2025, 11, 1)
    )


@pytest.fixture
def young(registry_world: World) -> Worker:
    return _worker(registry_world, "1271011708900031", dt.date(1990, 8, 17))


@pytest.fixture
def old(registry_world: World) -> Worker:
    return _worker(registry_world, "1271015507600032", dt.date(1960, 7, 15), "F")


def test_default_programmes_follow_the_employer_size_and_the_rules(registry_world: World, young: Worker) -> None:
    small = membership_register(
        worker=young,
        payer_kind="employer",
        segment="PU",
        employer=registry_world.employer,
        wage=4_500_000,
        valid_from=JAN,
    )
    assert small.program_names == ["JKK", "JKM", "JHT", "JKP"]
    assert small.rules_version.startswith("rules-")
    large = membership_register(
        worker=young,
        payer_kind="employer",
        segment="PU",
        employer=registry_world.other_employer,
        wage=6_000_000,
        valid_from=JAN,
    )
    assert large.program_names == ["JKK", "JKM", "JHT", "JP", "JKP"]


def test_jp_and_jkp_are_dropped_for_an_older_registrant_and_refused_when_asked(
    registry_world: World, old: Worker
) -> None:
    membership = membership_register(
        worker=old,
        payer_kind="employer",
        segment="PU",
        wage=5_000_000,
        valid_from=JAN,
        employer=registry_world.other_employer,
    )
    assert membership.program_names == ["JKK", "JKM", "JHT"]
    assert any(note.startswith("JP not enrolled") for note in membership.eligibility_notes)
    membership.delete()
    with pytest.raises(ValidationError) as error:
        membership_register(
            worker=old,
            payer_kind="employer",
            segment="PU",
            wage=5_000_000,
            valid_from=JAN,
            employer=registry_world.other_employer,
            programs=["JKK", "JKM", "JKP"],
        )
    assert "JKP" in error.value.message_dict["programs"][0]


def test_bpu_income_must_reach_the_minimum(registry_world: World, young: Worker) -> None:
    with pytest.raises(ValidationError) as error:
        membership_register(worker=young, payer_kind="self", segment="BPU", wage=900_000, valid_from=JAN)
    assert "BPU" in error.value.message_dict["wage"][0]
    bpu = membership_register(worker=young, payer_kind="self", segment="BPU", wage=1_000_000, valid_from=JAN)
    assert bpu.program_names == ["JKK", "JKM"]
    with pytest.raises(ValidationError):
        membership_register(
            worker=young, payer_kind="self", segment="BPU", wage=1_000_000, valid_from=JAN, programs=["JKK", "JP"]
        )


def test_one_active_membership_per_worker_and_employer(registry_world: World, young: Worker) -> None:
    kwargs = {
        "worker": young,
        "payer_kind": "employer",
        "segment": "PU",
        "employer": registry_world.employer,
        "wage": 4_500_000,
        "valid_from": JAN,
    }
    membership_register(**kwargs)
    with pytest.raises(ValidationError) as error:
        membership_register(**kwargs)
    assert "Ubah upahnya" in error.value.message_dict["employer"][0]


def test_changes_keep_the_history_queryable_as_of_any_date(registry_world: World, young: Worker) -> None:
    first = membership_register(
        worker=young,
        payer_kind="employer",
        segment="PU",
        employer=registry_world.employer,
        wage=4_500_000,
        valid_from=JAN,
    )
    raised = membership_change_wage(membership=first, wage=5_000_000, valid_from=dt.date(2026, 4, 1))
    moved = membership_move(membership=raised, employer=registry_world.other_employer, valid_from=dt.date(2026, 7, 1))
    ended = membership_deactivate(membership=moved, valid_to=dt.date(2026, 9, 30), reason="phk", note="efisiensi")
    back = membership_reactivate(membership=ended, valid_from=dt.date(2026, 11, 1))
    rows = Membership.objects.filter(worker=young)

    def wage_on(day: dt.date) -> list[int]:
        return list(selectors.active_on(rows, day).values_list("wage", flat=True))

    assert wage_on(dt.date(2026, 2, 1)) == [4_500_000]
    assert wage_on(dt.date(2026, 5, 1)) == [5_000_000]
    assert list(selectors.active_on(rows, dt.date(2026, 8, 1)).values_list("employer", flat=True)) == [
        registry_world.other_employer.pk
    ]
    assert wage_on(dt.date(2026, 10, 15)) == []
    assert (back.previous_id, back.employer_id, back.valid_to) == (ended.pk, registry_world.other_employer.pk, None)
    first.refresh_from_db()
    assert (first.valid_to, first.end_reason) == (dt.date(2026, 3, 31), "wage_change")
    assert ended.end_reason == "phk" and ended.end_note == "efisiensi"


def test_deactivate_needs_a_known_reason_and_a_date_after_the_start(registry_world: World, young: Worker) -> None:
    membership = membership_register(worker=young, payer_kind="self", segment="BPU", wage=1_000_000, valid_from=JAN)
    with pytest.raises(ValidationError):
        membership_deactivate(membership=membership, valid_to=dt.date(2026, 3, 1), reason="wage_change")
    with pytest.raises(ValidationError):
        membership_deactivate(membership=membership, valid_to=dt.date(2025, 12, 1), reason="resigned")
    membership.refresh_from_db()
    assert membership.valid_to is None


def test_membership_dates_more_than_a_year_ahead_are_refused_with_the_latest_date(
    registry_world: World, young: Worker
) -> None:
    """A typo like 9999-12-31 would leave a row open or ending forever; the imports refuse it the same way."""
    from django.utils import timezone

    latest = timezone.localdate() + dt.timedelta(days=366)
    far = latest + dt.timedelta(days=1)
    with pytest.raises(ValidationError, match=latest.isoformat()):
        membership_register(worker=young, payer_kind="self", segment="BPU", wage=1_000_000, valid_from=far)
    membership = membership_register(worker=young, payer_kind="self", segment="BPU", wage=1_000_000, valid_from=JAN)
    for change in (
        lambda: membership_change_wage(membership=membership, wage=2_000_000, valid_from=dt.date(9999, 12, 1)),
        lambda: membership_deactivate(membership=membership, valid_to=dt.date(9999, 12, 31), reason="resigned"),
    ):
        with pytest.raises(ValidationError, match="satu tahun"):
            change()
    membership.refresh_from_db()
    assert membership.valid_to is None and Membership.objects.filter(worker=young).count() == 1
    ended = membership_deactivate(membership=membership, valid_to=latest, reason="resigned")  # a year ahead: fine
    assert ended.valid_to == latest


def test_employer_compliance_flags_members_without_a_required_programme(registry_world: World, young: Worker) -> None:
    membership_register(
        worker=young,
        payer_kind="employer",
        segment="PU",
        employer=registry_world.employer,
        wage=4_500_000,
        valid_from=JAN,
        programs=["JKK", "JKM"],
    )
    compliance = selectors.employer_compliance(employer=registry_world.employer, day=dt.date(2026, 2, 1))
    assert compliance is not None
    # the world's own member at this employer has JKK and JKM only, too
    assert (compliance.required, compliance.active, compliance.missing) == (["JHT", "JKK", "JKM"], 2, 2)
