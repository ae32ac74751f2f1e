"""A role's coverage dashboard in one read: figures, trend, targets, indicators and the kecamatan map.

The number of queries does not grow with the data: every figure comes from the pre-aggregated snapshots.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from lindung.core.scoping import scoped
from lindung.coverage import dimensions as d
from lindung.coverage.models import EmployerCompliance, FollowUp, FollowUpStatus
from lindung.coverage.selectors.figures import (
    FigureRow,
    Figures,
    SnapshotPick,
    TrendPoint,
    agency_sector_keys,
    coverage_figures,
    coverage_snapshot_pick,
    coverage_trend,
    sector_figures,
)
from lindung.coverage.selectors.reference import Reference, coverage_reference
from lindung.coverage.selectors.targets import (
    GoalStatus,
    Indicator,
    PksProgress,
    coverage_goal_status,
    coverage_indicators,
    pks_progress,
)
from lindung.coverage.selectors.view import CoverageView, coverage_view
from lindung.coverage.svg import MapTile, reader_number
from lindung.coverage.tilegrid import tile_layout


@dataclass
class MapData:
    tiles: list[MapTile]
    unit: str
    title: str


@dataclass
class Dashboard:
    view: CoverageView
    pick: SnapshotPick
    reference: Reference
    figures: Figures
    trend: list[TrendPoint]
    goal: GoalStatus | None
    pks: list[PksProgress] | None
    indicators: list[Indicator]
    map: MapData
    sector_focus: list[FigureRow] = field(default_factory=list)
    suspects: int = 0
    followups_open: int = 0

    @property
    def state(self) -> str:
        """``ok``, ``empty`` (never computed), ``before`` (date before any data) or ``no_match`` (filter: none)."""
        if self.pick.state != "ok":
            return self.pick.state
        return "no_match" if self.figures.empty else "ok"


def _caption(value: float | None, unit: str) -> str:
    if value is None:
        return "–"
    return reader_number(f"{value:.1f}%" if unit == "%" else f"{int(value):,}")


def _tiles(
    reference: Reference, values: dict[str, float | None], unit: str, link: Callable[[str], str]
) -> list[MapTile]:
    layout = tile_layout(reference.region.code, list(reference.districts.items()))
    return [
        MapTile(
            t.code, t.name, t.short, t.col, t.row, values.get(t.code), _caption(values.get(t.code), unit), link(t.code)
        )
        for t in layout
    ]


def _sector_focus(
    view: CoverageView, pick: SnapshotPick, reference: Reference
) -> tuple[list[FigureRow], dict[str, float | None]]:
    """An agency's sectors: city-wide rows, and the sectors' coverage per kecamatan (for the map)."""
    keys = agency_sector_keys(view, reference)
    found = sector_figures(view=view, pick=pick, reference=reference, sector_keys=keys)
    city = found.get("", {})
    rows = [
        FigureRow(
            d.DIM_SECTOR,
            key,
            reference.label(d.DIM_SECTOR, key),
            city.get(key, {}),
            reference.workforce.count(sector=key) or None,
        )
        for key in keys
    ]
    per_district: dict[str, float | None] = {}
    for code in reference.districts:
        covered = sum(found.get(code, {}).get(key, {}).get(view.measure, 0) for key in keys)
        workforce = sum(reference.workforce.count(district=code, sector=key) for key in keys)
        per_district[code] = round(100 * covered / workforce, 2) if workforce else None
    return rows, per_district


def _map(
    view: CoverageView, figures: Figures, sector_rates: dict[str, float | None] | None, link: Callable[[str], str]
) -> MapData:
    reference = figures.reference
    if sector_rates is not None and any(v is not None for v in sector_rates.values()):
        return MapData(_tiles(reference, sector_rates, "%", link), "%", "sector")
    rows = figures.rows(d.DIM_DISTRICT)
    if view.shows_rates:
        return MapData(_tiles(reference, {r.key: r.rate(view.measure) for r in rows}, "%", link), "%", "coverage")
    counts: dict[str, float | None] = {r.key: float(r.value(view.measure)) for r in rows}
    return MapData(_tiles(reference, counts, "", link), "", "count")


def coverage_dashboard(
    *,
    user: Any,
    region_code: str = "",
    agency_code: str = "",
    measure: str = "",
    as_of: dt.date | None = None,
    link: Callable[[str], str] = lambda code: "",
) -> Dashboard | None:
    """Everything a role's dashboard shows; None when the user has no coverage to see."""
    view = coverage_view(user=user, region_code=region_code, agency_code=agency_code, measure=measure)
    if view is None:
        return None
    pick = coverage_snapshot_pick(user=user, region=view.region, as_of=as_of)
    reference = coverage_reference(user=user, region=view.region)
    figures = coverage_figures(view=view, pick=pick, reference=reference)
    focus: list[FigureRow] = []
    sector_rates = None
    if view.is_agency_officer:
        focus, sector_rates = _sector_focus(view, pick, reference)
    goal = coverage_goal_status(figures) if view.measure == "participants" else None
    suspects = scoped(EmployerCompliance.objects.filter(region=view.region), user).count()
    open_followups = scoped(FollowUp.objects.filter(region=view.region).exclude(status=FollowUpStatus.DONE), user)
    return Dashboard(
        view=view,
        pick=pick,
        reference=reference,
        figures=figures,
        trend=coverage_trend(view=view, reference=reference),
        goal=goal,
        pks=pks_progress(view=view, pick=pick),
        indicators=coverage_indicators(figures=figures, goal=goal, suspects=suspects, lapsing=None, with_lapsing=False)
        if view.slice_kind == d.SLICE_REGION
        else [],
        map=_map(view, figures, sector_rates, link),
        sector_focus=focus,
        suspects=suspects,
        followups_open=open_followups.count(),
    )
