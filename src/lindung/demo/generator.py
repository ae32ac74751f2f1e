"""Run every registered demo step for a region, timing each."""

from __future__ import annotations

import datetime as dt
import importlib
import time
from collections.abc import Callable

import numpy as np

from lindung.core.db import planner_statistics_refresh
from lindung.core.models import Region
from lindung.demo.context import STEPS, DemoContext

# Each app that adds demo objects lists its module here, in dependency order.
DEMO_MODULES = [
    "lindung.registry.demo",
    "lindung.partnership.demo",
    "lindung.programmes.demo",
    "lindung.billing.demo",
    "lindung.coverage.demo",
]


def demo_data_generate(
    *, region: Region, workers: int, seed: int, as_of: dt.date, log: Callable[[str], None] = print
) -> DemoContext:
    """Run the steps in order; ``ctx.made["seconds"]`` holds each step's wall-clock time."""
    for module in DEMO_MODULES:
        importlib.import_module(module)
    ctx = DemoContext(region=region, seed=seed, workers=workers, as_of=as_of, rng=np.random.default_rng(seed), log=log)
    seconds: dict[str, float] = {}
    ctx.made["seconds"] = seconds
    for name, step in STEPS:
        log(f"- {name}")
        started = time.perf_counter()
        step(ctx)
        # Each step writes in bulk what the next one queries: plan those queries on the new table sizes (core.db).
        planner_statistics_refresh()
        seconds[name] = time.perf_counter() - started
    return ctx
