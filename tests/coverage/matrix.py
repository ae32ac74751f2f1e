"""Role-matrix expectations of the coverage models (imported by tests/core/test_role_matrix.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from lindung.coverage.models import (
    CoverageFigure,
    CoverageReport,
    CoverageReportJob,
    CoverageSnapshot,
    CoverageTarget,
    EmployerCompliance,
    FollowUp,
)
from tests.factories import World

Expect = Callable[[World], dict[str, set[Any]]]
_NONE: set[Any] = set()


def coverage_objects(w: World) -> None:
    """Figures, suspects, follow-ups and reports in Medan (two agency slices) and in Binjai."""
    if CoverageSnapshot.objects.exists():
        return
    now = timezone.now()
    day = dt.date(2026, 10, 31)
    medan = CoverageSnapshot.objects.create(region=w.medan, as_of=day, is_month_end=True, computed_at=now)
    binjai = CoverageSnapshot.objects.create(region=w.other, as_of=day, is_month_end=True, computed_at=now)
    for kind, key, dimension in [
        ("region", "", "total"),
        ("region", "", "district"),
        ("region", "", "sector"),
        ("region", "", "village"),
        ("agency", str(w.agency.pk), "total"),
        ("agency", str(w.agency.pk), "village"),
        ("agency", str(w.other_agency.pk), "total"),
        ("district", "12.71.01", "sector"),
        ("district", "12.71.01", "sex"),
    ]:
        CoverageFigure.objects.create(
            snapshot=medan, slice_kind=kind, slice_key=key, dimension=dimension, participants=1
        )
    CoverageFigure.objects.create(snapshot=binjai, slice_kind="region", dimension="total", participants=1)
    for employer, region in [(w.employer, w.medan), (w.other_employer, w.medan), (w.foreign_employer, w.other)]:
        EmployerCompliance.objects.create(region=region, employer=employer, as_of=day, reasons=["headcount"])
    for agency, region in [(w.agency, w.medan), (w.other_agency, w.medan), (w.foreign_agency, w.other)]:
        FollowUp.objects.create(
            region=region, kind="village", subject_key="x", subject_label="x", agency=agency, assigned_at=now
        )
    for region in (w.medan, w.other):
        CoverageTarget.objects.create(
            region=region,
            effective_from=dt.date(2026, 1, 1),
            label="RPJMD",
            target_date=dt.date(2030, 12, 31),
            target_pct=100,
            baseline_date=dt.date(2025, 12, 31),
            baseline_pct=40,
            source_document="uji",
            recorded_at=now,
        )
        CoverageReport.objects.create(
            region=region,
            period=day.replace(day=1),
            as_of=day,
            pdf="a.pdf",
            xlsx="a.xlsx",
            generated_at=now,
            generated_by="uji",
        )
        CoverageReportJob.objects.create(region=region, period=day.replace(day=1), file_name="laporan-uji")


def _ids(queryset: Any) -> set[Any]:
    return set(queryset.values_list("pk", flat=True))


def _expect(model: Any, medan: dict[str, Any], agency: Callable[[World], Any] | None) -> Expect:
    def expect(w: World) -> dict[str, set[Any]]:
        coverage_objects(w)
        region_wide = _ids(model.objects.filter(**medan))
        seen_by_agency = _ids(model.objects.filter(**agency(w))) if agency else _NONE
        return {
            "coordinator": region_wide,
            "agency_officer": seen_by_agency,
            "branch_officer": region_wide,
            "employer": _NONE,
            "worker": _NONE,
            "auditor": region_wide,
            "admin": _ids(model.objects.all()),
        }

    return expect


def _own_figures(w: World) -> set[Any]:
    own = _ids(CoverageFigure.objects.filter(slice_kind="agency", slice_key=str(w.agency.pk)))
    city = CoverageFigure.objects.filter(
        snapshot__region=w.medan, slice_kind__in=["region", "district"], dimension__in=["total", "sector"]
    )
    return own | _ids(city)


def _figures(w: World) -> dict[str, set[Any]]:
    expected = _expect(CoverageFigure, {"snapshot__region": w.medan}, None)(w)
    expected["agency_officer"] = _own_figures(w)
    return expected


EXPECTED_COVERAGE: dict[type, Expect] = {
    CoverageSnapshot: lambda w: _expect(CoverageSnapshot, {"region": w.medan}, lambda w: {"region": w.medan})(w),
    CoverageFigure: _figures,
    EmployerCompliance: lambda w: _expect(EmployerCompliance, {"region": w.medan}, lambda w: {"employer": w.employer})(
        w
    ),
    FollowUp: lambda w: _expect(FollowUp, {"region": w.medan}, lambda w: {"agency": w.agency})(w),
    CoverageReport: lambda w: _expect(CoverageReport, {"region": w.medan}, None)(w),
    CoverageReportJob: lambda w: _expect(CoverageReportJob, {"region": w.medan}, None)(w),
    CoverageTarget: lambda w: _expect(CoverageTarget, {"region": w.medan}, None)(w),
}
