"""An ended membership without an end date decides how a worker left, on PostgreSQL as on SQLite (session 14, h1).

A membership row with an end reason (death, moved away) but no ``valid_to`` is still open: later than any dated
end. Both reads of the waiting list (the whole pool in polars, ``ranking``; the page's SQL, ``waiting``) take the
latest end's reason, so the undated one wins over an older dated one.

Before: ``order_by("-valid_to", "-pk")`` left NULL to the database: first on PostgreSQL, last on SQLite, so on
SQLite a worker recorded dead (undated) after an old move away was refused as "moved away" and not as dead.
"""

from __future__ import annotations

import datetime as dt

import pytest

from lindung.programmes.selectors import waiting
from lindung.programmes.selectors.eligibility import Candidate, eligibility_report
from lindung.registry.models import EndReason, Membership, Program, Worker
from tests.factories import World
from tests.programmes.builders import TODAY, make_candidates, make_programme

pytestmark = pytest.mark.django_db


def _ended(worker: Worker, reason: str, valid_to: dt.date | None) -> None:
    Membership.objects.create(worker=worker, payer_kind="self", segment="BPU", programs=Program.JKK | Program.JKM,
                              wage=1_000_000, valid_from=dt.date(2023, 1, 1), valid_to=valid_to,
                              end_reason=reason)  # fmt: skip


def _checks(candidates: list[Candidate]) -> dict[int, dict[str, bool]]:
    return {c.worker_id: {check.code: check.ok for check in c.checks} for c in candidates}


def test_an_undated_end_is_the_latest_on_either_database(world: World) -> None:
    programme = make_programme(world)
    died, moved = make_candidates(world, 2)
    _ended(died, EndReason.MOVED_AWAY, dt.date(2024, 1, 1))  # moved away once, then recorded dead, no date
    _ended(died, EndReason.DEATH, None)
    _ended(moved, EndReason.DEATH, dt.date(2024, 1, 1))  # a stray old death, then an undated move away
    _ended(moved, EndReason.MOVED_AWAY, None)
    user = world.users["coordinator"]
    whole = eligibility_report(programme=programme, user=user, as_of=TODAY)
    page = waiting.waiting_report(programme=programme, user=user, as_of=TODAY)
    assert len(whole.ranked) == len(page.ranked) == 0
    by_polars, by_sql = _checks(list(whole.ineligible)), _checks(page.ineligible)
    assert by_polars == by_sql
    assert (by_sql[died.pk]["alive"], by_sql[died.pk]["resident"]) == (False, True)
    assert (by_sql[moved.pk]["alive"], by_sql[moved.pk]["resident"]) == (True, False)
    problems = {c.worker_id: c.problems for c in page.ineligible}
    assert any("meninggal" in p for p in problems[died.pk]) and not any("Pindah" in p for p in problems[died.pk])
    assert any(p.startswith("Pindah domisili") for p in problems[moved.pk])
    assert whole.failing == page.failing and page.failing["alive"] == page.failing["resident"] == 1


def test_a_dated_end_still_orders_by_date(world: World) -> None:
    programme = make_programme(world)
    (worker,) = make_candidates(world, 1)
    _ended(worker, EndReason.DEATH, dt.date(2024, 1, 1))
    _ended(worker, EndReason.MOVED_AWAY, dt.date(2025, 1, 1))  # the later dated end decides
    user = world.users["coordinator"]
    page = waiting.waiting_report(programme=programme, user=user, as_of=TODAY)
    whole = eligibility_report(programme=programme, user=user, as_of=TODAY)
    checks = _checks(page.ineligible)[worker.pk]
    assert checks == _checks(list(whole.ineligible))[worker.pk]
    assert (checks["alive"], checks["resident"]) == (True, False)
