"""Reads and aggregates of reference data, always within the user's scope."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, Sum

from lindung.core.models import Agency, District, Village, WorkforceFigure
from lindung.core.scoping import scope_for, scoped


def home_summary(*, user: Any) -> dict[str, int]:
    """Headline counts of the user's scope."""
    from lindung.registry.models import Employer, Membership, Worker

    active = scoped(Membership.objects.filter(valid_to__isnull=True), user)
    return {
        "workers": scoped(Worker.objects.all(), user).count(),
        "employers": scoped(Employer.objects.all(), user).count(),
        "active_memberships": active.count(),
        "agencies": scoped(Agency.objects.all(), user).count(),
        "workforce": scoped(WorkforceFigure.objects.all(), user).aggregate(n=Sum("count"))["n"] or 0,
    }


def district_overview(*, user: Any) -> list[dict[str, Any]]:
    """Each kecamatan in scope with its kelurahan count, workforce and active participants living there."""
    from lindung.registry.models import Membership

    districts = scoped(District.objects.all(), user).annotate(villages_count=Count("villages", distinct=True))
    workforce = dict(
        scoped(WorkforceFigure.objects.all(), user).values_list("district_id").annotate(n=Sum("count")).order_by()
    )
    active = dict(
        scoped(Membership.objects.filter(valid_to__isnull=True), user)
        .values_list("worker__village__district_id")
        .annotate(n=Count("worker", distinct=True))
        .order_by()
    )
    rows = []
    for district in districts.order_by("code"):
        labour = workforce.get(district.pk, 0)
        covered = active.get(district.pk, 0)
        rows.append(
            {
                "district": district,
                "villages": district.villages_count,
                "workforce": labour,
                "active": covered,
                "coverage_pct": round(100 * covered / labour, 1) if labour else None,
            }
        )
    return rows


def village_overview(*, user: Any, district: District) -> list[dict[str, Any]]:
    from lindung.registry.models import Membership

    scope = scope_for(user)
    if scope is None:
        return []
    counts = dict(
        scoped(Membership.objects.filter(valid_to__isnull=True, worker__village__district=district), user)
        .values_list("worker__village_id")
        .annotate(n=Count("worker", distinct=True))
        .order_by()
    )
    villages = scoped(Village.objects.filter(district=district), user).order_by("code")
    return [{"village": v, "active": counts.get(v.pk, 0)} for v in villages]


def agencies_in_mou(*, user: Any) -> int:
    return scoped(Agency.objects.filter(Q(in_mou=True)), user).count()
