"""The registry's demo step: deterministic for a seed, consistent with the rules of the registry."""

from __future__ import annotations

import datetime as dt

import numpy as np

from lindung.core.audit import audit_context
from lindung.core.models import Region
from lindung.demo.context import DemoContext
from lindung.registry import demo
from lindung.registry.demo import _labour_intensive
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


def test_the_demo_gives_a_few_employers_a_padat_karya_sector_and_bpu_members_a_transport_one(db: None) -> None:
    region, _ = _run("12.71", 7)
    bpu = Membership.objects.filter(worker__region=region, segment="BPU")
    assert 0.1 < bpu.exclude(sector="other").count() / bpu.count() < 0.4  # ojek online, ojek, drivers, couriers
    assert not Membership.objects.filter(worker__region=region).exclude(segment="BPU").exclude(sector="other").exists()
    keys = ["textiles"] * 1000 + ["manufacturing"] * 1000 + ["trade"] * 8000
    sectors = _labour_intensive(keys, np.random.default_rng(7))
    assert sectors == _labour_intensive(keys, np.random.default_rng(7))  # the same per seed
    share = {s: sectors.count(s) / len(keys) for s in set(sectors)}
    assert 0.05 < 1 - share["other"] < 0.15 and set(sectors) == {
        "other", "textile_apparel", "food_beverage_tobacco", "furniture"
    }  # fmt: skip
