"""Coverage figures as of a date, by every dimension, the trend by month, and the kecamatan drill-down.

Everything here reads the pre-aggregated snapshots (one query per slice), never the memberships.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from lindung.core.models import District
from lindung.core.scoping import scoped
from lindung.coverage import dimensions as d
from lindung.coverage.models import CoverageFigure, CoverageSnapshot
from lindung.coverage.selectors.reference import Reference, coverage_reference
from lindung.coverage.selectors.view import CoverageView, coverage_regions, coverage_view
from lindung.coverage.targets import goal_on

__all__ = [
    "CoverageView",
    "FigureRow",
    "Figures",
    "SnapshotPick",
    "TrendPoint",
    "coverage_district",
    "coverage_figures",
    "coverage_reference",
    "coverage_regions",
    "coverage_snapshot_pick",
    "coverage_trend",
    "coverage_view",
]

_AGE_ORDER = {key: i for i, (key, _, _) in enumerate(d.AGE_BANDS)}


@dataclass(frozen=True)
class SnapshotPick:
    """The snapshot that answers "as of" a date: the latest one on or before it."""

    requested: dt.date | None
    snapshot_id: int | None = None
    as_of: dt.date | None = None
    first: dt.date | None = None
    latest: dt.date | None = None
    computed_at: dt.datetime | None = None

    @property
    def state(self) -> str:
        """``ok``; ``empty`` when nothing was ever computed; ``before`` when the date precedes every snapshot."""
        if self.first is None:
            return "empty"
        return "ok" if self.snapshot_id is not None else "before"


def coverage_snapshot_pick(*, user: Any, region: Any, as_of: dt.date | None) -> SnapshotPick:
    rows = list(
        scoped(CoverageSnapshot.objects.filter(region=region), user)
        .order_by("as_of")
        .values_list("id", "as_of", "computed_at")
    )
    if not rows:
        return SnapshotPick(as_of)
    chosen = rows[-1] if as_of is None else next((row for row in reversed(rows) if row[1] <= as_of), None)
    first, latest = rows[0][1], rows[-1][1]
    if chosen is None:
        return SnapshotPick(as_of, first=first, latest=latest)
    return SnapshotPick(as_of, chosen[0], chosen[1], first, latest, chosen[2])


@dataclass
class FigureRow:
    dimension: str
    key: str
    label: str
    values: dict[str, int] = field(default_factory=dict)
    workforce: int | None = None

    def value(self, measure: str) -> int:
        return self.values.get(measure, 0)

    def rate(self, measure: str) -> float | None:
        return round(100 * self.value(measure) / self.workforce, 2) if self.workforce else None


@dataclass
class Figures:
    view: CoverageView
    pick: SnapshotPick
    reference: Reference
    total: FigureRow
    by: dict[str, list[FigureRow]]

    @property
    def empty(self) -> bool:
        return self.total.value(self.view.measure) == 0

    def rows(self, dimension: str) -> list[FigureRow]:
        return self.by.get(dimension, [])


def _figure_rows(queryset: QuerySet[CoverageFigure]) -> dict[tuple[str, str], dict[str, int]]:
    rows = queryset.values_list("dimension", "key", *d.MEASURES)
    return {(row[0], row[1]): dict(zip(d.MEASURES, row[2:], strict=True)) for row in rows}


def _workforce(reference: Reference, slice_kind: str, slice_key: str, dimension: str, key: str) -> int | None:
    if slice_kind == d.SLICE_AGENCY or (key == d.UNKNOWN and dimension != d.DIM_TOTAL):
        return None
    where: dict[str, str] = {"district": slice_key} if slice_kind == d.SLICE_DISTRICT else {}
    if dimension == d.DIM_VILLAGE:
        return reference.village_workforce(key)
    field_name = {d.DIM_DISTRICT: "district", d.DIM_SECTOR: "sector", d.DIM_SEX: "sex"}.get(dimension)
    if dimension != d.DIM_TOTAL and field_name is None:
        return None
    if field_name:
        where[field_name] = key
    return reference.workforce.count(**where) or None


def _keys(reference: Reference, dimension: str, found: list[str]) -> list[str]:
    """Every key a dimension should list (the whole map, every sector), then any other key found."""
    known = {
        d.DIM_DISTRICT: list(reference.districts),
        d.DIM_VILLAGE: list(reference.villages),
        d.DIM_SECTOR: reference.sector_keys(),
        d.DIM_SEX: ["M", "F"],
        d.DIM_AGE: [key for key, _, _ in d.AGE_BANDS],
    }.get(dimension, [])
    return known + sorted(key for key in found if key not in known)


def build_figures(
    view: CoverageView,
    pick: SnapshotPick,
    reference: Reference,
    found: dict[tuple[str, str], dict[str, int]],
    slice_kind: str,
    slice_key: str,
) -> Figures:
    def row(dimension: str, key: str) -> FigureRow:
        values = found.get((dimension, key), {})
        label = reference.label(dimension, key)
        return FigureRow(dimension, key, label, values, _workforce(reference, slice_kind, slice_key, dimension, key))

    by: dict[str, list[FigureRow]] = {}
    for dimension in d.SLICE_DIMENSIONS[slice_kind]:
        if dimension == d.DIM_TOTAL:
            continue
        present = [key for dim, key in found if dim == dimension]
        rows = [row(dimension, key) for key in _keys(reference, dimension, present)]
        if dimension == d.DIM_AGENCY:
            rows.sort(key=lambda r: -r.value("participants"))
        elif dimension == d.DIM_AGE:
            rows.sort(key=lambda r: _AGE_ORDER.get(r.key, 99))
        by[dimension] = [r for r in rows if r.key != d.UNKNOWN or r.value("participants")]
    total = row(d.DIM_TOTAL, d.UNKNOWN)
    total.label = reference.region.name
    return Figures(view, pick, reference, total, by)


def coverage_figures(*, view: CoverageView, pick: SnapshotPick, reference: Reference) -> Figures:
    """Every dimension of the view's slice on the picked snapshot (one query)."""
    found: dict[tuple[str, str], dict[str, int]] = {}
    if pick.snapshot_id is not None:
        queryset = CoverageFigure.objects.filter(
            snapshot_id=pick.snapshot_id, slice_kind=view.slice_kind, slice_key=view.slice_key
        )
        found = _figure_rows(scoped(queryset, view.scope_user))
    return build_figures(view, pick, reference, found, view.slice_kind, view.slice_key)


def sector_figures(
    *, view: CoverageView, pick: SnapshotPick, reference: Reference, sector_keys: list[str]
) -> dict[str, dict[str, dict[str, int]]]:
    """The city's and each kecamatan's figures of some sectors: what an agency officer sees of its sector."""
    if pick.snapshot_id is None or not sector_keys:
        return {}
    queryset = CoverageFigure.objects.filter(
        snapshot_id=pick.snapshot_id,
        slice_kind__in=[d.SLICE_REGION, d.SLICE_DISTRICT],
        dimension=d.DIM_SECTOR,
        key__in=sector_keys,
    ).values_list("slice_key", "key", *d.MEASURES)
    result: dict[str, dict[str, dict[str, int]]] = {}
    for row in scoped(queryset, view.scope_user):
        result.setdefault(row[0], {})[row[1]] = dict(zip(d.MEASURES, row[2:], strict=True))
    return result


@dataclass(frozen=True)
class TrendPoint:
    as_of: dt.date
    value: int
    new: int
    rate: float | None
    target: float | None


def coverage_trend(*, view: CoverageView, reference: Reference) -> list[TrendPoint]:
    """The view's total on every snapshot date, with the rate and the RPJMD path where they apply."""
    queryset = CoverageFigure.objects.filter(
        snapshot__region=view.region, slice_kind=view.slice_kind, slice_key=view.slice_key, dimension=d.DIM_TOTAL
    )
    rows = (
        scoped(queryset, view.scope_user)
        .order_by("snapshot__as_of")
        .values_list("snapshot__as_of", view.measure, "new")
    )
    workforce = reference.workforce.total if view.shows_rates else 0
    goals = reference.goals() if view.slice_kind == d.SLICE_REGION else []
    points = []
    for as_of, value, new in rows:
        goal = goal_on(goals, as_of) if view.measure == "participants" else None
        rate = round(100 * value / workforce, 2) if workforce else None
        points.append(TrendPoint(as_of, value, new, rate, goal.pct_on(as_of) if goal is not None else None))
    return points


@dataclass
class DistrictFigures:
    district: District
    villages: list[FigureRow]
    figures: Figures | None
    sectors: dict[str, dict[str, int]]


def coverage_district(
    *, view: CoverageView, pick: SnapshotPick, reference: Reference, district: District
) -> DistrictFigures:
    """A kecamatan: its kelurahan in the view's slice; for the city view also its own sectors, sexes, ages."""
    villages: list[FigureRow] = []
    figures = None
    sectors: dict[str, dict[str, int]] = {}
    if pick.snapshot_id is not None:
        base = CoverageFigure.objects.filter(snapshot_id=pick.snapshot_id)
        found = _figure_rows(
            scoped(
                base.filter(slice_kind=view.slice_kind, slice_key=view.slice_key, dimension=d.DIM_VILLAGE),
                view.scope_user,
            )
        )
        in_district = {key: values for (_, key), values in found.items() if key.startswith(district.code + ".")}
        for code, (name, parent) in reference.villages.items():
            if parent == district.code:
                workforce = reference.village_workforce(code) if view.shows_rates else None
                villages.append(FigureRow(d.DIM_VILLAGE, code, name, in_district.get(code, {}), workforce))
        if view.slice_kind == d.SLICE_REGION:
            own = _figure_rows(
                scoped(base.filter(slice_kind=d.SLICE_DISTRICT, slice_key=district.code), view.scope_user)
            )
            figures = build_figures(view, pick, reference, own, d.SLICE_DISTRICT, district.code)
        else:
            keys = agency_sector_keys(view, reference)
            sectors = sector_figures(view=view, pick=pick, reference=reference, sector_keys=keys).get(district.code, {})
    return DistrictFigures(district, villages, figures, sectors)


def agency_sector_keys(view: CoverageView, reference: Reference) -> list[str]:
    """The workforce sectors of the KBLI sections an agency oversees."""
    if view.agency is None:
        return []
    return list(reference.sectors.mapping.keys_for_sections(d.agency_sections(view.agency.sector)))
