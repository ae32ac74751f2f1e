"""The demo's PKS histories obey the lifecycle: each step follows the one before, with dates that allowed it."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from lindung.partnership import lifecycle
from lindung.partnership.demo import STATES, _timeline

AS_OF = dt.date(2026, 11, 24)


def _day(days_ago: int | None) -> dt.date | None:
    return None if days_ago is None else AS_OF - dt.timedelta(days=days_ago)


@pytest.mark.parametrize("status", sorted(set(STATES)))
@pytest.mark.parametrize("jitter", [0, 11])
def test_each_demo_timeline_is_a_valid_history(status: str, jitter: int) -> None:
    line = _timeline(status, jitter)
    steps = [step for step, _days in line.steps]
    assert steps[0] == "draft" and steps[-1] == status
    for before, after in itertools.pairwise(steps):
        assert lifecycle.transition_error(before, after) is None, (before, after)
    days = [days for _step, days in line.steps]
    assert days == sorted(days, reverse=True) and days[-1] >= 0, "steps in order, none in the future"
    dates = {"signed_on": _day(line.signed_ago), "valid_from": _day(line.valid_from_ago),
             "valid_to": _day(line.valid_to_ago)}  # fmt: skip
    taken_on = _day(days[-1])
    assert taken_on is not None and lifecycle.date_error(status, today=taken_on, **dates) is None


def test_sixteen_agencies_in_seven_states() -> None:
    assert len(STATES) == 16 and len(set(STATES)) == 7
