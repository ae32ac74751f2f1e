"""The programme's demo step: candidates marked as the demo promises, proposals in every state, staff users
that cannot log in (no password to hash).

Given Kota Medan's profile and a small demo registry, when the programme step runs, then the idle workers are
the proposed vulnerable workers (their agency reaching their category), half of them with a DTKS decile, and
the staff who took the steps have no usable password.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from django.contrib.auth import get_user_model

from lindung.core.audit import audit_context
from lindung.core.models import Agency, Region
from lindung.core.services import region_profile_load
from lindung.demo.context import DemoContext
from lindung.programmes import demo as programmes_demo
from lindung.programmes.models import PovertyDecile, Proposal
from lindung.programmes.selectors.eligibility import vulnerable_categories
from lindung.regions.profile import load_profile
from lindung.registry import demo as registry_demo
from lindung.registry.models import Membership, Worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def step() -> DemoContext:
    region_profile_load(profile=load_profile("kota-medan"))
    region = Region.objects.get(code="12.71")
    ctx = DemoContext(region=region, seed=5, workers=800, as_of=dt.date(2026, 3, 20),
                      rng=np.random.default_rng(5), log=lambda _: None)  # fmt: skip
    with audit_context(label="demo-test"):
        for make in (registry_demo.make_employers, registry_demo.make_workers, registry_demo.make_memberships):
            make(ctx)
        idle = Worker.objects.filter(region=region).exclude(
            pk__in=Membership.objects.filter(valid_to__isnull=True).values("worker")
        )
        ctx.made["idle"] = list(idle.order_by("pk").values_list("pk", "sex")[:80])
        programmes_demo.make_programmes(ctx)
    return ctx


def test_candidates_are_marked_as_promised(step: DemoContext) -> None:
    idle = step.made["idle"]
    assert len(idle) == 80
    agencies = {a.pk: a for a in Agency.objects.filter(region=step.region)}
    vulnerable = vulnerable_categories()
    marked = {w.pk: w for w in Worker.objects.filter(pk__in=[pk for pk, _sex in idle])}
    dishub = [a.pk for a in agencies.values() if a.code == "dishub"]
    for i, (pk, sex) in enumerate(idle):
        worker = marked[pk]
        agency = agencies[worker.proposed_by_agency_id]
        assert worker.vulnerability_category in set(agency.stakeholder_groups) & vulnerable
        assert worker.female_head_of_household == (sex == "F" and i % 4 == 0)
        assert worker.disability == (i % 17 == 0)
        assert worker.vulnerability_consent_at is not None
        assert (worker.proposed_by_agency_id in dishub) == (i % 3 == 0)
    assert PovertyDecile.objects.filter(worker_id__in=marked).count() == 40


def test_proposals_and_staff_without_passwords(step: DemoContext) -> None:
    assert Proposal.objects.filter(programme__region=step.region).count() >= 5
    staff = get_user_model().objects.filter(username__startswith="staf-")
    assert staff.count() >= 4
    assert not any(user.has_usable_password() for user in staff)
