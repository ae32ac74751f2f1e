"""The region's RPJMD coverage goals: the stored dated targets, or the seed file's assumption while none is."""

from __future__ import annotations

from typing import Any

from lindung.core.models import Region
from lindung.core.scoping import scoped
from lindung.coverage.models import CoverageTarget
from lindung.coverage.targets import CoverageGoal, region_targets


def goal_of(target: CoverageTarget) -> CoverageGoal:
    return CoverageGoal(
        label=target.label,
        target_date=target.target_date,
        target_pct=float(target.target_pct),
        baseline_date=target.baseline_date,
        baseline_pct=float(target.baseline_pct),
        baseline_note=target.baseline_note,
        confidence="" if target.confirmed else "low",
        sources=(target.source_document,),
        source=target.source_document,
        confirmed=target.confirmed,
        effective_from=target.effective_from,
    )


def coverage_goals(*, region: Region) -> list[CoverageGoal]:
    """Every dated goal of ``region``, oldest first; the seed's single assumption when none is stored (one query)."""
    stored = [goal_of(t) for t in CoverageTarget.objects.filter(region=region).order_by("effective_from")]
    if stored:
        return stored
    seed = region_targets(region.code).goal
    return [seed] if seed is not None else []


def coverage_target_list(*, user: Any, region: Region) -> list[CoverageTarget]:
    """The stored targets of ``region`` in the user's scope, newest first (the history the target page shows)."""
    targets = scoped(CoverageTarget.objects.filter(region=region), user).select_related("recorded_by")
    return list(targets.order_by("-effective_from"))
