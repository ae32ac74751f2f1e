"""The registry's demo step: deterministic for a seed, consistent with the rules of the registry."""

from __future__ import annotations

import datetime as dt

import numpy as np

from lindung.core.audit import audit_context
from lindung.core.models import Region
from lindung.demo.context import DemoContext
from lindung.registry import demo
from lindung.registry.models import DuplicateCandidate, Employer, Membership, Worker
from tests.factories import make_region


def _run(code: str, seed: int) -> tuple[Region, list[tuple[str, str, dt.date]]]:
    """Generate 400 workers into a fresh region and return what was made."""
    region = make_region(code, f"Kota Uji {code}", f"kota-uji-{code.replace('.', '-')}")
    ctx = DemoContext(
        region=region,
        seed=seed,
        workers=400,
        as_of=dt.date(2026, 1, 1),
        rng=np.random.default_rng(seed),
        log=lambda _: None,
    )
    with audit_context(label="demo-test"):
        for step in (demo.make_employers, demo.make_workers, demo.make_memberships):
            step(ctx)
    made = Worker.objects.filter(region=region).order_by("pk").values_list("nik_masked", "name", "birth_date")
    return region, [(nik[4:], name, birth) for nik, name, birth in made]


def test_same_seed_same_registry(db: None) -> None:
    _, first = _run("12.76", 7)
    _, again = _run("12.77", 7)
    _, other = _run("12.78", 8)
    assert len(first) == 400 and first == again and first != other


def test_demo_rows_are_consistent(db: None) -> None:
    region, _ = _run("12.71", 7)
    workers = Worker.objects.filter(region=region)
    assert workers.filter(nik_regency_code="12.71").count() == 400
    assert not workers.filter(name_key="").exists()
    assert Membership.objects.filter(worker__region=region, rules_version__startswith="rules-").exists()
    employers = Employer.objects.filter(region=region, kbli="56101")  # restaurants: not in the cited table
    assert employers.exists() and all(e.jkk_risk_derived is None and e.risk_overridden for e in employers)
    assert DuplicateCandidate.objects.filter(worker_a__region=region).exists()  # the planted look-alikes
