"""Targets against actual: the RPJMD's universal-coverage path, each agency's PKS, and the UCJ/Paritrana indicators."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lindung.core.scoping import scoped
from lindung.coverage import dimensions as d
from lindung.coverage import feeds
from lindung.coverage.models import CoverageFigure
from lindung.coverage.selectors.figures import Figures, SnapshotPick
from lindung.coverage.selectors.view import CoverageView
from lindung.coverage.svg import reader_number
from lindung.coverage.targets import CoverageGoal, goal_on, region_targets


@dataclass(frozen=True)
class GoalStatus:
    goal: CoverageGoal
    as_of: dt.date
    participants: int
    workforce: int
    target_pct: float

    @property
    def actual_pct(self) -> float | None:
        return round(100 * self.participants / self.workforce, 2) if self.workforce else None

    @property
    def gap_points(self) -> float | None:
        actual = self.actual_pct
        return None if actual is None else round(self.target_pct - actual, 2)

    @property
    def participants_needed(self) -> int:
        """More participants the path calls for on this date (0 when on track)."""
        return max(0, round(self.workforce * self.target_pct / 100) - self.participants)

    @property
    def final_needed(self) -> int:
        return max(0, round(self.workforce * self.goal.target_pct / 100) - self.participants)


def coverage_goal_status(figures: Figures) -> GoalStatus | None:
    """Where the city stands against the RPJMD path (the city view only, every participant)."""
    if figures.view.slice_kind != d.SLICE_REGION or figures.pick.as_of is None:
        return None
    goal = goal_on(figures.reference.goals(), figures.pick.as_of)
    if goal is None:
        return None
    workforce = figures.reference.workforce.total
    participants = figures.total.value("participants")
    return GoalStatus(goal, figures.pick.as_of, participants, workforce, goal.pct_on(figures.pick.as_of))


@dataclass(frozen=True)
class PksProgress:
    agency_id: int
    agency_name: str
    period_start: dt.date
    period_end: dt.date
    label: str
    target: int
    new_since_start: int
    reached_now: int

    @property
    def pct(self) -> float | None:
        return round(100 * self.new_since_start / self.target, 1) if self.target else None


def pks_progress(*, view: CoverageView, pick: SnapshotPick) -> list[PksProgress] | None:
    """Each binding PKS target against the participants its agency registered since the period began.

    "Registered" counts first registrations month by month (the snapshots' ``new``), so a period starting
    mid-month counts that whole month. None without the partnership app; [] when no target applies.
    """
    if pick.as_of is None:
        return []
    targets = feeds.pks_targets(user=view.scope_user, region=view.region, as_of=pick.as_of)
    if targets is None:
        return None
    if not targets:
        return []
    earliest = min(t.period_start for t in targets).replace(day=1)
    rows = scoped(
        CoverageFigure.objects.filter(
            snapshot__region=view.region,
            snapshot__as_of__range=(earliest, pick.as_of),
            slice_kind=d.SLICE_AGENCY,
            slice_key__in=[str(t.agency_id) for t in targets],
            dimension=d.DIM_TOTAL,
        ),
        view.scope_user,
    ).values_list("slice_key", "snapshot__as_of", "new", "participants")
    by_agency: dict[str, list[tuple[dt.date, int, int]]] = {}
    for key, as_of, new, participants in rows:
        by_agency.setdefault(key, []).append((as_of, new, participants))
    result = []
    for t in targets:
        points = by_agency.get(str(t.agency_id), [])
        start = t.period_start.replace(day=1)
        new = sum(n for as_of, n, _ in points if as_of >= start)
        now = next((p for as_of, _, p in points if as_of == pick.as_of), 0)
        label = " ".join(part for part in (t.segment, t.programme) if part)
        result.append(PksProgress(t.agency_id, t.agency_name, t.period_start, t.period_end, label, t.workers, new, now))
    return result


def _goal_note(goal: GoalStatus | None) -> str:
    if goal is None:
        return ""
    # The reader's decimal mark: "65,31%" on an Indonesian page and in the report, "65.31%" in English.
    path = reader_number(f"{goal.target_pct:.2f}%")
    note = _("target jalur RPJMD: %(t)s (sumber: %(s)s)") % {"t": path, "s": goal.goal.source or "–"}
    return note if goal.goal.confirmed else f"{note}; {_('asumsi, belum dikonfirmasi')}"


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str | Promise
    value: float | int | None
    unit: str = ""
    note: str | Promise = ""


def coverage_indicators(
    *, figures: Figures, goal: GoalStatus | None, suspects: int, lapsing: int | None, with_lapsing: bool = True
) -> list[Indicator]:
    """The Universal Coverage Jamsostek and Paritrana indicators the data can answer (regulations.md §10).

    ``with_lapsing`` False leaves out the lapse count (dashboards: reading billing is the gap page's job).
    """
    total = figures.total
    region = figures.view.region
    in_mou = sum(1 for agency in figures.reference.agencies.values() if agency.in_mou)  # already read, in scope
    unavailable = _("data tagihan belum tersedia")
    indicators = [
        Indicator(
            "ucj",
            _("Cakupan angkatan kerja (UCJ)"),
            total.rate("participants"),
            "%",
            _goal_note(goal),
        ),
        Indicator("pu", _("Peserta penerima upah (PU)"), total.value("pu")),
        Indicator("bpu", _("Peserta bukan penerima upah (BPU)"), total.value("bpu")),
        Indicator("jakon", _("Peserta jasa konstruksi"), total.value("jakon")),
        Indicator("state", _("Pekerja pada perangkat daerah/BUMD/BLUD (non-ASN)"), total.value("state")),
        Indicator("apbd", _("Pekerja rentan dibiayai APBD"), total.value("apbd")),
        Indicator("new", _("Peserta baru bulan ini"), total.value("new")),
        Indicator("mou", _("Perangkat daerah dalam Nota Kesepakatan"), in_mou),
        Indicator("pds", _("Pemberi kerja terindikasi PDS"), suspects),
        Indicator(
            "regulation",
            _("Regulasi daerah"),
            len(region_targets(region.code).regulations),
            "",
            "; ".join(region_targets(region.code).regulations),
        ),
    ]
    if with_lapsing:
        note = "" if lapsing is not None else unavailable
        indicators.insert(-1, Indicator("lapsing", _("Peserta menunggak 3 bulan atau lebih"), lapsing, "", note))
    return indicators
