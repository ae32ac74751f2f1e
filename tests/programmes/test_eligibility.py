"""Eligibility checks and the ranked waiting list, as data the coordinator reads."""

from __future__ import annotations

import datetime as dt

from lindung.programmes.models import Programme
from lindung.programmes.selectors.eligibility import assess_ids, eligibility_report, waiting_list
from lindung.registry.models import Membership
from tests.factories import World, make_membership
from tests.programmes.builders import TODAY, make_candidates, make_programme, propose


def _failed(world: World, worker_id: int) -> dict[str, str]:
    programme = Programme.objects.filter(year=2026).first() or make_programme(world)
    found = assess_ids(programme=programme, worker_ids=[worker_id], as_of=TODAY)[worker_id]
    return {c.code: c.message for c in found.checks if not c.ok}


def test_an_eligible_worker_passes_every_check(world: World) -> None:
    (worker,) = make_candidates(world, 1)
    assert _failed(world, worker.pk) == {}


def test_a_worker_outside_the_region_fails_residence(world: World) -> None:
    world.foreign_worker.vulnerability_category = "fisher"
    world.foreign_worker.save()
    Membership.objects.filter(worker=world.foreign_worker).delete()
    assert "Bukan penduduk Kota Medan" in _failed(world, world.foreign_worker.pk)["resident"]


def test_residence_by_nik_when_the_address_is_unknown(world: World) -> None:
    (worker,) = make_candidates(world, 1, village=None, nik_regency_code="12.71")
    assert "resident" not in _failed(world, worker.pk)
    worker.nik_regency_code = "12.75"
    worker.save()
    assert "resident" in _failed(world, worker.pk)


def test_age_outside_the_range(world: World) -> None:
    (old,) = make_candidates(world, 1, birth_date=dt.date(1950, 1, 1))
    assert "Usia 76 tahun di luar rentang 18–65 tahun" in _failed(world, old.pk)["age"]


def test_already_active_or_covered(world: World) -> None:
    wage_earner, covered = make_candidates(world, 2)
    make_membership(wage_earner, world.employer)
    make_membership(covered, None)  # a city-programme membership
    assert "kepesertaan lain" in _failed(world, wage_earner.pk)["active"]
    assert "Sudah ditanggung program kota" in _failed(world, covered.pk)["active"]


def test_not_in_a_vulnerable_group(world: World) -> None:
    (worker,) = make_candidates(world, 1, vulnerability_category="formal_worker")
    assert "vulnerable" in _failed(world, worker.pk)
    worker.disability = True
    worker.save()
    assert "vulnerable" not in _failed(world, worker.pk)


def test_already_in_an_open_proposal(world: World) -> None:
    programme = make_programme(world)
    (worker,) = make_candidates(world, 1)
    propose(world, programme, [worker])
    found = assess_ids(programme=programme, worker_ids=[worker.pk], as_of=TODAY)[worker.pk]
    assert found.problems == ["Sudah diusulkan dalam usulan lain yang masih diproses."]


def test_the_waiting_list_ranks_by_weighted_criteria_then_registration(world: World) -> None:
    programme = make_programme(world)
    plain, head, both = make_candidates(world, 3)
    head.female_head_of_household = True
    head.save()
    both.female_head_of_household = both.disability = True
    both.save()
    ranked = waiting_list(programme=programme, user=world.users["coordinator"], as_of=TODAY)
    assert [c.worker_id for c in ranked][:3] == [both.pk, head.pk, plain.pk]
    assert ranked[0].score == 40 + 40 + 20 + 10  # head, disability, never covered, proposed by an agency
    programme.priority_weights = {**programme.priority_weights, "female_head_of_household": 0, "disability": 0}
    ranked = waiting_list(programme=programme, user=world.users["coordinator"], as_of=TODAY)
    assert [c.worker_id for c in ranked][:3] == [plain.pk, head.pk, both.pk]  # equal scores: first registered


def test_the_report_counts_failures_and_an_agency_sees_only_its_own(world: World) -> None:
    programme = make_programme(world)
    mine = make_candidates(world, 2)
    make_candidates(world, 1, agency=world.other_agency)
    make_membership(mine[1], None)
    report = eligibility_report(programme=programme, user=world.users["agency_officer"], as_of=TODAY)
    assert [c.worker_id for c in report.ranked] == [mine[0].pk]
    assert report.failing == {"active": 1, "vulnerable": 1}  # the world's proposed worker has no group


def test_the_law_bounds_the_age_and_a_programme_may_only_narrow_it(world: World) -> None:
    programme = make_programme(world, min_age=10, max_age=80)
    young, old = make_candidates(world, 2)
    young.birth_date, old.birth_date = dt.date(2010, 1, 1), dt.date(1955, 1, 1)  # 16 and 71 on TODAY
    young.save()
    old.save()
    found = assess_ids(programme=programme, worker_ids=[young.pk, old.pk], as_of=TODAY)
    assert "rentang 18–65 tahun" in next(c.message for c in found[young.pk].checks if c.code == "age")
    assert not found[old.pk].eligible
    programme.min_age, programme.max_age = 20, 60
    programme.save()
    (adult,) = make_candidates(world, 1, birth_date=dt.date(2007, 1, 1))  # 19: legal, but under the city's 20
    failed = {c.code for c in assess_ids(programme=programme, worker_ids=[adult.pk], as_of=TODAY)[adult.pk].checks
              if not c.ok}  # fmt: skip
    assert failed == {"age"}
