"""The role matrix: for every scoped model, each role sees exactly its scope; no role or no scope sees nothing.

Every model with a scope rule must appear in EXPECTED, so each new model extends this matrix.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from lindung.core.models import Agency, AuditEntry, District, MinimumWage, Region, Village, WorkforceFigure
from lindung.core.scoping import registered_models, scoped
from lindung.registry.models import (
    DuplicateCandidate,
    Employer,
    ImportIssue,
    ImportJob,
    Membership,
    MergeJournal,
    Worker,
)
from tests.billing.matrix import EXPECTED_BILLING
from tests.coverage.matrix import EXPECTED_COVERAGE
from tests.factories import World
from tests.partnership.matrix import EXPECTED as PARTNERSHIP_EXPECTED
from tests.programmes.matrix import EXPECTED_PROGRAMMES
from tests.registry.world import registry_extras

ROLES = ["coordinator", "agency_officer", "branch_officer", "employer", "worker", "auditor", "admin"]
Expect = Callable[[World], dict[str, set[Any]]]


def _medan_refs(w: World, model: Any, path: str) -> set[Any]:
    return set(model.objects.filter(**{path: w.medan}).values_list("pk", flat=True))


def _all(model: Any) -> set[Any]:
    return set(model.objects.values_list("pk", flat=True))


def expected_region(w: World) -> dict[str, set[Any]]:
    region = {w.medan.pk}
    return {"coordinator": region, "agency_officer": region, "branch_officer": region, "employer": set(),
            "worker": set(), "auditor": region, "admin": _all(Region)}  # fmt: skip


def _reference(model: Any, path: str) -> Expect:
    def expect(w: World) -> dict[str, set[Any]]:
        medan = _medan_refs(w, model, path)
        return {"coordinator": medan, "agency_officer": medan, "branch_officer": medan, "employer": set(),
                "worker": set(), "auditor": medan, "admin": _all(model)}  # fmt: skip

    return expect


def expected_agency(w: World) -> dict[str, set[Any]]:
    medan = {w.agency.pk, w.other_agency.pk}
    return {"coordinator": medan, "agency_officer": {w.agency.pk}, "branch_officer": medan, "employer": set(),
            "worker": set(), "auditor": medan, "admin": _all(Agency)}  # fmt: skip


def expected_employer(w: World) -> dict[str, set[Any]]:
    medan = {w.employer.pk, w.other_employer.pk}
    return {"coordinator": medan, "agency_officer": {w.employer.pk}, "branch_officer": medan,
            "employer": {w.employer.pk}, "worker": {w.employer.pk}, "auditor": medan,
            "admin": _all(Employer)}  # fmt: skip


def expected_worker(w: World) -> dict[str, set[Any]]:
    medan = {w.worker.pk, w.proposed_worker.pk, w.other_worker.pk}
    return {"coordinator": medan, "agency_officer": {w.worker.pk, w.proposed_worker.pk}, "branch_officer": medan,
            "employer": {w.worker.pk}, "worker": {w.worker.pk}, "auditor": medan, "admin": _all(Worker)}  # fmt: skip


def expected_membership(w: World) -> dict[str, set[Any]]:
    mine = set(Membership.objects.filter(worker=w.worker).values_list("pk", flat=True))
    medan = set(Membership.objects.filter(worker__region=w.medan).values_list("pk", flat=True))
    return {"coordinator": medan, "agency_officer": mine, "branch_officer": medan, "employer": mine,
            "worker": mine, "auditor": medan, "admin": _all(Membership)}  # fmt: skip


def expected_import_job(w: World) -> dict[str, set[Any]]:
    x = registry_extras(w)
    medan = {x.employer_job.pk, x.agency_job.pk}
    return {"coordinator": medan, "agency_officer": {x.agency_job.pk}, "branch_officer": medan,
            "employer": {x.employer_job.pk}, "worker": set(), "auditor": medan, "admin": _all(ImportJob)}  # fmt: skip


def expected_import_issue(w: World) -> dict[str, set[Any]]:
    jobs = expected_import_job(w)
    issues = ImportIssue.objects.values_list("pk", flat=True)
    return {role: set(issues.filter(job__in=ids)) for role, ids in jobs.items()}


def _region_review(model: Any, pk: int) -> dict[str, set[Any]]:
    return {"coordinator": {pk}, "agency_officer": set(), "branch_officer": {pk}, "employer": set(), "worker": set(),
            "auditor": {pk}, "admin": _all(model)}  # fmt: skip


def expected_duplicate(w: World) -> dict[str, set[Any]]:
    return _region_review(DuplicateCandidate, registry_extras(w).candidate.pk)


def expected_merge_journal(w: World) -> dict[str, set[Any]]:
    return _region_review(MergeJournal, registry_extras(w).journal.pk)


def expected_audit(w: World) -> dict[str, set[Any]]:
    everything = _all(AuditEntry)
    return {"coordinator": set(), "agency_officer": set(), "branch_officer": set(), "employer": set(),
            "worker": set(), "auditor": everything, "admin": everything}  # fmt: skip


EXPECTED: dict[type, Expect] = {
    Region: expected_region,
    District: _reference(District, "region"),
    Village: _reference(Village, "district__region"),
    WorkforceFigure: _reference(WorkforceFigure, "district__region"),
    MinimumWage: _reference(MinimumWage, "region"),
    Agency: expected_agency,
    Employer: expected_employer,
    Worker: expected_worker,
    Membership: expected_membership,
    ImportJob: expected_import_job,
    ImportIssue: expected_import_issue,
    DuplicateCandidate: expected_duplicate,
    MergeJournal: expected_merge_journal,
    AuditEntry: expected_audit,
    **EXPECTED_PROGRAMMES,
    **EXPECTED_BILLING,
    **EXPECTED_COVERAGE,
}
EXPECTED.update(PARTNERSHIP_EXPECTED)


def test_every_scoped_model_is_in_the_matrix() -> None:
    missing = [m._meta.label for m in registered_models() if m not in EXPECTED]
    assert missing == [], f"add these models to the role matrix: {missing}"


@pytest.mark.parametrize("model", list(EXPECTED), ids=lambda m: m._meta.label)
def test_each_role_sees_exactly_its_scope(world: World, model: Any) -> None:
    expected = EXPECTED[model](world)
    for role in ROLES:
        seen = set(scoped(model.objects.all(), world.users[role]).values_list("pk", flat=True))
        assert seen == expected[role], f"{model._meta.label}: role {role} saw {seen}, expected {expected[role]}"


@pytest.mark.parametrize("model", list(EXPECTED), ids=lambda m: m._meta.label)
@pytest.mark.parametrize("who", ["no_role", "broken_scope", "anonymous"])
def test_no_role_or_no_scope_sees_nothing(world: World, model: Any, who: str) -> None:
    from django.contrib.auth.models import AnonymousUser

    user = AnonymousUser() if who == "anonymous" else world.users[who]
    assert not scoped(model.objects.all(), user).exists()


def test_inactive_user_sees_nothing(world: World) -> None:
    user = world.users["coordinator"]
    user.is_active = False
    user.save()
    user = type(user).objects.get(pk=user.pk)
    assert not scoped(Worker.objects.all(), user).exists()
