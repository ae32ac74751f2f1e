from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from lindung.core.models import Region


@dataclass
class DemoContext:
    """What every step of the generator shares: the region, a seeded RNG, the as-of date and what came before."""

    region: Region
    seed: int
    workers: int
    as_of: dt.date
    rng: np.random.Generator
    log: Callable[[str], None]
    made: dict[str, Any] = field(default_factory=dict)


Step = Callable[[DemoContext], None]
STEPS: list[tuple[str, Step]] = []


def demo_step(name: str) -> Callable[[Step], Step]:
    """Register a generator step; steps run in registration order (foundation first, then each app)."""

    def register(fn: Step) -> Step:
        STEPS.append((name, fn))
        return fn

    return register
