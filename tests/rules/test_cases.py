"""Run the YAML cases in tests/rules/cases: each reads like a line of the regulation.

A case has ``name``, ``call`` (contribution, benefit, eligibility, due_date, months_late), ``input`` and
``output``. The output is matched as a subset: every key given must be present with exactly that value
(money compared exactly); keys not given are not checked. ``error`` in the output expects an error object.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from lindung.rules import api
from lindung.rules.deadlines import due_date, months_late

CASES_DIR = Path(__file__).parent / "cases"


def _plain(value: Any) -> Any:
    """YAML turns 2025-03-01 into a date; the JSON contract speaks strings."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _due_date(obj: dict[str, Any]) -> dict[str, Any]:
    period = dt.date.fromisoformat(obj["period"] + "-01")
    return {"date": due_date(obj["segment"], period).date.isoformat()}


def _months_late(obj: dict[str, Any]) -> dict[str, Any]:
    return {"months": months_late(dt.date.fromisoformat(obj["due"]), dt.date.fromisoformat(obj["paid"]))}


CALLS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "contribution": lambda o: api.run("contribution", o)[0],
    "benefit": lambda o: api.run("benefit", o)[0],
    "eligibility": lambda o: api.run("eligibility", o)[0],
    "due_date": _due_date,
    "months_late": _months_late,
}


def _load() -> list[Any]:
    cases = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            cases.append(pytest.param(case, id=f"{path.stem}: {case['name']}"))
    return cases


def assert_subset(expected: Any, actual: Any, where: str = "") -> None:
    if isinstance(expected, dict):
        assert isinstance(actual, dict), f"{where}: expected an object, got {actual!r}"
        for key, value in expected.items():
            assert key in actual, f"{where}.{key} missing in {sorted(actual)}"
            assert_subset(value, actual[key], f"{where}.{key}")
    else:
        assert actual == expected, f"{where}: expected {expected!r}, got {actual!r}"
        assert type(actual) is type(expected) or isinstance(expected, float), f"{where}: type {type(actual)}"


@pytest.mark.parametrize("case", _load())
def test_case(case: dict[str, Any]) -> None:
    result = CALLS[case["call"]](_plain(case["input"]))
    assert_subset(_plain(case["output"]), result, case["call"])
