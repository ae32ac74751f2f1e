"""The what-if planner: with Rp X for N months covering programmes P, how many workers, which ones, and where.

Members active today continue first (when the scenario says so), each priced on the scenario's basis; the rest
of the money takes workers from the waiting list in rank order. Coverage per kecamatan compares active
participants (all payers) against the workforce before and after the scenario's new workers.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db.models import Count, Q, Sum

from lindung.core.models import District, Region, WorkforceFigure
from lindung.programmes import rules_adapter as rules
from lindung.programmes.models import DEFAULT_WEIGHTS, Programme
from lindung.programmes.selectors import eligibility, pricing
from lindung.registry.models import Membership, PayerKind


@dataclass(frozen=True)
class PlanInput:
    region: Region
    year: int
    budget: int
    first_month: int
    months: int
    programs: list[str]
    declared_income: int
    include_current: bool = True
    workers_wanted: int | None = None


@dataclass
class PlanResult:
    per_worker: int
    monthly: list[int]
    continuing: int
    continuing_cost: int
    affordable_new: int
    waiting: int
    selected: list[int]
    cost: int
    leftover: int
    shortfall: int  # rupiah missing for what was asked (0 when it fits)
    by_district: list[dict[str, Any]] = field(default_factory=list)
    by_category: list[dict[str, Any]] = field(default_factory=list)
    rules_version: str = rules.RULES_VERSION

    @property
    def new_workers(self) -> int:
        return len(self.selected)

    @property
    def total_workers(self) -> int:
        return self.continuing + len(self.selected)

    def as_json(self) -> dict[str, Any]:
        extra = {"new_workers": self.new_workers, "total_workers": self.total_workers,
                 "unplaced": self.waiting - self.new_workers}  # fmt: skip
        return {**asdict(self), **extra}


def policy_programme(plan: PlanInput) -> Programme:
    """An unsaved programme carrying the scenario's basis and the latest programme's age range and weights."""
    latest = Programme.objects.filter(region=plan.region).order_by("-year").first()
    return Programme(
        region=plan.region, year=plan.year, name="", budget=plan.budget,
        programs=rules.program_mask(plan.programs), declared_income=plan.declared_income,
        first_month=plan.first_month, last_month=plan.first_month + plan.months - 1,
        min_age=latest.min_age if latest else 18, max_age=latest.max_age if latest else 65,
        priority_weights=dict(latest.priority_weights) if latest else dict(DEFAULT_WEIGHTS),
    )  # fmt: skip


def continuing_members(region: Region, as_of: dt.date) -> Counter[int]:
    """City-programme members active today with no end date, by kecamatan (0 = unknown)."""
    rows = Membership.objects.filter(
        Q(valid_to__isnull=True), payer_kind=PayerKind.CITY_PROGRAMME, worker__region=region, valid_from__lte=as_of
    ).values_list("worker__village__district_id", flat=True)
    return Counter(d or 0 for d in rows)


def plan(*, plan_input: PlanInput, user: Any, as_of: dt.date) -> PlanResult:
    programme = policy_programme(plan_input)
    months = pricing.programme_months(plan_input.year, programme.first_month, programme.last_month)
    monthly = rules.price_months(plan_input.declared_income, programme.programs, months)
    per_worker = sum(monthly)
    current = continuing_members(plan_input.region, as_of) if plan_input.include_current else Counter()
    continuing = sum(current.values())
    continuing_cost = continuing * per_worker
    affordable = max(plan_input.budget - continuing_cost, 0) // per_worker if per_worker else 0
    ranked = eligibility.waiting_list(programme=programme, user=user, as_of=max(as_of, programme.start))
    wanted = plan_input.workers_wanted
    take = min(len(ranked), affordable if wanted is None else wanted)
    selected = ranked[:take]
    cost = (continuing + len(selected)) * per_worker
    shortfall = max(continuing_cost - plan_input.budget, 0)
    if wanted is not None:
        shortfall = max(shortfall, (continuing + wanted) * per_worker - plan_input.budget)
    return PlanResult(
        per_worker=per_worker, monthly=monthly, continuing=continuing, continuing_cost=continuing_cost,
        affordable_new=affordable, waiting=len(ranked), selected=[c.worker_id for c in selected], cost=cost,
        leftover=plan_input.budget - cost, shortfall=shortfall,
        by_district=coverage_by_district(plan_input.region, as_of, current, selected),
        by_category=coverage_by_category(selected, ranked),
    )  # fmt: skip


def coverage_by_district(
    region: Region, as_of: dt.date, current: Counter[int], selected: list[eligibility.Candidate]
) -> list[dict[str, Any]]:
    workforce = dict(
        WorkforceFigure.objects.filter(district__region=region).values_list("district_id").annotate(n=Sum("count"))
    )
    active = dict(
        Membership.objects.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=as_of), worker__region=region,
                                  valid_from__lte=as_of)
        .values_list("worker__village__district_id").annotate(n=Count("worker", distinct=True)).order_by()
    )  # fmt: skip
    added = Counter(c.district_id or 0 for c in selected)
    rows = []
    for district in District.objects.filter(region=region).order_by("code"):
        labour, before = int(workforce.get(district.pk, 0)), int(active.get(district.pk, 0))
        after = before + added[district.pk]
        rows.append({
            "district": district.name, "code": district.code, "workforce": labour, "active": before,
            "programme": current[district.pk], "added": added[district.pk],
            "coverage_before": round(100 * before / labour, 2) if labour else None,
            "coverage_after": round(100 * after / labour, 2) if labour else None,
        })  # fmt: skip
    return rows


def coverage_by_category(
    selected: Sequence[eligibility.Candidate], ranked: Sequence[eligibility.Candidate]
) -> list[dict[str, Any]]:
    added = Counter(c.category for c in selected)
    if isinstance(ranked, eligibility.CandidateList):  # count the column, build no Candidate
        waiting = Counter(str(k or "") for k in ranked.frame["category"].to_list())
    else:
        waiting = Counter(c.category for c in ranked)
    return [
        {"category": key, "added": added[key], "waiting": waiting[key]}
        for key in sorted(waiting, key=lambda k: (-added[k], -waiting[k], k))
    ]
