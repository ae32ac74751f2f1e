"""The region's universal-coverage target (RPJMD) as data, and the path from its baseline to the goal."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

TARGETS_FILE = Path(__file__).resolve().parent / "data" / "targets.yaml"


@dataclass(frozen=True)
class CoverageGoal:
    label: str
    target_date: dt.date
    target_pct: float
    baseline_date: dt.date
    baseline_pct: float
    baseline_note: str
    confidence: str
    sources: tuple[str, ...]

    def pct_on(self, day: dt.date) -> float:
        """The share of the labour force the path calls for on ``day``: a straight line from the baseline."""
        if day <= self.baseline_date:
            return self.baseline_pct
        if day >= self.target_date:
            return self.target_pct
        span = (self.target_date - self.baseline_date).days
        done = (day - self.baseline_date).days
        return round(self.baseline_pct + (self.target_pct - self.baseline_pct) * done / span, 2)


@dataclass(frozen=True)
class RegionTargets:
    goal: CoverageGoal | None
    regulations: tuple[str, ...]


@functools.cache
def _data() -> dict[str, Any]:
    return dict(yaml.safe_load(TARGETS_FILE.read_text(encoding="utf-8")) or {})


def _day(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def region_targets(region_code: str) -> RegionTargets:
    entry = _data().get(region_code)
    if not entry:
        return RegionTargets(None, ())
    goal = None
    if spec := entry.get("universal_coverage"):
        baseline = spec["baseline"]
        goal = CoverageGoal(
            label=str(spec["label"]),
            target_date=_day(spec["target_date"]),
            target_pct=float(spec["target_pct"]),
            baseline_date=_day(baseline["date"]),
            baseline_pct=float(baseline["pct"]),
            baseline_note=str(baseline.get("note", "")),
            confidence=str(spec.get("confidence", "")),
            sources=tuple(spec.get("sources", ())),
        )
    return RegionTargets(goal, tuple(entry.get("regulations", ())))
