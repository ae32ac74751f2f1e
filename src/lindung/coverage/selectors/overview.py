"""The home page's headline and the region pages' figures, read from the latest snapshot of each region.

These pages open many times a day: they read the pre-aggregated figures (a few queries whatever the number of
memberships and workers), never count the registry: the active participants and the registered workers both
come from the latest snapshot (the workers as counted on the refresh day). Before the first refresh they say
so ("angka cakupan belum dihitung") rather than show zeros. An employer or a worker has no snapshot slice:
its home page counts its own few memberships.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Sum

from lindung.core.models import Agency, District, Village, WorkforceFigure
from lindung.core.roles import Role
from lindung.core.scoping import scope_for, scoped
from lindung.coverage import dimensions as d
from lindung.coverage.models import CoverageFigure, CoverageSnapshot
from lindung.coverage.selectors.view import COVERAGE_ROLES
from lindung.registry.models import Employer, Membership, Worker


@dataclass(frozen=True)
class Latest:
    """The latest snapshot of each region in scope, and the slice of figures the user reads."""

    slice_kind: str
    slice_key: str
    snapshots: dict[int, int]  # region id → snapshot id
    as_of: dt.date | None
    computed_at: dt.datetime | None

    @property
    def computed(self) -> bool:
        return bool(self.snapshots)

    @property
    def shows_rates(self) -> bool:
        return self.slice_kind != d.SLICE_AGENCY


def coverage_latest(*, user: Any, region_ids: Iterable[int] | None = None) -> Latest | None:
    """The snapshots the pages read; None for a role without coverage figures (employer, worker)."""
    scope = scope_for(user)
    if scope is None or scope.role not in COVERAGE_ROLES:
        return None
    if scope.role == Role.AGENCY_OFFICER:
        slice_kind, slice_key = d.SLICE_AGENCY, str(scope.agency_id)
    else:
        slice_kind, slice_key = d.SLICE_REGION, ""
    snapshots = scoped(CoverageSnapshot.objects.all(), user)
    if region_ids is not None:
        snapshots = snapshots.filter(region_id__in=list(region_ids))
    latest: dict[int, tuple[int, dt.date, dt.datetime]] = {}
    for region_id, pk, as_of, computed_at in snapshots.order_by("region_id", "as_of").values_list(
        "region_id", "id", "as_of", "computed_at"
    ):
        latest[region_id] = (pk, as_of, computed_at)
    days = [as_of for _, as_of, _ in latest.values()]
    stamps = [computed_at for _, _, computed_at in latest.values()]
    return Latest(
        slice_kind,
        slice_key,
        {region_id: pk for region_id, (pk, _, _) in latest.items()},
        min(days) if days else None,
        min(stamps) if stamps else None,
    )


def _participants(user: Any, latest: Latest, dimension: str, **where: Any) -> dict[str, int]:
    figures = CoverageFigure.objects.filter(
        snapshot_id__in=list(latest.snapshots.values()),
        slice_kind=latest.slice_kind,
        slice_key=latest.slice_key,
        dimension=dimension,
        **where,
    )
    found: dict[str, int] = {}
    for key, participants in scoped(figures, user).values_list("key", "participants"):
        found[key] = found.get(key, 0) + participants
    return found


@dataclass
class PlaceRow:
    place: District | Village
    active: int | None
    workforce: int | None = None
    villages: int = 0

    @property
    def coverage_pct(self) -> float | None:
        if self.active is None or not self.workforce:
            return None
        return round(100 * self.active / self.workforce, 1)


@dataclass
class PlaceOverview:
    rows: list[PlaceRow]
    latest: Latest | None

    @property
    def state(self) -> str:
        """``ok``; ``empty`` before the first refresh; ``none`` for a role without figures."""
        if self.latest is None:
            return "none"
        return "ok" if self.latest.computed else "empty"


def district_coverage(*, user: Any) -> PlaceOverview:
    """Each kecamatan in scope: kelurahan, workforce, and participants living there on the latest snapshot."""
    districts = list(
        scoped(District.objects.all(), user).annotate(villages_count=Count("villages", distinct=True)).order_by("code")
    )
    workforce = dict(
        scoped(WorkforceFigure.objects.all(), user).values_list("district_id").annotate(n=Sum("count")).order_by()
    )
    latest = coverage_latest(user=user, region_ids={district.region_id for district in districts})
    found = _participants(user, latest, d.DIM_DISTRICT) if latest and latest.computed else None
    rows = []
    for district in districts:
        active = None if found is None else found.get(district.code, 0)
        labour = workforce.get(district.pk, 0) if latest is None or latest.shows_rates else None
        rows.append(PlaceRow(district, active, labour, district.villages_count))
    return PlaceOverview(rows, latest)


def village_coverage(*, user: Any, district: District) -> PlaceOverview:
    """The kelurahan of a kecamatan with the participants living there on the latest snapshot."""
    villages = scoped(Village.objects.filter(district=district), user).order_by("code")
    latest = coverage_latest(user=user, region_ids=[district.region_id])
    found = None
    if latest is not None and latest.computed:
        found = _participants(user, latest, d.DIM_VILLAGE, key__startswith=district.code + ".")
    return PlaceOverview([PlaceRow(v, None if found is None else found.get(v.code, 0)) for v in villages], latest)


def _registered(latest: Latest) -> int | None:
    """Registered workers of the slice on the latest snapshots; None when a snapshot predates the count."""
    stored = CoverageSnapshot.objects.filter(pk__in=list(latest.snapshots.values())).values_list(
        "registered", flat=True
    )
    counts = [registered.get(latest.slice_key, 0) if registered else None for registered in stored]
    if not counts or None in counts:
        return None
    return sum(n or 0 for n in counts)


@dataclass
class HomeSummary:
    workers: int
    employers: int
    agencies: int
    workforce: int
    #: active participants on the latest snapshot (coverage roles) or own active memberships (others);
    #: None before the first refresh
    active: int | None
    latest: Latest | None = None


def home_summary(*, user: Any) -> HomeSummary:
    """Headline counts of the user's scope; participants from the snapshots, not from the memberships."""
    latest = coverage_latest(user=user)
    workers = None
    if latest is None:
        active: int | None = scoped(Membership.objects.filter(valid_to__isnull=True), user).count()
    elif latest.computed:
        active = _participants(user, latest, d.DIM_TOTAL).get(d.UNKNOWN, 0)
        workers = _registered(latest)
    else:
        active = None
    return HomeSummary(
        workers=scoped(Worker.objects.all(), user).count() if workers is None else workers,
        employers=scoped(Employer.objects.all(), user).count(),
        agencies=scoped(Agency.objects.all(), user).count(),
        workforce=scoped(WorkforceFigure.objects.all(), user).aggregate(n=Sum("count"))["n"] or 0,
        active=active,
        latest=latest,
    )
