"""For every dated value of every parameter: the day before it starts, the old value (or none) applies;
on the day it starts, the new value applies. The YAML cases check the same dates through the formulas."""

from __future__ import annotations

import datetime as dt

import pytest

from lindung.rules import all_parameters
from lindung.rules.params import ParameterValue


def _starts() -> list[object]:
    out = []
    for param in all_parameters().values():
        for i, value in enumerate(param.values):
            out.append(pytest.param(param.name, i, value, id=f"{param.name}@{value.start}"))
    return out


@pytest.mark.parametrize(("name", "index", "value"), _starts())
def test_day_before_and_day_of(name: str, index: int, value: ParameterValue) -> None:
    param = all_parameters()[name]
    assert param.at(value.start) is value
    before = param.at(value.start - dt.timedelta(days=1))
    if index == 0:
        assert before is None
    elif param.continuity == "continuous":
        assert before is param.values[index - 1]
    if value.end is not None:
        assert param.at(value.end) is value
        after = param.at(value.end + dt.timedelta(days=1))
        assert after is not value
