"""Gap lists: the kelurahan and sectors with the lowest coverage, PDS suspects, members lapsing.

Each list is within the user's scope, exportable (``exports.py``) and assignable to an agency (``FollowUp``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from lindung.core.scoping import scope_for, scoped
from lindung.coverage import dimensions as d
from lindung.coverage import feeds
from lindung.coverage.models import CoverageFigure, EmployerCompliance, FollowUp, FollowUpStatus
from lindung.coverage.scopes import region_wide
from lindung.coverage.selectors.figures import FigureRow, Figures, SnapshotPick, agency_sector_keys
from lindung.coverage.selectors.reference import Reference
from lindung.coverage.selectors.view import CoverageView
from lindung.registry.models import Membership, Worker

#: How many rows a page shows; the XLSX has them all.
PAGE_ROWS = 50
ID_BATCH = 10_000


def gap_villages(figures: Figures) -> list[FigureRow]:
    """Every kelurahan with a workforce estimate, lowest coverage first (the city view only)."""
    if figures.view.slice_kind != d.SLICE_REGION:
        return []
    rows = [row for row in figures.rows(d.DIM_VILLAGE) if row.workforce]
    return sorted(rows, key=lambda row: (row.rate("participants") or 0.0, row.key))


@dataclass(frozen=True)
class SectorGap:
    district_code: str
    district: str
    sector_key: str
    sector: str
    participants: int
    workforce: int

    @property
    def subject_key(self) -> str:
        return f"{self.district_code}:{self.sector_key}"

    @property
    def rate(self) -> float:
        return round(100 * self.participants / self.workforce, 2) if self.workforce else 0.0


def gap_sectors(*, view: CoverageView, pick: SnapshotPick, reference: Reference) -> list[SectorGap]:
    """Each (kecamatan, sector) with a workforce, lowest coverage first; an agency sees its own sectors."""
    if pick.snapshot_id is None:
        return []
    keys = agency_sector_keys(view, reference) if view.slice_kind == d.SLICE_AGENCY else reference.sector_keys()
    found = dict(
        ((district, sector), participants)
        for district, sector, participants in scoped(
            CoverageFigure.objects.filter(
                snapshot_id=pick.snapshot_id, slice_kind=d.SLICE_DISTRICT, dimension=d.DIM_SECTOR, key__in=keys
            ),
            view.scope_user,
        ).values_list("slice_key", "key", "participants")
    )
    gaps = []
    for district_code, district in reference.districts.items():
        for sector in keys:
            workforce = reference.workforce.count(district=district_code, sector=sector)
            if workforce:
                participants = found.get((district_code, sector), 0)
                label = reference.label(d.DIM_SECTOR, sector)
                gaps.append(SectorGap(district_code, district, sector, label, participants, workforce))
    return sorted(gaps, key=lambda gap: (gap.rate, gap.district_code, gap.sector_key))


def gap_employers(*, user: Any, region: Any) -> QuerySet[EmployerCompliance]:
    """Employers suspected of partial registration on the day of the last refresh, most signs first."""
    return (
        scoped(EmployerCompliance.objects.filter(region=region), user)
        .select_related("employer", "employer__village", "employer__agency")
        .order_by("-severity", "employer__name")
    )


@dataclass(frozen=True)
class LapsingMember:
    membership: Membership
    months: int


def gap_lapsing_ids(*, user: Any, region: Any, as_of: dt.date) -> list[tuple[int, int]] | None:
    """(membership id, unpaid months) in scope, longest unpaid first; None when billing has no data.

    Ids go to the database in batches (SQLite binds at most 32,766 parameters a query), as ids only.
    """
    unpaid = feeds.unpaid_months_by_membership(region=region, as_of=as_of)
    if unpaid is None:
        return None
    lapsing = sorted(pk for pk, months in unpaid.items() if months >= feeds.LAPSE_MONTHS)
    # A user who sees the whole region needs no scope join: with one, SQLite drives the query from the region's
    # workers and probes every id of the batch for each of them (minutes at 200,000 workers). The region test
    # is an IN over the region's workers, which keeps the membership ids in the lead.
    whole_region = region_wide(scope_for(user), region.pk)
    in_region = Worker.objects.filter(region=region).values("pk")
    visible: set[int] = set()
    for start in range(0, len(lapsing), ID_BATCH):
        batch = Membership.objects.filter(pk__in=lapsing[start : start + ID_BATCH], worker_id__in=in_region)
        visible.update((batch if whole_region else scoped(batch, user)).values_list("pk", flat=True))
    return sorted(((pk, unpaid[pk]) for pk in visible), key=lambda pair: (-pair[1], pair[0]))


def lapsing_members(pairs: list[tuple[int, int]]) -> list[LapsingMember]:
    """The memberships of ``pairs`` (already scoped) with what a list shows of them, in the same order."""
    months = dict(pairs)
    found: dict[int, Membership] = {}
    ids = [pk for pk, _ in pairs]
    for start in range(0, len(ids), ID_BATCH):
        rows = Membership.objects.filter(pk__in=ids[start : start + ID_BATCH])
        found.update((m.pk, m) for m in rows.select_related("worker", "worker__village", "employer", "agency"))
    return [LapsingMember(found[pk], months[pk]) for pk in ids if pk in found]


def gap_lapsing(*, user: Any, region: Any, as_of: dt.date, limit: int | None = None) -> list[LapsingMember] | None:
    """Members with contributions unpaid for LAPSE_MONTHS months or more; None when billing has no data."""
    pairs = gap_lapsing_ids(user=user, region=region, as_of=as_of)
    if pairs is None:
        return None
    return lapsing_members(pairs[:limit] if limit else pairs)


def open_followups(*, user: Any, region: Any) -> dict[tuple[str, str], list[FollowUp]]:
    """Open follow-ups by (kind, subject), so a gap list can say who already has it."""
    result: dict[tuple[str, str], list[FollowUp]] = {}
    followups = scoped(FollowUp.objects.filter(region=region).exclude(status=FollowUpStatus.DONE), user)
    for followup in followups.select_related("agency"):
        result.setdefault((followup.kind, followup.subject_key), []).append(followup)
    return result


def followup_list(*, user: Any, region: Any, status: str = "") -> QuerySet[FollowUp]:
    followups = scoped(FollowUp.objects.filter(region=region), user).select_related("agency", "assigned_by")
    if status in FollowUpStatus.values:
        followups = followups.filter(status=status)
    return followups.order_by("status", "-assigned_at")
