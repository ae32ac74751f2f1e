"""The region's universal-coverage target (RPJMD) as data, and the path from its baseline to the goal.

``data/targets.yaml`` is the seed: an assumption until the coordinator confirms it or records the RPJMD's own
figure (``CoverageTarget``, dated, with its source document). Pure Python: the selectors read the stored
targets and fall back to this file while a region has none.
"""

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
    #: the document the figures come from; False: an assumption nobody confirmed from it yet
    source: str = ""
    confirmed: bool = False
    effective_from: dt.date | None = None

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
            source="; ".join(str(source) for source in spec.get("sources", ())),
            confirmed=False,
        )
    return RegionTargets(goal, tuple(entry.get("regulations", ())))


def goal_on(goals: list[CoverageGoal], day: dt.date) -> CoverageGoal | None:
    """The goal in force on ``day``: the latest effective on or before it, else the earliest known."""
    dated = sorted(goals, key=lambda goal: goal.effective_from or dt.date.min)
    in_force = [goal for goal in dated if (goal.effective_from or dt.date.min) <= day]
    return in_force[-1] if in_force else (dated[0] if dated else None)
